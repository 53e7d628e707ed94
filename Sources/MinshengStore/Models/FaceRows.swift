import FluentKit
import Foundation

/// `face_templates`: a registry photo's descriptor, computed once, sealed.
public final class FaceTemplateRow: Model, @unchecked Sendable {
    public static let schema = "face_templates"

    @ID(key: .id) public var id: UUID?
    @Field(key: "resident_id") public var residentID: UUID
    /// Keyed digest of the photo the descriptor was computed from: a new photo means a new descriptor.
    @Field(key: "photo_digest") public var photoDigest: String
    @Field(key: "model") public var model: String
    @Field(key: "descriptor") public var descriptor: Data
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}

/// `face_challenges`: one liveness challenge — the actions asked, its expiry, and once answered the outcome.
public final class FaceChallengeRow: Model, @unchecked Sendable {
    public static let schema = "face_challenges"

    @ID(key: .id) public var id: UUID?
    @Field(key: "account_id") public var accountID: UUID
    @Field(key: "resident_id") public var residentID: UUID
    /// Comma-separated action codes, in order.
    @Field(key: "actions") public var actions: String
    @Field(key: "expires_at") public var expiresAt: Date
    @OptionalField(key: "answered_at") public var answeredAt: Date?
    /// `passed` or `failed` once answered.
    @OptionalField(key: "outcome") public var outcome: String?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}

/// `face_unlocks`: an officer cleared a face-authentication lock after checking the citizen in person.
public final class FaceUnlockRow: Model, @unchecked Sendable {
    public static let schema = "face_unlocks"

    @ID(key: .id) public var id: UUID?
    @Field(key: "resident_id") public var residentID: UUID
    @Field(key: "officer") public var officer: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}
