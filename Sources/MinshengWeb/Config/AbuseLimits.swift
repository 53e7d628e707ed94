/// The limits that keep anyone without an account (and a citizen with one) from exhausting the server: per-address
/// hourly counts taken on a request's head, before its body is read, and the materials vault's quota per account.
public struct AbuseLimits: Sendable, Hashable {
    /// Follow-ups, answers and reward claims by tip code one address may make an hour (`MINSHENG_TIP_FOLLOW_RATE`): each
    /// costs a bcrypt.
    public var tipFollowsPerHour: Int
    /// Accounts one address may register an hour (`MINSHENG_REGISTER_RATE`).
    public var registrationsPerHour: Int
    /// Uploads one address may send an hour to the forms anyone may use with a large body — the verifier page's photo
    /// (8 MB) and the points list check (16 MB) (`MINSHENG_PUBLIC_UPLOAD_RATE`).
    public var publicUploadsPerHour: Int
    /// The materials vault's room per account, in bytes (`MINSHENG_MATERIALS_QUOTA_MB`, default 200 MiB).
    public var materialsQuotaBytes: Int
    /// The materials vault's files per account (`MINSHENG_MATERIALS_QUOTA_FILES`, default 500).
    public var materialsQuotaFiles: Int

    public init(tipFollowsPerHour: Int = 30, registrationsPerHour: Int = 20, publicUploadsPerHour: Int = 60,
                materialsQuotaBytes: Int = 200 << 20, materialsQuotaFiles: Int = 500) {
        self.tipFollowsPerHour = tipFollowsPerHour
        self.registrationsPerHour = registrationsPerHour
        self.publicUploadsPerHour = publicUploadsPerHour
        self.materialsQuotaBytes = materialsQuotaBytes
        self.materialsQuotaFiles = materialsQuotaFiles
    }

    /// The variables read here.
    static let variables = ["MINSHENG_TIP_FOLLOW_RATE", "MINSHENG_REGISTER_RATE", "MINSHENG_PUBLIC_UPLOAD_RATE", "MINSHENG_MATERIALS_QUOTA_MB",
                            "MINSHENG_MATERIALS_QUOTA_FILES"]

    /// Reads the limits, adding a line to `problems` for each bad value.
    static func load(_ value: (String) -> String?, problems: inout [String]) -> AbuseLimits {
        var limits = AbuseLimits()
        func number(_ name: String, _ range: ClosedRange<Int>, _ what: String) -> Int? {
            guard let raw = value(name) else { return nil }
            guard let parsed = Int(raw), range.contains(parsed) else {
                problems.append("\(name) must be \(range.lowerBound)–\(range.upperBound) \(what), got \"\(raw)\"")
                return nil
            }
            return parsed
        }
        if let n = number("MINSHENG_TIP_FOLLOW_RATE", 1...100_000, "follow-ups an hour") { limits.tipFollowsPerHour = n }
        if let n = number("MINSHENG_REGISTER_RATE", 1...100_000, "registrations an hour") { limits.registrationsPerHour = n }
        if let n = number("MINSHENG_PUBLIC_UPLOAD_RATE", 1...100_000, "uploads an hour") { limits.publicUploadsPerHour = n }
        if let n = number("MINSHENG_MATERIALS_QUOTA_MB", 10...1_000_000, "MiB") { limits.materialsQuotaBytes = n << 20 }
        if let n = number("MINSHENG_MATERIALS_QUOTA_FILES", 1...1_000_000, "files") { limits.materialsQuotaFiles = n }
        return limits
    }
}
