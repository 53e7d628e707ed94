import FluentKit
import FluentSQL

/// Applications for services.
struct CreateApplications: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ApplicationRow.schema)
            .id()
            .field("reference", .string, .required)
            .field("service_code", .string, .required)
            .field("applicant_account_id", .uuid, .required, .references(CitizenAccountRow.schema, .id))
            .field("applicant_resident_id", .uuid)
            .field("subject_resident_id", .uuid)
            .field("channel", .string, .required)
            .field("state", .string, .required)
            .field("form", .data, .required)
            .field("materials", .string, .required)
            .field("record", .data, .required)
            .field("unit_code", .string)
            .field("claimed_by", .string)
            .field("due_date", .string, .required)
            .field("idempotency_key", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "reference", name: "uq_applications_reference")
            .unique(on: "applicant_account_id", "idempotency_key", name: "uq_applications_idempotency")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "ix_applications_queue").on(ApplicationRow.schema).column("unit_code").column("state").column("due_date").run()
        try await sql.create(index: "ix_applications_applicant").on(ApplicationRow.schema).column("applicant_account_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ApplicationRow.schema).delete()
    }
}
