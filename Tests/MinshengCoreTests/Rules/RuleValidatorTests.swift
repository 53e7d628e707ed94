import MinshengCore
import Testing

extension RulesTests {
    @Suite struct RuleValidatorTests {
        static let types: [String: FactType] = [
            "applicant.gender": .string, "applicant.birthDate": .date, "applicant.status": .string,
            "account.level": .number, "agency.wanted": .bool, "father.ethnicity": .string, "mother.ethnicity": .string,
            "form.newEthnicity": .string, "applicant.tags": .list,
        ]
        static let known: Set<String> = ["applicant.divisionCode", "household.kind"]

        static func rule(_ id: String, _ when: Condition, zh: String = "理由", en: String = "reason") -> EligibilityRule {
            EligibilityRule(id: id, when: when, reasonZh: zh, reasonEn: en)
        }

        static func problems(_ rules: [EligibilityRule], formFields: Set<String> = []) -> [String] {
            RuleValidator.validate(rules, knownFields: known, fieldTypes: types, formFields: formFields)
        }

        @Test func soundRulesHaveNoProblems() {
            let rules = [
                Self.rule("a", .compare(field: "account.level", op: .ge, value: 3)),
                Self.rule("b", .memberOfFields(field: "form.newEthnicity", op: .in, others: ["father.ethnicity", "mother.ethnicity"])),
                Self.rule("c", .not(.compare(field: "agency.wanted", op: .eq, value: true))),
                Self.rule("d", .any([.age(field: "applicant.birthDate", at: .today, op: .ge, years: 60), .exists(field: "form.newName")])),
                Self.rule("e", .member(field: "household.kind", op: .in, values: ["family", 1])),
                Self.rule("f", .age(field: "applicant.birthDate", at: .field("form.moveInDate"), op: .lt, years: 18)),
            ]
            #expect(Self.problems(rules, formFields: ["newName", "form.moveInDate"]) == [])
            #expect(RuleValidator.validate(rules) == [])
        }

        @Test func idsMustBePresentAndUnique() {
            let rules = [Self.rule("a", .all([.exists(field: "household.kind")])), Self.rule("", .exists(field: "household.kind")), Self.rule("a", .exists(field: "household.kind")), Self.rule("a", .exists(field: "household.kind"))]
            #expect(RuleValidator.validate(rules) == [#"rule "a": id is used by 3 rules"#, "rule #2: id is empty"])
        }

        @Test func reasonsMustBeGivenInBothLanguages() {
            let rules = [Self.rule("a", .exists(field: "household.kind"), zh: " ", en: ""), Self.rule("b", .exists(field: "household.kind"), zh: "有", en: "\n")]
            #expect(
                RuleValidator.validate(rules) == [
                    #"rule "a": reason.zh is empty"#, #"rule "a": reason.en is empty"#, #"rule "b": reason.en is empty"#,
                ])
        }

        @Test func fieldsMustBeInTheVocabularyWhenOneIsGiven() {
            let rules = [
                Self.rule("a", .all([.exists(field: "applicant.birthdate"), .not(.missing(field: "form.newName"))])),
                Self.rule("b", .memberOfFields(field: "form.newEthnicity", op: .in, others: ["father.ethnicity", "grandfather.ethnicity"])),
                Self.rule("c", .age(field: "applicant.birthDate", at: .field("form.marriageDate"), op: .ge, years: 18)),
            ]
            #expect(
                Self.problems(rules, formFields: ["marriageDate"]) == [
                    #"rule "a": when.all[0]: unknown field applicant.birthdate"#,
                    #"rule "a": when.all[1].not: form.newName is not a field of the service's form"#,
                    #"rule "b": when: unknown field grandfather.ethnicity"#,
                ])
            #expect(RuleValidator.validate(rules) == [], "no vocabulary, no complaint")
        }

        @Test(arguments: ["", "applicant", "applicant.", ".birthDate", "applicant..birthDate", "applicant.birth date"])
        func pathsMustBeDotted(path: String) {
            #expect(
                RuleValidator.validate([Self.rule("a", .exists(field: path))])
                    == [#"rule "a": when: "\#(path)" is not a dotted field path such as applicant.birthDate"#])
        }

        @Test func opsMustSuitTheValue() {
            let rules = [
                Self.rule("bool", .compare(field: "agency.wanted", op: .lt, value: true)),
                Self.rule("string", .compare(field: "form.x", op: .ge, value: "b")),
                Self.rule("list", .compare(field: "form.x", op: .gt, value: [1])),
                Self.rule("ok", .compare(field: "form.x", op: .ne, value: true)),
            ]
            #expect(
                RuleValidator.validate(rules) == [
                    #"rule "bool": when: op lt cannot order a bool; only numbers and dates have an order"#,
                    #"rule "string": when: op ge cannot order a string; only numbers and dates have an order"#,
                    #"rule "list": when: op gt cannot order a list; only numbers and dates have an order"#,
                ])
        }

        @Test func valuesMustMatchTheFieldsType() {
            let rules = [
                Self.rule("a", .compare(field: "applicant.birthDate", op: .ge, value: 18)),
                Self.rule("b", .member(field: "applicant.status", op: .in, values: ["active", 1, true])),
                Self.rule("c", .compareFields(field: "account.level", op: .eq, other: "applicant.status")),
                Self.rule("d", .compareFields(field: "applicant.status", op: .lt, other: "father.ethnicity")),
                Self.rule("e", .memberOfFields(field: "account.level", op: .in, others: ["father.ethnicity", "mother.ethnicity"])),
                Self.rule("f", .compareFields(field: "account.level", op: .eq, other: "account.level")),
            ]
            #expect(
                Self.problems(rules) == [
                    #"rule "a": when: applicant.birthDate is a date but the value is a number"#,
                    #"rule "b": when: applicant.status is a string but the values include a bool, a number"#,
                    #"rule "c": when: account.level is a number but applicant.status is a string"#,
                    #"rule "d": when: op lt cannot order a string; only numbers and dates have an order"#,
                    #"rule "e": when: account.level is a number but father.ethnicity is a string"#,
                    #"rule "e": when: account.level is a number but mother.ethnicity is a string"#,
                    #"rule "f": when: account.level is compared with itself"#,
                ])
        }

        @Test func agesOnlyFromAndAtDates() {
            let rules = [
                Self.rule("a", .age(field: "applicant.gender", at: .today, op: .ge, years: 18)),
                Self.rule("b", .age(field: "applicant.birthDate", at: .field("account.level"), op: .ge, years: 18)),
                Self.rule("c", .age(field: "applicant.birthDate", at: .today, op: .ge, years: -1)),
                Self.rule("d", .age(field: "applicant.birthDate", at: .today, op: .lt, years: 151)),
            ]
            #expect(
                Self.problems(rules) == [
                    #"rule "a": when: age is taken from applicant.gender, which is a string, not a date"#,
                    #"rule "b": when: age is taken at account.level, which is a number, not a date"#,
                    #"rule "c": when: years is -1; an age is 0–150 years"#,
                    #"rule "d": when: years is 151; an age is 0–150 years"#,
                ])
        }

        @Test func emptyListsAreProblems() {
            let rules = [
                Self.rule("a", .all([.any([]), .not(.all([]))])),
                Self.rule("b", .member(field: "applicant.status", op: .notIn, values: [])),
                Self.rule("c", .memberOfFields(field: "form.newEthnicity", op: .in, others: [])),
            ]
            #expect(
                RuleValidator.validate(rules) == [
                    #"rule "a": when.all[0]: any has no conditions"#,
                    #"rule "a": when.all[1].not: all has no conditions"#,
                    #"rule "b": when: op notIn on applicant.status has no values"#,
                    #"rule "c": when: op in on form.newEthnicity has no otherFields"#,
                ])
        }
    }
}
