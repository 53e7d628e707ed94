/// The date at which an age is taken: the evaluation day, or a date fact (e.g. the date of an event).
///
/// Coded as the string `today` or the fact's dotted path.
public enum DateRef: Hashable, Codable, Sendable {
    /// The day the rules are evaluated.
    case today
    /// The date held by the fact at this path.
    case field(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        self = text == "today" ? .today : .field(text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .today: try container.encode("today")
        case .field(let path): try container.encode(path)
        }
    }
}
