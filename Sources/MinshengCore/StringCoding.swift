/// Codable plumbing shared by the values that travel as one validated string (ID numbers, names, phones, dates, codes).
enum StringCoding {
    /// Why a string is not a valid value; becomes the `DecodingError`'s description.
    struct Invalid: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    /// Decodes a single string and parses it with the value's own checks.
    static func decode<T>(_ decoder: any Decoder, parse: (String) throws(Invalid) -> T) throws -> T {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            return try parse(text)
        } catch {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: container.codingPath, debugDescription: error.message))
        }
    }

    /// Encodes the value's string form.
    static func encode(_ text: String, to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
