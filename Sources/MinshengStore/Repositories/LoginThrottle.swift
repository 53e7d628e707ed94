import FluentKit
import FluentSQL
import Foundation

/// Counts attempts per key (an account, an address, a person) that may fail; after `limit` within `window` the key is
/// locked for `lockout`. An attempt is reserved before the slow work it guards (bcrypt, face analysis, a registry match)
/// by a conditional increment, so N parallel requests get at most the attempts left, not N; a success gives its
/// reservation back. Keys are blind indexes, so no phone or address is stored.
public struct LoginThrottle: Sendable {
    public let limit: Int
    public let window: TimeInterval
    public let lockout: TimeInterval
    let cipher: FieldCipher

    public init(cipher: FieldCipher, limit: Int = 5, window: TimeInterval = 15 * 60, lockout: TimeInterval = 15 * 60) {
        self.cipher = cipher
        self.limit = limit
        self.window = window
        self.lockout = lockout
    }

    func key(_ raw: String) -> String { cipher.blindIndex(raw, domain: "login-throttle") }

    /// When any of the keys is locked, the time it unlocks.
    public func lockedUntil(keys: [String], now: Date = Date(), on database: any Database) async throws -> Date? {
        let hashed = keys.map(key)
        let rows = try await LoginThrottleRow.query(on: database).filter(\.$key ~~ hashed).all()
        return rows.compactMap(\.lockedUntil).filter { $0 > now }.max()
    }

    /// Reserves one attempt against every key, in order, before the work it guards. Returns nil when reserved, or the
    /// time the locked key unlocks (nothing stays reserved then). Each key is one conditional update, atomic on SQLite
    /// (one writer) and on PostgreSQL (the row lock re-checks the condition), so no two requests take the last attempt.
    public func reserve(keys: [String], now: Date = Date(), on database: any Database) async throws -> Date? {
        var taken: [String] = []
        for raw in keys {
            if let until = try await reserve(hashed: key(raw), now: now, on: database) {
                try await release(keys: taken, now: now, on: database)
                return until
            }
            taken.append(raw)
        }
        return nil
    }

    private func reserve(hashed: String, now: Date, on database: any Database) async throws -> Date? {
        // Only a row that is there and locked is a refusal: when the row changed between this request's statements
        // (a clear, a lock running out), the reservation is tried again.
        for _ in 0..<3 {
            switch try await reserveOnce(hashed: hashed, now: now, on: database) {
            case .reserved: return nil
            case .refused(let until): return until
            case .vanished: continue
            }
        }
        return now.addingTimeInterval(lockout)
    }

    private enum Reservation { case reserved, refused(until: Date), vanished }

    private func reserveOnce(hashed: String, now: Date, on database: any Database) async throws -> Reservation {
        let sql = database as! any SQLDatabase
        try await sql.insert(into: LoginThrottleRow.schema).columns("id", "key", "failures", "window_start")
            .values(SQLBind(UUID()), SQLBind(hashed), SQLLiteral.numeric("0"), SQLBind(now))
            .ignoringConflicts(with: ["key"]).run()
        // A lock that ran out, or a window that passed without one, starts afresh.
        try await sql.raw("""
            UPDATE login_throttles SET failures = 0, window_start = \(bind: now), locked_until = NULL
            WHERE "key" = \(bind: hashed) AND ((locked_until IS NOT NULL AND locked_until <= \(bind: now))
                OR (locked_until IS NULL AND window_start < \(bind: now.addingTimeInterval(-window))))
            """).run()
        let reserved = try await sql.raw("""
            UPDATE login_throttles SET failures = failures + 1,
                locked_until = CASE WHEN failures + 1 >= \(bind: limit) THEN \(bind: now.addingTimeInterval(lockout)) ELSE NULL END
            WHERE "key" = \(bind: hashed) AND failures < \(bind: limit) AND locked_until IS NULL RETURNING failures
            """).all()
        if !reserved.isEmpty { return .reserved }
        // Refused only by a lock that is there and running; anything else changed under this request: try again.
        guard let until = try await LoginThrottleRow.query(on: database).filter(\.$key == hashed).first()?.lockedUntil, until > now else {
            return .vanished
        }
        return .refused(until: until)
    }

    /// Gives back one reserved attempt on each key (the attempt succeeded), lifting the lock it may have set.
    public func release(keys: [String], now: Date = Date(), on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for raw in keys {
            try await sql.raw("""
                UPDATE login_throttles SET failures = CASE WHEN failures > 0 THEN failures - 1 ELSE 0 END, locked_until = NULL
                WHERE "key" = \(bind: key(raw))
                """).run()
        }
    }

    /// Forgets every attempt on the keys: a successful sign-in clears its account, an officer clears a lock. The row
    /// stays (zeroed): deleting it under a parallel reservation would make that one look locked.
    public func clear(keys: [String], on database: any Database) async throws {
        try await LoginThrottleRow.query(on: database).filter(\.$key ~~ keys.map(key))
            .set(\.$failures, to: 0).set(\.$lockedUntil, to: nil).update()
    }
}
