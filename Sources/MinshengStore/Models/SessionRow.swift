import FluentKit
import Foundation

/// A `sessions` row: a signed-in citizen or officer. Only the token's SHA-256 is kept.
public final class SessionRow: Model, @unchecked Sendable {
    public static let schema = "sessions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "token_hash") public var tokenHash: String
    /// `citizen` or `officer`.
    @Field(key: "subject_kind") public var subjectKind: String
    @Field(key: "subject_id") public var subjectID: UUID
    /// `api` (bearer token) or `page` (cookie).
    @Field(key: "channel") public var channel: String
    @Field(key: "expires_at") public var expiresAt: Date
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}
