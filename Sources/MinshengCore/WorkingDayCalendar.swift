import Foundation

/// Which days are working days in mainland China: Monday to Friday, less statutory holidays, plus the
/// weekend days worked in lieu (调休上班) that the State Council announces each year.
public struct WorkingDayCalendar: Sendable {
    /// Days off (day numbers) inside the covered years, weekends inside a holiday block included.
    private let holidayNumbers: Set<Int>
    /// Weekend days that are worked (day numbers) inside the covered years.
    private let workdayNumbers: Set<Int>
    /// The years the lists describe; other years fall back to Monday–Friday.
    public let coveredYears: ClosedRange<Int>
    /// Covered years whose dates are an assumption, not a published notice.
    public private(set) var assumedYears: Set<Int> = []

    /// Creates a calendar from explicit lists; dates outside `coveredYears` are ignored.
    public init(holidays: Set<CivilDate>, workdays: Set<CivilDate>, coveredYears: ClosedRange<Int>) {
        self.holidayNumbers = Set(holidays.filter { coveredYears.contains($0.year) }.map(\.dayNumber))
        self.workdayNumbers = Set(workdays.filter { coveredYears.contains($0.year) }.map(\.dayNumber))
        self.coveredYears = coveredYears
    }

    /// The holidays, as dates.
    public var holidays: Set<CivilDate> {
        Set(holidayNumbers.map(CivilDate.init(dayNumber:)))
    }

    /// The make-up working days, as dates.
    public var workdays: Set<CivilDate> {
        Set(workdayNumbers.map(CivilDate.init(dayNumber:)))
    }

    private struct File: Decodable {
        var source: String
        var years: [String: Year]
    }

    private struct Year: Decodable {
        var source: String
        var status: String
        var note: String?
        var holidays: [String]
        var workdays: [String]
    }

    /// Reads the JSON format of `Resources/cn-working-days.json`, reporting every problem at once.
    public static func load(from data: Data) throws -> WorkingDayCalendar {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw WorkingDayCalendarError(problems: ["The file is not valid calendar JSON: \(error)"])
        }
        var problems: [String] = []
        if file.source.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append("The file has no source.")
        }
        var years: [Int: Year] = [:]
        for (key, entry) in file.years {
            if key.utf8.count == 4, let year = Int(key), year >= 1 {
                years[year] = entry
            } else {
                problems.append("\"\(key)\" is not a four-digit year.")
            }
        }
        guard let first = years.keys.min(), let last = years.keys.max() else {
            throw WorkingDayCalendarError(problems: problems + ["The file lists no year."])
        }
        let covered = first...last
        for year in covered where years[year] == nil {
            problems.append("\(year): missing; the years must run without a gap from \(first) to \(last).")
        }
        var holidays: [CivilDate: Int] = [:]
        var workdays: [CivilDate: Int] = [:]
        var assumed: Set<Int> = []
        for (year, entry) in years.sorted(by: { $0.key < $1.key }) {
            if entry.source.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append("\(year): no source named.")
            }
            switch entry.status {
            case "published": break
            case "assumed": assumed.insert(year)
            default: problems.append("\(year): status \"\(entry.status)\" is neither \"published\" nor \"assumed\".")
            }
            func dates(_ texts: [String], kind: String) -> [CivilDate] {
                var result: [CivilDate] = []
                for text in texts {
                    guard let date = CivilDate(iso: text) else {
                        problems.append("\(year): \(kind) \"\(text)\" is not a real date written YYYY-MM-DD.")
                        continue
                    }
                    if !covered.contains(date.year) {
                        problems.append("\(year): \(kind) \(date) lies outside the covered years \(first)–\(last).")
                    } else if date.year != year && !(date.year == year - 1 && date.month == 12) {
                        problems.append("\(year): \(kind) \(date) is neither in \(year) nor in December \(year - 1).")
                    } else {
                        result.append(date)
                    }
                }
                return result
            }
            for date in dates(entry.holidays, kind: "holiday") {
                if let other = holidays[date] {
                    problems.append("\(year): holiday \(date) is already listed under \(other).")
                }
                holidays[date] = year
            }
            for date in dates(entry.workdays, kind: "workday") {
                if let other = workdays[date] {
                    problems.append("\(year): workday \(date) is already listed under \(other).")
                }
                workdays[date] = year
                if date.weekday < 6 {
                    problems.append("\(year): workday \(date) is a weekday; only a Saturday or Sunday can be worked in lieu.")
                }
            }
        }
        for date in Set(holidays.keys).intersection(workdays.keys).sorted() {
            problems.append("\(date) is listed both as a holiday and as a workday.")
        }
        guard problems.isEmpty else { throw WorkingDayCalendarError(problems: problems) }
        var calendar = WorkingDayCalendar(
            holidays: Set(holidays.keys),
            workdays: Set(workdays.keys),
            coveredYears: covered
        )
        calendar.assumedYears = assumed
        return calendar
    }

    /// Mainland China 2017–2027, from the bundled `cn-working-days.json`.
    public static let china: WorkingDayCalendar = {
        guard
            let url = Bundle.module.url(
                forResource: "cn-working-days", withExtension: "json", subdirectory: "Resources"
            )
        else { fatalError("cn-working-days.json is missing from the MinshengCore bundle") }
        do {
            return try load(from: Data(contentsOf: url))
        } catch {
            fatalError("cn-working-days.json is invalid: \(error)")
        }
    }()

    /// Whether `date` is a working day.
    public func isWorkingDay(_ date: CivilDate) -> Bool {
        isWorkingDay(dayNumber: date.dayNumber, year: date.year)
    }

    private func isWorkingDay(dayNumber: Int, year: Int) -> Bool {
        if coveredYears.contains(year) {
            if workdayNumbers.contains(dayNumber) { return true }
            if holidayNumbers.contains(dayNumber) { return false }
        }
        let r = (dayNumber + 3) % 7
        return (r < 0 ? r + 7 : r) < 5
    }

    /// The date `n` working days after `date` (which is not counted); `date` itself when `n` is 0.
    public func adding(workingDays n: Int, to date: CivilDate) -> CivilDate {
        precondition(n >= 0, "adding(workingDays:to:) needs n >= 0")
        var current = date
        var remaining = n
        while remaining > 0 {
            current = current.adding(days: 1)
            if isWorkingDay(current) { remaining -= 1 }
        }
        return current
    }

    /// The number of working days in (a, b]; negative, counting (b, a], when b is before a.
    public func workingDays(from a: CivilDate, to b: CivilDate) -> Int {
        if b < a { return -workingDays(from: b, to: a) }
        var count = 0
        var current = a
        while current < b {
            current = current.adding(days: 1)
            if isWorkingDay(current) { count += 1 }
        }
        return count
    }
}
