import Foundation
import Testing

@testable import MinshengCore

@Suite struct PersonNameTests {
    @Test(arguments: ["张三", "李", "欧阳娜娜", "阿依古丽·买买提", "爱新觉罗·溥仪", "王〇", "䶮", "𠮷田", "司马懿", "丽\u{F9B0}"])
    func acceptsChineseNames(raw: String) throws {
        #expect(try PersonName(raw).value == raw)
    }

    @Test func trimsAndNormalisesLookAlikeDots() throws {
        #expect(try PersonName("  张三\u{3000}").value == "张三")
        for dot in ["\u{30FB}", "\u{FF65}", "\u{2022}", "\u{2027}", "\u{FF0E}", "\u{2E31}", "\u{00B7}"] {
            #expect(try PersonName("阿依古丽\(dot)买买提").value == "阿依古丽·买买提")
        }
    }

    @Test func thirtyCharactersIsTheLimit() throws {
        let thirty = String(repeating: "王", count: 30)
        #expect(try PersonName(thirty).value == thirty)
        #expect(throws: PersonNameError.tooLong(31)) { try PersonName(thirty + "王") }
    }

    @Test(arguments: [
        ("", PersonNameError.empty),
        ("  ", .empty),
        ("张3", .digit("3")),
        ("张３", .digit("３")),
        ("Zhang San", .latinLetter("Z")),
        ("张a", .latinLetter("a")),
        ("Lǚ", .latinLetter("L")),
        ("张\u{200B}三", .control),
        ("张\u{0007}三", .control),
        ("张 三", .whitespace),
        ("张\u{3000}三", .whitespace),
        ("张-三", .badCharacter("-")),
        ("张😀", .badCharacter("😀")),
        ("キム", .badCharacter("キ")),
        ("·买买提", .misplacedDot),
        ("买买提·", .misplacedDot),
        ("阿依古丽··买买提", .misplacedDot),
        ("阿依古丽・・买买提", .misplacedDot),
    ])
    func rejectsWithAReason(raw: String, error: PersonNameError) {
        #expect(throws: error) { try PersonName(raw) }
    }

    @Test(arguments: [
        ("李", "*"), ("李四", "李*"), ("张小明", "张*明"), ("欧阳娜娜", "欧**娜"), ("阿依古丽·买买提", "阿******提"),
    ])
    func masksInnerCharacters(raw: String, masked: String) throws {
        #expect(try PersonName(raw).masked == masked)
    }

    @Test func codesAsStringAndValidatesOnDecode() throws {
        let name = try PersonName("张三")
        let data = try JSONEncoder().encode([name])
        #expect(String(decoding: data, as: UTF8.self) == "[\"张三\"]")
        #expect(try JSONDecoder().decode([PersonName].self, from: data) == [name])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([PersonName].self, from: Data("[\"Tom\"]".utf8)) }
    }

    @Test func everyErrorHasBothReasons() {
        let errors: [PersonNameError] = [
            .empty, .tooLong(31), .digit("3"), .latinLetter("a"), .control, .whitespace, .badCharacter("-"), .misplacedDot,
        ]
        for error in errors {
            #expect(!error.reasonZh.isEmpty && !error.reasonEn.isEmpty)
        }
        #expect(PersonNameError.digit("3").reasonZh.contains("3"))
        #expect(PersonNameError.tooLong(31).reasonEn.contains("31"))
        #expect(Set(errors.map(\.reasonZh)).count == errors.count)
    }
}
