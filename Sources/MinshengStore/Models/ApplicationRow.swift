import FluentKit
import Foundation

/// An `applications` row. The form and the workflow record (with officers' comments) are sealed; what the queues
/// sort and filter on (service, state, unit, due date) stays plain.
public final class ApplicationRow: Model, @unchecked Sendable {
    public static let schema = "applications"

    @ID(key: .id) public var id: UUID?
    @Field(key: "reference") public var reference: String
    @Field(key: "service_code") public var serviceCode: String
    @Field(key: "applicant_account_id") public var applicantAccountID: UUID
    @OptionalField(key: "applicant_resident_id") public var applicantResidentID: UUID?
    @OptionalField(key: "subject_resident_id") public var subjectResidentID: UUID?
    @Field(key: "channel") public var channel: String
    @Field(key: "state") public var state: String
    /// Sealed JSON of the cleaned form values.
    @Field(key: "form") public var form: Data
    /// JSON list of attached materials (references and digests only).
    @Field(key: "materials") public var materials: String
    /// Sealed JSON of the workflow record, events included.
    @Field(key: "record") public var record: Data
    @OptionalField(key: "unit_code") public var unitCode: String?
    @OptionalField(key: "claimed_by") public var claimedBy: String?
    /// YYYY-MM-DD, for sorting; empty until accepted.
    @Field(key: "due_date") public var dueDate: String
    @Field(key: "idempotency_key") public var idempotencyKey: String
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date
    /// Materials attached from the registry, e-certificates or reused from the vault (not provided again).
    @Field(key: "materials_saved") public var materialsSaved: Int
    /// Working days from submission to completion, once completed.
    @OptionalField(key: "working_days") public var workingDays: Int?

    public init() {}
}
