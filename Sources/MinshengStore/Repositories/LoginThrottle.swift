import FluentKit
import Foundation

/// Counts failed sign-ins per account and per address; after `limit` failures within `window`
/// the key is locked for `lockout`. Keys are blind indexes, so no phone or address is stored.
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

    /// Records a failure against every key.
    public func recordFailure(keys: [String], now: Date = Date(), on database: any Database) async throws {
        try await database.transaction { db in
            for raw in keys {
                let hashed = key(raw)
                let row = try await LoginThrottleRow.query(on: db).filter(\.$key == hashed).first() ?? {
                    let fresh = LoginThrottleRow()
                    fresh.key = hashed
                    fresh.failures = 0
                    fresh.windowStart = now
                    return fresh
                }()
                if now.timeIntervalSince(row.windowStart) > window || (row.lockedUntil.map { $0 <= now } ?? false) {
                    row.failures = 0
                    row.windowStart = now
                    row.lockedUntil = nil
                }
                row.failures += 1
                if row.failures >= limit { row.lockedUntil = now.addingTimeInterval(lockout) }
                try await row.save(on: db)
            }
        }
    }

    /// Clears the account's counter after a successful sign-in (the address counter stays).
    public func recordSuccess(key raw: String, on database: any Database) async throws {
        try await LoginThrottleRow.query(on: database).filter(\.$key == key(raw)).delete()
    }
}
