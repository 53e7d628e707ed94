import Foundation

/// A validated Chinese personal name: Chinese characters, with a middle dot (·) between parts of
/// transliterated names such as 阿依古丽·买买提.
public struct PersonName: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The normalised name.
    public let value: String

    /// The only separator kept: U+00B7 MIDDLE DOT.
    static let dot: Character = "\u{00B7}"

    /// Dots that look like the middle dot and are entered by mistake (katakana, half-width, bullet,
    /// hyphenation point, full-width full stop, word separator, Greek ano teleia).
    private static let lookAlikeDots: Set<Character> = [
        "\u{30FB}", "\u{FF65}", "\u{2022}", "\u{2027}", "\u{FF0E}", "\u{2E31}", "\u{0387}",
    ]

    /// Validates `raw` after trimming it and turning look-alike dots into `·`.
    public init(_ raw: String) throws(PersonNameError) {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .empty }
        var characters: [Character] = []
        for character in trimmed {
            let normalised = PersonName.lookAlikeDots.contains(character) ? PersonName.dot : character
            if normalised != PersonName.dot, !PersonName.isNameCharacter(normalised) {
                throw PersonName.rejection(for: normalised)
            }
            characters.append(normalised)
        }
        if characters.first == PersonName.dot || characters.last == PersonName.dot {
            throw .misplacedDot
        }
        for index in characters.indices.dropFirst()
        where characters[index] == PersonName.dot && characters[index - 1] == PersonName.dot {
            throw .misplacedDot
        }
        guard characters.count <= 30 else { throw .tooLong(characters.count) }
        self.value = String(characters)
    }

    /// Wraps a name the caller has built from valid parts (the synthetic population).
    init(unchecked value: String) {
        self.value = value
    }

    /// Whether `character` is a single CJK ideograph (unified, extensions A–I, compatibility) or 〇.
    static func isNameCharacter(_ character: Character) -> Bool {
        let scalars = character.unicodeScalars
        guard scalars.count == 1, let scalar = scalars.first else { return false }
        switch scalar.value {
        case 0x4E00...0x9FFF,  // CJK Unified Ideographs
            0x3400...0x4DBF,  // Extension A
            0x20000...0x2A6DF,  // Extension B
            0x2A700...0x2B73F,  // Extension C
            0x2B740...0x2B81F,  // Extension D
            0x2B820...0x2CEAF,  // Extension E
            0x2CEB0...0x2EBEF,  // Extension F
            0x2EBF0...0x2EE5F,  // Extension I
            0x30000...0x3134F,  // Extension G
            0x31350...0x323AF,  // Extension H
            0xF900...0xFAFF,  // Compatibility Ideographs
            0x2F800...0x2FA1F,  // Compatibility Ideographs Supplement
            0x3007:  // 〇, which the ID-card system accepts in names
            return true
        default:
            return false
        }
    }

    private static func rejection(for character: Character) -> PersonNameError {
        let scalars = character.unicodeScalars
        if scalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
            return .control
        }
        if character.isWhitespace { return .whitespace }
        if character.isNumber { return .digit(character) }
        if let scalar = scalars.first, scalars.count == 1, isLatinLetter(scalar) {
            return .latinLetter(character)
        }
        return .badCharacter(character)
    }

    private static func isLatinLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A,  // ASCII
            0xC0...0xD6, 0xD8...0xF6, 0xF8...0x24F,  // Latin-1 letters, Latin Extended-A and -B
            0x1E00...0x1EFF,  // Latin Extended Additional (pinyin with tones)
            0xFF21...0xFF3A, 0xFF41...0xFF5A:  // full-width
            return true
        default:
            return false
        }
    }

    /// The name with inner characters hidden: 张*明, 李*, *.
    public var masked: String {
        Masking.name(value)
    }

    /// The name.
    public var description: String {
        value
    }

    public init(from decoder: any Decoder) throws {
        self = try StringCoding.decode(decoder) { text throws(StringCoding.Invalid) in
            do throws(PersonNameError) { return try PersonName(text) } catch { throw .init("Invalid personal name: \(error.reasonEn)") }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try StringCoding.encode(value, to: encoder)
    }
}
