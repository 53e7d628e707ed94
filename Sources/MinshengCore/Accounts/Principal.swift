import Foundation

/// Who acts: a citizen account, an officer, an admin, or the system itself.
public enum Principal: Hashable, Codable, Sendable, CustomStringConvertible {
    case citizen(UUID)
    /// An officer, by police number (警号).
    case officer(String)
    case system(String)

    /// Stable text form used in the audit chain and versions: `citizen:<uuid>`, `officer:<number>`, `system:<name>`.
    public var description: String {
        switch self {
        case .citizen(let id): "citizen:\(id.uuidString.lowercased())"
        case .officer(let number): "officer:\(number)"
        case .system(let name): "system:\(name)"
        }
    }

    /// Parses the text form back.
    public init?(text: String) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        switch parts[0] {
        case "citizen":
            guard let id = UUID(uuidString: parts[1]) else { return nil }
            self = .citizen(id)
        case "officer": self = .officer(parts[1])
        case "system": self = .system(parts[1])
        default: return nil
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = Principal(text: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a principal: \(text)"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
