import FluentKit
import Foundation

/// A `tip_reports` row: one report of a crime.
public final class TipReportRow: Model, @unchecked Sendable {
    public static let schema = "tip_reports"
    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: String
    @Field(key: "secret_hash") public var secretHash: String
    @Field(key: "category") public var category: String
    @Field(key: "state") public var state: String
    @Field(key: "anonymous") public var anonymous: Bool
    @Field(key: "text_sealed") public var textSealed: Data
    @Field(key: "fingerprint_sealed") public var fingerprintSealed: Data
    @Field(key: "place_sealed") public var placeSealed: Data
    @Field(key: "division_code") public var divisionCode: String
    @Field(key: "keep_location") public var keepLocation: Bool
    @OptionalField(key: "informant_sealed") public var informantSealed: Data?
    @OptionalField(key: "informant_index") public var informantIndex: String?
    @OptionalField(key: "unit_code") public var unitCode: String?
    @OptionalField(key: "assigned_to") public var assignedTo: String?
    @OptionalField(key: "duplicate_of") public var duplicateOf: UUID?
    @OptionalField(key: "outcome_sealed") public var outcomeSealed: Data?
    @OptionalField(key: "reward_yuan") public var rewardYuan: Int?
    @OptionalField(key: "reward_assessed_by") public var rewardAssessedBy: String?
    @OptionalField(key: "reward_approved_by") public var rewardApprovedBy: String?
    @OptionalField(key: "claim_code_hash") public var claimCodeHash: String?
    @OptionalField(key: "claim_issued_at") public var claimIssuedAt: Date?
    @OptionalField(key: "paid_at") public var paidAt: Date?
    @OptionalField(key: "paid_by") public var paidBy: String?
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date
    public init() {}
}

/// A `tip_evidence` row: one file of a report. The original is kept sealed on disk (under the informant-protection key
/// when its metadata was taken out of the copy officers view) with its SHA-256 for the chain of custody.
public final class TipEvidenceRow: Model, @unchecked Sendable {
    public static let schema = "tip_evidence"
    @ID(key: .id) public var id: UUID?
    @Field(key: "tip_id") public var tipID: UUID
    @Field(key: "kind") public var kind: String
    @Field(key: "bytes") public var bytes: Int
    @Field(key: "sha256") public var sha256: String
    @Field(key: "view_sha256") public var viewSHA256: String
    @Field(key: "stripped") public var stripped: Bool
    @Field(key: "created_at") public var createdAt: Date
    public init() {}
}

/// A `tip_messages` row: an officer's question or the informant's answer.
public final class TipMessageRow: Model, @unchecked Sendable {
    public static let schema = "tip_messages"
    @ID(key: .id) public var id: UUID?
    @Field(key: "tip_id") public var tipID: UUID
    @Field(key: "author") public var author: String
    @OptionalField(key: "officer") public var officer: String?
    @Field(key: "text_sealed") public var textSealed: Data
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "read_at") public var readAt: Date?
    public init() {}
}

/// A `tip_steps` row: one step of the officers' workflow, in order.
public final class TipStepRow: Model, @unchecked Sendable {
    public static let schema = "tip_steps"
    @ID(key: .id) public var id: UUID?
    @Field(key: "tip_id") public var tipID: UUID
    @Field(key: "action") public var action: String
    @Field(key: "state") public var state: String
    @Field(key: "actor") public var actor: String
    @OptionalField(key: "note_sealed") public var noteSealed: Data?
    @Field(key: "created_at") public var createdAt: Date
    public init() {}
}
