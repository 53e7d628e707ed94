import Foundation
import Testing

@testable import MinshengCore

@Suite struct WorkingDayCalendarTests {
    let china = WorkingDayCalendar.china

    private func date(_ text: String) -> CivilDate {
        CivilDate(iso: text)!
    }

    @Test func nationalDayWeek2024() {
        for day in 1...7 {
            #expect(!china.isWorkingDay(CivilDate(year: 2024, month: 10, day: day)!), "2024-10-0\(day)")
        }
        #expect(china.isWorkingDay(date("2024-09-29")))  // Sunday worked
        #expect(china.isWorkingDay(date("2024-10-12")))  // Saturday worked
        #expect(china.isWorkingDay(date("2024-10-08")))
        #expect(!china.isWorkingDay(date("2024-10-13")))  // an ordinary Sunday
    }

    @Test func springFestival2023() {
        for day in 21...27 {
            #expect(!china.isWorkingDay(CivilDate(year: 2023, month: 1, day: day)!), "2023-01-\(day)")
        }
        #expect(china.isWorkingDay(date("2023-01-20")))
        #expect(china.isWorkingDay(date("2023-01-28")))  // Saturday worked
        #expect(china.isWorkingDay(date("2023-01-29")))  // Sunday worked
        #expect(china.isWorkingDay(date("2023-01-30")))
    }

    @Test func amendedAndExtendedArrangementsApply() {
        // 2019 Labour Day as amended: 1–4 May off, Sundays 28 April and 5 May worked.
        #expect(!china.isWorkingDay(date("2019-05-02")))
        #expect(china.isWorkingDay(date("2019-05-05")))
        // 2020 Spring Festival extended to 2 February: Saturday 1 February no longer worked.
        #expect(!china.isWorkingDay(date("2020-01-31")))
        #expect(!china.isWorkingDay(date("2020-02-01")))
        #expect(china.isWorkingDay(date("2020-02-03")))
        // New Year 2019 began on 30 December 2018, with Saturday 29 December worked.
        #expect(!china.isWorkingDay(date("2018-12-31")))
        #expect(china.isWorkingDay(date("2018-12-29")))
    }

    @Test func aMakeUpSaturdayCounts() {
        let saturday = date("2017-09-30")
        #expect(saturday.weekday == 6)
        #expect(china.isWorkingDay(saturday))
        #expect(china.workingDays(from: date("2017-09-29"), to: saturday) == 1)
        #expect(china.adding(workingDays: 1, to: date("2017-09-29")) == saturday)
    }

    @Test func addingWorkingDaysAcrossAHoliday() {
        // Thursday 26 September 2024, + 3: Friday 27, Sunday 29 (worked), Monday 30.
        #expect(china.adding(workingDays: 3, to: date("2024-09-26")) == date("2024-09-30"))
        // Monday 30 September 2024, + 3: Tuesday 8, Wednesday 9, Thursday 10 October.
        #expect(china.adding(workingDays: 3, to: date("2024-09-30")) == date("2024-10-10"))
        #expect(china.adding(workingDays: 0, to: date("2024-10-01")) == date("2024-10-01"))
        // From a holiday, the next working day is the first after it.
        #expect(china.adding(workingDays: 1, to: date("2024-10-01")) == date("2024-10-08"))
    }

    @Test func countingWorkingDays() {
        #expect(china.workingDays(from: date("2024-09-30"), to: date("2024-10-10")) == 3)
        #expect(china.workingDays(from: date("2024-10-10"), to: date("2024-09-30")) == -3)
        #expect(china.workingDays(from: date("2024-10-01"), to: date("2024-10-01")) == 0)
        // September 2024: 21 weekdays, less Monday 16 and Tuesday 17, plus Saturday 14 and Sunday 29.
        #expect(china.workingDays(from: date("2024-08-31"), to: date("2024-09-30")) == 21)
        // A whole year: 2024 had 251 working days.
        #expect(china.workingDays(from: date("2023-12-31"), to: date("2024-12-31")) == 251)
        // Adding and counting agree.
        let start = date("2024-01-15")
        for n in [0, 1, 5, 17, 40] {
            #expect(china.workingDays(from: start, to: china.adding(workingDays: n, to: start)) == n)
        }
    }

    @Test func outsideTheCoveredYearsOnlyWeekendsAreOff() {
        #expect(china.coveredYears == 2017...2027)
        #expect(china.isWorkingDay(date("2016-10-03")))  // a holiday in 2016, not covered
        #expect(china.isWorkingDay(date("2028-10-02")))
        #expect(!china.isWorkingDay(date("2028-10-01")))  // Sunday
        let plain = WorkingDayCalendar(holidays: [date("2020-01-01")], workdays: [], coveredYears: 2021...2021)
        #expect(plain.isWorkingDay(date("2020-01-01")))
        #expect(plain.holidays.isEmpty)
    }

    @Test func everyYearIsPresentWithItsSource() throws {
        let json = try JSONSerialization.jsonObject(with: ReferenceFile.workingDaysJSON()) as? [String: Any]
        let years = try #require(json?["years"] as? [String: [String: Any]])
        #expect(years.keys.sorted() == (2017...2027).map(String.init))
        for (year, entry) in years {
            let source = try #require(entry["source"] as? String)
            let status = try #require(entry["status"] as? String)
            if status == "published" {
                #expect(source.contains("国务院办公厅关于\(year)年部分节假日安排的通知"))
                #expect(source.contains("国办发明电"))
            } else {
                #expect(status == "assumed")
                #expect(entry["note"] is String)
            }
        }
        #expect(china.assumedYears == [2027])
        for year in 2017...2027 {
            // New Year's Day and National Day are off every year.
            #expect(!china.isWorkingDay(CivilDate(year: year, month: 1, day: 1)!))
            #expect(!china.isWorkingDay(CivilDate(year: year, month: 10, day: 1)!))
            #expect(china.holidays.contains { $0.year == year && $0.month == 5 && $0.day == 1 })
        }
    }

    @Test func everyMakeUpDayIsAWeekendAndNoDayIsBoth() {
        #expect(!china.workdays.isEmpty)
        #expect(china.workdays.allSatisfy { $0.weekday >= 6 })
        #expect(china.holidays.isDisjoint(with: china.workdays))
    }

    @Test func loaderAcceptsAMinimalFile() throws {
        let json = """
            {"source": "test", "years": {
              "2030": {"source": "made up", "status": "published", "holidays": ["2030-01-01"], "workdays": []},
              "2031": {"source": "made up", "status": "assumed", "note": "a guess",
                "holidays": ["2030-12-31", "2031-01-01"], "workdays": ["2031-01-04"]}}}
            """
        let calendar = try WorkingDayCalendar.load(from: Data(json.utf8))
        #expect(calendar.coveredYears == 2030...2031)
        #expect(calendar.assumedYears == [2031])
        #expect(!calendar.isWorkingDay(date("2030-01-01")))
        #expect(!calendar.isWorkingDay(date("2030-12-31")))  // listed under the next year's notice
        #expect(calendar.isWorkingDay(date("2031-01-04")))  // a Saturday worked
        #expect(calendar.isWorkingDay(date("2030-01-02")))
        #expect(!calendar.isWorkingDay(date("2031-01-05")))  // an ordinary Sunday
    }

    @Test func loaderListsEveryProblem() throws {
        let json = """
            {"source": "", "years": {
              "2020": {"source": "ok", "status": "published",
                "holidays": ["2020-02-30", "2020-05-01", "2020-05-01", "2021-01-01", "2019-11-01"],
                "workdays": ["2020-05-06", "2020-05-01", "20200509"]},
              "2022": {"source": " ", "status": "draft", "holidays": ["2023-01-01"], "workdays": []},
              "20x1": {"source": "x", "status": "published", "holidays": [], "workdays": []}
            }}
            """
        do {
            _ = try WorkingDayCalendar.load(from: Data(json.utf8))
            Issue.record("a bad file must not load")
        } catch let error as WorkingDayCalendarError {
            let expected = [
                "The file has no source.",
                "\"20x1\" is not a four-digit year.",
                "2021: missing; the years must run without a gap from 2020 to 2022.",
                "2020: holiday \"2020-02-30\" is not a real date written YYYY-MM-DD.",
                "2020: holiday 2021-01-01 is neither in 2020 nor in December 2019.",
                "2020: holiday 2019-11-01 lies outside the covered years 2020–2022.",
                "2020: holiday 2020-05-01 is already listed under 2020.",
                "2020: workday \"20200509\" is not a real date written YYYY-MM-DD.",
                "2020: workday 2020-05-06 is a weekday; only a Saturday or Sunday can be worked in lieu.",
                "2020: workday 2020-05-01 is a weekday; only a Saturday or Sunday can be worked in lieu.",
                "2022: no source named.",
                "2022: status \"draft\" is neither \"published\" nor \"assumed\".",
                "2022: holiday 2023-01-01 lies outside the covered years 2020–2022.",
                "2020-05-01 is listed both as a holiday and as a workday.",
            ]
            #expect(Set(error.problems) == Set(expected))
            #expect(error.problems.count == expected.count)
            #expect(error.description.contains("14 problem"))
        }
    }

    @Test func loaderRejectsMalformedJSON() {
        #expect(throws: WorkingDayCalendarError.self) { try WorkingDayCalendar.load(from: Data("{".utf8)) }
        #expect(throws: WorkingDayCalendarError(problems: ["The file lists no year."])) {
            try WorkingDayCalendar.load(from: Data(#"{"source": "s", "years": {}}"#.utf8))
        }
    }
}
