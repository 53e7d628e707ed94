import Foundation
import MinshengCore
import Testing

@Suite("Appointment policy")
struct AppointmentPolicyTests {
    let policy = AppointmentPolicy(times: ["09:00", "09:30", "14:00"], capacity: 4, daysAhead: 5, cancelMinutesBefore: 60)

    @Test("bookable days are the next working days: the 2026 National Day week is skipped")
    func days() {
        let today = CivilDate(year: 2026, month: 9, day: 30)!
        let days = policy.bookableDays(today: today, calendar: .china).map(\.description)
        // 1–7 October 2026 is the National Day holiday; the 10th (a Saturday) is a make-up working day.
        #expect(!days.contains { $0 >= "2026-10-01" && $0 <= "2026-10-07" })
        #expect(days.count == 5)
        #expect(days.allSatisfy { WorkingDayCalendar.china.isWorkingDay(CivilDate(iso: $0)!) })
        #expect(policy.isBookable(day: CivilDate(iso: days[0])!, time: "09:30", today: today, calendar: .china))
        #expect(!policy.isBookable(day: CivilDate(iso: days[0])!, time: "12:00", today: today, calendar: .china))
        #expect(!policy.isBookable(day: today, time: "09:00", today: today, calendar: .china))
    }

    @Test("cancellation closes the policy's minutes before the time, in Beijing time")
    func cancellation() {
        let day = CivilDate(year: 2026, month: 12, day: 1)!
        // 09:00 Beijing is 01:00 UTC.
        let start = AppointmentPolicy.start(day: day, time: "09:00")!
        #expect(ISO8601DateFormatter().string(from: start) == "2026-12-01T01:00:00Z")
        #expect(policy.canCancel(day: day, time: "09:00", now: start.addingTimeInterval(-3600)))
        #expect(!policy.canCancel(day: day, time: "09:00", now: start.addingTimeInterval(-3599)))
    }

    @Test("every problem of a broken policy is listed")
    func problems() {
        let broken = AppointmentPolicy(times: ["9:00", "14:00", "10:00", "25:00"], capacity: 0, daysAhead: 90, cancelMinutesBefore: -1)
        #expect(broken.problems.count == 5, "\(broken.problems)")
        #expect(policy.problems.isEmpty)
    }
}
