import FluentKit
import FluentSQL

/// The materials vault: one row per file a citizen keeps; the bytes live on disk, sealed, named by their digest.
struct CreateMaterials: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MaterialRow.schema)
            .id()
            .field("account_id", .uuid, .required, .references(CitizenAccountRow.schema, .id))
            .field("digest", .string, .required)
            .field("kind", .string, .required)
            .field("size", .int, .required)
            .field("name", .data, .required)
            .field("uses", .int, .required)
            .field("created_at", .datetime, .required)
            .field("deleted_at", .datetime)
            .unique(on: "account_id", "digest", name: "uq_materials_account_digest")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MaterialRow.schema).delete()
    }
}

/// Plain columns for the statistics: materials the citizen did not have to provide, and working days from submission
/// to completion — so the figures are SQL sums and averages instead of decrypting records.
struct AddApplicationFigures: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ApplicationRow.schema)
            .field("materials_saved", .int, .required, .sql(.default(0)))
            .update()
        try await database.schema(ApplicationRow.schema)
            .field("working_days", .int)
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ApplicationRow.schema).deleteField("working_days").update()
        try await database.schema(ApplicationRow.schema).deleteField("materials_saved").update()
    }
}
