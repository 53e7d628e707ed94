import Foundation
import MinshengCore
import Testing

extension RulesTests {
    @Suite struct FactValueTests {
        @Test func decodesPlainScalarsAndArrays() throws {
            let json = #"["active", 18, 2.5, true, false, "2017-10-31", "2017-13-01", "01", ["a", 1, ["2024-02-29"]], -3]"#
            let values = try RulesTests.decode([FactValue].self, json)
            #expect(
                values == [
                    .string("active"), .number(18), .number(2.5), .bool(true), .bool(false),
                    .date(RulesTests.date("2017-10-31")), .string("2017-13-01"), .string("01"),
                    .list([.string("a"), .number(1), .list([.date(RulesTests.date("2024-02-29"))])]), .number(-3),
                ])
        }

        @Test func encodesAsPlainScalars() throws {
            let values: [FactValue] = [.string("x"), .number(18), .number(2.5), .bool(true), .date(RulesTests.date("2024-02-29")), .list([.number(1)])]
            let text = try RulesTests.json(values)
            #expect(text == #"["x",18,2.5,true,"2024-02-29",[1]]"#)
            #expect(try RulesTests.decode([FactValue].self, text) == values)
        }

        @Test func rejectsNullAndMappingsSayingWhatAFactIs() {
            let null = RulesTests.decodingProblem([FactValue].self, "[null]")
            #expect(null?.contains("got null") == true)
            let mapping = RulesTests.decodingProblem([FactValue].self, #"[{"a": 1}]"#)
            #expect(mapping?.contains("got a mapping") == true)
            #expect(mapping?.contains("string, number, bool, YYYY-MM-DD date or list") == true)
        }

        @Test func literalsAndDomainValues() {
            let date: FactValue = "2017-10-31"
            let text: FactValue = "female"
            let number: FactValue = 2
            let fraction: FactValue = 2.5
            let flag: FactValue = false
            let list: FactValue = ["a", 1]
            #expect(date == .date(RulesTests.date("2017-10-31")))
            #expect(text == .string("female"))
            #expect(number == .number(2))
            #expect(fraction == .number(2.5))
            #expect(flag == .bool(false))
            #expect(list == .list([.string("a"), .number(1)]))
            #expect(FactValue(Gender.female) == .string("female"))
            #expect(FactValue(Ethnicity.han) == .string("01"))
            #expect(FactValue(RulesTests.date("2000-02-29")) == .date(RulesTests.date("2000-02-29")))
            #expect(FactValue.string("x").type == .string)
            #expect(list.type == .list)
        }

        @Test func equalityOnlyWithinAKind() {
            #expect(FactValue.string("a").equals("a") == true)
            #expect(FactValue.string("a").equals("b") == false)
            #expect(FactValue.number(1).equals(1) == true)
            #expect(FactValue.bool(true).equals(false) == false)
            #expect(FactValue.list(["a"]).equals(["a"]) == true)
            #expect(FactValue.number(1).equals(.string("1")) == nil)
            #expect(FactValue.bool(true).equals(.string("true")) == nil)
            #expect(FactValue.date(RulesTests.date("2020-01-01")).equals(.string("2020-1-1")) == nil)
        }

        @Test func orderOnlyForNumbersAndDates() {
            #expect(FactValue.number(1).ordering(comparedTo: 2) == .orderedAscending)
            #expect(FactValue.number(2).ordering(comparedTo: 2) == .orderedSame)
            #expect(FactValue.number(3).ordering(comparedTo: 2) == .orderedDescending)
            #expect(FactValue.date(RulesTests.date("2020-01-01")).ordering(comparedTo: "2019-12-31") == .orderedDescending)
            #expect(FactValue.string("a").ordering(comparedTo: "b") == nil)
            #expect(FactValue.bool(false).ordering(comparedTo: true) == nil)
            #expect(FactValue.list([1]).ordering(comparedTo: [2]) == nil)
            #expect(FactValue.number(1).ordering(comparedTo: "2020-01-01") == nil)
        }

        @Test(arguments: [
            (CompareOp.eq, false), (.ne, true), (.lt, true), (.le, true), (.gt, false), (.ge, false),
        ])
        func everyOpOnNumbers(op: CompareOp, expected: Bool) {
            #expect(FactValue.number(1).satisfies(op, 2) == expected)
        }

        @Test(arguments: CompareOp.allCases)
        func everyOpOnEqualDates(op: CompareOp) {
            let day: FactValue = "2024-02-29"
            #expect(day.satisfies(op, day) == [.eq, .le, .ge].contains(op))
        }

        @Test(arguments: CompareOp.allCases)
        func noOpAcrossKinds(op: CompareOp) {
            #expect(FactValue.number(18).satisfies(op, "18") == nil)
            #expect(FactValue.date(RulesTests.date("2000-01-01")).satisfies(op, 2000) == nil)
        }

        @Test(arguments: [CompareOp.lt, .le, .gt, .ge])
        func noOrderOnStringsBoolsOrLists(op: CompareOp) {
            #expect(FactValue.string("a").satisfies(op, "b") == nil)
            #expect(FactValue.bool(false).satisfies(op, true) == nil)
            #expect(FactValue.list([1]).satisfies(op, [2]) == nil)
        }
    }
}
