import Foundation
import MinshengCore
import MinshengStore
import MinshengTesting
import Testing
import Vapor
import VaporTesting

@Suite("Applications through the API")
struct ApplicationAPITests {
    /// A citizen linked to 李明 and raised to L3 at the counter.
    func l3Citizen(_ t: TestApp) async throws -> String {
        let token = try await t.citizenToken()
        _ = try await t.send(.POST, "/api/v1/me/identity", json: #"{"name":"李明","idNumber":"440304199001010011"}"#, token: token)
        let officer = try await t.officerToken()
        let raised = try await t.send(.POST, "/api/v1/officer/residents/\(t.liMing.id.uuidString)/in-person-verification",
                                      json: #"{"purpose":"窗口核验","idCardChecked":true}"#, token: officer)
        #expect(raised.status == .ok)
        return token
    }

    @Test("a name change: submit, accept, review, approve; the registry keeps the old name and a version points at the application",
          arguments: DatabaseKind.available)
    func nameChange(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let citizen = try await l3Citizen(t)
            let body = #"{"service":"HZ-01","form":{"newName":"李明远","reason":"homophone","reasonDetail":"与他人同名"},"idempotencyKey":"name-change-0001"}"#
            let submitted = try await t.send(.POST, "/api/v1/applications", json: body, token: citizen)
            #expect(submitted.status == .created, "\(submitted.text)")
            let id = try #require(submitted.object["id"] as? String)
            #expect(submitted.object["state"] as? String == "submitted")
            let materials = submitted.object["materials"] as? [[String: Any]] ?? []
            #expect(materials.contains { $0["source"] as? String == "registry" })

            // The same key again is the same application, not a second one.
            let again = try await t.send(.POST, "/api/v1/applications", json: body, token: citizen)
            #expect(again.status == .ok)
            #expect(again.object["id"] as? String == id)
            #expect(try await t.send(.GET, "/api/v1/applications", token: citizen).array.count == 1)

            let intake = try await t.officerToken("010001")
            let queue = try await t.send(.GET, "/api/v1/officer/queue", token: intake)
            #expect(queue.array.contains { $0["id"] as? String == id })
            var step = try await t.send(.POST, "/api/v1/officer/applications/\(id)/actions", json: #"{"action":"accept"}"#, token: intake)
            #expect(step.status == .ok, "\(step.text)")
            #expect(step.object["dueDate"] is String)
            step = try await t.send(.POST, "/api/v1/officer/applications/\(id)/actions", json: #"{"action":"start-review"}"#, token: intake)
            #expect(step.object["state"] as? String == "under-review", "\(step.text)")
            step = try await t.send(.POST, "/api/v1/officer/applications/\(id)/actions", json: #"{"action":"forward-for-approval"}"#, token: intake)
            #expect(step.status == .ok, "\(step.text)")
            // The reviewer cannot approve; the approver can.
            let denied = try await t.send(.POST, "/api/v1/officer/applications/\(id)/actions", json: #"{"action":"approve"}"#, token: intake)
            #expect(denied.status == .conflict)
            let approver = try await t.officerToken("010002")
            step = try await t.send(.POST, "/api/v1/officer/applications/\(id)/actions", json: #"{"action":"approve","comment":"材料齐全"}"#, token: approver)
            #expect(step.object["state"] as? String == "completed", "\(step.text)")

            let record = try await t.send(.GET, "/api/v1/me/record", token: citizen)
            #expect(record.object["name"] as? String == "李明远")
            #expect(record.object["formerNames"] as? [String] == ["李明"])
            let versions = try await t.registry.versions(residentID: t.liMing.id, on: t.app.db)
            #expect(versions.last?.applicationReference == submitted.object["reference"] as? String)
            #expect(versions.last?.actor == .officer("010002"))

            let timeline = try await t.send(.GET, "/api/v1/applications/\(id)", token: citizen)
            let events = timeline.object["timeline"] as? [[String: Any]] ?? []
            #expect(events.map { $0["to"] as? String } == ["submitted", "accepted", "under-review", "under-review", "approved", "completed"])
            #expect(events.contains { $0["actor"] as? String == "officer:010002" && $0["comment"] as? String == "材料齐全" })
            #expect(try await AuditChain.verify(on: t.app.db) == .intact(entries: try await AuditChain.latest(limit: 1, on: t.app.db).first!.seq))

            let stats = try await t.send(.GET, "/api/v1/officer/statistics", token: approver)
            #expect(stats.object["total"] as? Int == 1, "\(stats.text)")
            #expect(stats.object["completed"] as? Int == 1)
            #expect((stats.object["materialsSaved"] as? Int ?? 0) >= 2)
            #expect(stats.object["averageWorkingDays"] as? Double == 0)
            let page = try await t.send(.GET, "/officer/statistics", token: approver)
            #expect(page.status == .ok)
            #expect(page.text.contains("<svg"))

            // One notice per state change (submitted, accepted, under review, completed), and the new ID card the
            // change needs queued for production (HZ-01's idCard output).
            let notices = try await t.send(.GET, "/api/v1/me/notifications", token: citizen)
            #expect(notices.array.count == 5, "\(notices.text)")
            #expect(notices.array.contains { ($0["titleEn"] as? String)?.contains("queued for production") == true })
            #expect(notices.array.contains { ($0["titleZh"] as? String)?.contains("已办结") == true })
            #expect(notices.array.allSatisfy { $0["read"] as? Bool == false })
            #expect(try await t.send(.POST, "/api/v1/me/notifications/read", token: citizen).status == .noContent)
            #expect(try await t.send(.GET, "/api/v1/me/notifications", token: citizen).array.allSatisfy { $0["read"] as? Bool == true })
        }
    }

    @Test("refusals: below L3, a bad form, an ineligible ethnicity change, an offline item", arguments: DatabaseKind.available)
    func refusals(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let l1 = try await t.citizenToken(phone: "13900139000")
            let notLinked = try await t.send(.POST, "/api/v1/applications", json: #"{"service":"HZ-01","form":{"newName":"王五"},"idempotencyKey":"k-000000001"}"#, token: l1)
            #expect(notLinked.status == .forbidden)

            let citizen = try await l3Citizen(t)
            let badForm = try await t.send(.POST, "/api/v1/applications", json: #"{"service":"HZ-01","form":{"newName":"Li Ming","bogus":"x"},"idempotencyKey":"k-000000002"}"#, token: citizen)
            #expect(badForm.status == .unprocessableEntity)
            #expect(Set(badForm.problemFields).isSuperset(of: ["form.newName", "form.bogus"]), "\(badForm.problemFields)")

            // A ground that is not one of the options is a form error.
            let badGround = try await t.send(.POST, "/api/v1/applications", json: #"{"service":"HZ-04","form":{"newEthnicity":"05","ground":"change"},"idempotencyKey":"k-000000005"}"#, token: citizen)
            #expect(badGround.problemFields == ["form.ground"], "\(badGround.text)")
            // 李明's parents are not in his household: the rule that the new group must be a parent's cannot be met.
            let ethnicity = try await t.send(.POST, "/api/v1/applications", json: #"{"service":"HZ-04","form":{"newEthnicity":"05","ground":"correction"},"idempotencyKey":"k-000000003"}"#, token: citizen)
            #expect(ethnicity.status == .unprocessableEntity, "\(ethnicity.text)")
            #expect(ethnicity.object["type"] as? String == "/problems/not-eligible", "\(ethnicity.text)")
            #expect(ethnicity.problemFields.contains("eligibility.follows-parent"), "\(ethnicity.problemFields)")

            let offline = try await t.send(.POST, "/api/v1/applications", json: #"{"service":"HZ-44","form":{},"idempotencyKey":"k-000000004"}"#, token: citizen)
            #expect(offline.status == .unprocessableEntity)
            #expect(offline.object["type"] as? String == "/problems/offline-service")

            // Nothing was created by any refusal.
            #expect(try await t.send(.GET, "/api/v1/applications", token: citizen).array.isEmpty)
        }
    }

    @Test("a supplement round trip and a withdrawal", arguments: DatabaseKind.available)
    func supplement(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let citizen = try await l3Citizen(t)
            let submitted = try await t.send(.POST, "/api/v1/applications", json: #"{"service":"HZ-01","form":{"newName":"李明远","reason":"homophone","reasonDetail":"同名"},"idempotencyKey":"supp-00000001"}"#, token: citizen)
            let id = try #require(submitted.object["id"] as? String, "\(submitted.text)")
            let intake = try await t.officerToken("010001")
            _ = try await t.send(.POST, "/api/v1/officer/applications/\(id)/actions", json: #"{"action":"accept"}"#, token: intake)
            let empty = try await t.send(.POST, "/api/v1/officer/applications/\(id)/actions", json: #"{"action":"request-supplement","items":[]}"#, token: intake)
            #expect(empty.status == .conflict)
            let asked = try await t.send(.POST, "/api/v1/officer/applications/\(id)/actions", json: #"{"action":"request-supplement","items":["单位同意证明"]}"#, token: intake)
            #expect(asked.object["state"] as? String == "needs-supplement")
            let mine = try await t.send(.GET, "/api/v1/applications/\(id)", token: citizen)
            #expect(mine.object["supplementItems"] as? [String] == ["单位同意证明"])
            #expect((mine.object["availableActions"] as? [String])?.contains("supplement") == true)
            let back = try await t.send(.POST, "/api/v1/applications/\(id)/actions", json: #"{"action":"supplement"}"#, token: citizen)
            #expect(back.object["state"] as? String == "accepted", "\(back.text)")
            let withdrawn = try await t.send(.POST, "/api/v1/applications/\(id)/actions", json: #"{"action":"withdraw"}"#, token: citizen)
            #expect(withdrawn.object["state"] as? String == "withdrawn")
            let late = try await t.send(.POST, "/api/v1/officer/applications/\(id)/actions", json: #"{"action":"start-review"}"#, token: intake)
            #expect(late.status == .conflict)
            // Someone else's application is invisible to another citizen.
            let other = try await t.citizenToken(phone: "13900139000")
            #expect(try await t.send(.GET, "/api/v1/applications/\(id)", token: other).status == .notFound)
        }
    }
}

@Suite("Claiming applications")
struct ClaimAPITests {
    @Test("one officer at a time: a claim stops others acting until released; the actor keeps it while it waits on them; an admin may release",
          arguments: DatabaseKind.available)
    func claims(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let hash = try Bcrypt.hash(TestApp.officerPassword, cost: 4)
            let officers = OfficerRepository()
            _ = try await officers.addOfficer(policeNumber: "010003", name: "陈警官", unitCode: "FT", roles: [.intake, .reviewer], passwordHash: hash, actor: .system("test"), on: t.app.db)
            _ = try await officers.addOfficer(policeNumber: "000009", name: "管理员", unitCode: "FT", roles: [.admin], passwordHash: hash, actor: .system("test"), on: t.app.db)
            let citizen = try await ApplicationAPITests().l3Citizen(t)
            let body = #"{"service":"HZ-01","form":{"newName":"李明远","reason":"homophone","reasonDetail":"与他人同名"},"idempotencyKey":"claim-test-0001"}"#
            let id = try #require(try await t.send(.POST, "/api/v1/applications", json: body, token: citizen).object["id"] as? String)
            let zhang = try await t.officerToken("010001"), chen = try await t.officerToken("010003"), admin = try await t.officerToken("000009")
            let path = "/api/v1/officer/applications/\(id)"

            let claimed = try await t.send(.POST, "\(path)/claim", token: chen)
            #expect(claimed.status == .ok, "\(claimed.text)")
            #expect(claimed.object["claimedBy"] as? String == "010003")
            let blocked = try await t.send(.POST, "\(path)/actions", json: #"{"action":"accept"}"#, token: zhang)
            #expect(blocked.status == .conflict)
            #expect((blocked.object["titleZh"] as? String)?.contains("010003") == true, "\(blocked.text)")
            #expect(try await t.send(.POST, "\(path)/claim", token: zhang).status == .conflict)
            // Releasing someone else's claim is for its holder or an admin.
            #expect(try await t.send(.DELETE, "\(path)/claim", token: zhang).status == .conflict)
            #expect(try await t.send(.DELETE, "\(path)/claim", token: admin).object["claimedBy"] == nil)

            // Acting claims it for the officer while the next step is theirs; forwarding for approval frees it.
            var step = try await t.send(.POST, "\(path)/actions", json: #"{"action":"accept"}"#, token: zhang)
            #expect(step.object["claimedBy"] as? String == "010001", "\(step.text)")
            #expect(try await t.send(.POST, "\(path)/actions", json: #"{"action":"start-review"}"#, token: chen).status == .conflict)
            step = try await t.send(.POST, "\(path)/actions", json: #"{"action":"start-review"}"#, token: zhang)
            step = try await t.send(.POST, "\(path)/actions", json: #"{"action":"forward-for-approval"}"#, token: zhang)
            #expect(step.status == .ok)
            #expect(step.object["claimedBy"] == nil, "\(step.text)")
            let audit = try await AuditChain.latest(limit: 50, on: t.app.db)
            #expect(audit.contains { $0.action == "application.claimed" && $0.actor == "officer:010003" })
            #expect(audit.contains { $0.action == "application.released" && $0.actor == "officer:000009" })
        }
    }
}
