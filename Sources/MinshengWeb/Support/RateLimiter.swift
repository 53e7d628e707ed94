import Foundation

/// A token bucket per key (a verifier organisation), in this instance's memory: `ratePerSecond` refills, `burst` at most.
actor RateLimiter {
    let ratePerSecond: Double
    let burst: Double
    private var buckets: [UUID: (tokens: Double, at: Date)] = [:]

    init(ratePerSecond: Int, burst: Int) {
        self.ratePerSecond = Double(ratePerSecond)
        self.burst = Double(burst)
    }

    /// Takes a token; when none is left, the seconds until one is.
    func take(_ key: UUID, now: Date = Date()) -> Int? {
        var bucket = buckets[key] ?? (burst, now)
        bucket.tokens = min(burst, bucket.tokens + now.timeIntervalSince(bucket.at) * ratePerSecond)
        bucket.at = now
        guard bucket.tokens >= 1 else {
            buckets[key] = bucket
            return max(1, Int(((1 - bucket.tokens) / ratePerSecond).rounded(.up)))
        }
        bucket.tokens -= 1
        buckets[key] = bucket
        return nil
    }
}
