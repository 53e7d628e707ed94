import FluentKit
import Foundation

/// A `citizen_accounts` row. The phone is sealed and found by its blind index.
public final class CitizenAccountRow: Model, @unchecked Sendable {
    public static let schema = "citizen_accounts"

    @ID(key: .id) public var id: UUID?
    @Field(key: "phone_index") public var phoneIndex: String
    @Field(key: "phone") public var phone: Data
    @Field(key: "password_hash") public var passwordHash: String
    @OptionalField(key: "resident_id") public var residentID: UUID?
    @Field(key: "assurance_level") public var assuranceLevel: Int
    @Field(key: "assurance_method") public var assuranceMethod: String
    @OptionalField(key: "assured_at") public var assuredAt: Date?
    @OptionalField(key: "assured_by") public var assuredBy: String?
    /// The resident the level above L1 was proven for; a level counts only while the account is linked to them.
    @OptionalField(key: "assured_resident_id") public var assuredResidentID: UUID?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}
