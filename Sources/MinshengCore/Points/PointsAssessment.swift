import Foundation

/// What a points assessment found: each basic condition with its reason, each point and deduction with the records
/// it comes from, the total, and when a not-yet-eligible applicant would be.
public struct PointsAssessment: Codable, Hashable, Sendable {
    public enum ConditionID: String, Codable, Hashable, Sendable, CaseIterable {
        case age, residencePermit = "residence-permit", housing, pension, contributing, bannedOrganisation = "banned-organisation"
        case familyPlanning = "family-planning"

        public var name: LocalizedText {
            switch self {
            case .age: LocalizedText(zh: "年龄", en: "Age")
            case .residencePermit: LocalizedText(zh: "深圳经济特区居住证", en: "Shenzhen residence permit")
            case .housing: LocalizedText(zh: "在深自有或租赁住房满5年", en: "Owned or rented housing in Shenzhen for 5 years")
            case .pension: LocalizedText(zh: "深圳社会养老保险满5年", en: "Shenzhen pension insurance for 5 years")
            case .contributing: LocalizedText(zh: "截止日仍在参保", en: "Still contributing at the deadline")
            case .bannedOrganisation: LocalizedText(zh: "未参加国家禁止的组织及活动", en: "No banned organisation or activity")
            case .familyPlanning: LocalizedText(zh: "已缴纳社会抚养费（如有违反计划生育）", en: "Family-planning fees paid (where due)")
            }
        }
    }

    public struct Condition: Codable, Hashable, Sendable {
        public var id: ConditionID
        public var met: Bool
        public var reason: LocalizedText
        /// The records it was decided on.
        public var sources: [String]
    }

    public enum ItemID: String, Codable, Hashable, Sendable {
        case ownedHousing = "owned-housing", rentedHousing = "rented-housing", pension
        case creditUnder90 = "credit-under-90", credit90OrMore = "credit-90-or-more", courtDefaulter = "court-defaulter"
        case criminalRecord = "criminal-record", drugRecord = "drug-record"

        public var name: LocalizedText {
            switch self {
            case .ownedHousing: LocalizedText(zh: "稳定居住：自有住房", en: "Stable residence: owned housing")
            case .rentedHousing: LocalizedText(zh: "稳定居住：租赁住房", en: "Stable residence: rented housing")
            case .pension: LocalizedText(zh: "稳定就业：养老保险", en: "Stable employment: pension insurance")
            case .creditUnder90: LocalizedText(zh: "不良信用记录（逾期不满90天）", en: "Bad credit record (overdue under 90 days)")
            case .credit90OrMore: LocalizedText(zh: "不良信用记录（逾期90天及以上）", en: "Bad credit record (overdue 90 days or more)")
            case .courtDefaulter: LocalizedText(zh: "失信被执行人", en: "Court-listed defaulter")
            case .criminalRecord: LocalizedText(zh: "刑事犯罪记录", en: "Criminal record")
            case .drugRecord: LocalizedText(zh: "吸毒记录（强制隔离戒毒或行政处罚）", en: "Drug record (compulsory rehabilitation or penalty)")
            }
        }
    }

    /// One line of the score: so many months (or records) at a rate, and whether it counts.
    public struct Item: Codable, Hashable, Sendable {
        public var id: ItemID
        public var quantity: Int
        public var rate: Points
        public var points: Points
        public var counted: Bool
        public var note: LocalizedText?
        public var sources: [String]
    }

    public var year: Int
    /// The batch's deadline (the age is taken on it).
    public var deadline: CivilDate
    /// The day months and records are counted to: the deadline, or an earlier day (today, a submission).
    public var countedTo: CivilDate
    public var conditions: [Condition]
    public var items: [Item]
    public var deductions: [Item]
    public var total: Points
    public var pensionMonths: Int
    public var housingMonths: Int
    /// The first residence permit's date of issue (a tie-break).
    public var residencePermitStart: CivilDate?

    public var eligible: Bool { conditions.allSatisfy(\.met) }
}

/// When a not-yet-eligible applicant would be, if contributions and housing carry on.
public enum EligibleFrom: Codable, Hashable, Sendable {
    /// Already eligible for this year's batch.
    case now
    /// Eligible for the batch of this year (its deadline).
    case year(Int, deadline: CivilDate)
    /// Not by waiting: a condition months cannot change (with the reason).
    case never(LocalizedText)
}
