import FluentKit
import Foundation

/// An `officers` row.
public final class OfficerRow: Model, @unchecked Sendable {
    public static let schema = "officers"

    @ID(key: .id) public var id: UUID?
    /// 警号, the police number officers sign in with.
    @Field(key: "police_number") public var policeNumber: String
    @Field(key: "name") public var name: String
    @Field(key: "unit_id") public var unitID: UUID
    /// Comma-separated `OfficerRole` values.
    @Field(key: "roles") public var roles: String
    @Field(key: "password_hash") public var passwordHash: String
    @Field(key: "active") public var active: Bool
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}
