import Foundation
import MinshengTesting
import Testing
import Vapor
import VaporTesting

@Suite("Catalog API and pages")
struct CatalogAPITests {
    @Test("lists, filters, searches and shows services")
    func browse() async throws {
        try await TestApp.with(.sqlite) { t in
            let all = try await t.send(.GET, "/api/v1/services?department=hukou")
            #expect(all.array.count == 52)
            #expect(all.array.filter { $0["online"] as? Bool == true }.count == 48)
            let found = try await t.send(.GET, "/api/v1/services?q=%E5%A7%93%E5%90%8D%E5%8F%98%E6%9B%B4")
            #expect(found.array.first?["code"] as? String == "HZ-01")
            let english = try await t.send(.GET, "/api/v1/services?q=name%20change")
            #expect(english.array.first?["code"] as? String == "HZ-01")
            let one = try await t.send(.GET, "/api/v1/services/HZ-01")
            #expect(one.object["assurance"] as? String == "L3")
            #expect((one.object["materials"] as? [Any])?.isEmpty == false)
            #expect(try await t.send(.GET, "/api/v1/services/HZ-99").status == .notFound)
            #expect(try await t.send(.GET, "/api/v1/services?department=nope").status == .unprocessableEntity)
            let departments = try await t.send(.GET, "/api/v1/departments")
            let rawArray = (try? JSONSerialization.jsonObject(with: Data(departments.body.readableBytesView))) as? [[String: Any]] ?? []
            #expect(rawArray.count == 7)
        }
    }

    @Test("a linked citizen sees which conditions they meet, with reasons", arguments: DatabaseKind.available)
    func eligibility(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let token = try await t.citizenToken()
            #expect(try await t.send(.GET, "/api/v1/services/HZ-01/eligibility").status == .unauthorized)
            _ = try await t.send(.POST, "/api/v1/me/identity", json: #"{"name":"李明","idNumber":"440304199001010011"}"#, token: token)
            let report = try await t.send(.GET, "/api/v1/services/HZ-01/eligibility", token: token)
            #expect(report.status == .ok)
            #expect(report.object["eligible"] as? Bool == false)
            let rules = report.object["rules"] as? [[String: Any]] ?? []
            #expect(rules.first { $0["id"] as? String == "account-l3" }?["outcome"] as? String == "failed")
            #expect(rules.first { $0["id"] as? String == "subject-active" }?["outcome"] as? String == "passed")
            #expect(rules.first { $0["id"] as? String == "no-criminal-restriction" }?["outcome"] as? String == "passed")
            #expect(!rules.contains { $0["id"] as? String == "new-name-given" })

            // Raised to L3 at the counter, the same citizen qualifies.
            let officer = try await t.officerToken()
            _ = try await t.send(.POST, "/api/v1/officer/residents/\(t.liMing.id.uuidString)/in-person-verification", json: #"{"purpose":"窗口核验","idCardChecked":true}"#, token: officer)
            let after = try await t.send(.GET, "/api/v1/services/HZ-01/eligibility", token: token)
            #expect(after.object["eligible"] as? Bool == true)
        }
    }

    @Test("service pages show conditions, materials the platform provides, and the home page links the live department")
    func pages() async throws {
        try await TestApp.with(.sqlite) { t in
            let home = try await t.send(.GET, "/")
            #expect(home.text.contains("/services?department=hukou"))
            let list = try await t.send(.GET, "/services?department=hukou")
            #expect(list.status == .ok)
            #expect(list.text.contains("恢复户口"))
            let search = try await t.send(.GET, "/services?q=%E5%A4%8D%E6%88%B7")
            #expect(search.text.contains("搜索结果"))
            let page = try await t.send(.GET, "/services/HZ-01")
            #expect(page.status == .ok)
            #expect(page.text.contains("办理条件"))
            #expect(page.text.contains("平台已有，无需提交"))
            let offline = try await t.send(.GET, "/services/HZ-43?lang=en")
            #expect(offline.text.contains("fingerprints"))
        }
    }
}
