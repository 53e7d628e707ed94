import Foundation
import Testing

@testable import MinshengCore

@Suite struct PhoneNumberTests {
    @Test(arguments: [
        ("13812341234", "13812341234"), (" 138 1234 1234 ", "13812341234"), ("138-1234-1234", "13812341234"),
        ("+8613812341234", "13812341234"), ("+86 138 1234 1234", "13812341234"), ("008613812341234", "13812341234"),
        ("0086-199-0000-0000", "19900000000"), ("16612345678", "16612345678"),
    ])
    func normalisesMobileNumbers(raw: String, value: String) throws {
        #expect(try PhoneNumber(raw).value == value)
    }

    @Test(arguments: [
        ("", PhoneNumberError.empty),
        ("  ", .empty),
        ("+86", .empty),
        ("1381234123", .badLength(10)),
        ("138123412345", .badLength(12)),
        ("8613812341234", .badLength(13)),
        ("12812341234", .notMobile),
        ("23812341234", .notMobile),
        ("075583991234", .badLength(12)),
        ("138.1234.1234", .badCharacter(".")),
        ("138a2341234", .badCharacter("a")),
        ("(138)12341234", .badCharacter("(")),
        ("１３８12341234", .badCharacter("１")),
    ])
    func rejectsWithAReason(raw: String, error: PhoneNumberError) {
        #expect(throws: error) { try PhoneNumber(raw) }
    }

    @Test func masksTheMiddleFour() throws {
        #expect(try PhoneNumber("138 0013 1234").masked == "138****1234")
    }

    @Test func codesAsStringAndValidatesOnDecode() throws {
        let phone = try PhoneNumber("13800131234")
        let data = try JSONEncoder().encode([phone])
        #expect(String(decoding: data, as: UTF8.self) == "[\"13800131234\"]")
        #expect(try JSONDecoder().decode([PhoneNumber].self, from: data) == [phone])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([PhoneNumber].self, from: Data("[\"110\"]".utf8)) }
    }

    @Test func everyErrorHasBothReasons() {
        let errors: [PhoneNumberError] = [.empty, .badCharacter("a"), .badLength(10), .notMobile]
        for error in errors {
            #expect(!error.reasonZh.isEmpty && !error.reasonEn.isEmpty)
        }
        #expect(PhoneNumberError.badLength(10).reasonZh.contains("10位"))
    }
}
