import MinshengCore
import Testing

extension RulesTests {
    /// Rules of real 户政 items (domain.md §1), written as the JSON equivalent of the catalog's YAML.
    @Suite struct RealWorldRuleTests {
        static let today = RulesTests.date("2017-10-31")

        static let vocabulary: [String: FactType] = [
            "applicant.gender": .string, "applicant.birthDate": .date, "applicant.status": .string,
            "applicant.statusReason": .string, "applicant.ethnicity": .string, "father.ethnicity": .string,
            "mother.ethnicity": .string, "agency.wanted": .bool, "agency.underProsecution": .bool,
        ]

        static func rules(_ json: String) throws -> [EligibilityRule] {
            let rules = try RulesTests.decode([EligibilityRule].self, json)
            #expect(RuleValidator.validate(rules, knownFields: [], fieldTypes: vocabulary, formFields: ["newEthnicity", "newName"]) == [])
            return rules
        }

        // MARK: HZ-04 民族变更: only to the father's or the mother's ethnicity, and not from age 20.

        static let ethnicityJSON = """
            [
              {"id": "ethnicity-of-a-parent",
               "when": {"field": "form.newEthnicity", "op": "in", "otherFields": ["father.ethnicity", "mother.ethnicity"]},
               "reason": {"zh": "民族只能变更为父亲或母亲的民族", "en": "Ethnicity may only change to the father's or the mother's"}},
              {"id": "ethnicity-differs",
               "when": {"field": "form.newEthnicity", "op": "ne", "otherField": "applicant.ethnicity"},
               "reason": {"zh": "新民族与现民族相同", "en": "The new ethnicity is the current one"}},
              {"id": "ethnicity-before-20",
               "when": {"age": "applicant.birthDate", "at": "today", "op": "lt", "years": 20},
               "reason": {"zh": "年满20周岁后不得变更民族", "en": "Ethnicity cannot change from age 20"}}
            ]
            """

        static func ethnicityFacts(new: String, father: String?, mother: String?, born: String = "1998-11-01") -> RuleFacts {
            var facts: RuleFacts = ["applicant.ethnicity": "01", "applicant.birthDate": .date(RulesTests.date(born)), "form.newEthnicity": .string(new)]
            facts["father.ethnicity"] = father.map(FactValue.string)
            facts["mother.ethnicity"] = mother.map(FactValue.string)
            return facts
        }

        @Test func ethnicityMayFollowTheFatherOrTheMother() throws {
            let rules = try Self.rules(Self.ethnicityJSON)
            let toMother = RuleEvaluator.evaluate(rules, facts: Self.ethnicityFacts(new: "10", father: "01", mother: "10"), today: Self.today)
            #expect(toMother.isEligible)
            let toFather = RuleEvaluator.evaluate(rules, facts: Self.ethnicityFacts(new: "11", father: "11", mother: "01"), today: Self.today)
            #expect(toFather.isEligible)
            // The father is unknown (e.g. not registered), but the mother's ethnicity decides.
            let fatherUnknown = RuleEvaluator.evaluate(rules, facts: Self.ethnicityFacts(new: "10", father: nil, mother: "10"), today: Self.today)
            #expect(fatherUnknown.isEligible)
        }

        @Test func ethnicityOfNeitherParentIsRefused() throws {
            let rules = try Self.rules(Self.ethnicityJSON)
            let report = RuleEvaluator.evaluate(rules, facts: Self.ethnicityFacts(new: "04", father: "01", mother: "10"), today: Self.today)
            #expect(!report.isEligible)
            #expect(report.failures.map(\.ruleID) == ["ethnicity-of-a-parent"])
            #expect(report.failures[0].reasonZh == "民族只能变更为父亲或母亲的民族")
            let unchanged = RuleEvaluator.evaluate(rules, facts: Self.ethnicityFacts(new: "01", father: "01", mother: "10"), today: Self.today)
            #expect(unchanged.failures.map(\.ruleID) == ["ethnicity-differs"])
            let noParents = RuleEvaluator.evaluate(rules, facts: Self.ethnicityFacts(new: "04", father: nil, mother: nil), today: Self.today)
            #expect(noParents.failures.first?.reasonEn == "missing information: father.ethnicity, mother.ethnicity")
        }

        @Test func ethnicityCannotChangeFromAge20() throws {
            let rules = try Self.rules(Self.ethnicityJSON)
            let nineteen = Self.ethnicityFacts(new: "10", father: "01", mother: "10", born: "1997-11-01")
            #expect(RuleEvaluator.evaluate(rules, facts: nineteen, today: Self.today).isEligible, "20 tomorrow")
            let twenty = Self.ethnicityFacts(new: "10", father: "01", mother: "10", born: "1997-10-31")
            let report = RuleEvaluator.evaluate(rules, facts: twenty, today: Self.today)
            #expect(report.failures.map(\.ruleID) == ["ethnicity-before-20"])
            #expect(report.failures[0].reasonEn == "Ethnicity cannot change from age 20")
        }

        // MARK: HZ-20 父母投靠子女: a man of 60 or over, a woman of 55 or over.

        static let parentsJSON = """
            [{"id": "parent-age",
              "when": {"any": [
                {"all": [{"field": "applicant.gender", "op": "eq", "value": "male"},
                         {"age": "applicant.birthDate", "at": "today", "op": "ge", "years": 60}]},
                {"all": [{"field": "applicant.gender", "op": "eq", "value": "female"},
                         {"age": "applicant.birthDate", "at": "today", "op": "ge", "years": 55}]}]},
              "reason": {"zh": "投靠子女的父亲须年满60周岁，母亲须年满55周岁",
                         "en": "A father must be 60 or older and a mother 55 or older to join their child"}}]
            """

        @Test(arguments: [
            ("male", "1957-10-31", true), ("male", "1957-11-01", false), ("male", "1940-01-01", true),
            ("female", "1962-10-31", true), ("female", "1962-11-01", false), ("male", "1962-10-31", false),
        ])
        func parentsJoiningAChildByAgeAndSex(gender: String, born: String, eligible: Bool) throws {
            let rules = try Self.rules(Self.parentsJSON)
            let facts: RuleFacts = ["applicant.gender": .string(gender), "applicant.birthDate": .date(RulesTests.date(born))]
            let report = RuleEvaluator.evaluate(rules, facts: facts, today: Self.today)
            #expect(report.isEligible == eligible)
            if !eligible {
                #expect(report.failures.first?.reasonZh == "投靠子女的父亲须年满60周岁，母亲须年满55周岁")
            }
        }

        @Test func parentsWithoutABirthDateAreUndecided() throws {
            let rules = try Self.rules(Self.parentsJSON)
            let report = RuleEvaluator.evaluate(rules, facts: ["applicant.gender": FactValue(Gender.female)], today: Self.today)
            #expect(!report.isEligible)
            #expect(report.results[0].outcome == .unknown(missing: ["applicant.birthDate"]))
            #expect(report.failures[0].reasonZh == "信息不足：缺少 applicant.birthDate")
        }

        // MARK: HZ-01 姓名变更: refused while wanted or under criminal prosecution.

        static let nameChangeJSON = """
            [{"id": "not-wanted-or-prosecuted",
              "when": {"not": {"any": [{"field": "agency.wanted", "op": "eq", "value": true},
                                       {"field": "agency.underProsecution", "op": "eq", "value": true}]}},
              "reason": {"zh": "被通缉或正在被追诉的人员不予变更姓名",
                         "en": "No name change while wanted or under criminal prosecution"}},
             {"id": "new-name-given",
              "when": {"field": "form.newName", "op": "exists"},
              "reason": {"zh": "请填写新姓名", "en": "Enter the new name"}}]
            """

        @Test(arguments: [(false, false, true), (true, false, false), (false, true, false), (true, true, false)])
        func nameChangeRefusedWhileWantedOrProsecuted(wanted: Bool, prosecuted: Bool, eligible: Bool) throws {
            let rules = try Self.rules(Self.nameChangeJSON)
            let facts: RuleFacts = ["agency.wanted": .bool(wanted), "agency.underProsecution": .bool(prosecuted), "form.newName": "张新"]
            let report = RuleEvaluator.evaluate(rules, facts: facts, today: Self.today)
            #expect(report.isEligible == eligible)
            #expect(report.failures.map(\.reasonEn) == (eligible ? [] : ["No name change while wanted or under criminal prosecution"]))
        }

        @Test func nameChangeNeedsTheAgencyAnswers() throws {
            let rules = try Self.rules(Self.nameChangeJSON)
            let unanswered = RuleEvaluator.evaluate(rules, facts: ["agency.wanted": false, "form.newName": "张新"], today: Self.today)
            #expect(!unanswered.isEligible)
            #expect(unanswered.failures[0].reasonEn == "missing information: agency.underProsecution")
            // A known "wanted" decides even while the other answer is missing.
            let wanted = RuleEvaluator.evaluate(rules, facts: ["agency.wanted": true, "form.newName": "张新"], today: Self.today)
            #expect(wanted.failures[0].outcome == .failed)
            // Garbled agency data is never read as "not wanted".
            let garbled = RuleEvaluator.evaluate(
                rules, facts: ["agency.wanted": "no", "agency.underProsecution": false, "form.newName": "张新"], today: Self.today)
            #expect(!garbled.isEligible)
            #expect(garbled.failures[0].mismatches == ["agency.wanted (a string) cannot be compared by eq with a value (a bool)"])
        }

        // MARK: 复户 (HZ-13, 14, 17): only a cancelled registration can be restored.

        static let restorationJSON = """
            [{"id": "registration-cancelled",
              "when": {"field": "applicant.status", "op": "eq", "value": "cancelled"},
              "reason": {"zh": "户口未注销，无需复户", "en": "The registration is not cancelled, so there is nothing to restore"}},
             {"id": "cancelled-for-a-restorable-reason",
              "when": {"field": "applicant.statusReason", "op": "in", "values": ["emigrated", "missing"]},
              "reason": {"zh": "注销原因不适用本事项", "en": "The reason for cancellation does not fit this item"}}]
            """

        @Test(arguments: [
            ("active", nil, false), ("moved-out", nil, false), ("cancelled", "emigrated", true), ("cancelled", "missing", true),
            ("cancelled", "deceased", false),
        ] as [(String, String?, Bool)])
        func restorationRequiresACancelledRegistration(status: String, reason: String?, eligible: Bool) throws {
            let rules = try Self.rules(Self.restorationJSON)
            var facts: RuleFacts = ["applicant.status": .string(status)]
            facts["applicant.statusReason"] = reason.map(FactValue.string)
            let report = RuleEvaluator.evaluate(rules, facts: facts, today: Self.today)
            #expect(report.isEligible == eligible)
            #expect(report.results[0].passed == (status == "cancelled"))
        }
    }
}
