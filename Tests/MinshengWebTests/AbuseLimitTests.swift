import Foundation
import MinshengCore
import MinshengStore
import MinshengTesting
import MinshengWeb
import Testing
import Vapor
import VaporTesting

/// Issue 16, item 7: limits that hold before the server reads a body. Each test runs the real server on a port and sends
/// a head declaring a large body followed by a small part of it: the refusal must come back while most of the body is
/// still unsent (a server that collected the body first would never answer).
@Suite("Unauthenticated exhaustion: per-address limits and body sizes checked on the head, the vault's quota")
struct AbuseLimitTests {
    static let part = 64 * 1024

    @Test("a crime report over the hourly limit, or declaring more than 101 MiB, is refused before its body is read", arguments: DatabaseKind.available)
    func tips(kind: DatabaseKind) async throws {
        try await TestApp.with(kind, tipRate: 1) { t in
            try await RawHTTP.serving(t.app) { port in
                // Declared too large: 413 on the head, and the hour's count is left alone.
                let huge = try await RawHTTP.partial(port: port, path: "/api/v1/tips", headers: ["Content-Type": "multipart/form-data; boundary=x"],
                                                     declared: 200 << 20, sent: Self.part)
                #expect(huge.status == 413 && huge.bodyBytesSent < 200 << 20)
                // The one report this address may file this hour (refused for its type, but counted).
                let first = try await RawHTTP.partial(port: port, path: "/api/v1/tips", headers: ["Content-Type": "application/json"], declared: 2, sent: 2)
                #expect(first.status == 415)
                // The next, declaring 60 MiB of photos, is refused after its head and 64 KiB: nothing near 60 MiB was read.
                let second = try await RawHTTP.partial(port: port, path: "/api/v1/tips", headers: ["Content-Type": "multipart/form-data; boundary=x"],
                                                       declared: 60 << 20, sent: Self.part)
                #expect(second.status == 429 && second.head.lowercased().contains("retry-after"))
                #expect(second.bodyBytesSent * 100 < 60 << 20)
                // The page's form is the same route behind the same count.
                let page = try await RawHTTP.partial(port: port, path: "/tips", headers: ["Content-Type": "multipart/form-data; boundary=x"],
                                                     declared: 60 << 20, sent: Self.part)
                #expect(page.status == 429)
            }
            #expect(try await TipReportRow.query(on: t.app.db).count() == 0)
        }
    }

    @Test("following, answering and claiming by tip code (a bcrypt each) are counted per address before the body is read", arguments: DatabaseKind.available)
    func tipFollows(kind: DatabaseKind) async throws {
        try await TestApp.with(kind, limits: AbuseLimits(tipFollowsPerHour: 2)) { t in
            try await RawHTTP.serving(t.app) { port in
                let body = #"{"code":"JB-0000-0000","secret":"AAAA-BBBB-CCCC-DDDD-EEEE"}"#
                for path in ["/api/v1/tips/follow", "/api/v1/tips/claim"] {
                    let answer = try await RawHTTP.partial(port: port, path: path, headers: ["Content-Type": "application/json"],
                                                           declared: body.utf8.count, sent: 0, body: body)
                    #expect(answer.status == 404)
                }
                for path in ["/api/v1/tips/follow", "/api/v1/tips/messages", "/api/v1/tips/claim", "/tips/follow", "/tips/follow/claim"] {
                    let refused = try await RawHTTP.partial(port: port, path: path, headers: ["Content-Type": "application/json"], declared: 60_000, sent: 100)
                    #expect(refused.status == 429, "\(path): \(refused.head)")
                }
                // Larger than any code and secret: refused on the head whatever the count.
                let large = try await RawHTTP.partial(port: port, path: "/api/v1/tips/follow", headers: ["Content-Type": "application/json"], declared: 1 << 20, sent: 100)
                #expect(large.status == 413)
            }
        }
    }

    @Test("registration is counted per address before the body is read", arguments: DatabaseKind.available)
    func registration(kind: DatabaseKind) async throws {
        try await TestApp.with(kind, limits: AbuseLimits(registrationsPerHour: 1)) { t in
            try await RawHTTP.serving(t.app) { port in
                let body = #"{"phone":"13900139000","password":"Minsheng2017"}"#
                let first = try await RawHTTP.partial(port: port, path: "/api/v1/auth/register", headers: ["Content-Type": "application/json"],
                                                      declared: body.utf8.count, sent: 0, body: body)
                #expect(first.status == 201)
                let second = try await RawHTTP.partial(port: port, path: "/api/v1/auth/register", headers: ["Content-Type": "application/json"], declared: 60_000, sent: 100)
                #expect(second.status == 429 && second.head.lowercased().contains("retry-after"))
                let page = try await RawHTTP.partial(port: port, path: "/register", headers: ["Content-Type": "application/x-www-form-urlencoded"], declared: 60_000, sent: 100)
                #expect(page.status == 429)
            }
            #expect(try await CitizenAccountRow.query(on: t.app.db).count() == 1)
        }
    }

    @Test("the verifier page (8 MB) and the points list check (16 MB) take few uploads per address, counted before the body is read", arguments: DatabaseKind.available)
    func publicUploads(kind: DatabaseKind) async throws {
        try await TestApp.with(kind, limits: AbuseLimits(publicUploadsPerHour: 1)) { t in
            try await RawHTTP.serving(t.app) { port in
                let tooBig = try await RawHTTP.partial(port: port, path: "/points/lists/2017/verify", headers: ["Content-Type": "multipart/form-data; boundary=x"],
                                                       declared: 20 << 20, sent: Self.part)
                #expect(tooBig.status == 413)
                let first = try await RawHTTP.partial(port: port, path: "/verify", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                                      declared: 9, sent: 0, body: "payload=x")
                #expect(first.status < 500 && first.status != 429)
                for path in ["/verify", "/points/lists/2017/verify"] {
                    let refused = try await RawHTTP.partial(port: port, path: path, headers: ["Content-Type": "multipart/form-data; boundary=x"],
                                                            declared: 7 << 20, sent: Self.part)
                    #expect(refused.status == 429 && refused.bodyBytesSent * 50 < 7 << 20, "\(path): \(refused.head)")
                }
            }
        }
    }

    @Test("the large-body routes (face frames, material uploads, verifications) refuse a sender without credentials before the body is read",
          arguments: DatabaseKind.available)
    func anonymousUploads(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let token = try await t.citizenToken()
            let challenge = "/challenges/\(UUID().uuidString)/frames"
            try await RawHTTP.serving(t.app) { port in
                func send(_ path: String, _ declared: Int, _ headers: [String: String] = [:]) async throws -> RawHTTP.Answer {
                    let answer = try await RawHTTP.partial(port: port, path: path, headers: ["Content-Type": "application/json"].merging(headers) { $1 },
                                                           declared: declared, sent: Self.part)
                    #expect(answer.bodyBytesSent * 100 < declared, "\(path): \(answer.head)")
                    return answer
                }
                // The API: 401 problems, whether no credentials or unknown ones, after the head and 64 KiB.
                for (path, declared) in [("/api/v1/identity/face" + challenge, 14 << 20), ("/api/v1/me/materials?name=a.pdf", 10 << 20),
                                         ("/api/v1/verifications", 7 << 20)] {
                    for headers in [[:], ["Authorization": "Bearer not-a-session"]] {
                        let answer = try await send(path, declared, headers)
                        #expect(answer.status == 401 && answer.head.contains("problem+json"), "\(path): \(answer.head)")
                    }
                }
                #expect(try await send("/api/v1/verifications", 7 << 20, ["X-API-Key": "not-a-key"]).status == 401)
                // Signed in below the level face authentication needs: the handler's 403, also on the head.
                let low = try await send("/api/v1/identity/face" + challenge, 14 << 20, ["Authorization": "Bearer \(token)"])
                #expect(low.status == 403 && low.head.contains("problem+json"))
                // Declared over the limit: 413 before anything else.
                #expect(try await send("/api/v1/verifications", 9 << 20).status == 413)
                #expect(try await send("/api/v1/identity/face" + challenge, 16 << 20).status == 413)
                // The pages: no session sends the browser to sign in (the face page's CSRF header is checked first).
                let csrf = ["Cookie": "minsheng_csrf=abc", "X-CSRF-Token": "abc"]
                for (path, headers) in [("/me/face" + challenge, csrf), ("/me/materials", [:])] {
                    let page = try await send(path, 10 << 20, headers)
                    #expect(page.status == 303 && page.head.contains("/login"), "\(path): \(page.head)")
                }
                #expect(try await send("/me/face" + challenge, 10 << 20).status == 403)
            }
        }
    }

    @Test("the materials vault: a body declared over 11 MiB is refused on its head; an account keeps at most its quota of files and bytes, removed ones counted",
          arguments: DatabaseKind.available)
    func materialsQuota(kind: DatabaseKind) async throws {
        try await TestApp.with(kind, limits: AbuseLimits(materialsQuotaBytes: 4096, materialsQuotaFiles: 2)) { t in
            let token = try await t.citizenToken()
            try await RawHTTP.serving(t.app) { port in
                let huge = try await RawHTTP.partial(port: port, path: "/api/v1/me/materials?name=a.pdf",
                                                     headers: ["Content-Type": "application/octet-stream", "Authorization": "Bearer \(token)"], declared: 20 << 20, sent: Self.part)
                #expect(huge.status == 413)
            }
            let vault = MaterialVaultAPITests()
            func pdf(_ n: Int, size: Int = 100) -> Data {
                Data("%PDF-1.4\n% \(n) \(String(repeating: "x", count: size))\n%%EOF\n".utf8)
            }
            let first = try await vault.upload(t, pdf(1), name: "1.pdf", token: token)
            #expect(first.status == .created)
            #expect(try await vault.upload(t, pdf(2), name: "2.pdf", token: token).status == .created)
            // The same file again needs no room.
            #expect(try await vault.upload(t, pdf(1), name: "1.pdf", token: token).status == .ok)
            let full = try await vault.upload(t, pdf(3), name: "3.pdf", token: token)
            #expect(full.status == .payloadTooLarge && full.object["type"] as? String == "/problems/materials-quota")
            #expect((full.object["titleZh"] as? String)?.contains("材料库已满") == true && (full.object["title"] as? String)?.contains("vault is full") == true)
            // Removing one does not make room: its bytes stay for applications.
            let id = try #require(first.object["id"] as? String)
            #expect(try await t.send(.DELETE, "/api/v1/me/materials/\(id)", token: token).status == .noContent)
            #expect(try await vault.upload(t, pdf(3), name: "3.pdf", token: token).status == .payloadTooLarge)
            // Bytes: another account, one file larger than what is left.
            let other = try await t.citizenToken(phone: "13800138009")
            #expect(try await vault.upload(t, pdf(4, size: 3000), name: "4.pdf", token: other).status == .created)
            #expect(try await vault.upload(t, pdf(5, size: 2000), name: "5.pdf", token: other).status == .payloadTooLarge)
            #expect(try await MaterialRow.query(on: t.app.db).count() == 3)
        }
    }
}
