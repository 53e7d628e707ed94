import FluentKit
import Foundation

/// An `audit_checkpoints` row: the chain's head at a sequence number, signed with the issuer key (a compact JWS).
public final class AuditCheckpointRow: Model, @unchecked Sendable {
    public static let schema = "audit_checkpoints"

    @ID(key: .id) public var id: UUID?
    @Field(key: "seq") public var seq: Int
    @Field(key: "hash") public var hash: String
    /// When it was signed, seconds since 1970.
    @Field(key: "issued_at") public var issuedAt: Int
    @Field(key: "kid") public var kid: String
    @Field(key: "jws") public var jws: String

    public init() {}
}
