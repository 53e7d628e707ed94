import Crypto
import Foundation
import MinshengStore
import Vapor

/// Per-address hourly limits that keep nothing identifying (crime reports, case look-ups): each address is counted
/// under a keyed digest whose random salt lives only in this process's memory and is thrown away, with every count,
/// when its hour ends. No address is written to the database or the logs.
actor AddressThrottle {
    let perHour: Int
    private var salt = SymmetricKey(size: .bits256)
    private var windowStart: Date
    private var counts: [Data: Int] = [:]

    init(perHour: Int, now: Date = Date()) {
        self.perHour = perHour
        windowStart = now
    }

    /// Counts one report from `address`; when the hour's limit is reached, the seconds until the window ends.
    func take(_ address: String, now: Date = Date()) -> Int? {
        if now.timeIntervalSince(windowStart) >= 3600 || now < windowStart {
            salt = SymmetricKey(size: .bits256)
            counts = [:]
            windowStart = now
        }
        let key = Data(HMAC<SHA256>.authenticationCode(for: Data(address.utf8), using: salt)).prefix(16)
        let used = counts[key, default: 0]
        guard used < perHour else { return max(1, Int((3600 - now.timeIntervalSince(windowStart)).rounded(.up))) }
        counts[key] = used + 1
        return nil
    }
}
