import Foundation

/// How counter appointments are offered for the services that need the citizen in person (the ID card items, where
/// fingerprints are taken on site): the times of day, how many people each unit serves per time, how many working
/// days ahead can be booked, and until when a booking can be cancelled. Read from `appointments.yaml`.
public struct AppointmentPolicy: Hashable, Codable, Sendable {
    /// Start times ("HH:MM", Beijing time), in order.
    public var times: [String]
    /// People a unit serves at each time.
    public var capacity: Int
    /// How many working days ahead, from tomorrow, can be booked.
    public var daysAhead: Int
    /// A booking can be cancelled until this many minutes before its time.
    public var cancelMinutesBefore: Int

    public init(times: [String], capacity: Int, daysAhead: Int, cancelMinutesBefore: Int) {
        self.times = times
        self.capacity = capacity
        self.daysAhead = daysAhead
        self.cancelMinutesBefore = cancelMinutesBefore
    }

    /// Every problem with the policy, for start-up validation.
    public var problems: [String] {
        var found: [String] = []
        if times.isEmpty { found.append("times: give at least one start time") }
        for time in times where Self.minutes(time) == nil { found.append("times: \"\(time)\" is not a time HH:MM between 00:00 and 23:59") }
        let parsed = times.compactMap(Self.minutes)
        if parsed.count == times.count, parsed != parsed.sorted() || Set(parsed).count != parsed.count {
            found.append("times: list each time once, in order")
        }
        if !(1...200).contains(capacity) { found.append("capacity: must be 1–200, got \(capacity)") }
        if !(1...60).contains(daysAhead) { found.append("daysAhead: must be 1–60, got \(daysAhead)") }
        if !(0...1440).contains(cancelMinutesBefore) { found.append("cancelMinutesBefore: must be 0–1440, got \(cancelMinutesBefore)") }
        return found
    }

    /// Minutes after midnight of "HH:MM".
    public static func minutes(_ time: String) -> Int? {
        let parts = time.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
              (0...23).contains(h), (0...59).contains(m) else { return nil }
        return h * 60 + m
    }

    /// The working days that can be booked on `today`: the next `daysAhead` working days after it.
    public func bookableDays(today: CivilDate, calendar: WorkingDayCalendar) -> [CivilDate] {
        var days: [CivilDate] = []
        var day = today
        while days.count < daysAhead {
            day = day.adding(days: 1)
            if calendar.isWorkingDay(day) { days.append(day) }
            if day.dayNumber - today.dayNumber > 366 { break }
        }
        return days
    }

    /// Whether `day` at `time` can be booked on `today`.
    public func isBookable(day: CivilDate, time: String, today: CivilDate, calendar: WorkingDayCalendar) -> Bool {
        times.contains(time) && bookableDays(today: today, calendar: calendar).contains(day)
    }

    /// The instant an appointment starts (Beijing time, UTC+8 with no daylight saving).
    public static func start(day: CivilDate, time: String) -> Date? {
        guard let minutes = minutes(time) else { return nil }
        return Date(timeIntervalSince1970: Double(day.dayNumber * 86_400 + minutes * 60 - 8 * 3600))
    }

    /// Whether a booking for `day` at `time` can still be cancelled at `now`.
    public func canCancel(day: CivilDate, time: String, now: Date) -> Bool {
        guard let start = Self.start(day: day, time: time) else { return false }
        return now.addingTimeInterval(Double(cancelMinutesBefore * 60)) <= start
    }
}
