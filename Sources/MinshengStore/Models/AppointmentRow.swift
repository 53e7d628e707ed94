import FluentKit
import Foundation

/// An `appointments` row: a citizen's booking of a time at a unit for a service handled in person.
public final class AppointmentRow: Model, @unchecked Sendable {
    public static let schema = "appointments"

    @ID(key: .id) public var id: UUID?
    @Field(key: "reference") public var reference: String
    @Field(key: "account_id") public var accountID: UUID
    @Field(key: "service_code") public var serviceCode: String
    @Field(key: "unit_code") public var unitCode: String
    /// YYYY-MM-DD and HH:MM, Beijing time.
    @Field(key: "day") public var day: String
    @Field(key: "time") public var time: String
    /// `booked` or `cancelled`.
    @Field(key: "state") public var state: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "cancelled_at") public var cancelledAt: Date?

    public init() {}
}

/// An `appointment_slots` row: how many bookings a unit has at one time of one day.
public final class AppointmentSlotRow: Model, @unchecked Sendable {
    public static let schema = "appointment_slots"

    @ID(key: .id) public var id: UUID?
    @Field(key: "unit_code") public var unitCode: String
    @Field(key: "day") public var day: String
    @Field(key: "time") public var time: String
    @Field(key: "booked") public var booked: Int

    public init() {}
}
