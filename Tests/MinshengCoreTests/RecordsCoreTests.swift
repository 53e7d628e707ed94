import Foundation
import MinshengCore
import Testing

@Suite("No-criminal-record certificates and cases, pure: the check, the policy's dates and wording, codes, stages")
struct RecordsCoreTests {
    @Test("the connector's flags: a conviction or a sentence refuses, open proceedings need an investigation, nothing is clear")
    func check() {
        #expect(CriminalRecordCheck.decide(["agency.criminalRecord": .bool(false), "agency.underProsecution": .bool(false)]) == .clear)
        #expect(CriminalRecordCheck.decide([:]) == .clear)
        #expect(CriminalRecordCheck.decide(["agency.criminalRecord": .bool(true), "agency.underProsecution": .bool(true)]) == .recordFound)
        #expect(CriminalRecordCheck.decide(["agency.servingSentence": .bool(true)]) == .recordFound)
        #expect(CriminalRecordCheck.decide(["agency.wanted": .bool(true)]) == .needsInvestigation)
    }

    static let policy = NoCriminalRecordPolicy(
        service: "ZM-01", investigationTimeLimit: 15, validityMonths: 3, periodFromAge: 14, issuer: .init(zh: "深圳市公安局", en: "Shenzhen PSB"),
        statement: .init(zh: "自{from}至{to}，未发现{name}（{idNumber}）有犯罪记录。", en: "No record for {name} ({idNumber}) from {from} to {to}."),
        restriction: .init(zh: "不得用于诉讼", en: "not for litigation"), refusal: .init(zh: "不予出具", en: "refused"), source: "test")

    @Test("period from the 14th birthday; accepted three months, to the last day of a shorter month; wording filled in")
    func policyDates() {
        let p = Self.policy
        let issued = CivilDate(year: 2026, month: 11, day: 30)!
        #expect(p.expiry(issued: issued) == CivilDate(year: 2027, month: 2, day: 28)!)
        #expect(p.expiry(issued: CivilDate(year: 2026, month: 5, day: 15)!) == CivilDate(year: 2026, month: 8, day: 15)!)
        let period = p.period(birthDate: CivilDate(year: 1990, month: 1, day: 1)!, issued: issued)
        #expect(period.from == CivilDate(year: 2004, month: 1, day: 1)! && period.to == issued)
        #expect(p.statement(name: "李明", idNumber: "X", from: period.from, to: period.to, language: "zh") == "自2004-01-01至2026-11-30，未发现李明（X）有犯罪记录。")
        #expect(NoCriminalRecordPolicy.validate(p, normalTimeLimit: 3).isEmpty)
        var broken = p
        broken.statement = .init(zh: "未发现{name}", en: "")
        broken.investigationTimeLimit = 2
        let problems = NoCriminalRecordPolicy.validate(broken, normalTimeLimit: 3)
        #expect(problems.contains { $0.contains("investigation_time_limit") } && problems.contains { $0.contains("{idNumber}") } && problems.contains { $0.contains("statement needs both") })
        #expect(NoCriminalRecordPolicy.validate(p, normalTimeLimit: nil).contains { $0.contains("not in the catalog") })
    }

    @Test("verification codes, query codes and case numbers read back in their printed form")
    func codes() {
        var rng = SystemRandomNumberGenerator()
        let code = CertificateCode.new(using: &rng)
        #expect(code.hasPrefix("YZ-") && code.count == 22)
        #expect(CertificateCode.parse(code.lowercased().replacingOccurrences(of: "-", with: "")) == code)
        #expect(CertificateCode.parse(String(code.dropFirst(3))) == code && CertificateCode.parse("YZ-1234") == nil)
        let query = CaseCode.newQueryCode(using: &rng)
        #expect(CaseCode.queryCode(query.lowercased()) == query && CaseCode.queryCode("demo case") == "DEM0-CASE" && CaseCode.queryCode("abc") == nil)
        let number = CaseCode.caseNumber(division: "440304", on: CivilDate(year: 2026, month: 11, day: 2)!, serial: 1)
        #expect(number == "A440304202611020001" && CaseCode.caseNumber("a4403 0420 2611 020001") == number && CaseCode.caseNumber("A12") == nil)
    }

    static func rule(_ stage: CaseStage, _ next: [CaseStage], note: Bool = false) -> CaseStageRule {
        CaseStageRule(stage: stage, name: .init(zh: "环节", en: "stage"), partyNote: .init(zh: "说明", en: "note"), next: next, discloseNote: true, noteRequired: note, source: "t")
    }

    @Test("stages: each once, reported first, every one reachable, no stage after itself")
    func stages() {
        let good = [Self.rule(.reported, [.filed, .notFiled]), Self.rule(.filed, [.investigating, .withdrawn, .closed]), Self.rule(.notFiled, [.filed], note: true),
                    Self.rule(.investigating, [.transferred, .closed]), Self.rule(.transferred, [.closed]), Self.rule(.withdrawn, [], note: true), Self.rule(.closed, [])]
        #expect(CaseStages.validate(good).isEmpty)
        let stages = CaseStages(rules: good)
        #expect(stages.allows(from: .reported, to: .filed) && !stages.allows(from: .reported, to: .closed) && !stages.allows(from: .closed, to: .filed))
        var broken = good
        broken[0] = Self.rule(.reported, [.filed, .reported])
        broken.removeLast()
        let problems = CaseStages.validate(broken)
        #expect(problems.contains("stage closed is missing") && problems.contains("stage reported cannot follow itself") && problems.contains("stage not-filed cannot be reached from reported"))
    }
}
