import FluentKit
import Foundation

/// A `resident_versions` row: one change, with the sealed record before and after.
public final class ResidentVersionRow: Model, @unchecked Sendable {
    public static let schema = "resident_versions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "resident_id") public var residentID: UUID
    @Field(key: "number") public var number: Int
    @OptionalField(key: "before") public var before: Data?
    @Field(key: "after") public var after: Data
    @Field(key: "changed") public var changed: String
    @Field(key: "actor") public var actor: String
    @Field(key: "reason") public var reason: String
    @OptionalField(key: "application_ref") public var applicationRef: String?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}
