import FluentKit
import Foundation

/// A `materials` row: one file in a citizen's vault. The name is sealed; the bytes are on disk under `digest`.
public final class MaterialRow: Model, @unchecked Sendable {
    public static let schema = "materials"

    @ID(key: .id) public var id: UUID?
    @Field(key: "account_id") public var accountID: UUID
    /// Keyed digest (HMAC) of the content: the file's name on disk, and how a second upload of the same file is found.
    @Field(key: "digest") public var digest: String
    @Field(key: "kind") public var kind: String
    @Field(key: "size") public var size: Int
    @Field(key: "name") public var name: Data
    /// How many applications it has been attached to.
    @Field(key: "uses") public var uses: Int
    @Field(key: "created_at") public var createdAt: Date
    /// Removed from the vault by the citizen; the file stays for the applications it is attached to.
    @OptionalField(key: "deleted_at") public var deletedAt: Date?

    public init() {}
}
