import FluentKit
import FluentSQL
import Foundation
import MinshengCore
import MinshengStore
import MinshengTesting
import MinshengWeb
import Testing
import Vapor
import VaporTesting

/// Officers' reach: points review within the jurisdiction of the applicant's residence permit, separation of duties on
/// applications, and every officer view of an application on the audit chain.
@Suite("Officer scope: points jurisdiction, separation of duties, audited application views")
struct OfficerScopeTests {
    static func addOfficer(_ t: TestApp, _ number: String, unit: String, roles: Set<OfficerRole>) async throws {
        _ = try await OfficerRepository().addOfficer(policeNumber: number, name: "测试警官", unitCode: unit, roles: roles,
                                                     passwordHash: try Bcrypt.hash(TestApp.officerPassword, cost: 4), actor: .system("test"), on: t.app.db)
    }

    static func audit(_ t: TestApp, _ action: String) async throws -> [AuditEntryRow] {
        try await AuditEntryRow.query(on: t.app.db).filter(\.$action == action).all()
    }

    @Test("points: another station's officer cannot list, open or act on an applicant on a 福田 permit (refused and audited); 福田's officer and the admin can",
          arguments: DatabaseKind.available)
    func pointsJurisdiction(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let now = YearMonth(CivilDate.today())
            let migrant = try await PointsAPITests.migrant(t, idNumber: "430521198503120019", name: "陈建华", phone: "13800138001",
                                                           birth: CivilDate(year: 1985, month: 3, day: 12)!, since: now.adding(-100), until: now.adding(-1))
            let desk = PointsDesk(cipher: t.registry.cipher, policies: t.app.pointsPolicies)
            let (application, _) = try await desk.apply(account: migrant.account, today: CivilDate(year: now.year, month: 7, day: 1)!, on: t.app.db)
            _ = try await OfficerRepository().ensureUnit(code: "LH", nameZh: "罗湖派出所", nameEn: "Luohu Police Station", jurisdiction: Jurisdiction(divisionCodes: ["440303"]),
                                                         actor: .system("test"), on: t.app.db)
            _ = try await OfficerRepository().ensureUnit(code: "SZ", nameZh: "市局户政处", nameEn: "City Household Registration Division",
                                                         jurisdiction: Jurisdiction(divisionCodes: ["440300"]), actor: .system("test"), on: t.app.db)
            try await Self.addOfficer(t, "030009", unit: "LH", roles: [.intake, .reviewer, .approver])
            try await Self.addOfficer(t, "000009", unit: "SZ", roles: [.admin])
            let luohu = try await t.officerToken("030009"), futian = try await t.officerToken("010001"), admin = try await t.officerToken("000009")
            let id = application.id.uuidString.lowercased()
            let list = "/api/v1/officer/points/applications?year=\(now.year)"

            // Another station: an empty list, and opening or acting is refused as a look-up outside the jurisdiction is.
            let theirs = try await t.send(.GET, list, token: luohu)
            #expect(theirs.status == .ok && theirs.array.isEmpty, "\(theirs.text)")
            let opened = try await t.send(.GET, "/api/v1/officer/points/applications/\(id)?purpose=积分入户审核", token: luohu)
            #expect(opened.status == .forbidden && opened.object["type"] as? String == "/problems/outside-jurisdiction", "\(opened.text)")
            #expect(!opened.text.contains("陈") && !opened.text.contains("430521"))
            let acted = try await t.send(.POST, "/api/v1/officer/points/applications/\(id)/actions", json: #"{"action":"accept"}"#, token: luohu)
            #expect(acted.status == .forbidden && acted.object["type"] as? String == "/problems/outside-jurisdiction", "\(acted.text)")
            #expect(try await desk.application(application.id, on: t.app.db)?.record.state == .submitted)
            let page = try await t.send(.GET, "/officer/points/\(id)?purpose=积分入户审核", token: luohu)
            #expect(page.status == .forbidden && !page.text.contains("陈*华"))
            let queuePage = try await t.send(.GET, "/officer/points?year=\(now.year)", token: luohu)
            #expect(queuePage.status == .ok && !queuePage.text.contains(application.reference))
            for action in ["points.evidence-read-refused", "points.accept-refused"] {
                let entries = try await Self.audit(t, action)
                #expect(entries.count == (action == "points.evidence-read-refused" ? 2 : 1), "\(action)")
                #expect(entries.allSatisfy { $0.actor == "officer:030009" && $0.detail.contains("outside-jurisdiction") && $0.subject == "points:\(application.reference)" })
            }
            #expect(try await Self.audit(t, "points.evidence-read").isEmpty)

            // The station of the permit's district, and the admin (the whole city), see and act.
            #expect(try await t.send(.GET, list, token: futian).array.map { ($0["id"] as? String)?.lowercased() } == [id])
            #expect(try await t.send(.GET, list, token: admin).array.count == 1)
            let read = try await t.send(.GET, "/api/v1/officer/points/applications/\(id)?purpose=积分入户审核", token: futian)
            #expect(read.status == .ok && read.object["maskedName"] as? String == "陈*华", "\(read.text)")
            let accepted = try await t.send(.POST, "/api/v1/officer/points/applications/\(id)/actions", json: #"{"action":"accept"}"#, token: futian)
            #expect(accepted.status == .ok && accepted.object["state"] as? String == "accepted", "\(accepted.text)")
            #expect(try await Self.audit(t, "points.evidence-read").count == 1)

            // A permit that has run out no longer brings the migrant into 福田's jurisdiction.
            let sql = t.app.db as! any SQLDatabase
            try await sql.raw("DELETE FROM documents WHERE resident_id = \(bind: migrant.resident.id)").run()
            try await CredentialRepository(cipher: t.registry.cipher).record(
                DocumentRecord(type: .residencePermit, number: "440300201099999999", issuedOn: CivilDate(year: 2015, month: 1, day: 1)!,
                               expiresOn: CivilDate(year: 2020, month: 1, day: 1)!, details: ["division": "440304"]), residentID: migrant.resident.id, on: t.app.db)
            #expect(try await t.send(.GET, list, token: futian).array.isEmpty)
            #expect(try await t.send(.GET, "/api/v1/officer/points/applications/\(id)?purpose=积分入户审核", token: futian).status == .forbidden)
        }
    }

    @Test("separation of duties: the officer who accepted cannot approve, an admin neither; a clear problem of its own, audited; another officer approves",
          arguments: DatabaseKind.available)
    func separation(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            try await Self.addOfficer(t, "000009", unit: "FT", roles: [.admin])
            let citizen = try await ApplicationAPITests().l3Citizen(t)
            let body = #"{"service":"HZ-01","form":{"newName":"李明远","reason":"homophone","reasonDetail":"与他人同名"},"idempotencyKey":"separation-0001"}"#
            let id = try #require(try await t.send(.POST, "/api/v1/applications", json: body, token: citizen).object["id"] as? String)
            let admin = try await t.officerToken("000009")
            let path = "/api/v1/officer/applications/\(id)"
            for action in ["accept", "start-review", "forward-for-approval"] {
                let step = try await t.send(.POST, "\(path)/actions", json: #"{"action":"\#(action)"}"#, token: admin)
                #expect(step.status == .ok, "\(action): \(step.text)")
            }
            let view = try await t.send(.GET, path, token: admin)
            #expect(!((view.object["availableActions"] as? [String]) ?? []).contains("approve"), "\(view.text)")
            let refused = try await t.send(.POST, "\(path)/actions", json: #"{"action":"approve"}"#, token: admin)
            #expect(refused.status == .forbidden && refused.object["type"] as? String == "/problems/separation-of-duties", "\(refused.text)")
            #expect((refused.object["titleZh"] as? String)?.contains("审批分离") == true && (refused.object["title"] as? String)?.contains("Separation of duties") == true)
            let entries = try await Self.audit(t, "application.approve-refused")
            #expect(entries.count == 1 && entries[0].actor == "officer:000009" && entries[0].detail.contains("separation-of-duties"))
            #expect(try await t.send(.GET, path, token: admin).object["state"] as? String == "under-review")
            // The page refuses the same way and says why.
            let approver = try await t.officerToken("010002")
            let approved = try await t.send(.POST, "\(path)/actions", json: #"{"action":"approve"}"#, token: approver)
            #expect(approved.status == .ok && approved.object["state"] as? String == "completed", "\(approved.text)")
        }
    }

    @Test("every officer view of an application is audited, one for someone new to the registry included", arguments: DatabaseKind.available)
    func viewsAudited(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let citizen = try await ApplicationAPITests().l3Citizen(t)
            let spouse = IDNumber.make(regionCode: "110101", birthDate: CivilDate(iso: "1992-03-03")!, sequence: 2)!
            let form: [String: String] = [
                "subjectIdNumber": spouse.value, "subjectName": "孙丽", "subjectGender": "female", "subjectBirthDate": "1992-03-03",
                "subjectEthnicity": "01", "relation": "spouse", "marriageDate": "2020-05-20", "originDivision": "110101",
            ]
            let body = try JSONSerialization.data(withJSONObject: ["service": "HZ-18", "form": form, "idempotencyKey": "audit-view-0001"])
            let submitted = try await t.send(.POST, "/api/v1/applications", json: String(decoding: body, as: UTF8.self), token: citizen)
            #expect(submitted.status == .created, "\(submitted.text)")
            let id = try #require(submitted.object["id"] as? String)
            let reference = try #require(submitted.object["reference"] as? String)
            let officer = try await t.officerToken("010001")
            #expect(try await t.send(.GET, "/api/v1/officer/applications/\(id)", token: officer).status == .ok)
            let page = try await t.send(.GET, "/officer/applications/\(id)", token: officer)
            #expect(page.status == .ok && page.text.contains("孙丽"))
            let views = try await Self.audit(t, "application.read").filter { $0.subject == "application:\(reference)" }
            #expect(views.count == 2 && views.allSatisfy { $0.actor == "officer:010001" && $0.residentID == t.liMing.id })
            // The applicant sees the views in who-read-my-information.
            let log = try await t.send(.GET, "/api/v1/me/access-log", token: citizen).array
            #expect(log.filter { ($0["action"] as? String) == "application.read" }.count == 2, "\(log)")
        }
    }
}
