import Foundation
import MinshengCore
import Testing

extension RulesTests {
    @Suite struct EligibilityRuleTests {
        static let today = RulesTests.date("2017-10-31")

        @Test func decodesWithBilingualReasonAndBlockingByDefault() throws {
            let json = """
                {"id": "adult", "when": {"age": "applicant.birthDate", "at": "today", "op": "ge", "years": 18},
                 "reason": {"zh": "申请人须年满18周岁", "en": "The applicant must be 18 or older"}}
                """
            let rule = try RulesTests.decode(EligibilityRule.self, json)
            #expect(rule.id == "adult")
            #expect(rule.when == .age(field: "applicant.birthDate", at: .today, op: .ge, years: 18))
            #expect(rule.reasonZh == "申请人须年满18周岁")
            #expect(rule.reasonEn == "The applicant must be 18 or older")
            #expect(rule.blocking)
        }

        @Test func encodesBlockingOnlyWhenFalse() throws {
            let blocking = EligibilityRule(id: "a", when: .exists(field: "form.x"), reasonZh: "甲", reasonEn: "A")
            #expect(try RulesTests.json(blocking) == #"{"id":"a","reason":{"en":"A","zh":"甲"},"when":{"field":"form.x","op":"exists"}}"#)
            let warning = EligibilityRule(id: "b", when: .all([]), reasonZh: "乙", reasonEn: "B", blocking: false)
            let text = try RulesTests.json(warning)
            #expect(text == #"{"blocking":false,"id":"b","reason":{"en":"B","zh":"乙"},"when":{"all":[]}}"#)
            #expect(try RulesTests.decode(EligibilityRule.self, text) == warning)
            #expect(try RulesTests.decode(EligibilityRule.self, try RulesTests.json(blocking)) == blocking)
        }

        @Test func rejectsUnknownKeysAndMissingParts() {
            let unknown = RulesTests.decodingProblem(
                EligibilityRule.self, #"{"id":"a","when":{"all":[]},"reasons":{"zh":"甲","en":"A"}}"#)
            #expect(unknown?.contains("Unknown key reasons in a rule") == true)
            let reason = RulesTests.decodingProblem(
                EligibilityRule.self, #"{"id":"a","when":{"all":[]},"reason":{"zh":"甲","en":"A","fr":"A"}}"#)
            #expect(reason?.contains("Unknown key fr in the reason of rule a") == true)
            #expect(throws: DecodingError.self) {
                try RulesTests.decode(EligibilityRule.self, #"{"id":"a","when":{"all":[]},"reason":{"zh":"甲"}}"#)
            }
            #expect(throws: DecodingError.self) {
                try RulesTests.decode(EligibilityRule.self, #"{"id":"a","reason":{"zh":"甲","en":"A"}}"#)
            }
        }

        @Test func reportListsEveryOutcomeInOrder() {
            let rules = [
                EligibilityRule(id: "level", when: .compare(field: "account.level", op: .ge, value: 3), reasonZh: "须完成实人认证", reasonEn: "Person verification (L3) is required"),
                EligibilityRule(id: "active", when: .compare(field: "applicant.status", op: .eq, value: "active"), reasonZh: "户籍状态须为正常", reasonEn: "The registration must be active"),
                EligibilityRule(id: "adult", when: .age(field: "applicant.birthDate", at: .today, op: .ge, years: 18), reasonZh: "须年满18周岁", reasonEn: "Must be 18 or older"),
                EligibilityRule(id: "photo", when: .exists(field: "form.photo"), reasonZh: "建议上传照片", reasonEn: "A photo is recommended", blocking: false),
            ]
            let facts: RuleFacts = ["account.level": 2, "applicant.status": "active"]
            let report = RuleEvaluator.evaluate(rules, facts: facts, today: Self.today)
            #expect(report.results.map(\.ruleID) == ["level", "active", "adult", "photo"])
            #expect(report.results.map(\.outcome) == [.failed, .passed, .unknown(missing: ["applicant.birthDate"]), .failed])
            #expect(!report.isEligible)
            #expect(report.failures.map(\.ruleID) == ["level", "adult"])
            #expect(report.failures[0].reasonZh == "须完成实人认证")
            #expect(report.failures[0].reasonEn == "Person verification (L3) is required")
            #expect(report.failures[1].reasonZh == "信息不足：缺少 applicant.birthDate")
            #expect(report.failures[1].reasonEn == "missing information: applicant.birthDate")
            #expect(report.failures[1].missingFields == ["applicant.birthDate"])
            #expect(report.warnings.map(\.ruleID) == ["photo"])
            #expect(report.warnings[0].reasonEn == "A photo is recommended", "exists fails, never unknown")
            #expect(report.result(for: "active")?.passed == true)
            #expect(report.result(for: "none") == nil)
        }

        @Test func unknownReasonNamesEveryMissingFact() {
            let rule = EligibilityRule(
                id: "parents", when: .memberOfFields(field: "form.newEthnicity", op: .in, others: ["father.ethnicity", "mother.ethnicity"]),
                reasonZh: "民族只能随父或随母", reasonEn: "Ethnicity may only follow the father's or the mother's")
            let result = RuleEvaluator.evaluate(rule, facts: ["form.newEthnicity": "01"], today: Self.today)
            #expect(result.reasonZh == "信息不足：缺少 father.ethnicity、mother.ethnicity")
            #expect(result.reasonEn == "missing information: father.ethnicity, mother.ethnicity")
        }

        @Test func warningsDoNotBlock() {
            let rules = [
                EligibilityRule(id: "ok", when: .all([]), reasonZh: "甲", reasonEn: "A"),
                EligibilityRule(id: "soft", when: .any([]), reasonZh: "乙", reasonEn: "B", blocking: false),
            ]
            let report = RuleEvaluator.evaluate(rules, facts: [:], today: Self.today)
            #expect(report.isEligible)
            #expect(report.failures.isEmpty)
            #expect(report.warnings.map(\.reasonZh) == ["乙"])
            #expect(RuleEvaluator.evaluate([], facts: [:], today: Self.today).isEligible)
        }

        @Test func aMismatchIsAReportedFailure() {
            let rule = EligibilityRule(id: "level", when: .compare(field: "account.level", op: .ge, value: 2), reasonZh: "等级不足", reasonEn: "Level too low")
            let report = RuleEvaluator.evaluate([rule], facts: ["account.level": "L2"], today: Self.today)
            #expect(!report.isEligible)
            #expect(report.failures.first?.outcome == .failed)
            #expect(report.failures.first?.reasonEn == "Level too low")
            #expect(report.failures.first?.mismatches == ["account.level (a string) cannot be compared by ge with a value (a number)"])
        }
    }
}
