import Crypto
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

@Suite("Points-based household registration: simulator, application with frozen evidence, review, batch, signed list, objection, permissions")
struct PointsAPITests {
    struct Migrant {
        var token: String
        var resident: Resident
        var account: CitizenAccount
    }

    /// A migrant registered in 湖南 with a residence permit for 福田 (so in 福田派出所's jurisdiction), insured from `since`
    /// to `until`, renting since `since`.
    static func migrant(_ t: TestApp, idNumber: String, name: String, phone: String, birth: CivilDate, since: YearMonth, until: YearMonth,
                        gaps: Set<String> = [], backPaid: Set<String> = [], owned: CivilDate? = nil, credit: Int? = nil) async throws -> Migrant {
        let id = try IDNumber(idNumber)
        let resident = Resident(idNumber: id, name: try PersonName(name), gender: id.gender, ethnicity: .han, birthDate: birth, relation: .head, divisionCode: "430521")
        try await t.registry.register(household: Household(number: "4305210000\(phone.suffix(5))", kind: .family, divisionCode: "430521", address: "湖南省邵阳市邵东县\(name)家", headID: resident.id),
                                      members: [resident], actor: .system("test"), reason: "test", on: t.app.db)
        let token = try await t.citizenToken(phone: phone)
        let linked = try await t.send(.POST, "/api/v1/me/identity", json: #"{"name":"\#(name)","idNumber":"\#(idNumber)"}"#, token: token)
        #expect(linked.status == .ok)
        let records = PointsRecords(cipher: t.registry.cipher)
        let months = (since.index...until.index).compactMap { index -> PointsEvidence.PensionMonth? in
            let m = YearMonth(index: index)
            return gaps.contains(m.description) ? nil : .init(month: m, backPaid: backPaid.contains(m.description))
        }
        try await records.recordPension(months, residentID: resident.id, on: t.app.db)
        try await records.record(PointsEvidence.Lease(reference: "ZL-\(phone.suffix(4))", startsOn: since.first, endsOn: CivilDate(year: 2030, month: 1, day: 1)!), residentID: resident.id, on: t.app.db)
        if let owned { try await records.record(PointsEvidence.Property(reference: "FC-\(phone.suffix(4))", registeredOn: owned), residentID: resident.id, on: t.app.db) }
        if let credit {
            try await records.record(PointsEvidence.CreditRecord(reference: "XY-\(phone.suffix(4))", overdueSince: CivilDate(year: 2016, month: 1, day: 1)!, overdueDays: credit), residentID: resident.id, on: t.app.db)
        }
        try await CredentialRepository(cipher: t.registry.cipher).record(
            DocumentRecord(type: .residencePermit, number: "4403002010\(phone.suffix(8))", issuedOn: since.first, expiresOn: CivilDate(year: 2030, month: 1, day: 1)!,
                           details: ["address": "深圳市福田区莲花街道\(name)住处", "division": "440304"]), residentID: resident.id, on: t.app.db)
        let account = try #require(try await AccountRepository(cipher: t.registry.cipher).account(residentID: resident.id, on: t.app.db))
        return Migrant(token: token, resident: resident, account: account)
    }

    static func officer(_ t: TestApp, _ number: String) async throws -> Officer {
        try #require(try await OfficerRepository().credentials(policeNumber: number, on: t.app.db)).0
    }

    @Test("the simulator explains each condition and point with its records, says when, and answers what-if; bad input is a clear error",
          arguments: DatabaseKind.available)
    func simulator(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let now = YearMonth(CivilDate.today())
            let m = try await Self.migrant(t, idNumber: "430521198503120019", name: "陈建华", phone: "13800138001", birth: CivilDate(year: 1985, month: 3, day: 12)!,
                                           since: now.adding(-100), until: now.adding(-1), gaps: [now.adding(-50).description], backPaid: [now.adding(-40).description],
                                           owned: now.adding(-30).first, credit: 40)
            let response = try await t.send(.GET, "/api/v1/me/points/assessment", token: m.token)
            #expect(response.status == .ok)
            let body = response.object
            let assessment = try #require(body["assessment"] as? [String: Any])
            let conditions = try #require(assessment["conditions"] as? [[String: Any]])
            #expect(conditions.allSatisfy { $0["met"] as? Bool == true }, "\(conditions)")
            let items = try #require(assessment["items"] as? [[String: Any]])
            let pension = try #require(items.first { $0["id"] as? String == "pension" })
            #expect(pension["quantity"] as? Int == 98)  // 100 months on file, one missed, one back-paid
            #expect(((pension["sources"] as? [String]) ?? []).count == 3)  // three runs around the gap and the back-paid month
            #expect(((pension["note"] as? [String: Any])?["zh"] as? String)?.contains(now.adding(-40).description) == true)
            let owned = try #require(items.first { $0["id"] as? String == "owned-housing" })
            #expect(owned["counted"] as? Bool == true && ((owned["sources"] as? [String]) ?? []).first?.contains("FC-8001") == true)
            let deductions = try #require(assessment["deductions"] as? [[String: Any]])
            #expect(deductions.first?["points"] as? String == "-15")
            #expect((body["eligibleFrom"] as? [String: Any])?["kind"] as? String == "now")
            // What-if: a year on, twelve more months of insurance.
            let later = try await t.send(.GET, "/api/v1/me/points/assessment?months=12", token: m.token).object
            let laterItems = ((later["assessment"] as? [String: Any])?["items"] as? [[String: Any]]) ?? []
            // This month and the twelve after it, all counted to the end of the twelfth.
            #expect(laterItems.first { $0["id"] as? String == "pension" }?["quantity"] as? Int == 98 + 13)
            #expect(try await t.send(.GET, "/api/v1/me/points/assessment?months=abc", token: m.token).status == .unprocessableEntity)
            #expect(try await t.send(.GET, "/api/v1/me/points/assessment?months=999", token: m.token).status == .unprocessableEntity)
            // Not yet eligible: four years of insurance; the simulator says which batch.
            let short = try await Self.migrant(t, idNumber: "430121199008150029", name: "刘芳", phone: "13800138002", birth: CivilDate(year: 1990, month: 8, day: 15)!,
                                               since: now.adding(-48), until: now.adding(-1))
            let notYet = try await t.send(.GET, "/api/v1/me/points/assessment", token: short.token).object
            #expect(((notYet["assessment"] as? [String: Any])?["conditions"] as? [[String: Any]])?.contains { $0["id"] as? String == "pension" && $0["met"] as? Bool == false } == true)
            let from = try #require(notYet["eligibleFrom"] as? [String: Any])
            #expect(from["kind"] as? String == "year" && (from["year"] as? Int ?? 0) >= CivilDate.today().year + 1)
            // L1 accounts are refused; the policy is public.
            let l1 = try await t.citizenToken(phone: "13700000001")
            #expect(try await t.send(.GET, "/api/v1/me/points/assessment", token: l1).status == .forbidden)
            let policy = try await t.send(.GET, "/api/v1/points/policy").object
            #expect(policy["quota"] as? Int == 10000 && (policy["assumed"] as? [String])?.contains("tie_break") == true)
        }
    }

    @Test("apply in the window with evidence frozen; officers review; the batch ranks, publishes a signed list anyone can check; an objection re-publishes; permissions open HZ-34",
          arguments: DatabaseKind.available)
    func wholeYear(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let year = CivilDate.today().year
            let inWindow = CivilDate(year: year, month: 7, day: 1)!
            // The social-insurance office's records run to September: the submission counts to its own day, the batch to the deadline.
            let end = YearMonth(year: year, month: 9)
            let a = try await Self.migrant(t, idNumber: "430521198503120019", name: "陈建华", phone: "13800138001", birth: CivilDate(year: 1985, month: 3, day: 12)!,
                                           since: end.adding(-99), until: end, owned: end.adding(-30).first)
            let b = try await Self.migrant(t, idNumber: "430121199008150029", name: "刘芳", phone: "13800138002", birth: CivilDate(year: 1990, month: 8, day: 15)!,
                                           since: end.adding(-69), until: end, credit: 120)
            // 王强 qualifies at submission, then stops paying in August: at the deadline he no longer meets the conditions.
            let c = try await Self.migrant(t, idNumber: "430521198807070030", name: "王强", phone: "13800138003", birth: CivilDate(year: 1988, month: 7, day: 7)!,
                                           since: end.adding(-80), until: end)
            let desk = PointsDesk(cipher: t.registry.cipher, policies: t.app.pointsPolicies)
            // Outside the window the API refuses with the window's dates (today is outside it unless run in the summer).
            if !(CivilDate(year: year, month: 6, day: 25)!...CivilDate(year: year, month: 9, day: 30)!).contains(CivilDate.today()) {
                try await AccountRepository(cipher: t.registry.cipher).verifyInPerson(residentID: a.resident.id, officer: try await Self.officer(t, "010001"), purpose: "窗口核验", on: t.app.db)
                let refused = try await t.send(.POST, "/api/v1/me/points/applications", token: a.token)
                #expect(refused.status == .conflict && (refused.object["type"] as? String) == "/problems/points-outside-window")
            }
            let (appA, created) = try await desk.apply(account: a.account, today: inWindow, on: t.app.db)
            #expect(created && appA.assessment.eligible)
            let (again, createdAgain) = try await desk.apply(account: a.account, today: inWindow.adding(days: 1), on: t.app.db)
            #expect(!createdAgain && again.id == appA.id)
            let (appB, _) = try await desk.apply(account: b.account, today: inWindow, on: t.app.db)
            let (appC, _) = try await desk.apply(account: c.account, today: inWindow, on: t.app.db)
            #expect(appC.assessment.eligible)
            // The evidence is frozen: a record added after submission changes nothing until a supplement.
            try await PointsRecords(cipher: t.registry.cipher).record(.criminal, .init(reference: "XS-9", since: CivilDate(year: 2010, month: 1, day: 1)!), residentID: a.resident.id, on: t.app.db)
            #expect(try await desk.application(appA.id, on: t.app.db)?.assessment.total == appA.assessment.total)

            // Officers: evidence read with a purpose (audited), accept, ask for a supplement, approve.
            let intake = try await t.officerToken("010001")
            let approver = try await t.officerToken("010002")
            #expect(try await t.send(.GET, "/api/v1/officer/points/applications/\(appA.id.uuidString)", token: intake).status == .unprocessableEntity)
            let evidence = try await t.send(.GET, "/api/v1/officer/points/applications/\(appA.id.uuidString)?purpose=积分入户审核", token: intake)
            #expect(evidence.status == .ok && (evidence.object["maskedName"] as? String) == "陈*华")
            #expect(try await AuditEntryRow.query(on: t.app.db).filter(\.$action == "points.evidence-read").count() == 1)
            let queue = try await t.send(.GET, "/api/v1/officer/points/applications?year=\(year)", token: intake).array
            #expect(queue.count == 3)
            for id in [appA.id, appB.id, appC.id] {
                let accepted = try await t.send(.POST, "/api/v1/officer/points/applications/\(id.uuidString)/actions", json: #"{"action":"accept"}"#, token: intake)
                #expect(accepted.status == .ok, "\(accepted.text)")
            }
            let asked = try await t.send(.POST, "/api/v1/officer/points/applications/\(appA.id.uuidString)/actions",
                                         json: #"{"action":"request-supplement","items":["请核实刑事记录"]}"#, token: intake)
            #expect(asked.status == .ok && (asked.object["supplementItems"] as? [String]) == ["请核实刑事记录"])
            let wrong = try await t.send(.POST, "/api/v1/officer/points/applications/\(appA.id.uuidString)/actions", json: #"{"action":"explode"}"#, token: approver)
            #expect(wrong.status == .unprocessableEntity)
            // The supplement reads the records again: the criminal record now deducts 200.
            let resubmitted = try await desk.supplement(appA.id, account: a.account, today: inWindow.adding(days: 5), on: t.app.db)
            #expect(resubmitted.assessment.total == appA.assessment.total - Points(200))
            for id in [appA.id, appB.id, appC.id] {
                let approved = try await t.send(.POST, "/api/v1/officer/points/applications/\(id.uuidString)/actions", json: #"{"action":"approve"}"#, token: approver)
                #expect(approved.status == .ok && (approved.object["state"] as? String) == "approved", "\(approved.text)")
            }

            // The batch: not before the deadline; then ranked, published and signed; running it again changes nothing.
            let actor = Principal.system("test")
            await #expect(throws: PointsError.batchNotDue(deadline: CivilDate(year: year, month: 9, day: 30)!)) {
                _ = try await desk.runBatch(year: year, actor: actor, today: CivilDate(year: year, month: 9, day: 30)!, on: t.app.db)
            }
            let after = CivilDate(year: year, month: 10, day: 8)!
            let sql = t.app.db as! any SQLDatabase
            try await sql.raw("DELETE FROM pension_months WHERE resident_id = \(bind: c.resident.id) AND month >= \(bind: end.adding(-1).index)").run()
            let batch = try await desk.runBatch(year: year, actor: actor, today: after, on: t.app.db)
            #expect(batch.list.lines.count == 2 && batch.list.lines.allSatisfy(\.admitted))
            // The one left out is told why, and is neither ranked nor admitted.
            let dropped = try #require(try await desk.application(appC.id, on: t.app.db))
            #expect(dropped.rank == nil && dropped.admitted != true)
            let told = try await t.send(.GET, "/api/v1/me/notifications", token: c.token).array
            #expect(told.contains { ($0["titleZh"] as? String)?.contains("不再符合条件") == true && ($0["titleEn"] as? String)?.contains("not ranked") == true }, "\(told)")
            let publishedAudit = try #require(try await AuditEntryRow.query(on: t.app.db).filter(\.$action == "points.batch-published").first())
            #expect(publishedAudit.detail.contains("notEligibleAtDeadline"))
            #expect(batch.list.lines.map(\.maskedName) == ["陈*华", "刘*"] || batch.list.lines.map(\.maskedName) == ["刘*", "陈*华"])
            #expect(batch.list.lines.allSatisfy { $0.maskedIDNumber.contains("*") })
            let rerun = try await desk.runBatch(year: year, actor: actor, today: after.adding(days: 1), on: t.app.db)
            #expect(rerun.digest == batch.digest && rerun.listText == batch.listText)
            let (recomputed, _) = try await desk.rank(year: year, policy: try #require(desk.policies.policy(for: year)), on: t.app.db)
            #expect(recomputed.canonicalText == batch.listText)
            #expect(batch.digest == Data(SHA256.hash(data: Data(batch.listText.utf8))).hexString)

            // The public list and its check: the real text passes; one changed score fails.
            let published = try await t.send(.GET, "/api/v1/points/lists/\(year)").object
            let text = try #require(published["text"] as? String)
            let signature = try #require(published["signature"] as? String)
            func check(_ text: String, _ signature: String) async throws -> [String: Any] {
                let body = String(data: try JSONSerialization.data(withJSONObject: ["text": text, "signature": signature]), encoding: .utf8)!
                return try await t.send(.POST, "/api/v1/points/lists/verify", json: body).object
            }
            #expect(try await check(text, signature)["valid"] as? Bool == true)
            let tampered = text.replacingOccurrences(of: "\t\(batch.list.lines[0].score)\t", with: "\t999\t")
            #expect(try await check(tampered, signature)["valid"] as? Bool == false)
            #expect(try await check(text, "not.a.jws")["valid"] as? Bool == false)
            // The public page shows the masked list and checks a pasted list.
            let page = try await t.send(.GET, "/points/lists/\(year)")
            #expect(page.status == .ok && page.text.contains(batch.digest) && page.text.contains("陈*华") && !page.text.contains("430521198503120019"))
            var form = URLComponents()
            form.queryItems = [URLQueryItem(name: "text", value: tampered), URLQueryItem(name: "signature", value: signature)]
            let checked = try await t.send(.POST, "/points/lists/\(year)/verify", json: form.percentEncodedQuery!.replacingOccurrences(of: "+", with: "%2B"),
                                           contentType: "application/x-www-form-urlencoded")
            #expect(checked.status == .ok && checked.text.contains("名单被改动过"))

            // An objection in the period; upheld after the agency lifts the record: re-scored and re-published.
            let objection = try await desk.object(appA.id, account: a.account, text: "该刑事记录系错录，已由公安机关更正", today: after, on: t.app.db)
            await #expect(throws: PointsError.objectionsOpen(count: 1)) {
                _ = try await desk.finalize(year: year, settlement: try #require(t.app.serviceCatalog.service(code: "HZ-34")), actor: actor, today: after.adding(days: 30), on: t.app.db)
            }
            try await ListingRow.query(on: t.app.db).filter(\.$reference == "XS-9").delete()
            let decision = try await t.send(.POST, "/api/v1/officer/points/objections/\(objection.uuidString)/decision", json: #"{"upheld":true,"reason":"记录已更正"}"#, token: approver)
            #expect(decision.status == .ok, "\(decision.text)")
            let republished = try #require(try await desk.batch(year: year, on: t.app.db))
            #expect(republished.digest != batch.digest)
            let before = try #require(batch.list.lines.first { $0.maskedName == "陈*华" }?.score)
            #expect(republished.list.lines.first { $0.maskedName == "陈*华" }?.score == before + Points(200))
            await #expect(throws: PointsError.objectionClosed(until: batch.objectionUntil.description)) {
                _ = try await desk.object(appA.id, account: a.account, text: "再次异议", today: after.adding(days: 30), on: t.app.db)
            }

            // Permissions after the objection period: each admitted applicant's HZ-34 opened by the system.
            await #expect(throws: PointsError.objectionPeriodRunning(until: batch.objectionUntil.description)) {
                _ = try await desk.finalize(year: year, settlement: try #require(t.app.serviceCatalog.service(code: "HZ-34")), actor: actor, today: after, on: t.app.db)
            }
            let opened = try await desk.finalize(year: year, settlement: try #require(t.app.serviceCatalog.service(code: "HZ-34")), actor: actor, today: after.adding(days: 30), on: t.app.db)
            #expect(opened.count == 2)
            let settlement = try #require(try await ApplicationRow.query(on: t.app.db).filter(\.$serviceCode == "HZ-34").filter(\.$applicantAccountID == a.account.id).first())
            #expect(settlement.channel == "system" && settlement.state == "submitted")
            let final = try #require(try await desk.application(appA.id, on: t.app.db))
            #expect(final.permissionNumber?.hasPrefix("ZQ\(year)") == true && final.settlementApplicationID == settlement.id)
            let notices = try await t.send(.GET, "/api/v1/me/notifications", token: a.token).array
            #expect(notices.contains { ($0["titleZh"] as? String)?.contains("准迁编号") == true })
            await #expect(throws: PointsError.alreadyFinalized) {
                _ = try await desk.finalize(year: year, settlement: try #require(t.app.serviceCatalog.service(code: "HZ-34")), actor: actor, today: after.adding(days: 31), on: t.app.db)
            }
        }
    }

    @Test("many residents' records read in chunks, several at once, are the same as each read alone", arguments: DatabaseKind.available)
    func chunkedRead(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let end = YearMonth(year: 2017, month: 9)
            let a = try await Self.migrant(t, idNumber: "430521198503120019", name: "陈建华", phone: "13800138001", birth: CivilDate(year: 1985, month: 3, day: 12)!,
                                           since: end.adding(-99), until: end, backPaid: [end.adding(-5).description], owned: end.adding(-30).first)
            let b = try await Self.migrant(t, idNumber: "430121199008150029", name: "刘芳", phone: "13800138002", birth: CivilDate(year: 1990, month: 8, day: 15)!,
                                           since: end.adding(-69), until: end, gaps: [end.adding(-10).description], credit: 120)
            let c = try await Self.migrant(t, idNumber: "430521198807070030", name: "王强", phone: "13800138003", birth: CivilDate(year: 1988, month: 7, day: 7)!,
                                           since: end.adding(-80), until: end)
            var records = PointsRecords(cipher: t.registry.cipher)
            records.chunkSize = 1
            records.concurrentChunks = 3
            let ids = [a, b, c].map(\.resident.id)
            let together = try await records.evidence(residentIDs: ids + [UUID()], on: t.app.db)
            #expect(together.count == 3)
            for id in ids {
                let alone = try #require(try await records.evidence(residentID: id, on: t.app.db))
                #expect(together[id] == alone)
                #expect(alone.pension.count > 60 && alone.leases.count == 1 && alone.residencePermits.count == 1)
            }
            #expect(together[a.resident.id]?.pension.contains { $0.backPaid && $0.month == end.adding(-5) } == true)
            #expect(together[b.resident.id]?.pension.contains { $0.month == end.adding(-10) } == false)
        }
    }

    @Test("agency records import from CSV: every bad line named, nothing written unless all are good", arguments: DatabaseKind.available)
    func importCSV(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let importer = PointsImport(cipher: t.registry.cipher)
            let bad = "id_number,month,back_paid\n440304199001010011,2017-13,0\n440304199001010012,2017-01,0\n440304199001010011,2017-02,2\n"
            let (none, problems) = try await importer.run(kind: "pension", csv: bad, on: t.app.db)
            #expect(none == 0 && problems.count == 3 && problems[0].hasPrefix("2:") && problems[1].hasPrefix("3:"))
            #expect(try await (t.app.db as! any SQLDatabase).raw("SELECT count(*) AS n FROM pension_months").first()!.decode(column: "n", as: Int.self) == 0)
            let good = "id_number,month,back_paid\n440304199001010011,2017-01,0\n440304199001010011,2017-02,1\n"
            let (count, ok) = try await importer.run(kind: "pension", csv: good, on: t.app.db)
            #expect(count == 2 && ok.isEmpty)
            let leases = "id_number,reference,starts_on,ends_on\n440304199001010011,ZL-1,2012-01-01,2020-12-31\n"
            #expect(try await importer.run(kind: "leases", csv: leases, on: t.app.db).0 == 1)
            let evidence = try #require(try await PointsRecords(cipher: t.registry.cipher).evidence(residentID: t.liMing.id, on: t.app.db))
            #expect(evidence.pension.count == 2 && evidence.pension.filter(\.backPaid).count == 1 && evidence.leases.count == 1)
            #expect(try await importer.run(kind: "weather", csv: good, on: t.app.db).1.count == 1)
            #expect(try await importer.run(kind: "leases", csv: good, on: t.app.db).1.first?.hasPrefix("1: the header") == true)
        }
    }
}
