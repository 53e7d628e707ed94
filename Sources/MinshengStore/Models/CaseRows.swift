import FluentKit
import Foundation

/// `cases`: one criminal or public-order case whose progress its parties may follow (案件信息公开).
public final class CaseRow: Model, @unchecked Sendable {
    public static let schema = "cases"

    @ID(key: .id) public var id: UUID?
    @Field(key: "number") public var number: String
    /// The cause (案由) as told to the parties, sealed.
    @Field(key: "cause_sealed") public var causeSealed: Data
    @Field(key: "unit_code") public var unitCode: String
    @Field(key: "stage") public var stage: String
    @Field(key: "reported_on") public var reportedOn: String
    /// Where the case came from: `connector`, `import`, `counter` or `demo`.
    @Field(key: "source") public var source: String
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}
}

/// `case_parties`: who may follow a case, found by a keyed digest of the case number and their query code; the name
/// is sealed; an account is linked only when the party subscribes while signed in.
public final class CasePartyRow: Model, @unchecked Sendable {
    public static let schema = "case_parties"

    @ID(key: .id) public var id: UUID?
    @Field(key: "case_id") public var caseID: UUID
    @Field(key: "role") public var role: String
    @Field(key: "name_sealed") public var nameSealed: Data
    @Field(key: "code_hash") public var codeHash: String
    @OptionalField(key: "account_id") public var accountID: UUID?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}

/// `case_events`: every stage a case reached, with the note the parties see and the note they never do.
public final class CaseEventRow: Model, @unchecked Sendable {
    public static let schema = "case_events"

    @ID(key: .id) public var id: UUID?
    @Field(key: "case_id") public var caseID: UUID
    @Field(key: "seq") public var seq: Int
    @Field(key: "stage") public var stage: String
    @Field(key: "on_day") public var onDay: String
    @OptionalField(key: "public_note_sealed") public var publicNoteSealed: Data?
    @OptionalField(key: "internal_note_sealed") public var internalNoteSealed: Data?
    @Field(key: "actor") public var actor: String
    @Field(key: "at") public var at: Date

    public init() {}
}
