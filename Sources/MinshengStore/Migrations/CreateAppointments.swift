import FluentKit
import FluentSQL

/// Counter appointments and the per-unit, per-time counters that keep each time within its capacity.
struct CreateAppointments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AppointmentRow.schema)
            .id()
            .field("reference", .string, .required)
            .field("account_id", .uuid, .required, .references(CitizenAccountRow.schema, .id))
            .field("service_code", .string, .required)
            .field("unit_code", .string, .required)
            .field("day", .string, .required)
            .field("time", .string, .required)
            .field("state", .string, .required)
            .field("created_at", .datetime, .required)
            .field("cancelled_at", .datetime)
            .unique(on: "reference", name: "uq_appointments_reference")
            .create()
        try await (database as! any SQLDatabase).create(index: "ix_appointments_account").on(AppointmentRow.schema).column("account_id").column("state").run()
        try await database.schema(AppointmentSlotRow.schema)
            .id()
            .field("unit_code", .string, .required)
            .field("day", .string, .required)
            .field("time", .string, .required)
            .field("booked", .int, .required)
            .unique(on: "unit_code", "day", "time", name: "uq_appointment_slots")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AppointmentSlotRow.schema).delete()
        try await database.schema(AppointmentRow.schema).delete()
    }
}
