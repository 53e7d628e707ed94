import FluentKit
import FluentSQL

/// Facts other departments hold about residents, behind the agency connector.
struct CreateAgencyFlags: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AgencyFlagRow.schema)
            .id()
            .field("resident_id", .uuid, .required, .references(ResidentRow.schema, .id))
            .field("flag", .string, .required)
            .field("source", .string, .required)
            .field("recorded_at", .datetime, .required)
            .unique(on: "resident_id", "flag", name: "uq_agency_flags_resident_flag")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AgencyFlagRow.schema).delete()
    }
}
