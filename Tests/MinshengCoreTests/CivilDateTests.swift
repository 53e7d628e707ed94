import Foundation
import Testing

@testable import MinshengCore

@Suite struct CivilDateTests {
    @Test(arguments: [
        (2024, 2, 29, true), (2023, 2, 29, false), (1900, 2, 29, false), (2000, 2, 29, true),
        (2024, 4, 31, false), (2024, 4, 30, true), (2024, 13, 1, false), (2024, 0, 1, false),
        (2024, 1, 0, false), (2024, 12, 31, true), (0, 1, 1, false), (10000, 1, 1, false),
    ])
    func validatesRealDates(year: Int, month: Int, day: Int, valid: Bool) {
        #expect((CivilDate(year: year, month: month, day: day) != nil) == valid)
    }

    @Test func parsesISO() {
        #expect(CivilDate(iso: "2017-10-31") == CivilDate(year: 2017, month: 10, day: 31))
        #expect(CivilDate(iso: "0001-01-01") == CivilDate(year: 1, month: 1, day: 1))
    }

    @Test(arguments: ["2017-1-31", "2017/10/31", "20171031", "2017-02-30", "2017-10-31 ", " 2017-10-31", "２017-10-31", "", "0000-01-01", "2017-10-3a"])
    func rejectsBadISO(text: String) {
        #expect(CivilDate(iso: text) == nil)
    }

    @Test func describesAsISO() {
        #expect(CivilDate(year: 987, month: 3, day: 5)!.description == "0987-03-05")
        #expect(CivilDate(year: 2017, month: 12, day: 31)!.description == "2017-12-31")
    }

    @Test func codesAsString() throws {
        let date = CivilDate(year: 2024, month: 2, day: 29)!
        let data = try JSONEncoder().encode([date])
        #expect(String(decoding: data, as: UTF8.self) == "[\"2024-02-29\"]")
        #expect(try JSONDecoder().decode([CivilDate].self, from: data) == [date])
    }

    @Test func decodingABadStringThrowsDataCorrupted() {
        let data = Data("[\"2023-02-29\"]".utf8)
        do {
            _ = try JSONDecoder().decode([CivilDate].self, from: data)
            Issue.record("decoding should fail")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.debugDescription.contains("2023-02-29"))
            #expect(context.debugDescription.contains("YYYY-MM-DD"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func comparesChronologically() {
        let dates = ["2017-10-31", "2017-01-01", "2016-12-31", "2017-10-30"].compactMap(CivilDate.init(iso:))
        #expect(dates.sorted().map(\.description) == ["2016-12-31", "2017-01-01", "2017-10-30", "2017-10-31"])
    }

    @Test func addsDaysAcrossMonthsYearsAndLeapDays() {
        let date = CivilDate(year: 2024, month: 2, day: 28)!
        #expect(date.adding(days: 1).description == "2024-02-29")
        #expect(date.adding(days: 2).description == "2024-03-01")
        #expect(CivilDate(year: 2016, month: 12, day: 31)!.adding(days: 1).description == "2017-01-01")
        #expect(CivilDate(year: 2017, month: 1, day: 1)!.adding(days: -1).description == "2016-12-31")
        #expect(CivilDate(year: 1970, month: 1, day: 1)!.adding(days: 365 * 30 + 7).description == "2000-01-01")
        #expect(CivilDate(year: 2000, month: 3, day: 1)!.adding(days: -1).description == "2000-02-29")
        #expect(CivilDate(year: 1900, month: 3, day: 1)!.adding(days: -1).description == "1900-02-28")
    }

    @Test func countsDaysBetween() {
        let a = CivilDate(year: 2017, month: 1, day: 1)!
        let b = CivilDate(year: 2018, month: 1, day: 1)!
        #expect(a.days(until: b) == 365)
        #expect(b.days(until: a) == -365)
        #expect(CivilDate(year: 2024, month: 1, day: 1)!.days(until: CivilDate(year: 2025, month: 1, day: 1)!) == 366)
        #expect(a.days(until: a) == 0)
    }

    @Test func dayArithmeticAgreesWithFoundationOverFourCenturies() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = CivilDate(year: 1850, month: 1, day: 1)!
        let startDate = calendar.date(from: DateComponents(year: 1850, month: 1, day: 1))!
        for offset in stride(from: 0, to: 146_097, by: 97) {
            let ours = start.adding(days: offset)
            let theirs = calendar.dateComponents([.year, .month, .day, .weekday], from: startDate.addingTimeInterval(Double(offset) * 86_400))
            #expect(ours.year == theirs.year && ours.month == theirs.month && ours.day == theirs.day)
            // Foundation counts 1 = Sunday.
            #expect(ours.weekday == (theirs.weekday! + 5) % 7 + 1)
        }
    }

    @Test func weekdayIsOneForMonday() {
        #expect(CivilDate(year: 2024, month: 10, day: 1)!.weekday == 2)  // Tuesday
        #expect(CivilDate(year: 2017, month: 10, day: 30)!.weekday == 1)  // Monday
        #expect(CivilDate(year: 2017, month: 10, day: 29)!.weekday == 7)  // Sunday
        #expect(CivilDate(year: 1970, month: 1, day: 1)!.weekday == 4)  // Thursday
        #expect(CivilDate(year: 1969, month: 12, day: 29)!.weekday == 1)  // Monday, before the epoch
    }

    @Test func todayUsesTheTimeZone() {
        // 2017-10-31T16:30:00Z is already 1 November in Beijing.
        let now = Date(timeIntervalSince1970: 1_509_467_400)
        #expect(CivilDate.today(now: now).description == "2017-11-01")
        #expect(CivilDate.today(in: TimeZone(identifier: "UTC")!, now: now).description == "2017-10-31")
        #expect(CivilDate.today(in: TimeZone(identifier: "America/Los_Angeles")!, now: now).description == "2017-10-31")
        #expect(CivilDate.today(in: TimeZone(identifier: "UTC")!, now: Date(timeIntervalSince1970: -1)).description == "1969-12-31")
    }

    @Test func agesInFullYears() {
        let birth = CivilDate(year: 1990, month: 6, day: 15)!
        #expect(birth.age(on: CivilDate(year: 2017, month: 6, day: 14)!) == 26)
        #expect(birth.age(on: CivilDate(year: 2017, month: 6, day: 15)!) == 27)
        #expect(birth.age(on: birth) == 0)
        #expect(birth.age(on: CivilDate(year: 1991, month: 6, day: 14)!) == 0)
    }

    @Test func leapDayBirthdayCountsOnFirstMarchInCommonYears() {
        let birth = CivilDate(year: 2000, month: 2, day: 29)!
        #expect(birth.age(on: CivilDate(year: 2018, month: 2, day: 28)!) == 17)
        #expect(birth.age(on: CivilDate(year: 2018, month: 3, day: 1)!) == 18)
        #expect(birth.age(on: CivilDate(year: 2020, month: 2, day: 28)!) == 19)
        #expect(birth.age(on: CivilDate(year: 2020, month: 2, day: 29)!) == 20)
    }

    @Test func addsYearsClampingLeapDay() {
        let leap = CivilDate(year: 2024, month: 2, day: 29)!
        #expect(leap.adding(years: 1).description == "2025-02-28")
        #expect(leap.adding(years: 4).description == "2028-02-29")
        #expect(leap.adding(years: -124).description == "1900-02-28")
        #expect(CivilDate(year: 2017, month: 10, day: 31)!.adding(years: 20).description == "2037-10-31")
    }
}
