import Foundation
import MinshengTesting
import Testing
import Vapor
import VaporTesting

@Suite("Citizen API")
struct CitizenAPITests {
    @Test("health answers with the database state", arguments: DatabaseKind.available)
    func health(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let res = try await t.send(.GET, "/healthz")
            #expect(res.status == .ok)
            #expect(res.object["database"] as? String == "ok")
        }
    }

    @Test("register, sign in, link identity to L2, read own record, household and access log", arguments: DatabaseKind.available)
    func journey(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let token = try await t.citizenToken()
            var me = try await t.send(.GET, "/api/v1/me", token: token)
            #expect(me.status == .ok)
            #expect(me.object["level"] as? String == "L1")
            #expect(me.object["phone"] as? String == "138****8000")

            let early = try await t.send(.GET, "/api/v1/me/record", token: token)
            #expect(early.status == .forbidden)
            #expect(early.headers.contentType?.description.hasPrefix("application/problem+json") == true)

            let link = try await t.send(.POST, "/api/v1/me/identity", json: #"{"name":"李明","idNumber":"440304199001010011"}"#, token: token)
            #expect(link.status == .ok)
            #expect(link.object["level"] as? String == "L2")
            me = try await t.send(.GET, "/api/v1/me", token: token)
            #expect(me.object["identityLinked"] as? Bool == true)

            let record = try await t.send(.GET, "/api/v1/me/record", token: token)
            #expect(record.status == .ok)
            #expect(record.object["name"] as? String == "李明")
            #expect(record.object["idNumber"] as? String == "440304199001010011")

            let household = try await t.send(.GET, "/api/v1/me/household", token: token)
            #expect(household.status == .ok)
            let members = household.object["members"] as? [[String: Any]] ?? []
            #expect(members.count == 2)
            #expect(members.contains { $0["name"] as? String == "王*" && $0["idNumber"] as? String == "4403**********0027" })

            let empty = try await t.send(.GET, "/api/v1/me/access-log", token: token)
            #expect(empty.status == .ok)
            #expect(empty.array.isEmpty)

            let officer = try await t.officerToken()
            let lookup = try await t.send(.POST, "/api/v1/officer/resident-lookups", json: #"{"idNumber":"440304199001010011","purpose":"户籍业务受理"}"#, token: officer)
            #expect(lookup.status == .ok)
            let log = try await t.send(.GET, "/api/v1/me/access-log", token: token)
            #expect(log.array.count == 1)
            #expect(log.array.first?["actor"] as? String == "officer:010001")
            #expect(log.array.first?["purpose"] as? String == "户籍业务受理")

            let out = try await t.send(.POST, "/api/v1/auth/logout", token: token)
            #expect(out.status == .noContent)
            #expect(try await t.send(.GET, "/api/v1/me", token: token).status == .unauthorized)
        }
    }

    @Test("a wrong name for the ID number and an identity linked elsewhere get the same refusal", arguments: DatabaseKind.available)
    func identityMismatch(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let token = try await t.citizenToken()
            let res = try await t.send(.POST, "/api/v1/me/identity", json: #"{"name":"李强","idNumber":"440304199001010011"}"#, token: token)
            #expect(res.status == .unprocessableEntity)
            #expect(res.object["type"] as? String == "/problems/identity-link-refused")
            #expect((res.object["titleZh"] as? String)?.contains("核对姓名与公民身份号码") == true)
            let second = try await t.citizenToken(phone: "13900139000")
            _ = try await t.send(.POST, "/api/v1/me/identity", json: #"{"name":"李明","idNumber":"440304199001010011"}"#, token: token)
            let taken = try await t.send(.POST, "/api/v1/me/identity", json: #"{"name":"李明","idNumber":"440304199001010011"}"#, token: second)
            #expect(taken.status == .unprocessableEntity && taken.body.string == res.body.string)
        }
    }

    @Test("bad input gets a 4xx problem with reasons, never a 500 or a partial write", arguments: DatabaseKind.available)
    func badInput(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let cases: [(String, String, HTTPStatus, [String])] = [
                ("/api/v1/auth/register", #"{"phone":"12345","password":"short"}"#, .unprocessableEntity, ["phone", "password"]),
                ("/api/v1/auth/register", #"{"phone":"13800138000"}"#, .unprocessableEntity, ["password"]),
                ("/api/v1/auth/register", #"{"phone":13800138000,"password":"Minsheng2017"}"#, .unprocessableEntity, ["phone"]),
                ("/api/v1/auth/register", #"{"phone":"13800138000","password":"Minsheng2017","admin":true}"#, .unprocessableEntity, ["admin"]),
                ("/api/v1/auth/register", #"{"phone":"13800138000","#, .badRequest, []),
                ("/api/v1/auth/register", #"["13800138000"]"#, .badRequest, []),
                ("/api/v1/auth/register", #"{"phone":null,"password":"Minsheng2017"}"#, .unprocessableEntity, ["phone"]),
            ]
            for (path, body, status, fields) in cases {
                let res = try await t.send(.POST, path, json: body)
                #expect(res.status == status, "\(body)")
                #expect(res.headers.contentType?.description.hasPrefix("application/problem+json") == true)
                #expect(Set(res.problemFields).isSuperset(of: fields), "\(body): \(res.problemFields)")
                #expect(res.object["titleZh"] is String && res.object["title"] is String)
            }
            let wrongType = try await t.send(.POST, "/api/v1/auth/register", json: "phone=1", contentType: "application/x-www-form-urlencoded")
            #expect(wrongType.status == .unsupportedMediaType)
            let huge = #"{"phone":"13800138000","password":""# + String(repeating: "a", count: 1_100_000) + #""}"#
            let tooLarge = try await t.send(.POST, "/api/v1/auth/register", json: huge)
            #expect(tooLarge.status == .payloadTooLarge)
            // Nothing was registered by any of them.
            let login = try await t.send(.POST, "/api/v1/auth/login", json: #"{"phone":"13800138000","password":"Minsheng2017"}"#)
            #expect(login.status == .unauthorized)

            let token = try await t.citizenToken()
            for (body, field) in [(#"{"name":"Li Ming","idNumber":"440304199001010011"}"#, "name"),
                                  (#"{"name":"李明","idNumber":"440304199001010012"}"#, "idNumber"),
                                  (#"{"name":"李明","idNumber":"440304199013010011"}"#, "idNumber"),
                                  (#"{"name":"李明2","idNumber":"abc"}"#, "idNumber")] {
                let res = try await t.send(.POST, "/api/v1/me/identity", json: body, token: token)
                #expect(res.status == .unprocessableEntity, "\(body)")
                #expect(res.problemFields.contains(field), "\(body): \(res.problemFields)")
            }
            let me = try await t.send(.GET, "/api/v1/me", token: token)
            #expect(me.object["level"] as? String == "L1")
            #expect(try await t.send(.GET, "/api/v1/officer/residents/not-a-uuid?purpose=检查", token: token).status.code < 500)
        }
    }

    @Test("five failed sign-ins lock the account for a while", arguments: DatabaseKind.available)
    func throttled(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            _ = try await t.citizenToken()
            for _ in 0..<5 {
                let res = try await t.send(.POST, "/api/v1/auth/login", json: #"{"phone":"13800138000","password":"wrong-password1"}"#)
                #expect(res.status == .unauthorized)
            }
            let locked = try await t.send(.POST, "/api/v1/auth/login", json: #"{"phone":"13800138000","password":"Minsheng2017"}"#)
            #expect(locked.status == .tooManyRequests)
            #expect(locked.headers.first(name: .retryAfter) != nil)
        }
    }
}
