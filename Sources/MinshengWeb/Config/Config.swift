import Foundation
import Logging
import MinshengCore
import MinshengStore

/// Everything the platform reads from its environment, read once at start and passed down.
public struct Config: Sendable {
    public var hostname: String
    public var port: Int
    public var database: DatabaseLocation
    /// The base64 32-byte key for field encryption (`MINSHENG_DATA_KEY`).
    public var dataKey: String
    public var logLevel: Logger.Level
    /// Whether session cookies carry `Secure` (true unless `MINSHENG_COOKIE_SECURE=false`).
    public var secureCookies: Bool
    /// Where templates (`Views/`), `openapi.json` and static files live.
    public var resourcesDirectory: String
    /// bcrypt cost for new password hashes.
    public var bcryptCost: Int
    /// How long a sign-in lasts, in seconds.
    public var sessionLifetime: TimeInterval
    /// Where the materials vault keeps its sealed files (`MINSHENG_MATERIALS_DIR`).
    public var materialsDirectory: String
    /// Where dlib's face models are (`MINSHENG_MODELS_DIR`); without them face authentication answers 503.
    public var modelsDirectory: String
    /// Verification API calls allowed per second per verifier organisation (`MINSHENG_VERIFIER_RATE`), with bursts of twice that.
    public var verifierRate: Int
    /// The address the platform is reached at (`MINSHENG_PUBLIC_URL`), named in status list tokens.
    public var publicBaseURL: String
    /// The SMTP relay for e-mail notices (`MINSHENG_SMTP_URL`, `smtp://host:port`); without it e-mail is not offered.
    public var smtpURL: String?
    /// The sender of e-mail notices (`MINSHENG_MAIL_FROM`).
    public var mailFrom: String
    /// Where the local fakes of the SMS and WeChat providers write their requests (`MINSHENG_OUTBOX_DIR`).
    public var outboxDirectory: String
    /// How often `serve` sends queued SMS, WeChat and e-mail deliveries, in seconds (`MINSHENG_DELIVERY_SECONDS`; 0: only
    /// `minsheng jobs deliver` sends them).
    public var deliveryInterval: Int
    /// The informant-protection key (`MINSHENG_INFORMANT_KEY` or `MINSHENG_INFORMANT_KEY_FILE`, base64 of 32 bytes),
    /// separate from the data key: it seals real-name informants' identities and evidence originals. Without it only
    /// anonymous reports are taken.
    public var informantKey: String?
    /// Reports one address may file an hour (`MINSHENG_TIP_RATE`), counted under a salt discarded every hour.
    public var tipRatePerHour: Int
    /// Whether crime reports are taken (`MINSHENG_TIPS`, on unless `off`); when on, the informant key is required.
    public var tipsEnabled: Bool
    /// Per-address limits taken before a body is read, and the materials vault's quota.
    public var limits: AbuseLimits
    /// The reverse proxies whose `X-Forwarded-For` is read (`MINSHENG_TRUSTED_PROXIES`, comma-separated CIDRs); none by default.
    public var trustedProxies: TrustedProxies
    /// The audit chain's HMAC key (`MINSHENG_AUDIT_KEY` or `MINSHENG_AUDIT_KEY_FILE`, base64 of 32 bytes), apart from
    /// the data and informant keys; nil only where the caller installed one itself (the tests).
    public var auditKey: String?
    /// A signed checkpoint of the audit chain's head every this many entries (`MINSHENG_AUDIT_CHECKPOINT_EVERY`,
    /// default 1000; 0: only `minsheng audit checkpoint`).
    public var auditCheckpointEvery: Int

    public init(hostname: String = "127.0.0.1", port: Int = 8080, database: DatabaseLocation, dataKey: String,
                logLevel: Logger.Level = .info, secureCookies: Bool = true, resourcesDirectory: String,
                bcryptCost: Int = 12, sessionLifetime: TimeInterval = 8 * 3600, materialsDirectory: String? = nil, modelsDirectory: String = "var/models",
                verifierRate: Int = 50, publicBaseURL: String? = nil, smtpURL: String? = nil, mailFrom: String = "noreply@minsheng.localhost",
                outboxDirectory: String? = nil, deliveryInterval: Int = 0, informantKey: String? = nil, tipRatePerHour: Int = 5,
                trustedProxies: TrustedProxies = TrustedProxies(), tipsEnabled: Bool = true, limits: AbuseLimits = AbuseLimits(),
                auditKey: String? = nil, auditCheckpointEvery: Int = 1000) {
        self.hostname = hostname
        self.port = port
        self.database = database
        self.dataKey = dataKey
        self.logLevel = logLevel
        self.secureCookies = secureCookies
        self.resourcesDirectory = resourcesDirectory
        self.bcryptCost = bcryptCost
        self.sessionLifetime = sessionLifetime
        self.materialsDirectory = materialsDirectory ?? NSTemporaryDirectory() + "minsheng-materials-\(UUID().uuidString)"
        self.modelsDirectory = modelsDirectory
        self.verifierRate = verifierRate
        self.publicBaseURL = publicBaseURL ?? "http://\(hostname):\(port)"
        self.smtpURL = smtpURL
        self.mailFrom = mailFrom
        self.outboxDirectory = outboxDirectory ?? NSTemporaryDirectory() + "minsheng-outbox-\(UUID().uuidString)"
        self.deliveryInterval = deliveryInterval
        self.informantKey = informantKey
        self.tipRatePerHour = tipRatePerHour
        self.trustedProxies = trustedProxies
        self.tipsEnabled = tipsEnabled
        self.limits = limits
        self.auditKey = auditKey
        self.auditCheckpointEvery = auditCheckpointEvery
    }

    /// Every variable the platform reads, as `.env.example` lists them.
    public static let variables = [
        "MINSHENG_HOST", "MINSHENG_PORT", "DATABASE_URL", "MINSHENG_SQLITE_PATH", "MINSHENG_DATA_KEY",
        "MINSHENG_DATA_KEY_FILE", "MINSHENG_INFORMANT_KEY", "MINSHENG_INFORMANT_KEY_FILE", "MINSHENG_TIP_RATE", "MINSHENG_LOG_LEVEL", "MINSHENG_COOKIE_SECURE", "MINSHENG_RESOURCES", "MINSHENG_BCRYPT_COST",
        "MINSHENG_SESSION_HOURS", "MINSHENG_MATERIALS_DIR", "MINSHENG_MODELS_DIR", "MINSHENG_VERIFIER_RATE", "MINSHENG_PUBLIC_URL",
        "MINSHENG_SMTP_URL", "MINSHENG_MAIL_FROM", "MINSHENG_OUTBOX_DIR", "MINSHENG_DELIVERY_SECONDS",
        "MINSHENG_TRUSTED_PROXIES", "MINSHENG_TIPS", "MINSHENG_AUDIT_KEY", "MINSHENG_AUDIT_KEY_FILE", "MINSHENG_AUDIT_CHECKPOINT_EVERY",
    ] + AbuseLimits.variables

    /// Reads the configuration, collecting every problem before failing.
    public static func load(environment env: [String: String] = ProcessInfo.processInfo.environment,
                            workingDirectory: String = FileManager.default.currentDirectoryPath) throws(ConfigError) -> Config {
        var problems: [String] = []
        func value(_ name: String) -> String? {
            guard let raw = env[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else { return nil }
            return raw
        }

        let hostname = value("MINSHENG_HOST") ?? "127.0.0.1"
        var port = 8080
        if let raw = value("MINSHENG_PORT") {
            if let parsed = Int(raw), (1...65535).contains(parsed) { port = parsed } else { problems.append("MINSHENG_PORT must be a port number 1–65535, got \"\(raw)\"") }
        }

        let database: DatabaseLocation
        if let url = value("DATABASE_URL") {
            if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://"), URLComponents(string: url)?.host != nil {
                database = .postgres(url: url)
            } else {
                problems.append("DATABASE_URL must be postgres://user:password@host:port/database, got \"\(DatabaseLocation.maskPassword(in: url))\"")
                database = .sqliteInMemory
            }
        } else {
            database = .sqlite(path: value("MINSHENG_SQLITE_PATH") ?? "\(workingDirectory)/var/minsheng.sqlite")
        }

        var dataKey = value("MINSHENG_DATA_KEY")
        if dataKey == nil, let file = value("MINSHENG_DATA_KEY_FILE") {
            if let text = try? String(contentsOfFile: file, encoding: .utf8) {
                dataKey = text.trimmingCharacters(in: .whitespacesAndNewlines)
            } else {
                problems.append("MINSHENG_DATA_KEY_FILE names \(file), which cannot be read")
            }
        }
        if let key = dataKey {
            do { _ = try FieldCipher(base64Key: key) } catch {
                problems.append("MINSHENG_DATA_KEY must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`), got \(Config.maskSecret(key))")
            }
        } else {
            problems.append("MINSHENG_DATA_KEY (or MINSHENG_DATA_KEY_FILE) is required: the key that encrypts personal data at rest")
        }

        var logLevel = Logger.Level.info
        if let raw = value("MINSHENG_LOG_LEVEL") {
            if raw.lowercased() == "trace" {
                problems.append("MINSHENG_LOG_LEVEL=trace is refused: at trace the HTTP server logs every request's headers (addresses, user agents, devices), which would record anonymous crime informants; debug is the most detailed level")
            } else if let parsed = Logger.Level(rawValue: raw.lowercased()) { logLevel = parsed } else {
                problems.append("MINSHENG_LOG_LEVEL must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(raw)\"")
            }
        }

        var secureCookies = true
        if let raw = value("MINSHENG_COOKIE_SECURE") {
            switch raw.lowercased() {
            case "true", "1", "yes": secureCookies = true
            case "false", "0", "no": secureCookies = false
            default: problems.append("MINSHENG_COOKIE_SECURE must be true or false, got \"\(raw)\"")
            }
        }

        let resources = value("MINSHENG_RESOURCES") ?? "\(workingDirectory)/Resources"
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: "\(resources)/Views", isDirectory: &isDirectory) || !isDirectory.boolValue {
            problems.append("MINSHENG_RESOURCES must name the folder holding Views/ and openapi.json; \(resources)/Views does not exist")
        }

        var bcryptCost = 12
        if let raw = value("MINSHENG_BCRYPT_COST") {
            if let parsed = Int(raw), (4...31).contains(parsed) { bcryptCost = parsed } else { problems.append("MINSHENG_BCRYPT_COST must be 4–31, got \"\(raw)\"") }
        }

        var lifetime: TimeInterval = 8 * 3600
        if let raw = value("MINSHENG_SESSION_HOURS") {
            if let parsed = Double(raw), parsed > 0, parsed <= 24 * 30 { lifetime = parsed * 3600 } else { problems.append("MINSHENG_SESSION_HOURS must be a number of hours up to 720, got \"\(raw)\"") }
        }

        let materials = value("MINSHENG_MATERIALS_DIR") ?? "\(workingDirectory)/var/materials"
        if let problem = Self.writableDirectoryProblem(materials) { problems.append("MINSHENG_MATERIALS_DIR: \(problem)") }

        var verifierRate = 50
        if let raw = value("MINSHENG_VERIFIER_RATE") {
            if let parsed = Int(raw), (1...1_000_000).contains(parsed) { verifierRate = parsed } else { problems.append("MINSHENG_VERIFIER_RATE must be 1–1000000 calls a second, got \"\(raw)\"") }
        }

        let smtpURL = value("MINSHENG_SMTP_URL")
        if let url = smtpURL, URLComponents(string: url).map({ $0.scheme == "smtp" && !($0.host ?? "").isEmpty }) != true {
            problems.append("MINSHENG_SMTP_URL must be smtp://host:port (a relay on the local network), got \"\(url)\"")
        }
        let mailFrom = value("MINSHENG_MAIL_FROM") ?? "noreply@minsheng.localhost"
        if !NotificationPreferences.isPlausibleEmail(mailFrom) { problems.append("MINSHENG_MAIL_FROM must be an e-mail address, got \"\(mailFrom)\"") }
        let outbox = value("MINSHENG_OUTBOX_DIR") ?? "\(workingDirectory)/var/outbox"
        if let problem = Self.writableDirectoryProblem(outbox) { problems.append("MINSHENG_OUTBOX_DIR: \(problem)") }
        var deliveryInterval = 30
        if let raw = value("MINSHENG_DELIVERY_SECONDS") {
            if let parsed = Int(raw), (0...86400).contains(parsed) { deliveryInterval = parsed } else { problems.append("MINSHENG_DELIVERY_SECONDS must be 0–86400 seconds, got \"\(raw)\"") }
        }

        var informantKey = value("MINSHENG_INFORMANT_KEY")
        if informantKey == nil, let file = value("MINSHENG_INFORMANT_KEY_FILE") {
            if let text = try? String(contentsOfFile: file, encoding: .utf8) { informantKey = text.trimmingCharacters(in: .whitespacesAndNewlines) } else {
                problems.append("MINSHENG_INFORMANT_KEY_FILE names \(file), which cannot be read")
            }
        }
        if let key = informantKey {
            if (try? FieldCipher(base64Key: key)) == nil {
                problems.append("MINSHENG_INFORMANT_KEY must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`), got \(Config.maskSecret(key))")
            } else if key == dataKey {
                problems.append("MINSHENG_INFORMANT_KEY must differ from MINSHENG_DATA_KEY: it protects informants from those who hold the data key")
            }
        }
        var tipRate = 5
        if let raw = value("MINSHENG_TIP_RATE") {
            if let parsed = Int(raw), (1...10_000).contains(parsed) { tipRate = parsed } else { problems.append("MINSHENG_TIP_RATE must be 1–10000 reports an hour, got \"\(raw)\"") }
        }

        var trustedProxies = TrustedProxies()
        if let raw = value("MINSHENG_TRUSTED_PROXIES") {
            switch TrustedProxies.parse(raw) {
            case .success(let parsed): trustedProxies = parsed
            case .failure(let bad):
                problems.append("MINSHENG_TRUSTED_PROXIES must be comma-separated CIDRs such as 10.0.0.0/8 or 2001:db8::/32; not CIDRs: \(bad.entries.map { "\"\($0)\"" }.joined(separator: ", "))")
            }
        }

        var tipsEnabled = true
        if let raw = value("MINSHENG_TIPS") {
            switch raw.lowercased() {
            case "on", "true", "1", "yes": tipsEnabled = true
            case "off", "false", "0", "no": tipsEnabled = false
            default: problems.append("MINSHENG_TIPS must be on or off, got \"\(raw)\"")
            }
        }
        if tipsEnabled, informantKey == nil, !problems.contains(where: { $0.hasPrefix("MINSHENG_INFORMANT_KEY_FILE") }) {
            problems.append(Config.informantKeyRequired)
        }
        let limits = AbuseLimits.load(value, problems: &problems)

        var auditKey = value("MINSHENG_AUDIT_KEY")
        if auditKey == nil, let file = value("MINSHENG_AUDIT_KEY_FILE") {
            if let text = try? String(contentsOfFile: file, encoding: .utf8) { auditKey = text.trimmingCharacters(in: .whitespacesAndNewlines) } else {
                problems.append("MINSHENG_AUDIT_KEY_FILE names \(file), which cannot be read")
            }
        }
        if let key = auditKey {
            if AuditKey.parse(key) == nil {
                problems.append("MINSHENG_AUDIT_KEY must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`), got \(Config.maskSecret(key))")
            } else if key == dataKey || key == informantKey {
                problems.append("MINSHENG_AUDIT_KEY must differ from MINSHENG_DATA_KEY and MINSHENG_INFORMANT_KEY: it keeps the audit chain from being rewritten by those who hold the others")
            }
        } else if !problems.contains(where: { $0.hasPrefix("MINSHENG_AUDIT_KEY_FILE") }) {
            problems.append("MINSHENG_AUDIT_KEY (or MINSHENG_AUDIT_KEY_FILE) is required: the key that MACs the audit chain, kept apart from the data key (`head -c 32 /dev/urandom | base64`)")
        }
        var checkpointEvery = 1000
        if let raw = value("MINSHENG_AUDIT_CHECKPOINT_EVERY") {
            if let parsed = Int(raw), (0...100_000_000).contains(parsed) { checkpointEvery = parsed } else {
                problems.append("MINSHENG_AUDIT_CHECKPOINT_EVERY must be 0–100000000 entries (0: only on demand), got \"\(raw)\"")
            }
        }

        guard problems.isEmpty, let key = dataKey else { throw ConfigError(problems: problems) }
        return Config(hostname: hostname, port: port, database: database, dataKey: key, logLevel: logLevel,
                      secureCookies: secureCookies, resourcesDirectory: resources, bcryptCost: bcryptCost, sessionLifetime: lifetime,
                      materialsDirectory: materials, modelsDirectory: value("MINSHENG_MODELS_DIR") ?? "\(workingDirectory)/var/models",
                      verifierRate: verifierRate, publicBaseURL: value("MINSHENG_PUBLIC_URL").map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 },
                      smtpURL: smtpURL, mailFrom: mailFrom, outboxDirectory: outbox, deliveryInterval: deliveryInterval,
                      informantKey: informantKey, tipRatePerHour: tipRate, trustedProxies: trustedProxies, tipsEnabled: tipsEnabled, limits: limits,
                      auditKey: auditKey, auditCheckpointEvery: checkpointEvery)
    }

    /// Why a folder cannot hold the vault's files, if it cannot (it is made when missing).
    static func writableDirectoryProblem(_ path: String) -> String? {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            return "cannot create \(path)"
        }
        return FileManager.default.isWritableFile(atPath: path) ? nil : "\(path) is not writable"
    }

    /// Why crime reports cannot be taken without the informant key: the originals of evidence (with the place and the
    /// device) and real-name identities would otherwise be sealed under the data key every operator holds.
    public static let informantKeyRequired = "MINSHENG_INFORMANT_KEY (or MINSHENG_INFORMANT_KEY_FILE) is required while crime reports are on: it seals evidence originals and real-name informants apart from the data key (create one with `head -c 32 /dev/urandom | base64`, kept apart from the data key), or set MINSHENG_TIPS=off to run without crime reports"

    /// Shows only the length of a secret.
    static func maskSecret(_ secret: String) -> String { "<\(secret.count) characters, hidden>" }
}

/// A configuration that cannot run, with every problem found.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public let problems: [String]
    public var description: String {
        "Minsheng cannot start: the configuration has \(problems.count) problem\(problems.count == 1 ? "" : "s"):\n"
            + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}
