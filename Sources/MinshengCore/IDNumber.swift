import Foundation

/// A validated 18-character citizen ID number (公民身份号码, GB 11643-1999), domain.md §4.1.
public struct IDNumber: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The 18 characters, the check digit X in upper case.
    public let value: String
    /// The date of birth (digits 7–14).
    public let birthDate: CivilDate
    /// The sequence code (digits 15–17), 1–999.
    public let sequence: Int

    /// Weights of ISO 7064 MOD 11-2 for the first 17 digits.
    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    /// Check characters for each remainder mod 11.
    private static let checkCharacters: [UInt8] = Array("10X98765432".utf8)
    private static let earliestBirthDate = CivilDate(unchecked: 1850, 1, 1)

    /// Validates `raw` (surrounding blanks, a lower-case x and old 15-digit numbers are accepted).
    public init(_ raw: String, today: CivilDate = .today()) throws(IDNumberError) {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .empty }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(18)
        let count = trimmed.count
        for (index, character) in trimmed.enumerated() {
            if let ascii = character.asciiValue, ascii >= 48, ascii <= 57 {
                bytes.append(ascii)
            } else if character == "X" || character == "x", index == count - 1 {
                bytes.append(UInt8(ascii: "X"))
            } else {
                throw .badCharacter
            }
        }
        guard count == 18 || count == 15 else { throw .badLength(count) }
        if count == 15 {
            // Old numbers have no check digit, so an X cannot end them.
            guard bytes[14] != UInt8(ascii: "X") else { throw .badCharacter }
            // GB 11643-1989 numbers: insert the century and compute the check digit.
            bytes.insert(contentsOf: Array("19".utf8), at: 6)
            bytes.append(IDNumber.checkByte(bytes))
        }
        let province = IDNumber.number(bytes, 0..<2)
        guard Division.isProvincePrefix(province) else {
            throw .unknownProvince(String(decoding: bytes[0..<2], as: UTF8.self))
        }
        let birthText = String(decoding: bytes[6..<14], as: UTF8.self)
        guard
            let birth = CivilDate(
                year: IDNumber.number(bytes, 6..<10),
                month: IDNumber.number(bytes, 10..<12),
                day: IDNumber.number(bytes, 12..<14)
            ),
            birth >= IDNumber.earliestBirthDate
        else { throw .badBirthDate(birthText) }
        guard birth <= today else { throw .birthDateInFuture(birth) }
        let sequence = IDNumber.number(bytes, 14..<17)
        guard sequence != 0 else { throw .badSequence }
        let expected = IDNumber.checkByte(bytes)
        guard bytes[17] == expected else {
            throw .badCheckDigit(
                expected: Character(Unicode.Scalar(expected)),
                found: Character(Unicode.Scalar(bytes[17]))
            )
        }
        self.value = String(decoding: bytes, as: UTF8.self)
        self.birthDate = birth
        self.sequence = sequence
    }

    /// Builds a valid number from its parts, or nil if the region code is not valid, the birth date is
    /// outside 1850–9999 or the sequence is outside 1–999.
    public static func make(regionCode: String, birthDate: CivilDate, sequence: Int) -> IDNumber? {
        guard Division.isValidRegionCode(regionCode), let region = Int(regionCode) else { return nil }
        return make(region: region, birthDate: birthDate, sequence: sequence)
    }

    /// `make(regionCode:birthDate:sequence:)` with the region code as a number, for bulk generation.
    static func make(region: Int, birthDate: CivilDate, sequence: Int) -> IDNumber? {
        guard (0..<1_000_000).contains(region), Division.isProvincePrefix(region / 10_000),
            (1...999).contains(sequence), birthDate >= earliestBirthDate, birthDate.year <= 9999
        else { return nil }
        // The first 17 digits as one number: region, date, sequence.
        var digits = ((region * 10_000 + birthDate.year) * 10_000 + birthDate.month * 100 + birthDate.day) * 1000 + sequence
        let value = String(unsafeUninitializedCapacity: 18) { buffer in
            var sum = 0
            for index in stride(from: 16, through: 0, by: -1) {
                let digit = digits % 10
                digits /= 10
                buffer[index] = UInt8(48 + digit)
                sum += digit * weights[index]
            }
            buffer[17] = checkCharacters[sum % 11]
            return 18
        }
        return IDNumber(validated: value, birthDate: birthDate, sequence: sequence)
    }

    private init(validated value: String, birthDate: CivilDate, sequence: Int) {
        self.value = value
        self.birthDate = birthDate
        self.sequence = sequence
    }

    /// The ISO 7064 MOD 11-2 check character for 17 ASCII digits; traps on other input.
    public static func checkDigit(forFirst17 digits: String) -> Character {
        let bytes = Array(digits.utf8)
        precondition(bytes.count == 17 && bytes.allSatisfy { $0 >= 48 && $0 <= 57 }, "need 17 digits")
        return Character(Unicode.Scalar(checkByte(bytes)))
    }

    private static func checkByte(_ bytes: [UInt8]) -> UInt8 {
        var sum = 0
        for index in 0..<17 {
            sum += Int(bytes[index] - 48) * weights[index]
        }
        return checkCharacters[sum % 11]
    }

    private static func number(_ bytes: [UInt8], _ range: Range<Int>) -> Int {
        var result = 0
        for index in range {
            result = result * 10 + Int(bytes[index] - 48)
        }
        return result
    }

    /// The six-digit address code (digits 1–6).
    public var regionCode: String {
        String(value.prefix(6))
    }

    /// The gender: an odd sequence code is male.
    public var gender: Gender {
        sequence % 2 == 1 ? .male : .female
    }

    /// The first four and last four characters with ten asterisks between, for display and logs.
    public var masked: String {
        Masking.idNumber(value)
    }

    /// The 18 characters.
    public var description: String {
        value
    }

    public static func == (lhs: IDNumber, rhs: IDNumber) -> Bool {
        lhs.value == rhs.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(value)
    }

    public init(from decoder: any Decoder) throws {
        self = try StringCoding.decode(decoder) { text throws(StringCoding.Invalid) in
            do throws(IDNumberError) { return try IDNumber(text) } catch { throw .init("Invalid ID number \(Masking.idNumber(text)): \(error.reasonEn)") }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try StringCoding.encode(value, to: encoder)
    }
}
