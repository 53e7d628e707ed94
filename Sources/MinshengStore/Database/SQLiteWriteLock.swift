import FluentKit
import FluentSQL

/// SQLite has no row locks, and a transaction that reads and then writes while another does the same is refused
/// (`database is locked`: neither can upgrade its read lock). Transactions that write take the database's write lock
/// first with a write that changes nothing, so a second one waits (sqlite-nio retries while busy) instead of failing.
/// On PostgreSQL it does nothing: rows are locked as they are written.
enum SQLiteWriteLock {
    static func take(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        guard sql.dialect.name != "postgresql" else { return }
        try await sql.raw("UPDATE status_lists SET next_index = next_index WHERE id = -1").run()
    }
}
