import FluentKit
import FluentSQL
import Foundation
import MinshengCore

/// What one sweep did.
public struct SweepReport: Hashable, Sendable {
    public var scanned = 0
    public var reminded = 0
    public var alreadyReminded = 0
    public var notified = 0
    public var batches = 0
}

/// The nightly reminder sweep: every valid certificate whose expiry (or endorsement date) falls within the longest
/// window gets at most one reminder per window. Batches are read in expiry order, a batch at a time (memory stays
/// flat); on PostgreSQL a batch is locked `FOR UPDATE SKIP LOCKED`, so two instances share the work instead of
/// waiting on each other; the unique (certificate, window) key makes a second run, or a race, add nothing.
public struct ReminderSweep: Sendable {
    public let policy: ReminderPolicy
    public var batchSize: Int

    public init(policy: ReminderPolicy, batchSize: Int = 2000) {
        self.policy = policy
        self.batchSize = batchSize
    }

    public func run(today: CivilDate, at time: Date = Date(), on database: any Database) async throws -> SweepReport {
        var report = SweepReport()
        let horizon = today.adding(days: policy.rules.flatMap(\.daysBefore).max() ?? 0)
        let types = policy.rules.map(\.type.rawValue)
        guard !types.isEmpty else { return report }
        let sql = database as! any SQLDatabase
        let postgres = sql.dialect.name == "postgresql"
        var after: (String, UUID)? = nil
        while true {
            let cursor = after
            let (batch, counts): ([(UUID, CredentialType, UUID, CivilDate)], (Int, Int, Int)) = try await database.transaction { db in
                let tx = db as! any SQLDatabase
                // SQLite has no row locks: a write first takes the database's write lock, so a second sweep waits here
                // instead of failing when both would upgrade their read locks at once.
                try await SQLiteWriteLock.take(on: db)
                var query = SQLQueryString("SELECT id, type, holder_id, expires_on FROM credentials WHERE status = 'valid' AND expires_on >= \(bind: today.description) AND expires_on <= \(bind: horizon.description)")
                if let after = cursor { query.appendInterpolation(unsafeRaw: " AND (expires_on > "); query.appendInterpolation(bind: after.0)
                    query.appendInterpolation(unsafeRaw: " OR (expires_on = "); query.appendInterpolation(bind: after.0)
                    query.appendInterpolation(unsafeRaw: " AND id > "); query.appendInterpolation(bind: after.1); query.appendInterpolation(unsafeRaw: "))") }
                query.appendInterpolation(unsafeRaw: " ORDER BY expires_on, id LIMIT \(batchSize)")
                if postgres { query.appendInterpolation(unsafeRaw: " FOR UPDATE SKIP LOCKED") }
                let rows = try await tx.raw(query).all()
                let batch = try rows.compactMap { row -> (UUID, CredentialType, UUID, CivilDate)? in
                    guard let type = CredentialType(rawValue: try row.decode(column: "type", as: String.self)),
                          let due = CivilDate(iso: try row.decode(column: "expires_on", as: String.self)) else { return nil }
                    return (try row.decode(column: "id", as: UUID.self), type, try row.decode(column: "holder_id", as: UUID.self), due)
                }
                let windows = batch.compactMap { item in policy.window(for: item.1, due: item.3, today: today).map { (item, $0) } }
                guard !windows.isEmpty else { return (batch, (0, 0, 0)) }
                // One statement: the reminders not yet written come back; the rest were written before (or by another instance).
                var insert = SQLQueryString("INSERT INTO reminders (id, credential_id, window_key, created_at) VALUES ")
                for (i, (item, window)) in windows.enumerated() {
                    if i > 0 { insert.appendInterpolation(unsafeRaw: ", ") }
                    insert.appendInterpolation(unsafeRaw: "(")
                    insert.appendInterpolation(bind: UUID()); insert.appendInterpolation(unsafeRaw: ", ")
                    insert.appendInterpolation(bind: item.0); insert.appendInterpolation(unsafeRaw: ", ")
                    insert.appendInterpolation(bind: window.key); insert.appendInterpolation(unsafeRaw: ", ")
                    insert.appendInterpolation(bind: time); insert.appendInterpolation(unsafeRaw: ")")
                }
                insert.appendInterpolation(unsafeRaw: " ON CONFLICT (credential_id, window_key) DO NOTHING RETURNING credential_id")
                let fresh = Set(try await tx.raw(insert).all().map { try $0.decode(column: "credential_id", as: UUID.self) })
                let due = windows.filter { fresh.contains($0.0.0) }
                let notified = try await notify(due.map { ($0.0.2, $0.1) }, at: time, on: db)
                return (batch, (fresh.count, windows.count - fresh.count, notified))
            }
            report.reminded += counts.0
            report.alreadyReminded += counts.1
            report.notified += counts.2
            report.scanned += batch.count
            report.batches += 1
            guard let last = batch.last, batch.count == batchSize else { break }
            after = (last.3.description, last.0)
        }
        return report
    }

    /// In-app notices for the holders who have accounts, and their subscribed channels' deliveries, written in the batch's transaction.
    func notify(_ items: [(UUID, ReminderWindow)], at time: Date, on database: any Database) async throws -> Int {
        let sql = database as! any SQLDatabase
        guard !items.isEmpty else { return 0 }
        var select = SQLQueryString("SELECT id, resident_id FROM citizen_accounts WHERE resident_id IN (")
        for (i, item) in items.enumerated() {
            if i > 0 { select.appendInterpolation(unsafeRaw: ", ") }
            select.appendInterpolation(bind: item.0)
        }
        select.appendInterpolation(unsafeRaw: ")")
        var accounts: [UUID: UUID] = [:]
        for row in try await sql.raw(select).all() {
            accounts[try row.decode(column: "resident_id", as: UUID.self)] = try row.decode(column: "id", as: UUID.self)
        }
        let notices = items.compactMap { item in accounts[item.0].map { ($0, item.1) } }
        guard !notices.isEmpty else { return 0 }
        var insert = SQLQueryString("INSERT INTO notifications (id, account_id, channel, subject_ref, title_zh, title_en, created_at) VALUES ")
        var written: [(notification: UUID, account: UUID, topic: NoticeTopic)] = []
        for (i, (account, window)) in notices.enumerated() {
            let rule = policy.rule(for: window.type)
            let (zh, en) = Self.text(window, anniversary: rule?.anniversary == true)
            let id = UUID()
            written.append((id, account, .certificate))
            if i > 0 { insert.appendInterpolation(unsafeRaw: ", ") }
            insert.appendInterpolation(unsafeRaw: "(")
            insert.appendInterpolation(bind: id); insert.appendInterpolation(unsafeRaw: ", ")
            insert.appendInterpolation(bind: account); insert.appendInterpolation(unsafeRaw: ", 'in-app', ")
            insert.appendInterpolation(bind: "certificate:\(window.type.rawValue)"); insert.appendInterpolation(unsafeRaw: ", ")
            insert.appendInterpolation(bind: zh); insert.appendInterpolation(unsafeRaw: ", ")
            insert.appendInterpolation(bind: en); insert.appendInterpolation(unsafeRaw: ", ")
            insert.appendInterpolation(bind: time); insert.appendInterpolation(unsafeRaw: ")")
        }
        try await sql.raw(insert).run()
        // The SMS, WeChat and e-mail deliveries of the holders who subscribed, in the same transaction.
        try await NotificationOutbox.fanOut(written, at: time, on: database)
        return notices.count
    }

    static func text(_ window: ReminderWindow, anniversary: Bool) -> (String, String) {
        let name = window.type.name
        if anniversary {
            return ("您的\(name.zh)须在 \(window.due) 前办理签注（还有 \(window.daysLeft) 天）",
                    "Your \(name.en) must be endorsed by \(window.due) (\(window.daysLeft) days left)")
        }
        return ("您的\(name.zh)将于 \(window.due) 到期（还有 \(window.daysLeft) 天），请及时换领",
                "Your \(name.en) expires on \(window.due) (\(window.daysLeft) days left): please renew it")
    }
}
