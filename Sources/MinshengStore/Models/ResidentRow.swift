import FluentKit
import Foundation

/// A `residents` row. Personal fields live only in `personal` (AES-GCM); the ID number is found by `idNumberIndex`.
public final class ResidentRow: Model, @unchecked Sendable {
    public static let schema = "residents"

    @ID(key: .id) public var id: UUID?
    /// HMAC-SHA256 blind index of the ID number.
    @Field(key: "id_number_index") public var idNumberIndex: String
    /// Sealed `PersonalFields`: ID number, name, former names, phone.
    @Field(key: "personal") public var personal: Data
    @Field(key: "gender") public var gender: String
    @Field(key: "ethnicity") public var ethnicity: String
    @Field(key: "birth_date") public var birthDate: String
    @OptionalField(key: "birthplace") public var birthplace: String?
    @OptionalField(key: "education") public var education: String?
    @OptionalField(key: "marital_status") public var maritalStatus: String?
    @OptionalField(key: "occupation") public var occupation: String?
    @Field(key: "status") public var status: String
    @OptionalField(key: "status_reason") public var statusReason: String?
    @OptionalField(key: "household_id") public var householdID: UUID?
    @OptionalField(key: "relation") public var relation: String?
    @Field(key: "division_code") public var divisionCode: String
    /// Sealed ID photo bytes.
    @OptionalField(key: "photo") public var photo: Data?
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}
}
