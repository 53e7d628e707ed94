import MinshengCore
import Testing

extension RulesTests {
    @Suite struct ConditionEvaluationTests {
        static let today = RulesTests.date("2017-10-31")
        static let facts: RuleFacts = [
            "applicant.gender": "female",
            "applicant.birthDate": "1990-06-15",
            "applicant.status": "active",
            "applicant.ethnicity": "01",
            "applicant.tags": ["graduate", "veteran"],
            "account.level": 2,
            "household.memberCount": 4,
            "agency.wanted": false,
            "father.ethnicity": "01",
            "mother.ethnicity": "10",
            "father.birthDate": "1960-01-01",
            "form.moveInDate": "2003-08-07",
        ]

        static func outcome(_ condition: Condition, _ facts: RuleFacts = facts, today: CivilDate = today) -> RuleOutcome {
            RuleEvaluator.evaluate(condition, facts: facts, today: today)
        }

        /// The mismatch notes of a blocking rule made of `condition`.
        static func mismatches(_ condition: Condition) -> [String] {
            let rule = EligibilityRule(id: "r", when: condition, reasonZh: "不符合", reasonEn: "not met")
            return RuleEvaluator.evaluate(rule, facts: facts, today: today).mismatches
        }

        @Test(arguments: [
            // Strings: equality only.
            (Condition.compare(field: "applicant.gender", op: .eq, value: "female"), true),
            (.compare(field: "applicant.gender", op: .eq, value: "male"), false),
            (.compare(field: "applicant.gender", op: .ne, value: "male"), true),
            (.compare(field: "applicant.gender", op: .ne, value: "female"), false),
            // Numbers: every op, on and around the boundary.
            (.compare(field: "account.level", op: .eq, value: 2), true),
            (.compare(field: "account.level", op: .ne, value: 2), false),
            (.compare(field: "account.level", op: .lt, value: 3), true),
            (.compare(field: "account.level", op: .lt, value: 2), false),
            (.compare(field: "account.level", op: .le, value: 2), true),
            (.compare(field: "account.level", op: .le, value: 1), false),
            (.compare(field: "account.level", op: .gt, value: 1), true),
            (.compare(field: "account.level", op: .gt, value: 2), false),
            (.compare(field: "account.level", op: .ge, value: 2), true),
            (.compare(field: "account.level", op: .ge, value: 3), false),
            (.compare(field: "household.memberCount", op: .ge, value: 3.5), true),
            // Bools and lists: equality.
            (.compare(field: "agency.wanted", op: .eq, value: false), true),
            (.compare(field: "agency.wanted", op: .ne, value: false), false),
            (.compare(field: "applicant.tags", op: .eq, value: ["graduate", "veteran"]), true),
            (.compare(field: "applicant.tags", op: .eq, value: ["veteran", "graduate"]), false),
        ])
        func compareWithMatchingKinds(condition: Condition, holds: Bool) {
            #expect(Self.outcome(condition) == (holds ? .passed : .failed))
        }

        @Test(arguments: [
            (Condition.compare(field: "form.moveInDate", op: .lt, value: "2003-08-08"), true),
            (.compare(field: "form.moveInDate", op: .lt, value: "2003-08-07"), false),
            (.compare(field: "form.moveInDate", op: .le, value: "2003-08-07"), true),
            (.compare(field: "form.moveInDate", op: .ge, value: "2003-08-07"), true),
            (.compare(field: "form.moveInDate", op: .gt, value: "2003-08-07"), false),
            (.compare(field: "form.moveInDate", op: .gt, value: "2002-12-31"), true),
            (.compare(field: "form.moveInDate", op: .eq, value: "2003-08-07"), true),
            (.compare(field: "form.moveInDate", op: .ne, value: "2003-08-07"), false),
            (.compareFields(field: "father.birthDate", op: .lt, other: "applicant.birthDate"), true),
            (.compareFields(field: "form.moveInDate", op: .lt, other: "applicant.birthDate"), false),
        ])
        func datesCompareChronologically(condition: Condition, holds: Bool) {
            #expect(Self.outcome(condition) == (holds ? .passed : .failed))
        }

        @Test(arguments: [
            Condition.compare(field: "account.level", op: .eq, value: "2"),
            .compare(field: "account.level", op: .ne, value: "3"),
            .compare(field: "applicant.birthDate", op: .ge, value: 18),
            .compare(field: "applicant.gender", op: .lt, value: "male"),
            .compare(field: "agency.wanted", op: .lt, value: true),
            .compare(field: "agency.wanted", op: .eq, value: "false"),
            .compare(field: "applicant.tags", op: .ge, value: ["a"]),
            .compareFields(field: "applicant.ethnicity", op: .eq, other: "account.level"),
            .compareFields(field: "applicant.ethnicity", op: .ne, other: "account.level"),
            .compareFields(field: "applicant.ethnicity", op: .lt, other: "father.ethnicity"),
            .member(field: "account.level", op: .in, values: ["2", "3"]),
            .member(field: "account.level", op: .notIn, values: ["1"]),
            .memberOfFields(field: "account.level", op: .in, others: ["father.ethnicity", "mother.ethnicity"]),
            .memberOfFields(field: "account.level", op: .notIn, others: ["father.ethnicity"]),
            .age(field: "applicant.gender", at: .today, op: .ge, years: 18),
            .age(field: "applicant.birthDate", at: .field("account.level"), op: .ge, years: 18),
        ])
        func mismatchedKindsFailAndAreReported(condition: Condition) {
            #expect(Self.outcome(condition) == .failed)
            #expect(Self.outcome(.not(condition)) == .failed, "a mismatch must not pass through not")
            let notes = Self.mismatches(condition)
            #expect(!notes.isEmpty)
            #expect(notes.allSatisfy { !$0.contains("1990") && !$0.contains("female") }, "notes name kinds, never values")
        }

        @Test func mismatchNotesSayWhatWasWrong() {
            #expect(
                Self.mismatches(.compare(field: "applicant.birthDate", op: .ge, value: 18))
                    == ["applicant.birthDate (a date) cannot be compared by ge with a value (a number)"])
            #expect(
                Self.mismatches(.compare(field: "agency.wanted", op: .lt, value: true))
                    == ["agency.wanted (a bool) cannot be ordered by lt; only numbers and dates can"])
            #expect(
                Self.mismatches(.age(field: "applicant.gender", at: .today, op: .ge, years: 18))
                    == ["applicant.gender (a string) is not a date, so no age can be taken from it"])
        }

        @Test(arguments: [
            (Condition.member(field: "applicant.status", op: .in, values: ["active", "moved-out"]), true),
            (.member(field: "applicant.status", op: .in, values: ["cancelled"]), false),
            (.member(field: "applicant.status", op: .notIn, values: ["cancelled", "moved-out"]), true),
            (.member(field: "applicant.status", op: .notIn, values: ["active"]), false),
            (.member(field: "account.level", op: .in, values: [2, 3]), true),
            (.member(field: "account.level", op: .notIn, values: [2, 3]), false),
            (.member(field: "form.moveInDate", op: .in, values: ["2003-08-07", "2004-01-01"]), true),
            (.member(field: "agency.wanted", op: .in, values: [true]), false),
            // Values of another kind are skipped when some are comparable.
            (.member(field: "account.level", op: .in, values: ["2", 2]), true),
            (.member(field: "account.level", op: .in, values: []), false),
            (.member(field: "account.level", op: .notIn, values: []), true),
            (.memberOfFields(field: "applicant.ethnicity", op: .in, others: ["father.ethnicity", "mother.ethnicity"]), true),
            (.memberOfFields(field: "applicant.ethnicity", op: .in, others: ["mother.ethnicity"]), false),
            (.memberOfFields(field: "applicant.ethnicity", op: .notIn, others: ["mother.ethnicity"]), true),
            (.memberOfFields(field: "applicant.ethnicity", op: .notIn, others: ["mother.ethnicity", "father.ethnicity"]), false),
            // One known match decides even when another fact is missing.
            (.memberOfFields(field: "applicant.ethnicity", op: .in, others: ["guardian.ethnicity", "father.ethnicity"]), true),
            (.memberOfFields(field: "applicant.ethnicity", op: .notIn, others: ["guardian.ethnicity", "father.ethnicity"]), false),
        ])
        func membership(condition: Condition, holds: Bool) {
            #expect(Self.outcome(condition) == (holds ? .passed : .failed))
        }

        @Test func existsAndMissing() {
            #expect(Self.outcome(.exists(field: "applicant.status")) == .passed)
            #expect(Self.outcome(.exists(field: "form.newName")) == .failed)
            #expect(Self.outcome(.missing(field: "form.newName")) == .passed)
            #expect(Self.outcome(.missing(field: "applicant.status")) == .failed)
        }

        @Test(arguments: [
            Condition.compare(field: "form.newName", op: .eq, value: "x"),
            .compareFields(field: "form.newEthnicity", op: .eq, other: "father.ethnicity"),
            .compareFields(field: "father.ethnicity", op: .eq, other: "form.newEthnicity"),
            .member(field: "form.newName", op: .in, values: ["x"]),
            .memberOfFields(field: "form.newName", op: .notIn, others: ["father.ethnicity"]),
            .age(field: "form.newName", at: .today, op: .ge, years: 1),
            .age(field: "applicant.birthDate", at: .field("form.newName"), op: .ge, years: 1),
        ])
        func aMissingFactMakesTheOutcomeUnknown(condition: Condition) {
            #expect(Self.outcome(condition) == .unknown(missing: [condition.missingPath]))
            #expect(Self.outcome(.not(condition)) == .unknown(missing: [condition.missingPath]))
        }

        @Test func unknownListsEveryMissingFactOnce() {
            #expect(
                Self.outcome(.compareFields(field: "form.a", op: .eq, other: "form.b")) == .unknown(missing: ["form.a", "form.b"]))
            #expect(Self.outcome(.compareFields(field: "form.a", op: .eq, other: "form.a")) == .unknown(missing: ["form.a"]))
            #expect(
                Self.outcome(.memberOfFields(field: "applicant.ethnicity", op: .in, others: ["form.a", "mother.ethnicity", "form.b", "form.a"]))
                    == .unknown(missing: ["form.a", "form.b"]))
            #expect(
                Self.outcome(.age(field: "form.a", at: .field("form.b"), op: .ge, years: 1)) == .unknown(missing: ["form.a", "form.b"]))
            #expect(
                Self.outcome(.all([.exists(field: "applicant.status"), .compare(field: "form.a", op: .eq, value: 1), .compare(field: "form.a", op: .eq, value: 2), .compare(field: "form.b", op: .eq, value: 1)]))
                    == .unknown(missing: ["form.a", "form.b"]))
        }

        @Test func ageInFullYearsAroundTheBirthday() {
            let born: RuleFacts = ["applicant.birthDate": "1999-10-31"]
            let adult = Condition.age(field: "applicant.birthDate", at: .today, op: .ge, years: 18)
            #expect(Self.outcome(adult, born, today: RulesTests.date("2017-10-31")) == .passed, "on the 18th birthday")
            #expect(Self.outcome(adult, born, today: RulesTests.date("2017-10-30")) == .failed, "the day before")
            #expect(Self.outcome(adult, born, today: RulesTests.date("2017-11-01")) == .passed, "the day after")
            let exactly = Condition.age(field: "applicant.birthDate", at: .today, op: .eq, years: 17)
            #expect(Self.outcome(exactly, born, today: RulesTests.date("2017-10-30")) == .passed)
            #expect(Self.outcome(exactly, born, today: RulesTests.date("2016-10-30")) == .failed, "still 16")
        }

        @Test func ageOfSomeoneBornOn29February() {
            let born: RuleFacts = ["applicant.birthDate": "2000-02-29"]
            let adult = Condition.age(field: "applicant.birthDate", at: .today, op: .ge, years: 18)
            // 2018 is a common year: the birthday counts from 1 March.
            #expect(Self.outcome(adult, born, today: RulesTests.date("2018-02-28")) == .failed)
            #expect(Self.outcome(adult, born, today: RulesTests.date("2018-03-01")) == .passed)
            let twenty = Condition.age(field: "applicant.birthDate", at: .today, op: .ge, years: 20)
            #expect(Self.outcome(twenty, born, today: RulesTests.date("2020-02-28")) == .failed)
            #expect(Self.outcome(twenty, born, today: RulesTests.date("2020-02-29")) == .passed, "leap year: on the day")
        }

        @Test(arguments: [(CompareOp.eq, false), (.ne, true), (.lt, true), (.le, true), (.gt, false), (.ge, false)])
        func ageWithEveryOp(op: CompareOp, holds: Bool) {
            // Born 1990-06-15, 27 on 2017-10-31.
            #expect(Self.outcome(.age(field: "applicant.birthDate", at: .today, op: op, years: 28)) == (holds ? .passed : .failed))
        }

        @Test func ageAtAnotherDateFact() {
            // Born 1990-06-15; moved in 2003-08-07, aged 13.
            let minorAtMove = Condition.age(field: "applicant.birthDate", at: .field("form.moveInDate"), op: .lt, years: 18)
            #expect(Self.outcome(minorAtMove) == .passed)
            #expect(Self.outcome(.age(field: "applicant.birthDate", at: .field("form.moveInDate"), op: .eq, years: 13)) == .passed)
        }

        @Test func allAnyNotFollowThreeValuedLogic() {
            let yes = Condition.exists(field: "applicant.status")
            let no = Condition.missing(field: "applicant.status")
            let unknown = Condition.compare(field: "form.x", op: .eq, value: 1)
            let missing = RuleOutcome.unknown(missing: ["form.x"])
            #expect(Self.outcome(.all([])) == .passed)
            #expect(Self.outcome(.any([])) == .failed)
            #expect(Self.outcome(.all([yes, yes])) == .passed)
            #expect(Self.outcome(.all([yes, no])) == .failed)
            #expect(Self.outcome(.all([yes, unknown])) == missing)
            #expect(Self.outcome(.all([unknown, no])) == .failed)
            #expect(Self.outcome(.any([no, yes])) == .passed)
            #expect(Self.outcome(.any([no, no])) == .failed)
            #expect(Self.outcome(.any([unknown, yes])) == .passed)
            #expect(Self.outcome(.any([no, unknown])) == missing)
            #expect(Self.outcome(.not(yes)) == .failed)
            #expect(Self.outcome(.not(no)) == .passed)
            #expect(Self.outcome(.not(.not(yes))) == .passed)
            #expect(Self.outcome(.not(unknown)) == missing)
            #expect(Self.outcome(.all([.any([no, .not(no)]), .not(.any([no, .all([yes, no])]))])) == .passed)
            #expect(Self.outcome(.any([.all([yes, .not(yes)]), .not(.all([yes, yes]))])) == .failed)
            #expect(Self.outcome(.not(.all([yes, .any([no, unknown])]))) == missing)
        }

        @Test func mismatchesInsideCombinations() {
            let yes = Condition.exists(field: "applicant.status")
            let no = Condition.missing(field: "applicant.status")
            let bad = Condition.compare(field: "agency.wanted", op: .eq, value: "false")
            let unknown = Condition.compare(field: "form.x", op: .eq, value: 1)
            // Another branch can decide despite the bad one…
            #expect(Self.outcome(.any([bad, yes])) == .passed)
            #expect(Self.outcome(.all([bad, no])) == .failed)
            #expect(Self.outcome(.not(.all([bad, no]))) == .passed)
            // …but the bad one never turns into a pass.
            #expect(Self.outcome(.all([bad, yes])) == .failed)
            #expect(Self.outcome(.not(.all([bad, yes]))) == .failed)
            #expect(Self.outcome(.not(.any([bad, no]))) == .failed)
            #expect(Self.outcome(.any([bad, unknown])) == .failed)
            #expect(Self.mismatches(.any([bad, yes])).count == 1, "reported even when another branch decided")
        }

        @Test func evaluationNeverTrapsOnOddData() {
            let odd: RuleFacts = [
                "a.n": .number(.infinity), "a.nan": .number(.nan), "a.big": .number(1e300),
                "a.d": "0001-01-01", "a.empty": [], "a.s": "",
            ]
            let conditions: [Condition] = [
                .compare(field: "a.n", op: .gt, value: 1), .compare(field: "a.nan", op: .eq, value: .number(.nan)),
                .age(field: "a.d", at: .today, op: .ge, years: 2000), .age(field: "a.d", at: .field("a.d"), op: .eq, years: 0),
                .compare(field: "a.empty", op: .eq, value: []), .member(field: "a.s", op: .in, values: [""]),
                .compareFields(field: "a.big", op: .gt, other: "a.n"),
            ]
            let outcomes = conditions.map { Self.outcome($0, odd) }
            #expect(outcomes == [.passed, .failed, .passed, .passed, .passed, .passed, .failed])
        }
    }
}

extension Condition {
    /// For the missing-fact tests: the one path the condition names that the fixture lacks.
    fileprivate var missingPath: String {
        switch self {
        case .compare(let field, _, _), .member(let field, _, _), .memberOfFields(let field, _, _):
            field
        case .compareFields(let field, _, let other):
            field.hasPrefix("form.") ? field : other
        case .age(let field, let at, _, _):
            if case .field(let path) = at, path.hasPrefix("form.") { path } else { field }
        default:
            ""
        }
    }
}
