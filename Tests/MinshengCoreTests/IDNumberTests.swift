import Foundation
import Testing

@testable import MinshengCore

@Suite struct IDNumberTests {
    let today = CivilDate(year: 2017, month: 10, day: 31)!

    @Test(arguments: [
        ("11010519491231002X", "110105", "1949-12-31", 2, Gender.female),
        ("440304199001010011", "440304", "1990-01-01", 1, Gender.male),
        ("440303198506150027", "440303", "1985-06-15", 2, Gender.female),
        ("44030119800101123X", "440301", "1980-01-01", 123, Gender.male),
    ])
    func acceptsTheDomainTestVectors(raw: String, region: String, birth: String, sequence: Int, gender: Gender) throws {
        let id = try IDNumber(raw, today: today)
        #expect(id.value == raw)
        #expect(id.regionCode == region)
        #expect(id.birthDate.description == birth)
        #expect(id.sequence == sequence)
        #expect(id.gender == gender)
        #expect(id.description == raw)
    }

    @Test func trimsAndUppercasesX() throws {
        #expect(try IDNumber("  11010519491231002x\n", today: today).value == "11010519491231002X")
        #expect(try IDNumber("\u{3000}440304199001010011\t", today: today).value == "440304199001010011")
    }

    @Test func upgradesFifteenDigitNumbers() throws {
        let id = try IDNumber("440304900101001", today: today)
        #expect(id.value == "440304199001010011")
        #expect(id.birthDate.description == "1990-01-01")
        #expect(id.gender == .male)
        let old = try IDNumber("440321881111001", today: today)
        #expect(old.value == "440321198811110016")
        #expect(old.regionCode == "440321")
    }

    @Test(arguments: [
        ("", IDNumberError.empty),
        (" \n ", .empty),
        ("12345", .badLength(5)),
        ("1234567890x", .badLength(11)),
        ("4403041990010100111", .badLength(19)),
        ("44030419900101001", .badLength(17)),
        ("44030419900101001A", .badCharacter),
        ("4403041990X1010011", .badCharacter),
        ("440304199001010011x1", .badCharacter),
        ("44030419900101001１", .badCharacter),
        ("440304 199001010011", .badCharacter),
        ("44030490010100X", .badCharacter),
        ("990304199001010011", .unknownProvince("99")),
        ("000000199001010011", .unknownProvince("00")),
        ("160304199001010011", .unknownProvince("16")),
        ("830304199001010011", .unknownProvince("83")),
        ("440304199002300011", .badBirthDate("19900230")),
        ("440304199013010011", .badBirthDate("19901301")),
        ("440304184912310011", .badBirthDate("18491231")),
        ("440304201801010011", .birthDateInFuture(CivilDate(year: 2018, month: 1, day: 1)!)),
        ("440304199001010003", .badSequence),
        ("440304199001010012", .badCheckDigit(expected: "1", found: "2")),
        ("11010519491231002", .badLength(17)),
        ("110105194912310021", .badCheckDigit(expected: "X", found: "1")),
        ("440301198001011230", .badCheckDigit(expected: "X", found: "0")),
    ])
    func rejectsEachFailure(raw: String, error: IDNumberError) {
        #expect(throws: error) { try IDNumber(raw, today: self.today) }
    }

    @Test func birthDateTodayIsAccepted() throws {
        #expect(try IDNumber("440305201710310012".replacingCheckDigit(), today: today).birthDate == today)
    }

    @Test func checkDigitFollowsISO7064() {
        #expect(IDNumber.checkDigit(forFirst17: "11010519491231002") == "X")
        #expect(IDNumber.checkDigit(forFirst17: "44030419900101001") == "1")
        #expect(IDNumber.checkDigit(forFirst17: "44030319850615002") == "7")
        #expect(IDNumber.checkDigit(forFirst17: "44030419900101000") == "3")
    }

    @Test func makesValidNumbers() throws {
        let birth = CivilDate(year: 2024, month: 2, day: 29)!
        let id = try #require(IDNumber.make(regionCode: "440304", birthDate: birth, sequence: 2))
        #expect(id.value == "440304202402290020")
        #expect(id.gender == .female)
        #expect(try IDNumber(id.value, today: birth) == id)
        let early = try #require(IDNumber.make(regionCode: "440305", birthDate: CivilDate(year: 1995, month: 12, day: 31)!, sequence: 99))
        #expect(early.value == "440305199512310995")
    }

    @Test func makeRejectsOutOfRangeParts() {
        let birth = CivilDate(year: 1990, month: 1, day: 1)!
        #expect(IDNumber.make(regionCode: "990304", birthDate: birth, sequence: 1) == nil)
        #expect(IDNumber.make(regionCode: "44030", birthDate: birth, sequence: 1) == nil)
        #expect(IDNumber.make(regionCode: "44O304", birthDate: birth, sequence: 1) == nil)
        #expect(IDNumber.make(regionCode: "440304", birthDate: birth, sequence: 0) == nil)
        #expect(IDNumber.make(regionCode: "440304", birthDate: birth, sequence: 1000) == nil)
        #expect(IDNumber.make(regionCode: "440304", birthDate: CivilDate(year: 1849, month: 12, day: 31)!, sequence: 1) == nil)
    }

    @Test func masksTheMiddleTen() throws {
        #expect(try IDNumber("44030119800101123X", today: today).masked == "4403**********123X")
        #expect(try IDNumber("440304199001010011", today: today).masked == "4403**********0011")
    }

    @Test func codesAsAPlainStringAndValidatesOnDecode() throws {
        let id = try IDNumber("11010519491231002X", today: today)
        let data = try JSONEncoder().encode(["id": id])
        #expect(String(decoding: data, as: UTF8.self) == "{\"id\":\"11010519491231002X\"}")
        #expect(try JSONDecoder().decode([String: IDNumber].self, from: data)["id"] == id)
        let bad = Data("{\"id\":\"110105194912310021\"}".utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([String: IDNumber].self, from: bad) }
    }

    @Test func everyErrorHasBothReasons() {
        let errors: [IDNumberError] = [
            .empty, .badLength(5), .badCharacter, .unknownProvince("99"), .badBirthDate("19900230"),
            .birthDateInFuture(today), .badSequence, .badCheckDigit(expected: "1", found: "2"),
        ]
        for error in errors {
            #expect(!error.reasonZh.isEmpty && !error.reasonEn.isEmpty)
        }
        #expect(IDNumberError.badLength(5).reasonZh.contains("5位"))
        #expect(IDNumberError.unknownProvince("99").reasonEn.contains("99"))
        #expect(IDNumberError.birthDateInFuture(today).reasonZh.contains("2017-10-31"))
        #expect(Set(errors.map(\.reasonEn)).count == errors.count)
    }
}

extension String {
    /// Replaces the 18th character with the correct check digit.
    fileprivate func replacingCheckDigit() -> String {
        let first17 = String(prefix(17))
        return first17 + String(IDNumber.checkDigit(forFirst17: first17))
    }
}
