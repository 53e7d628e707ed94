import FluentKit
import Foundation

/// A `households` row; the address is sealed.
public final class HouseholdRow: Model, @unchecked Sendable {
    public static let schema = "households"

    @ID(key: .id) public var id: UUID?
    @Field(key: "number") public var number: String
    @Field(key: "kind") public var kind: String
    @Field(key: "division_code") public var divisionCode: String
    @Field(key: "address") public var address: Data
    @OptionalField(key: "head_id") public var headID: UUID?
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}
}
