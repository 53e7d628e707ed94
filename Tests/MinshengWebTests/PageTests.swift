import Foundation
import MinshengTesting
import Testing
import Vapor
import VaporTesting

@Suite("Pages over HTTP")
struct PageTests {
    @Test("home lists the departments in Chinese and English")
    func home() async throws {
        try await TestApp.with(.sqlite) { t in
            let zh = try await t.send(.GET, "/")
            #expect(zh.status == .ok)
            #expect(zh.text.contains("民生警务"))
            #expect(zh.text.contains("即将上线"))
            #expect(zh.text.contains(#"lang="zh-CN""#))
            let en = try await t.send(.GET, "/?lang=en")
            #expect(en.text.contains("Household registration"))
            #expect(en.text.contains(#"lang="en""#))
        }
    }

    @Test("a form post without the CSRF token is refused with a page")
    func csrf() async throws {
        try await TestApp.with(.sqlite) { t in
            let res = try await t.send(.POST, "/register", json: "phone=13800138000&password=Minsheng2017", contentType: "application/x-www-form-urlencoded")
            #expect(res.status == .forbidden)
            #expect(res.headers.contentType?.subType == "html")
            #expect(res.text.contains("页面已过期"))
        }
    }

    @Test("pages that need a sign-in redirect to it; unknown pages get a readable 404")
    func redirects() async throws {
        try await TestApp.with(.sqlite) { t in
            let me = try await t.send(.GET, "/me")
            #expect(me.status == .seeOther)
            #expect(me.headers.first(name: .location) == "/login")
            let officer = try await t.send(.GET, "/officer")
            #expect(officer.headers.first(name: .location) == "/officer/login")
            let missing = try await t.send(.GET, "/no-such-page")
            #expect(missing.status == .notFound)
            #expect(missing.text.contains("未找到"))
        }
    }
}
