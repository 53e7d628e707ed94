import FluentKit
import Foundation
import MinshengCore
import MinshengStore
import MinshengTesting
import MinshengWeb
import Testing
import Vapor
import VaporTesting

/// The no-criminal-record certificate (ZM-01) and case information, through the API and pages, on both databases.
@Suite("No-criminal-record certificates and case information")
struct RecordsAPITests {
    func l3Citizen(_ t: TestApp, phone: String, resident: Resident) async throws -> String {
        let token = try await t.citizenToken(phone: phone)
        let linked = try await t.send(.POST, "/api/v1/me/identity", json: #"{"name":"\#(resident.name.value)","idNumber":"\#(resident.idNumber.value)"}"#, token: token)
        #expect(linked.status == .ok, "\(linked.text)")
        let raised = try await t.send(.POST, "/api/v1/officer/residents/\(resident.id.uuidString)/in-person-verification",
                                      json: #"{"purpose":"窗口核验","idCardChecked":true}"#, token: try await t.officerToken())
        #expect(raised.status == .ok, "\(raised.text)")
        return token
    }

    func submit(_ t: TestApp, token: String, purpose: String = "visa") async throws -> TestingHTTPResponse {
        let body = #"{"service":"ZM-01","form":{"purpose":"\#(purpose)","receivingOrganisation":"加拿大驻广州总领事馆"},"idempotencyKey":"zm01-\#(UUID().uuidString.prefix(8))"}"#
        return try await t.send(.POST, "/api/v1/applications", json: body, token: token)
    }

    func act(_ t: TestApp, _ id: String, _ action: String, officer: String, extra: String = "") async throws -> TestingHTTPResponse {
        try await t.send(.POST, "/api/v1/officer/applications/\(id)/actions", json: #"{"action":"\#(action)"\#(extra)}"#, token: try await t.officerToken(officer))
    }

    func auditDetail(_ t: TestApp, action: String, subject: String) async throws -> [String: String] {
        let rows = try await AuditEntryRow.query(on: t.app.db).filter(\.$action == action).filter(\.$subject == subject).all()
        let row = try #require(rows.first, "no \(action) for \(subject)")
        // The detail is kept canonical for the chain's hash: key=value pairs, sorted, joined by &.
        return Dictionary(row.detail.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }, uniquingKeysWith: { a, _ in a })
    }

    @Test("a clear check: issued on approval as an e-certificate, printed with its code, verified by anyone", arguments: DatabaseKind.available)
    func issuedAndVerified(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let token = try await l3Citizen(t, phone: "13800138000", resident: t.liMing)
            let submitted = try await submit(t, token: token)
            #expect(submitted.status == .created, "\(submitted.text)")
            let id = try #require(submitted.object["id"] as? String)
            let reference = try #require(submitted.object["reference"] as? String)
            #expect(try await auditDetail(t, action: "application.submitted", subject: "application:\(reference)")["criminalRecordsCheck"] == "clear")
            let accepted = try await act(t, id, "accept", officer: "010001")
            #expect(accepted.status == .ok, "\(accepted.text)")
            #expect(accepted.object["dueDate"] as? String == WorkingDayCalendar.china.adding(workingDays: 3, to: .today()).description)
            // The officer's page shows the connector's answer, and the look-up is audited.
            let page = try await t.send(.GET, "/officer/applications/\(id)", token: try await t.officerToken("010002"))
            #expect(page.status == .ok && page.text.contains("records-check") && page.text.contains("未发现犯罪记录"), "\(page.text.prefix(300))")
            let done = try await act(t, id, "approve", officer: "010002")
            #expect(done.object["state"] as? String == "completed", "\(done.text)")

            let certificates = try await t.send(.GET, "/api/v1/me/certificates", token: token)
            let certificate = try #require(certificates.array.first { $0["type"] as? String == "no-criminal-record" }, "\(certificates.text)")
            let credentialID = try #require(certificate["id"] as? String)
            let printed = try await t.send(.GET, "/me/certificates/\(credentialID)/print", token: token)
            #expect(printed.status == .ok)
            #expect(printed.text.contains("李明") && printed.text.contains("440304199001010011") && printed.text.contains("<svg"))
            #expect(printed.text.contains("签证") && printed.text.contains("不得用于诉讼或仲裁"))
            let code = try #require(printed.text.firstMatch(of: /id="verification-code">(YZ-[0-9A-Z-]{19})</)?.1).description
            #expect(printed.text.contains("/verify/certificate?code=\(code)"))

            // Anyone checks it: no token, any case, no separators; masked holder; unknown and malformed codes refused.
            let typed = code.lowercased().replacingOccurrences(of: "-", with: "")
            let checked = try await t.send(.GET, "/api/v1/certificate-checks/\(typed)")
            #expect(checked.status == .ok, "\(checked.text)")
            #expect(checked.object["valid"] as? Bool == true && checked.object["name"] as? String == "李*" && checked.object["number"] as? String == reference)
            #expect((checked.object["purpose"] as? String)?.contains("加拿大驻广州总领事馆") == true)
            #expect((checked.object["idNumber"] as? String) == "4403**********0011" && !checked.text.contains("440304199001010011"))
            #expect((checked.object["periodCovered"] as? String)?.hasPrefix("2004-01-01 至 ") == true)
            let unknown = try await t.send(.GET, "/api/v1/certificate-checks/YZ-0000-0000-0000-0000")
            #expect(unknown.status == .notFound && unknown.headers.contentType?.description.contains("problem+json") == true)
            #expect(try await t.send(.GET, "/api/v1/certificate-checks/not-a-code").status == .unprocessableEntity)
            let publicPage = try await t.send(.GET, "/verify/certificate?code=\(code)")
            #expect(publicPage.status == .ok && publicPage.text.contains("证明真实有效") && publicPage.text.contains("李*") && !publicPage.text.contains("440304199001010011"))
            #expect(try await t.send(.GET, "/verify/certificate?code=YZ-0000-0000-0000-0000").status == .notFound)
            #expect(try await AuditEntryRow.query(on: t.app.db).filter(\.$action == "certificate.checked").count() == 2)
            #expect(printed.text.contains("行政复议") == false)

            // Someone else's certificate is not printed for them.
            let other = try await t.citizenToken(phone: "13900139000")
            #expect(try await t.send(.GET, "/me/certificates/\(credentialID)/print", token: other).status != .ok)

            // A second certificate the same day, for a job: it is issued, and the first still checks as valid for its purpose.
            let second = try await submit(t, token: token, purpose: "employment")
            let secondID = try #require(second.object["id"] as? String)
            #expect(try await act(t, secondID, "accept", officer: "010001").status == .ok)
            #expect(try await act(t, secondID, "approve", officer: "010002").object["state"] as? String == "completed")
            let again = try await t.send(.GET, "/api/v1/certificate-checks/\(code)")
            #expect(again.object["valid"] as? Bool == true && again.object["status"] as? String == "superseded", "\(again.text)")
            let current = try await t.send(.GET, "/api/v1/me/certificates", token: token)
            #expect(current.array.filter { $0["type"] as? String == "no-criminal-record" }.count == 1)

            let stats = try await t.send(.GET, "/api/v1/officer/statistics/operations", token: try await t.officerToken())
            #expect(stats.object["certificatesIssued"] as? Int == 2 && (stats.object["certificatesByPurpose"] as? [String: Int])?["visa"] == 1, "\(stats.text)")
        }
    }

    @Test("a record found: approval is stopped and the refusal carries the notice's wording; open proceedings take 15 days", arguments: DatabaseKind.available)
    func refusedAndInvestigated(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            try await AgencyRecords().record("criminalRecord", residentID: t.wangFang.id, source: "test", on: t.app.db)
            let token = try await l3Citizen(t, phone: "13900139000", resident: t.wangFang)
            let submitted = try await submit(t, token: token, purpose: "employment")
            #expect(submitted.status == .created, "\(submitted.text)")
            let id = try #require(submitted.object["id"] as? String)
            let reference = try #require(submitted.object["reference"] as? String)
            #expect(try await auditDetail(t, action: "application.submitted", subject: "application:\(reference)")["criminalRecordsCheck"] == "record-found")
            #expect(try await act(t, id, "accept", officer: "010001").status == .ok)
            let page = try await t.send(.GET, "/officer/applications/\(id)", token: try await t.officerToken("010002"))
            #expect(page.text.contains("refusal-wording") && page.text.contains("不予出具无犯罪记录证明通知书"))
            let approve = try await act(t, id, "approve", officer: "010002")
            #expect(approve.status == .conflict && approve.object["type"] as? String != nil, "\(approve.text)")
            #expect((approve.object["title"] as? String)?.contains("record") == true)
            let wording = t.app.noCriminalRecordPolicy.refusal.zh
            let refused = try await act(t, id, "refuse", officer: "010002", extra: #","reason":"\#(wording)""#)
            #expect(refused.object["state"] as? String == "refused", "\(refused.text)")
            let mine = try await t.send(.GET, "/api/v1/applications/\(id)", token: token)
            #expect((mine.object["timeline"] as? [[String: Any]])?.contains { ($0["comment"] as? String)?.contains("行政复议") == true } == true)
            let certificates = try await t.send(.GET, "/api/v1/me/certificates", token: token)
            #expect(!certificates.array.contains { $0["type"] as? String == "no-criminal-record" })

            // 李明 under prosecution: the longer limit.
            try await AgencyRecords().record("underProsecution", residentID: t.liMing.id, source: "test", on: t.app.db)
            let li = try await l3Citizen(t, phone: "13800138000", resident: t.liMing)
            let second = try await submit(t, token: li)
            let secondID = try #require(second.object["id"] as? String)
            let accepted = try await act(t, secondID, "accept", officer: "010001")
            #expect(accepted.object["dueDate"] as? String == WorkingDayCalendar.china.adding(workingDays: 15, to: .today()).description, "\(accepted.text)")
        }
    }

    @Test("who may apply: 14 or over, and registered in Shenzhen or six months on a valid residence permit", arguments: DatabaseKind.available)
    func eligibility(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let migrant = Resident(idNumber: try IDNumber("430521198503120019"), name: try PersonName("陈建华"), gender: .male, ethnicity: .han,
                                   birthDate: CivilDate(year: 1985, month: 3, day: 12)!, relation: .head, divisionCode: "430521")
            try await t.registry.register(household: Household(number: "430521000000001", kind: .family, divisionCode: "430521", address: "湖南省邵东县", headID: migrant.id),
                                          members: [migrant], actor: .system("test"), reason: "test", on: t.app.db)
            let credentials = CredentialRepository(cipher: t.registry.cipher)
            let today = CivilDate.today()
            try await credentials.record(DocumentRecord(type: .residencePermit, number: "440300000000000001", issuedOn: today.adding(days: -90), expiresOn: today.adding(days: 275), details: ["division": "440304"]),
                                         residentID: migrant.id, on: t.app.db)
            let token = try await l3Citizen(t, phone: "13800138001", resident: migrant)
            let early = try await submit(t, token: token)
            #expect(early.status == .unprocessableEntity && early.problemFields == ["eligibility.shenzhen-or-six-months"], "\(early.text)")
            // A permit that lapsed years before does not count: the months run back through permits without a break.
            try await credentials.record(DocumentRecord(type: .residencePermit, number: "440300000000000009", issuedOn: today.adding(years: -10), expiresOn: today.adding(years: -8),
                                                        details: ["division": "440304"]), residentID: migrant.id, on: t.app.db)
            #expect(try await submit(t, token: token).problemFields == ["eligibility.shenzhen-or-six-months"])
            try await credentials.record(DocumentRecord(type: .residencePermit, number: "440300000000000000", issuedOn: today.adding(years: -2), expiresOn: today.adding(days: -90), details: ["division": "440304"]),
                                         residentID: migrant.id, on: t.app.db)
            #expect(try await submit(t, token: token).status == .created)
        }
    }

    // MARK: cases

    @Test("a party follows a case by number and query code, subscribes, and is told what may be disclosed", arguments: DatabaseKind.available)
    func caseFollowed(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let officer = try await t.officerToken()
            let filed = try await t.send(.POST, "/api/v1/officer/cases", json: #"{"cause":"电动自行车被盗","parties":[{"role":"victim","name":"李明"},{"role":"reporter","name":"王芳"}]}"#, token: officer)
            #expect(filed.status == .created, "\(filed.text)")
            let number = try #require(filed.object["caseNumber"] as? String)
            let caseID = try #require(filed.object["id"] as? String)
            let codes = try #require(filed.object["codes"] as? [[String: Any]])
            let code = try #require(codes.first { $0["role"] as? String == "victim" }?["queryCode"] as? String)
            #expect(number.hasPrefix("A440304") && codes.count == 2)
            #expect(try await t.send(.POST, "/api/v1/officer/cases", json: #"{"cause":"","parties":[]}"#, token: officer).status == .unprocessableEntity)

            func follow(_ n: String, _ c: String, token: String? = nil, path: String = "/api/v1/cases/follow") async throws -> TestingHTTPResponse {
                try await t.send(.POST, path, json: #"{"caseNumber":"\#(n)","queryCode":"\#(c)"}"#, token: token)
            }
            #expect(try await follow(number, "ZZZZ-ZZZZ").status == .notFound)
            #expect(try await follow("12345", code).problemFields == ["caseNumber"])
            #expect(try await follow(number, "abc").problemFields == ["queryCode"])
            let first = try await follow(number, code.lowercased().replacingOccurrences(of: "-", with: ""))
            #expect(first.status == .ok && first.object["stage"] as? String == "reported" && first.object["role"] as? String == "victim", "\(first.text)")

            let citizen = try await t.citizenToken()
            let subscribed = try await follow(number, code, token: citizen, path: "/api/v1/me/case-subscriptions")
            #expect(subscribed.object["subscribed"] as? Bool == true, "\(subscribed.text)")

            func advance(_ body: String) async throws -> TestingHTTPResponse {
                try await t.send(.POST, "/api/v1/officer/cases/\(caseID)/events", json: body, token: officer)
            }
            #expect(try await advance(#"{"stage":"filed"}"#).status == .unprocessableEntity, "the version seen is required")
            #expect(try await advance(#"{"stage":"closed","version":1}"#).status == .conflict)
            #expect(try await advance(#"{"stage":"nonsense","version":1}"#).problemFields == ["stage"])
            #expect(try await advance(#"{"stage":"filed","on":"2020-01-01","version":1}"#).problemFields == ["case"], "a step before the last is refused")
            #expect(try await advance(#"{"stage":"filed","publicNote":"符合立案条件","version":1}"#).status == .ok)
            #expect(try await advance(#"{"stage":"investigating","version":1}"#).status == .conflict, "a stale version is refused")
            #expect(try await advance(#"{"stage":"investigating","publicNote":"正在调取监控","internalNote":"嫌疑人外号阿强","version":2}"#).status == .ok)
            #expect(try await advance(#"{"stage":"withdrawn","version":3}"#).problemFields == ["publicNote"], "withdrawing needs the reason")

            let now = try await follow(number, code)
            #expect(now.object["stage"] as? String == "investigating")
            let steps = try #require(now.object["steps"] as? [[String: Any]])
            #expect(steps.map { $0["stage"] as? String ?? "" } == ["reported", "filed", "investigating"])
            #expect(steps[1]["note"] as? String == "符合立案条件")
            #expect(steps[2]["note"] == nil, "notes on the investigation are not disclosed")
            #expect(!now.text.contains("阿强") && !now.text.contains("正在调取监控"))

            // The receipt in someone else's hands cannot take the subscription over.
            let stranger = try await t.citizenToken(phone: "13900139000")
            #expect(try await follow(number, code, token: stranger, path: "/api/v1/me/case-subscriptions").status == .conflict)
            let notices = try await t.send(.GET, "/api/v1/me/notifications", token: citizen)
            #expect(notices.array.filter { ($0["titleZh"] as? String)?.contains(number) == true }.count == 2, "\(notices.text)")
            #expect((try await t.send(.GET, "/api/v1/me/cases", token: citizen)).array.count == 1)
            let officerView = try await t.send(.GET, "/api/v1/officer/cases/\(caseID)", token: officer)
            #expect(officerView.text.contains("阿强") && officerView.text.contains("李*") && !officerView.text.contains("李明"))
            let stats = try await t.send(.GET, "/api/v1/officer/statistics/operations", token: officer)
            #expect((stats.object["casesByStage"] as? [String: Int])?["investigating"] == 1)

            let page = try await t.send(.GET, "/officer/statistics", token: officer)
            #expect(page.text.contains("tip-statistics") && page.text.contains("case-statistics"))
        }
    }

    @Test("cases from the case system's export: all or nothing, every bad line named, printed codes kept", arguments: DatabaseKind.available)
    func caseImport(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let desk = CaseDesk(cipher: t.registry.cipher, stages: t.app.caseStages)
            let good = #"{"number":"A440304202611020001","cause":"电信诈骗","unit":"FT","reportedOn":"2026-11-02","parties":[{"role":"victim","name":"李明","code":"DEM0-CASE"}],"history":[{"stage":"filed","on":"2026-11-04","publicNote":"已立案"}]}"#
            let bad = [
                #"{"cause":"盗窃","unit":"NOPE","reportedOn":"2026-11-02","parties":[{"role":"victim","name":"王芳"}]}"#,
                #"{"cause":"盗窃","unit":"FT","reportedOn":"2026-11-02","parties":[{"role":"victim","name":"王芳"}],"history":[{"stage":"closed","on":"2026-11-03"}]}"#,
                #"{"cause":"盗窃","unit":"FT","reportedOn":"2026-11-02","parties":[{"role":"victim","name":"王芳"}],"history":[{"stage":"not-filed","on":"2026-11-03"}]}"#,
                "not json",
            ]
            let (none, problems) = try await CaseImport(desk: desk).run(([good] + bad).joined(separator: "\n"), on: t.app.db)
            #expect(none.isEmpty && problems.count == 4, "\(problems)")
            #expect(problems.contains { $0.hasPrefix("line 2:") && $0.contains("NOPE") } && problems.contains { $0.hasPrefix("line 3:") && $0.contains("closed") })
            #expect(problems.contains { $0.hasPrefix("line 4:") && $0.contains("public note") } && problems.contains { $0.hasPrefix("line 5:") })
            #expect(try await CaseRow.query(on: t.app.db).count() == 0)
            // A number made for a line without one skips past the day's highest (a given 0003 leaves a gap a count would fall into).
            let lines = [good, #"{"cause":"入室盗窃","unit":"FT","reportedOn":"2026-11-05","parties":[{"role":"complainant","name":"王芳"}]}"#,
                         #"{"number":"A440304202611050003","cause":"诈骗","unit":"FT","reportedOn":"2026-11-05","parties":[{"role":"victim","name":"王芳"}]}"#]
            let (filed, none2) = try await CaseImport(desk: desk).run(lines.joined(separator: "\n"), on: t.app.db)
            #expect(none2.isEmpty && filed.count == 3 && filed[0].codes[0].code == "DEM0-CASE" && filed[1].number == "A440304202611050004", "\(none2) \(filed.map(\.number))")
            let twins = #"{"cause":"盗窃","unit":"FT","reportedOn":"2026-11-06","parties":[{"role":"victim","name":"甲","code":"AAAA-BBBB"},{"role":"agent","name":"乙","code":"aaaabbbb"}]}"#
            #expect(try await CaseImport(desk: desk).run(twins, on: t.app.db).1.first?.contains("share a query code") == true)
            let followed = try await t.send(.POST, "/api/v1/cases/follow", json: #"{"caseNumber":"A440304202611020001","queryCode":"demo case"}"#)
            #expect(followed.object["stage"] as? String == "filed", "\(followed.text)")
            let (_, again) = try await CaseImport(desk: desk).run(good, on: t.app.db)
            #expect(again.first?.contains("already on file") == true)
        }
    }
}
