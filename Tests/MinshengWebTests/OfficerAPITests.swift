import Foundation
import MinshengCore
import MinshengStore
import MinshengTesting
import Testing
import Vapor
import VaporTesting

@Suite("Officer API")
struct OfficerAPITests {
    @Test("lookups stay within jurisdiction, need a purpose, and are audited", arguments: DatabaseKind.available)
    func jurisdiction(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let token = try await t.officerToken()
            let noPurpose = try await t.send(.POST, "/api/v1/officer/resident-lookups", json: #"{"idNumber":"440304199001010011","purpose":""}"#, token: token)
            #expect(noPurpose.status == .unprocessableEntity)
            #expect(noPurpose.problemFields == ["purpose"])

            let outside = try await t.send(.POST, "/api/v1/officer/resident-lookups", json: #"{"idNumber":"44030119800101123X","purpose":"案件调查"}"#, token: token)
            #expect(outside.status == .forbidden)
            #expect(outside.object["type"] as? String == "/problems/outside-jurisdiction")

            let missing = try await t.send(.POST, "/api/v1/officer/resident-lookups", json: #"{"idNumber":"11010519491231002X","purpose":"案件调查"}"#, token: token)
            #expect(missing.status == .notFound)

            let found = try await t.send(.POST, "/api/v1/officer/resident-lookups", json: #"{"idNumber":"440304199001010011","purpose":"户籍业务受理"}"#, token: token)
            #expect(found.status == .ok)
            let id = try #require(found.object["id"] as? String)
            let show = try await t.send(.GET, "/api/v1/officer/residents/\(id)?purpose=%E5%A4%8D%E6%A0%B8", token: token)
            #expect(show.status == .ok)
            let versions = try await t.send(.GET, "/api/v1/officer/residents/\(id)/versions?purpose=%E5%A4%8D%E6%A0%B8", token: token)
            #expect(versions.array.count == 1)
            let household = try await t.send(.GET, "/api/v1/officer/households/\(try #require(found.object["householdId"] as? String))?purpose=%E5%A4%8D%E6%A0%B8", token: token)
            #expect((household.object["members"] as? [Any])?.count == 2)

            let trail = try await AuditChain.accesses(toResident: t.liMing.id, on: t.app.db)
            #expect(trail.map(\.action) == ["household.read", "resident.versions-read", "resident.read", "resident.read"])
            #expect(trail.allSatisfy { $0.actor == "officer:010001" })
            let refused = try await AuditChain.latest(limit: 50, on: t.app.db).filter { $0.action == "resident.read-refused" }
            #expect(refused.count == 1)
            // A household outside the unit is refused without its members, and the refusal is on record too.
            let farHousehold = try #require(try await t.registry.resident(id: t.otherDistrict.id, on: t.app.db)?.householdID)
            let far = try await t.send(.GET, "/api/v1/officer/households/\(farHousehold.uuidString)?purpose=%E5%A4%8D%E6%A0%B8", token: token)
            #expect(far.status == .forbidden)
            #expect(!far.text.contains("阿依古丽"))
            let householdRefusals = try await AuditChain.latest(limit: 50, on: t.app.db).filter { $0.action == "household.read-refused" }
            #expect(householdRefusals.map(\.subject) == ["household:\(farHousehold.uuidString.lowercased())"])
            #expect(try await AuditChain.verify(on: t.app.db) == .intact(entries: try await AuditChain.latest(limit: 1, on: t.app.db).first!.seq))
        }
    }

    @Test("citizens cannot use officer routes and officers need the intake role to verify in person", arguments: DatabaseKind.available)
    func roles(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let citizen = try await t.citizenToken()
            _ = try await t.send(.POST, "/api/v1/me/identity", json: #"{"name":"李明","idNumber":"440304199001010011"}"#, token: citizen)
            let asCitizen = try await t.send(.POST, "/api/v1/officer/resident-lookups", json: #"{"idNumber":"440304199001010011","purpose":"x查询"}"#, token: citizen)
            #expect(asCitizen.status == .unauthorized)

            let approver = try await t.officerToken("010002")
            let path = "/api/v1/officer/residents/\(t.liMing.id.uuidString)/in-person-verification"
            let denied = try await t.send(.POST, path, json: #"{"purpose":"窗口核验","idCardChecked":true}"#, token: approver)
            #expect(denied.status == .forbidden)

            let intake = try await t.officerToken("010001")
            let unchecked = try await t.send(.POST, path, json: #"{"purpose":"窗口核验","idCardChecked":false}"#, token: intake)
            #expect(unchecked.status == .unprocessableEntity)
            let raised = try await t.send(.POST, path, json: #"{"purpose":"窗口核验","idCardChecked":true}"#, token: intake)
            #expect(raised.status == .ok)
            #expect(raised.object["level"] as? String == "L3")
            let me = try await t.send(.GET, "/api/v1/me", token: citizen)
            #expect(me.object["level"] as? String == "L3")
            #expect(me.object["method"] as? String == "in-person")
        }
    }

    @Test("bad officer sign-ins are refused and throttled")
    func officerLogin() async throws {
        try await TestApp.with(.sqlite) { t in
            for _ in 0..<5 {
                let res = try await t.send(.POST, "/api/v1/officer/auth/login", json: #"{"policeNumber":"010001","password":"nope-nope-1"}"#)
                #expect(res.status == .unauthorized)
            }
            let locked = try await t.send(.POST, "/api/v1/officer/auth/login", json: #"{"policeNumber":"010001","password":"\#(TestApp.officerPassword)"}"#)
            #expect(locked.status == .tooManyRequests)
        }
    }
}
