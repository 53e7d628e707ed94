import FluentKit
import FluentSQL
import Foundation
import SQLiteNIO

/// SQLite has no row locks, and a transaction that reads and then writes while another does the same is refused
/// (`database is locked`: neither can upgrade its read lock). Transactions that write take the database's write lock
/// first with a write that changes nothing, so a second one waits instead of failing.
///
/// The wait must not hold a thread: SQLite runs on a small thread pool (two threads here), and sqlite-nio's own busy
/// handler spins without end, so two waiters would hold both threads while the transaction they wait for could never
/// commit (a CI run hung so). The lock is therefore tried with SQLite's busy handler off, and a refusal is waited out
/// asleep, off the pool; once held, the connection keeps a sleeping busy timeout for the commit instead of the spin.
/// On PostgreSQL it does nothing: rows are locked as they are written.
enum SQLiteWriteLock {
    /// How long a transaction waits for the write lock before giving up with the database's own error.
    static let patience: Duration = .seconds(30)

    static func take(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        guard sql.dialect.name != "postgresql" else { return }
        try await sql.raw("PRAGMA busy_timeout = 0").run()
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: patience)
        var pause = 2
        while true {
            do {
                try await sql.raw("UPDATE status_lists SET next_index = next_index WHERE id = -1").run()
                break
            } catch let error as SQLiteError where error.reason == .busy && clock.now < deadline {
                try await Task.sleep(for: .milliseconds(Int.random(in: pause...(2 * pause))))
                pause = min(pause * 2, 50)
            }
        }
        try await sql.raw("PRAGMA busy_timeout = 10000").run()
    }
}
