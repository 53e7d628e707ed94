import FluentKit
import Foundation

/// A `property_records` row: a legal-title residential property (the housing office's 不动产登记).
public final class PropertyRecordRow: Model, @unchecked Sendable {
    public static let schema = "property_records"
    @ID(key: .id) public var id: UUID?
    @Field(key: "resident_id") public var residentID: UUID
    @Field(key: "reference") public var reference: String
    @Field(key: "registered_on") public var registeredOn: String
    @OptionalField(key: "ended_on") public var endedOn: String?
    @Field(key: "share_percent") public var sharePercent: Int
    public init() {}
}

/// A `lease_records` row: a registered tenancy (租赁登记).
public final class LeaseRecordRow: Model, @unchecked Sendable {
    public static let schema = "lease_records"
    @ID(key: .id) public var id: UUID?
    @Field(key: "resident_id") public var residentID: UUID
    @Field(key: "reference") public var reference: String
    @Field(key: "starts_on") public var startsOn: String
    @Field(key: "ends_on") public var endsOn: String
    public init() {}
}

/// A `credit_records` row: an overdue loan, fee or tax from the personal credit system.
public final class CreditRecordRow: Model, @unchecked Sendable {
    public static let schema = "credit_records"
    @ID(key: .id) public var id: UUID?
    @Field(key: "resident_id") public var residentID: UUID
    @Field(key: "reference") public var reference: String
    @Field(key: "overdue_since") public var overdueSince: String
    @Field(key: "overdue_days") public var overdueDays: Int
    @OptionalField(key: "repaid_on") public var repaidOn: String?
    public init() {}
}

/// A `listings` row: a court's defaulter listing, a criminal or drug record, a banned-organisation record or an unpaid
/// family-planning fee.
public final class ListingRow: Model, @unchecked Sendable {
    public static let schema = "listings"
    @ID(key: .id) public var id: UUID?
    @Field(key: "resident_id") public var residentID: UUID
    /// One of `ListingKind`.
    @Field(key: "kind") public var kind: String
    @Field(key: "reference") public var reference: String
    @Field(key: "since") public var since: String
    @OptionalField(key: "until") public var until: String?
    public init() {}
}

/// What a listing is.
public enum ListingKind: String, Sendable, CaseIterable, Codable {
    case courtDefaulter = "court-defaulter"
    case criminal
    case drug
    case bannedOrganisation = "banned-organisation"
    case familyPlanningFee = "family-planning-fee"
}

/// A `points_applications` row: one applicant's application in one year, with the evidence frozen at submission.
public final class PointsApplicationRow: Model, @unchecked Sendable {
    public static let schema = "points_applications"
    @ID(key: .id) public var id: UUID?
    @Field(key: "reference") public var reference: String
    @Field(key: "year") public var year: Int
    @Field(key: "account_id") public var accountID: UUID
    @Field(key: "resident_id") public var residentID: UUID
    /// The workflow's state (`ApplicationState`).
    @Field(key: "state") public var state: String
    @Field(key: "record_sealed") public var recordSealed: Data
    @Field(key: "evidence_sealed") public var evidenceSealed: Data
    @Field(key: "assessment_sealed") public var assessmentSealed: Data
    /// The records as the batch read them after the deadline (the submission's stay in `evidence_sealed`).
    @OptionalField(key: "final_evidence_sealed") public var finalEvidenceSealed: Data?
    @Field(key: "total_tenths") public var totalTenths: Int
    @Field(key: "pension_months") public var pensionMonths: Int
    @OptionalField(key: "permit_start") public var permitStart: String?
    @Field(key: "eligible") public var eligible: Bool
    @Field(key: "submitted_at") public var submittedAt: Date
    @OptionalField(key: "rank") public var rank: Int?
    @OptionalField(key: "admitted") public var admitted: Bool?
    @OptionalField(key: "permission_number") public var permissionNumber: String?
    @OptionalField(key: "settlement_application_id") public var settlementApplicationID: UUID?
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date
    public init() {}
}

/// A `points_batches` row: a year's frozen, scored and ranked batch and its signed published list.
public final class PointsBatchRow: Model, @unchecked Sendable {
    public static let schema = "points_batches"
    @ID(custom: "year", generatedBy: .user) public var id: Int?
    /// `published` (objections open), `finalized` (permissions issued).
    @Field(key: "state") public var state: String
    @Field(key: "frozen_at") public var frozenAt: Date
    @Field(key: "published_at") public var publishedAt: Date
    @Field(key: "objection_until") public var objectionUntil: String
    @OptionalField(key: "finalized_at") public var finalizedAt: Date?
    @Field(key: "list_text") public var listText: String
    @Field(key: "digest") public var digest: String
    /// A compact JWS (ES256, the issuer key) over the year, the digest and the counts.
    @Field(key: "signature") public var signature: String
    @Field(key: "applicants") public var applicants: Int
    @Field(key: "quota") public var quota: Int
    @OptionalField(key: "cutoff_tenths") public var cutoffTenths: Int?
    @Field(key: "run_by") public var runBy: String
    public init() {}
}

/// A `points_objections` row: an applicant's objection to the published list, decided by an officer.
public final class PointsObjectionRow: Model, @unchecked Sendable {
    public static let schema = "points_objections"
    @ID(key: .id) public var id: UUID?
    @Field(key: "application_id") public var applicationID: UUID
    @Field(key: "account_id") public var accountID: UUID
    @Field(key: "text_sealed") public var textSealed: Data
    /// `open`, `upheld`, `dismissed`.
    @Field(key: "state") public var state: String
    @OptionalField(key: "decided_by") public var decidedBy: String?
    @OptionalField(key: "decision_reason") public var decisionReason: String?
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "decided_at") public var decidedAt: Date?
    public init() {}
}
