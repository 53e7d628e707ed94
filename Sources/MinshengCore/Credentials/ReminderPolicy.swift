/// When a certificate's holder is reminded, per type, as data (`Resources/credentials/reminders.yaml`).
public struct ReminderPolicy: Hashable, Codable, Sendable {
    public struct Rule: Hashable, Codable, Sendable {
        public var type: CredentialType
        /// Days before the expiry (or, for the residence permit, before the endorsement anniversary) at which a window
        /// opens, e.g. [90, 30, 7].
        public var daysBefore: [Int]
        /// Whether the date is the yearly endorsement anniversary rather than the expiry.
        public var anniversary: Bool?
        /// Whether the platform may renew this type by itself for holders who opted in.
        public var autoRenew: Bool?
        /// How recent the registry photo must be for an automatic renewal, in years.
        public var photoMaxAgeYears: Int?

        public init(type: CredentialType, daysBefore: [Int], anniversary: Bool? = nil, autoRenew: Bool? = nil, photoMaxAgeYears: Int? = nil) {
            self.type = type
            self.daysBefore = daysBefore
            self.anniversary = anniversary
            self.autoRenew = autoRenew
            self.photoMaxAgeYears = photoMaxAgeYears
        }
    }

    public var rules: [Rule]

    public init(rules: [Rule]) {
        self.rules = rules
    }

    public func rule(for type: CredentialType) -> Rule? { rules.first { $0.type == type } }

    public static func validate(_ policy: ReminderPolicy) -> [String] {
        var problems: [String] = []
        var seen = Set<CredentialType>()
        for (i, rule) in policy.rules.enumerated() {
            let at = "rules[\(i)] (\(rule.type.rawValue))"
            if !seen.insert(rule.type).inserted { problems.append("\(at): type appears twice") }
            if rule.daysBefore.isEmpty { problems.append("\(at): daysBefore is empty") }
            if rule.daysBefore.contains(where: { $0 < 1 || $0 > 366 }) { problems.append("\(at): daysBefore must be 1–366") }
            if Set(rule.daysBefore).count != rule.daysBefore.count { problems.append("\(at): daysBefore repeats a value") }
            if let years = rule.photoMaxAgeYears, years < 1 { problems.append("\(at): photoMaxAgeYears must be at least 1") }
        }
        return problems
    }

    /// The reminder due for a certificate whose date (expiry or anniversary) is `due`, on `today`: the tightest window
    /// already entered (so a job that missed a day sends the window it is in, never a stale earlier one), or nil when no
    /// window is open or the date has passed.
    public func window(for type: CredentialType, due: CivilDate, today: CivilDate) -> ReminderWindow? {
        guard let rule = rule(for: type) else { return nil }
        let left = today.days(until: due)
        guard left >= 0 else { return nil }
        guard let days = rule.daysBefore.sorted().first(where: { left <= $0 }) else { return nil }
        return ReminderWindow(type: type, daysBefore: days, due: due, daysLeft: left)
    }
}

/// One reminder window a certificate has entered.
public struct ReminderWindow: Hashable, Sendable {
    public var type: CredentialType
    public var daysBefore: Int
    public var due: CivilDate
    public var daysLeft: Int

    /// The key that makes a reminder unique for a certificate: the window and the date it counts to, so a renewed
    /// certificate with a new expiry is reminded again.
    public var key: String { "\(daysBefore)d:\(due)" }
}
