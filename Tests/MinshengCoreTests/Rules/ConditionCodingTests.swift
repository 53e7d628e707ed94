import Foundation
import MinshengCore
import Testing

extension RulesTests {
    @Suite struct ConditionCodingTests {
        /// The JSON form of each YAML shape in `Condition`'s documentation, keys sorted, and what it decodes to.
        static let shapes: [(String, Condition)] = [
            (#"{"field":"account.level","op":"ge","value":2}"#, .compare(field: "account.level", op: .ge, value: 2)),
            (#"{"field":"applicant.birthDate","op":"lt","value":"2000-01-01"}"#,
             .compare(field: "applicant.birthDate", op: .lt, value: .date(RulesTests.date("2000-01-01")))),
            (#"{"field":"applicant.gender","op":"eq","value":"female"}"#, .compare(field: "applicant.gender", op: .eq, value: "female")),
            (#"{"field":"agency.wanted","op":"ne","value":true}"#, .compare(field: "agency.wanted", op: .ne, value: true)),
            (#"{"field":"household.memberCount","op":"le","value":2.5}"#, .compare(field: "household.memberCount", op: .le, value: 2.5)),
            (#"{"field":"applicant.tags","op":"eq","value":["a",1]}"#, .compare(field: "applicant.tags", op: .eq, value: ["a", 1])),
            (#"{"field":"account.level","op":"gt","value":1}"#, .compare(field: "account.level", op: .gt, value: 1)),
            (#"{"field":"form.newEthnicity","op":"eq","otherField":"father.ethnicity"}"#,
             .compareFields(field: "form.newEthnicity", op: .eq, other: "father.ethnicity")),
            (#"{"field":"applicant.status","op":"in","values":["active","moved-out"]}"#,
             .member(field: "applicant.status", op: .in, values: ["active", "moved-out"])),
            (#"{"field":"account.level","op":"notIn","values":[1,"2017-10-31"]}"#,
             .member(field: "account.level", op: .notIn, values: [1, .date(RulesTests.date("2017-10-31"))])),
            (#"{"field":"form.newEthnicity","op":"in","otherFields":["father.ethnicity","mother.ethnicity"]}"#,
             .memberOfFields(field: "form.newEthnicity", op: .in, others: ["father.ethnicity", "mother.ethnicity"])),
            (#"{"field":"form.newEthnicity","op":"notIn","otherFields":["applicant.ethnicity"]}"#,
             .memberOfFields(field: "form.newEthnicity", op: .notIn, others: ["applicant.ethnicity"])),
            (#"{"field":"form.newName","op":"exists"}"#, .exists(field: "form.newName")),
            (#"{"field":"agency.record","op":"missing"}"#, .missing(field: "agency.record")),
            (#"{"age":"applicant.birthDate","at":"today","op":"ge","years":18}"#,
             .age(field: "applicant.birthDate", at: .today, op: .ge, years: 18)),
            (#"{"age":"applicant.birthDate","at":"form.moveInDate","op":"lt","years":16}"#,
             .age(field: "applicant.birthDate", at: .field("form.moveInDate"), op: .lt, years: 16)),
            (#"{"all":[{"field":"form.newName","op":"exists"},{"any":[]}]}"#, .all([.exists(field: "form.newName"), .any([])])),
            (#"{"any":[{"not":{"field":"agency.wanted","op":"eq","value":true}}]}"#,
             .any([.not(.compare(field: "agency.wanted", op: .eq, value: true))])),
            (#"{"not":{"all":[]}}"#, .not(.all([]))),
        ]

        @Test(arguments: 0..<shapes.count)
        func decodesAndEncodesEveryShape(index: Int) throws {
            let (json, condition) = Self.shapes[index]
            #expect(try RulesTests.decode(Condition.self, json) == condition)
            #expect(try RulesTests.json(condition) == json)
        }

        @Test func roundTripsANestedRuleSet() throws {
            let everything = Condition.all(Self.shapes.map(\.1))
            let text = try RulesTests.json(everything)
            #expect(try RulesTests.decode(Condition.self, text) == everything)
        }

        @Test func decodesWhatTheYAMLWouldGiveWithLooseSpacingAndKeyOrder() throws {
            let json = """
                { "years": 55, "op": "ge", "at": "today", "age": "applicant.birthDate" }
                """
            #expect(try RulesTests.decode(Condition.self, json) == .age(field: "applicant.birthDate", at: .today, op: .ge, years: 55))
        }

        @Test(arguments: [
            (#"{"field":"a.b","op":"gte","value":1}"#, #"Unknown op "gte" on a.b; expected one of eq, ne, lt, le, gt, ge, in, notIn, exists, missing."#),
            (#"{"field":"a.b","op":"in","value":1,"values":[1]}"#,
             "The condition on a.b has both value and values; give only one of value, otherField, values, otherFields."),
            (#"{"field":"a.b","op":"eq","value":1,"otherField":"c.d"}"#, "The condition on a.b has both otherField and value"),
            (#"{"field":"a.b","op":"eq"}"#, "Op eq on a.b needs value or otherField."),
            (#"{"field":"a.b","op":"in"}"#, "Op in on a.b needs values or otherFields."),
            (#"{"field":"a.b","op":"in","value":1}"#, "Op in on a.b takes values or otherFields (a list), not value"),
            (#"{"field":"a.b","op":"notIn","otherField":"c.d"}"#, "Op notIn on a.b takes values or otherFields (a list), not otherField"),
            (#"{"field":"a.b","op":"eq","values":[1]}"#, "Op eq on a.b takes value or otherField, not values; use op in or notIn"),
            (#"{"field":"a.b","op":"exists","value":1}"#, "Op exists on a.b takes no value."),
            (#"{"field":"a.b","op":"missing","otherFields":[]}"#, "Op missing on a.b takes no otherFields."),
            (#"{"field":"a.b","value":1}"#, "The condition on a.b needs op"),
            (#"{"field":"a.b","op":"eq","vaule":1}"#, "Unknown key vaule in a condition"),
            (#"{"field":"a.b","op":"eq","value":1,"x":1,"y":2}"#, "Unknown keys x and y in a condition"),
            (#"{"field":"a.b","op":"eq","value":1,"years":3}"#, "The condition on a.b has years, which only an age condition takes."),
            (#"{"all":[],"any":[]}"#, "A condition has both all and any"),
            (#"{"field":"a.b","op":"exists","not":{"all":[]}}"#, "A condition has both field and not"),
            (#"{"all":[],"op":"eq"}"#, "A condition with all takes no op"),
            (#"{"not":{"all":[]},"value":1}"#, "A condition with not takes no value"),
            (#"{}"#, "Empty condition"),
            (#"{"op":"eq","value":1}"#, "A condition with op and value needs one of field, age, all, any or not."),
            (#"{"age":"a.b","op":"ge","years":18}"#, "An age condition needs at"),
            (#"{"age":"a.b","at":"today","years":18}"#, "An age condition needs op"),
            (#"{"age":"a.b","at":"today","op":"ge"}"#, "An age condition needs years"),
            (#"{"age":"a.b","at":"today","op":"in","years":18}"#, #"Unknown op "in" in an age condition; expected one of eq, ne, lt, le, gt, ge."#),
            (#"{"age":"a.b","at":"today","op":"ge","years":18,"value":1}"#, "A condition with age takes no value"),
            (#"{"field":"a.b","op":"eq","value":null}"#, "got null"),
        ])
        func rejectsMalformedConditionsSayingWhy(json: String, message: String) {
            let problem = RulesTests.decodingProblem(Condition.self, json)
            #expect(problem?.contains(message) == true, "\(problem ?? "decoded")")
        }

        @Test func wrongScalarTypesAreDecodingErrors() {
            #expect(throws: DecodingError.self) { try RulesTests.decode(Condition.self, #"{"age":"a.b","at":"today","op":"ge","years":"18"}"#) }
            #expect(throws: DecodingError.self) { try RulesTests.decode(Condition.self, #"{"field":1,"op":"exists"}"#) }
            #expect(throws: DecodingError.self) { try RulesTests.decode(Condition.self, #"{"all":{"field":"a.b","op":"exists"}}"#) }
            #expect(throws: DecodingError.self) { try RulesTests.decode(Condition.self, #"["field","a.b"]"#) }
        }

        @Test func aNestedErrorCarriesItsPath() {
            do {
                _ = try RulesTests.decode(Condition.self, #"{"all":[{"field":"a.b","op":"exists"},{"not":{"field":"a.b","op":"gte","value":1}}]}"#)
                Issue.record("decoding should fail")
            } catch DecodingError.dataCorrupted(let context) {
                #expect(context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue } == ["all", "1", "not"])
                #expect(context.debugDescription.contains(#"Unknown op "gte""#))
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }
}
