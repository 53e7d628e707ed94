import FluentKit
import FluentSQL

/// Binds an account's assurance level to the resident it was established for (issue 16): a level proven for one
/// person never carries over to another. Existing L2/L3 accounts were proven for the resident they are linked to.
struct AddAssuredResidentToAccounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CitizenAccountRow.schema).field("assured_resident_id", .uuid).update()
        try await (database as! any SQLDatabase).raw("UPDATE citizen_accounts SET assured_resident_id = resident_id WHERE assurance_level > 1").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CitizenAccountRow.schema).deleteField("assured_resident_id").update()
    }
}
