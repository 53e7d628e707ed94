import Foundation

/// A calendar date without time or zone, in the proleptic Gregorian calendar.
///
/// Arithmetic uses a day-number algorithm (H. Hinnant, "chrono-compatible low-level date
/// algorithms") instead of `Calendar`, so it is cheap enough for bulk data generation.
public struct CivilDate: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    /// The year, 1–9999 for dates made by the failable initialisers.
    public let year: Int
    /// The month, 1–12.
    public let month: Int
    /// The day of the month, 1–31.
    public let day: Int

    /// Creates a date if the components name a real day of a year 1–9999 (29 February only in leap years).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            day >= 1, day <= CivilDate.daysInMonth(year: year, month: month)
        else { return nil }
        self.init(unchecked: year, month, day)
    }

    /// Parses exactly `YYYY-MM-DD`, four-digit year, two-digit month and day.
    public init?(iso: String) {
        guard iso.utf8.count == 10 else { return nil }
        var fields = (0, 0, 0)
        for (position, byte) in iso.utf8.enumerated() {
            if position == 4 || position == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int(byte - UInt8(ascii: "0"))
            switch position {
            case 0..<4: fields.0 = fields.0 * 10 + digit
            case 5..<7: fields.1 = fields.1 * 10 + digit
            default: fields.2 = fields.2 * 10 + digit
            }
        }
        self.init(year: fields.0, month: fields.1, day: fields.2)
    }

    init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01 (negative before).
    public var daysSinceEpoch: Int { dayNumber }

    /// Creates the date that is `dayNumber` days after 1970-01-01.
    init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(unchecked: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days since 1970-01-01 (negative before it).
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Whether `year` is a leap year in the Gregorian calendar.
    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in `month` of `year`.
    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The date as `YYYY-MM-DD`.
    public var description: String {
        var bytes = [UInt8](repeating: UInt8(ascii: "-"), count: 10)
        var y = year
        for i in stride(from: 3, through: 0, by: -1) {
            bytes[i] = UInt8(48 + y % 10)
            y /= 10
        }
        bytes[5] = UInt8(48 + month / 10)
        bytes[6] = UInt8(48 + month % 10)
        bytes[8] = UInt8(48 + day / 10)
        bytes[9] = UInt8(48 + day % 10)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// China Standard Time, made once (a time zone is costly to look up on every call).
    public static let chinaTime = TimeZone(identifier: "Asia/Shanghai")!

    /// The date it is at `now` in `timeZone` (Beijing time by default).
    public static func today(
        in timeZone: TimeZone = CivilDate.chinaTime,
        now: Date = Date()
    ) -> CivilDate {
        let local = now.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: now))
        return CivilDate(dayNumber: Int((local / 86_400).rounded(.down)))
    }

    /// The date `days` days later (earlier if negative).
    public func adding(days: Int) -> CivilDate {
        CivilDate(dayNumber: dayNumber + days)
    }

    /// The number of days from this date to `other` (negative if `other` is earlier).
    public func days(until other: CivilDate) -> Int {
        other.dayNumber - dayNumber
    }

    /// The ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (4).
        let r = (dayNumber + 3) % 7
        return (r < 0 ? r + 7 : r) + 1
    }

    /// Full years from this birth date to `date`; a 29 February birthday falls on 1 March in common years.
    public func age(on date: CivilDate) -> Int {
        var years = date.year - year
        var birthdayMonth = month
        var birthdayDay = day
        if month == 2, day == 29, !CivilDate.isLeapYear(date.year) {
            birthdayMonth = 3
            birthdayDay = 1
        }
        if date.month < birthdayMonth || (date.month == birthdayMonth && date.day < birthdayDay) {
            years -= 1
        }
        return years
    }

    /// The same day `years` years later (earlier if negative); 29 February becomes 28 February in common years.
    public func adding(years: Int) -> CivilDate {
        let newYear = year + years
        if month == 2, day == 29, !CivilDate.isLeapYear(newYear) {
            return CivilDate(unchecked: newYear, 2, 28)
        }
        return CivilDate(unchecked: newYear, month, day)
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        self = try StringCoding.decode(decoder) { text throws(StringCoding.Invalid) in
            guard let date = CivilDate(iso: text) else { throw .init("Expected a real date written as YYYY-MM-DD, got \"\(text)\".") }
            return date
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try StringCoding.encode(description, to: encoder)
    }
}
