import Foundation
import MinshengCore
import Testing

/// The eligibility-rule suites, nested here so that `swift test --filter Rules` selects them all.
@Suite enum RulesTests {
    /// The date `iso`, which the test writes correctly.
    static func date(_ iso: String) -> CivilDate {
        guard let date = CivilDate(iso: iso) else { preconditionFailure("bad test date \(iso)") }
        return date
    }

    /// Decodes `json` as `T`.
    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(json.utf8))
    }

    /// The JSON text of `value`, keys sorted.
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The description of the data-corrupted error that decoding `json` as `T` throws, or nil if it decodes.
    static func decodingProblem<T: Decodable>(_ type: T.Type, _ json: String) -> String? {
        do {
            _ = try decode(T.self, json)
            return nil
        } catch DecodingError.dataCorrupted(let context) {
            return context.debugDescription
        } catch {
            return "not dataCorrupted: \(error)"
        }
    }
}
