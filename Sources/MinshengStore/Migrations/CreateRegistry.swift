import FluentKit
import FluentSQL

/// The population registry: households, residents and their versions.
struct CreateRegistry: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(HouseholdRow.schema)
            .id()
            .field("number", .string, .required)
            .field("kind", .string, .required)
            .field("division_code", .string, .required)
            .field("address", .data, .required)
            .field("head_id", .uuid)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "number", name: "uq_households_number")
            .create()

        try await database.schema(ResidentRow.schema)
            .id()
            .field("id_number_index", .string, .required)
            .field("personal", .data, .required)
            .field("gender", .string, .required)
            .field("ethnicity", .string, .required)
            .field("birth_date", .string, .required)
            .field("birthplace", .string)
            .field("education", .string)
            .field("marital_status", .string)
            .field("occupation", .string)
            .field("status", .string, .required)
            .field("status_reason", .string)
            .field("household_id", .uuid, .references(HouseholdRow.schema, .id))
            .field("relation", .string)
            .field("division_code", .string, .required)
            .field("photo", .data)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "id_number_index", name: "uq_residents_id_number_index")
            .create()

        try await database.schema(ResidentVersionRow.schema)
            .id()
            .field("resident_id", .uuid, .required, .references(ResidentRow.schema, .id))
            .field("number", .int, .required)
            .field("before", .data)
            .field("after", .data, .required)
            .field("changed", .string, .required)
            .field("actor", .string, .required)
            .field("reason", .string, .required)
            .field("application_ref", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "resident_id", "number", name: "uq_resident_versions_number")
            .create()

        let sql = database as! any SQLDatabase
        try await sql.create(index: "ix_residents_household").on(ResidentRow.schema).column("household_id").run()
        try await sql.create(index: "ix_residents_division").on(ResidentRow.schema).column("division_code").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ResidentVersionRow.schema).delete()
        try await database.schema(ResidentRow.schema).delete()
        try await database.schema(HouseholdRow.schema).delete()
    }
}
