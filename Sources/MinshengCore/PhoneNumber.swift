import Foundation

/// A validated mainland China mobile number: 11 digits matching `1[3-9]\d{9}`.
public struct PhoneNumber: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The 11 digits, without country code or separators.
    public let value: String

    /// Validates `raw` after removing blanks, dashes and a leading +86 or 0086.
    public init(_ raw: String) throws(PhoneNumberError) {
        var text = Substring(raw.trimmingCharacters(in: .whitespacesAndNewlines))
        guard !text.isEmpty else { throw .empty }
        if text.hasPrefix("+86") {
            text = text.dropFirst(3)
        } else if text.hasPrefix("0086") {
            text = text.dropFirst(4)
        }
        var digits: [UInt8] = []
        digits.reserveCapacity(11)
        for character in text {
            if let ascii = character.asciiValue, ascii >= 48, ascii <= 57 {
                digits.append(ascii)
            } else if character == "-" || character == "\u{FF0D}" || character.isWhitespace {
                continue
            } else {
                throw .badCharacter(character)
            }
        }
        guard !digits.isEmpty else { throw .empty }
        guard digits.count == 11 else { throw .badLength(digits.count) }
        guard digits[0] == UInt8(ascii: "1"), digits[1] >= UInt8(ascii: "3") else { throw .notMobile }
        self.value = String(decoding: digits, as: UTF8.self)
    }

    /// Wraps 11 digits the caller has built valid (the synthetic population).
    init(unchecked value: String) {
        self.value = value
    }

    /// The first three and last four digits: 138****1234.
    public var masked: String {
        Masking.phone(value)
    }

    /// The 11 digits.
    public var description: String {
        value
    }

    public init(from decoder: any Decoder) throws {
        self = try StringCoding.decode(decoder) { text throws(StringCoding.Invalid) in
            do throws(PhoneNumberError) { return try PhoneNumber(text) } catch { throw .init("Invalid mobile number \(Masking.phone(text)): \(error.reasonEn)") }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try StringCoding.encode(value, to: encoder)
    }
}
