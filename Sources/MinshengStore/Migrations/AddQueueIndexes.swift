import FluentKit
import FluentSQL

/// Partial indexes over the open applications only, in queue order, so a unit's queue reads its first page straight
/// from the index however many closed applications the table holds.
struct AddQueueIndexes: AsyncMigration {
    static let openStates = "state IN ('submitted', 'accepted', 'under-review', 'needs-supplement')"

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX ix_applications_open_unit ON applications (unit_code, due_date, created_at) WHERE \(unsafeRaw: Self.openStates)").run()
        try await sql.raw("CREATE INDEX ix_applications_open_all ON applications (due_date, created_at) WHERE \(unsafeRaw: Self.openStates)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX ix_applications_open_all").run()
        try await sql.raw("DROP INDEX ix_applications_open_unit").run()
    }
}
