import FluentKit
import Foundation

/// An `audit_entries` row, chained to the one before by `previousHash`.
public final class AuditEntryRow: Model, @unchecked Sendable {
    public static let schema = "audit_entries"

    @ID(key: .id) public var id: UUID?
    @Field(key: "seq") public var seq: Int
    /// Milliseconds since 1970, so the hashed text is the same on every database.
    @Field(key: "at_ms") public var atMillis: Int64
    @Field(key: "actor") public var actor: String
    @Field(key: "action") public var action: String
    @Field(key: "subject") public var subject: String
    @Field(key: "purpose") public var purpose: String
    @Field(key: "detail") public var detail: String
    @OptionalField(key: "resident_id") public var residentID: UUID?
    @Field(key: "previous_hash") public var previousHash: String
    @Field(key: "hash") public var hash: String

    public init() {}
}

/// The single `audit_head` row: the last sequence number and hash. Updating it first serialises appends.
public final class AuditHeadRow: Model, @unchecked Sendable {
    public static let schema = "audit_head"

    @ID(custom: .id, generatedBy: .user) public var id: Int?
    @Field(key: "seq") public var seq: Int
    @Field(key: "hash") public var hash: String
    // `keyed_from` and `keyed_mac` (AddAuditKeying) are read with SQL by `AuditChain.keyingBoundary`: a field here
    // would be inserted by CreateAuditChain, which runs before they exist.

    public init() {}
}
