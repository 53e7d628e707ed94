import Foundation

/// A value in a policy file with where it comes from: a source (`S41, S43: 男性55周岁以下`) or, when the public
/// record is silent, `assumed: …` with the reason.
public struct Sourced<Value: Codable & Hashable & Sendable>: Codable, Hashable, Sendable {
    public var value: Value
    public var source: String

    public init(_ value: Value, source: String) {
        self.value = value
        self.source = source
    }

    /// The policy says this value is the platform's own choice, not the published rule's.
    public var isAssumed: Bool { source.lowercased().hasPrefix("assumed") }
}

/// What decides a tie in the ranking, in order.
public enum TieBreak: String, Codable, Hashable, Sendable, CaseIterable {
    /// More months of Shenzhen pension insurance first.
    case pensionMonths = "pension-months"
    /// The earlier first residence permit first.
    case residencePermitStart = "residence-permit-start"
    /// The earlier submission first.
    case submittedAt = "submitted-at"

    public var name: LocalizedText {
        switch self {
        case .pensionMonths: LocalizedText(zh: "养老保险月数多者优先", en: "more months of pension insurance first")
        case .residencePermitStart: LocalizedText(zh: "首次办理居住证早者优先", en: "earlier first residence permit first")
        case .submittedAt: LocalizedText(zh: "提交申请早者优先", en: "earlier submission first")
        }
    }
}

/// One year's points-based household registration policy (积分入户), as `Resources/points/YEAR.yaml` gives it; it
/// applies from `year` until a later file replaces it. Every value carries its source.
public struct PointsPolicy: Codable, Hashable, Sendable {
    public struct Conditions: Codable, Hashable, Sendable {
        /// Men must be under this age on the deadline.
        public var maxAgeMale: Sourced<Int>
        public var maxAgeFemale: Sourced<Int>
        public var residencePermit: Sourced<Bool>
        public var minHousingMonths: Sourced<Int>
        public var minPensionMonths: Sourced<Int>
        /// Still contributing at the deadline: a regular contribution for the deadline's month or the month before.
        public var contributingAtDeadline: Sourced<Bool>
        public var noBannedOrganisation: Sourced<Bool>
        public var familyPlanningFeesPaid: Sourced<Bool>

        public init(maxAgeMale: Sourced<Int>, maxAgeFemale: Sourced<Int>, residencePermit: Sourced<Bool>, minHousingMonths: Sourced<Int>, minPensionMonths: Sourced<Int>, contributingAtDeadline: Sourced<Bool>, noBannedOrganisation: Sourced<Bool>, familyPlanningFeesPaid: Sourced<Bool>) {
            self.maxAgeMale = maxAgeMale
            self.maxAgeFemale = maxAgeFemale
            self.residencePermit = residencePermit
            self.minHousingMonths = minHousingMonths
            self.minPensionMonths = minPensionMonths
            self.contributingAtDeadline = contributingAtDeadline
            self.noBannedOrganisation = noBannedOrganisation
            self.familyPlanningFeesPaid = familyPlanningFeesPaid
        }

        enum CodingKeys: String, CodingKey {
            case maxAgeMale = "max_age_male", maxAgeFemale = "max_age_female", residencePermit = "residence_permit"
            case minHousingMonths = "min_housing_months", minPensionMonths = "min_pension_months"
            case contributingAtDeadline = "contributing_at_deadline", noBannedOrganisation = "no_banned_organisation"
            case familyPlanningFeesPaid = "family_planning_fees_paid"
        }
    }

    public struct Rates: Codable, Hashable, Sendable {
        public var ownedHousingPerMonth: Sourced<Points>
        public var rentedHousingPerMonth: Sourced<Points>
        public var pensionPerMonth: Sourced<Points>
        /// Only one of owned and rented housing counts; the platform counts the one worth more (an assumption).
        public var oneHousingIndicator: Sourced<Bool>
        /// The minimum share (percent, the applicant's and spouse's together) for a property to count as owned.
        public var minOwnershipShare: Sourced<Int>

        public init(ownedHousingPerMonth: Sourced<Points>, rentedHousingPerMonth: Sourced<Points>, pensionPerMonth: Sourced<Points>, oneHousingIndicator: Sourced<Bool>, minOwnershipShare: Sourced<Int>) {
            self.ownedHousingPerMonth = ownedHousingPerMonth
            self.rentedHousingPerMonth = rentedHousingPerMonth
            self.pensionPerMonth = pensionPerMonth
            self.oneHousingIndicator = oneHousingIndicator
            self.minOwnershipShare = minOwnershipShare
        }

        enum CodingKeys: String, CodingKey {
            case ownedHousingPerMonth = "owned_housing_per_month", rentedHousingPerMonth = "rented_housing_per_month"
            case pensionPerMonth = "pension_per_month", oneHousingIndicator = "one_housing_indicator", minOwnershipShare = "min_ownership_share"
        }
    }

    public struct Deductions: Codable, Hashable, Sendable {
        public var creditUnder90Days: Sourced<Points>
        public var credit90DaysOrMore: Sourced<Points>
        public var courtDefaulter: Sourced<Points>
        public var criminalRecord: Sourced<Points>
        public var drugRecord: Sourced<Points>

        public init(creditUnder90Days: Sourced<Points>, credit90DaysOrMore: Sourced<Points>, courtDefaulter: Sourced<Points>, criminalRecord: Sourced<Points>, drugRecord: Sourced<Points>) {
            self.creditUnder90Days = creditUnder90Days
            self.credit90DaysOrMore = credit90DaysOrMore
            self.courtDefaulter = courtDefaulter
            self.criminalRecord = criminalRecord
            self.drugRecord = drugRecord
        }

        enum CodingKeys: String, CodingKey {
            case creditUnder90Days = "credit_overdue_under_90_days", credit90DaysOrMore = "credit_overdue_90_days_or_more"
            case courtDefaulter = "court_defaulter", criminalRecord = "criminal_record", drugRecord = "drug_record"
        }
    }

    public struct Window: Codable, Hashable, Sendable {
        /// `MM-DD`, in each year the policy applies to.
        public var opens: Sourced<String>
        public var closes: Sourced<String>

        public init(opens: Sourced<String>, closes: Sourced<String>) {
            self.opens = opens
            self.closes = closes
        }
    }

    public var year: Int
    public var name: LocalizedText
    public var basis: String
    public var conditions: Conditions
    public var points: Rates
    public var deductions: Deductions
    /// The highest total that counts; nil: no cap.
    public var cap: Sourced<Points?>
    public var quota: Sourced<Int>
    public var window: Window
    /// Days after publication in which an applicant may object.
    public var objectionDays: Sourced<Int>
    public var tieBreak: Sourced<[TieBreak]>

    public init(year: Int, name: LocalizedText, basis: String, conditions: Conditions, points: Rates, deductions: Deductions, cap: Sourced<Points?>, quota: Sourced<Int>, window: Window, objectionDays: Sourced<Int>, tieBreak: Sourced<[TieBreak]>) {
        self.year = year
        self.name = name
        self.basis = basis
        self.conditions = conditions
        self.points = points
        self.deductions = deductions
        self.cap = cap
        self.quota = quota
        self.window = window
        self.objectionDays = objectionDays
        self.tieBreak = tieBreak
    }

    enum CodingKeys: String, CodingKey {
        case year, name, basis, conditions, points, deductions, cap, quota, window
        case objectionDays = "objection_days", tieBreak = "tie_break"
    }

    /// The window's first and last day in a year.
    public func window(in year: Int) -> ClosedRange<CivilDate>? {
        guard let opens = Self.monthDay(window.opens.value, year: year), let closes = Self.monthDay(window.closes.value, year: year), opens <= closes else { return nil }
        return opens...closes
    }

    /// The deadline of a year's batch: the window's last day, when every count is taken.
    public func deadline(in year: Int) -> CivilDate { window(in: year)!.upperBound }

    static func monthDay(_ text: String, year: Int) -> CivilDate? {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let month = Int(parts[0]), let day = Int(parts[1]) else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }

    /// Every problem with a policy, as a sentence (empty when it is sound).
    public static func validate(_ policy: PointsPolicy) -> [String] {
        var problems: [String] = []
        if !(2000...2100).contains(policy.year) { problems.append("year \(policy.year) is not a policy year") }
        if policy.window(in: 2020) == nil { problems.append("window: opens and closes must be MM-DD with opens before closes (got \(policy.window.opens.value) – \(policy.window.closes.value))") }
        let c = policy.conditions
        for (name, age) in [("max_age_male", c.maxAgeMale.value), ("max_age_female", c.maxAgeFemale.value)] where !(16...70).contains(age) {
            problems.append("conditions.\(name): \(age) is not an age between 16 and 70")
        }
        for (name, months) in [("min_housing_months", c.minHousingMonths.value), ("min_pension_months", c.minPensionMonths.value)] where !(0...600).contains(months) {
            problems.append("conditions.\(name): \(months) is not 0–600 months")
        }
        for (name, rate) in [("owned_housing_per_month", policy.points.ownedHousingPerMonth.value), ("rented_housing_per_month", policy.points.rentedHousingPerMonth.value),
                             ("pension_per_month", policy.points.pensionPerMonth.value)] where rate.tenths <= 0 {
            problems.append("points.\(name): \(rate) must be more than 0")
        }
        if !(1...100).contains(policy.points.minOwnershipShare.value) { problems.append("points.min_ownership_share must be 1–100 percent") }
        let d = policy.deductions
        for (name, value) in [("credit_overdue_under_90_days", d.creditUnder90Days.value), ("credit_overdue_90_days_or_more", d.credit90DaysOrMore.value),
                              ("court_defaulter", d.courtDefaulter.value), ("criminal_record", d.criminalRecord.value), ("drug_record", d.drugRecord.value)] where value.tenths >= 0 {
            problems.append("deductions.\(name): \(value) must be negative")
        }
        if let cap = policy.cap.value, cap.tenths <= 0 { problems.append("cap: \(cap) must be more than 0, or null for no cap") }
        if policy.quota.value <= 0 { problems.append("quota: \(policy.quota.value) must be at least 1") }
        if !(1...60).contains(policy.objectionDays.value) { problems.append("objection_days: \(policy.objectionDays.value) must be 1–60") }
        let ties = policy.tieBreak.value
        if ties.isEmpty || Set(ties).count != ties.count { problems.append("tie_break: name each of \(TieBreak.allCases.map(\.rawValue).joined(separator: ", ")) at most once, at least one") }
        // Every value names where it comes from.
        let sources: [(String, String)] = [
            ("conditions.max_age_male", c.maxAgeMale.source), ("conditions.max_age_female", c.maxAgeFemale.source),
            ("conditions.residence_permit", c.residencePermit.source), ("conditions.min_housing_months", c.minHousingMonths.source),
            ("conditions.min_pension_months", c.minPensionMonths.source), ("conditions.contributing_at_deadline", c.contributingAtDeadline.source),
            ("conditions.no_banned_organisation", c.noBannedOrganisation.source), ("conditions.family_planning_fees_paid", c.familyPlanningFeesPaid.source),
            ("points.owned_housing_per_month", policy.points.ownedHousingPerMonth.source), ("points.rented_housing_per_month", policy.points.rentedHousingPerMonth.source),
            ("points.pension_per_month", policy.points.pensionPerMonth.source), ("points.one_housing_indicator", policy.points.oneHousingIndicator.source),
            ("points.min_ownership_share", policy.points.minOwnershipShare.source),
            ("deductions.credit_overdue_under_90_days", d.creditUnder90Days.source), ("deductions.credit_overdue_90_days_or_more", d.credit90DaysOrMore.source),
            ("deductions.court_defaulter", d.courtDefaulter.source), ("deductions.criminal_record", d.criminalRecord.source), ("deductions.drug_record", d.drugRecord.source),
            ("cap", policy.cap.source), ("quota", policy.quota.source), ("window.opens", policy.window.opens.source), ("window.closes", policy.window.closes.source),
            ("objection_days", policy.objectionDays.source), ("tie_break", policy.tieBreak.source),
        ]
        for (name, source) in sources where source.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append("\(name): give its source, or \"assumed: why\"")
        }
        return problems
    }
}

/// The policies of every year, each applying from its year until the next.
public struct PointsPolicies: Sendable, Hashable {
    public let all: [PointsPolicy]

    public init(_ policies: [PointsPolicy]) { all = policies.sorted { $0.year < $1.year } }

    /// The policy in force for a year's batch (nil before the first).
    public func policy(for year: Int) -> PointsPolicy? { all.last { $0.year <= year } }

    /// Problems across files: two files for one year.
    public static func validate(_ policies: [PointsPolicy]) -> [String] {
        let years = policies.map(\.year)
        return Dictionary(grouping: years, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted().map { "two policies for \($0)" }
    }
}
