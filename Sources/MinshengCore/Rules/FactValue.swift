import Foundation

/// One fact about an applicant or a request, or a value a rule compares a fact with.
///
/// Coded as a plain JSON or YAML scalar or array: `true`/`false` is a bool, a number is a number, a string that is
/// exactly `YYYY-MM-DD` is a date, any other string is a string, an array is a list. A code that looks like a number
/// must be quoted in YAML (`"01"`), or it decodes as the number 1.
public enum FactValue: Hashable, Codable, Sendable {
    /// Text.
    case string(String)
    /// A number; integers are held exactly up to 2^53.
    case number(Double)
    /// True or false.
    case bool(Bool)
    /// A calendar date.
    case date(CivilDate)
    /// A list of values.
    case list([FactValue])

    /// A string fact, or a date if `text` is exactly `YYYY-MM-DD` (as decoding does).
    public init(text: String) {
        if let date = CivilDate(iso: text) {
            self = .date(date)
        } else {
            self = .string(text)
        }
    }

    /// The kind of this value.
    public var type: FactType {
        switch self {
        case .string: .string
        case .number: .number
        case .bool: .bool
        case .date: .date
        case .list: .list
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Expected a fact value (string, number, bool, YYYY-MM-DD date or list), got null.")
        }
        if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = FactValue(text: text)
        } else {
            do {
                self = .list(try container.decode([FactValue].self))
            } catch DecodingError.typeMismatch(_, let context) where context.codingPath.count == container.codingPath.count {
                // Not an array either: say what a fact may be rather than "expected an array".
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "Expected a fact value (string, number, bool, YYYY-MM-DD date or list), got a mapping.")
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .number(let number):
            // Whole numbers are written without a fraction so that YAML and JSON read back as they were written.
            if number.rounded() == number, abs(number) < 9_007_199_254_740_992 {
                try container.encode(Int64(number))
            } else {
                try container.encode(number)
            }
        case .bool(let bool): try container.encode(bool)
        case .date(let date): try container.encode(date.description)
        case .list(let list): try container.encode(list)
        }
    }
}
