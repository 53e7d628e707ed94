import Foundation

/// A number of points in tenths, so that 0.2 a month adds up exactly (`"0.2"`, `"-15"`, `"1.5"` in policy files).
public struct Points: Hashable, Comparable, Sendable, CustomStringConvertible, AdditiveArithmetic {
    public var tenths: Int

    public init(tenths: Int) { self.tenths = tenths }

    public init(_ whole: Int) { tenths = whole * 10 }

    /// `"12"`, `"-0.2"`, `"1.5"`: at most one decimal place.
    public init?(text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let negative = trimmed.hasPrefix("-")
        let body = negative ? String(trimmed.dropFirst()) : trimmed
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].allSatisfy(\.isASCII), let whole = Int(parts[0]), whole >= 0 else { return nil }
        var tenths = whole * 10
        if parts.count == 2 {
            guard parts[1].count == 1, let digit = Int(parts[1]), parts[1].allSatisfy(\.isNumber) else { return nil }
            tenths += digit
        }
        self.tenths = negative ? -tenths : tenths
    }

    public static var zero: Points { Points(tenths: 0) }
    public static func + (a: Points, b: Points) -> Points { Points(tenths: a.tenths + b.tenths) }
    public static func - (a: Points, b: Points) -> Points { Points(tenths: a.tenths - b.tenths) }
    public static func * (a: Points, n: Int) -> Points { Points(tenths: a.tenths * n) }
    public static func < (a: Points, b: Points) -> Bool { a.tenths < b.tenths }

    public var description: String {
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }
}

extension Points: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let whole = try? container.decode(Int.self) {
            self.init(whole)
            return
        }
        let text = try container.decode(String.self)
        guard let points = Points(text: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected points with at most one decimal, got \(text)"))
        }
        self = points
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
