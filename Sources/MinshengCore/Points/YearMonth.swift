import Foundation

/// A calendar month (`2017-06`): the unit points are counted in.
public struct YearMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Months since year 0: `year * 12 + month - 1`.
    public let index: Int

    public init(index: Int) { self.index = index }

    public init(year: Int, month: Int) { index = year * 12 + month - 1 }

    public init(_ date: CivilDate) { self.init(year: date.year, month: date.month) }

    /// Parses exactly `YYYY-MM`.
    public init?(iso: String) {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
              (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.init(year: year, month: month)
    }

    public var year: Int { index / 12 }
    public var month: Int { index % 12 + 1 }
    public var first: CivilDate { CivilDate(year: year, month: month, day: 1)! }
    public var last: CivilDate { CivilDate(year: year, month: month, day: CivilDate.daysInMonth(year: year, month: month))! }

    public func adding(_ months: Int) -> YearMonth { YearMonth(index: index + months) }

    public static func < (a: YearMonth, b: YearMonth) -> Bool { a.index < b.index }

    public var description: String { String(format: "%04d-%02d", year, month) }

    /// The months a period covers whole, from `start` to `end` inclusive: a month counts only when the period holds
    /// its first and last day.
    public static func fullMonths(from start: CivilDate, through end: CivilDate) -> ClosedRange<Int>? {
        let startMonth = start.day == 1 ? YearMonth(start).index : YearMonth(start).index + 1
        let endMonth = end == YearMonth(end).last ? YearMonth(end).index : YearMonth(end).index - 1
        return startMonth <= endMonth ? startMonth...endMonth : nil
    }
}

extension YearMonth: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let month = YearMonth(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected YYYY-MM, got \(text)"))
        }
        self = month
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
