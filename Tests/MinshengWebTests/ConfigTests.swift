import Foundation
import MinshengStore
import MinshengWeb
import Testing

@Suite("Configuration")
struct ConfigTests {
    let resources = TestApp.resources
    var root: String { (resources as NSString).deletingLastPathComponent }

    @Test("defaults to SQLite under var/ with only a key")
    func defaults() throws {
        let config = try Config.load(environment: ["MINSHENG_DATA_KEY": FieldCipher.generateKey(), "MINSHENG_INFORMANT_KEY": FieldCipher.generateKey(), "MINSHENG_AUDIT_KEY": FieldCipher.generateKey()], workingDirectory: root)
        #expect(config.database == .sqlite(path: "\(root)/var/minsheng.sqlite"))
        #expect(config.port == 8080)
        #expect(config.hostname == "127.0.0.1")
        #expect(config.secureCookies)
    }

    @Test("DATABASE_URL selects PostgreSQL")
    func postgres() throws {
        let config = try Config.load(environment: ["MINSHENG_DATA_KEY": FieldCipher.generateKey(), "MINSHENG_INFORMANT_KEY": FieldCipher.generateKey(), "MINSHENG_AUDIT_KEY": FieldCipher.generateKey(),
                                                   "DATABASE_URL": "postgres://u:p@db:5432/minsheng"], workingDirectory: root)
        #expect(config.database.isPostgres)
        #expect(config.database.description == "postgres:postgres://u:***@db:5432/minsheng")
    }

    @Test("every problem is listed at once and secrets stay hidden")
    func everyProblem() {
        let secret = "not-base64-but-secret"
        let env = ["MINSHENG_DATA_KEY": secret, "MINSHENG_INFORMANT_KEY": FieldCipher.generateKey(), "MINSHENG_AUDIT_KEY": FieldCipher.generateKey(), "MINSHENG_PORT": "99999", "DATABASE_URL": "mysql://root:hunter2@x/y",
                   "MINSHENG_LOG_LEVEL": "loud", "MINSHENG_COOKIE_SECURE": "maybe", "MINSHENG_BCRYPT_COST": "2", "MINSHENG_RESOURCES": "/nonexistent"]
        do {
            _ = try Config.load(environment: env, workingDirectory: root)
            Issue.record("a bad configuration was accepted")
        } catch {
            #expect(error.problems.count == 7)
            let text = error.description
            for name in ["MINSHENG_DATA_KEY", "MINSHENG_PORT", "DATABASE_URL", "MINSHENG_LOG_LEVEL", "MINSHENG_COOKIE_SECURE", "MINSHENG_BCRYPT_COST", "MINSHENG_RESOURCES"] {
                #expect(text.contains(name), "\(name) not reported")
            }
            #expect(!text.contains(secret))
            #expect(!text.contains("hunter2"))
        }
    }

    @Test("the audit key is required, read from a file or the variable, 32 bytes, apart from the data and informant keys; checkpoints every N entries")
    func auditKey() throws {
        let data = FieldCipher.generateKey(), informant = FieldCipher.generateKey(), audit = FieldCipher.generateKey()
        let base = ["MINSHENG_DATA_KEY": data, "MINSHENG_INFORMANT_KEY": informant]
        func problems(_ extra: [String: String]) -> [String] {
            do { _ = try Config.load(environment: base.merging(extra) { $1 }, workingDirectory: root); return [] } catch { return error.problems }
        }
        #expect(problems([:]).contains { $0.hasPrefix("MINSHENG_AUDIT_KEY (or MINSHENG_AUDIT_KEY_FILE) is required") })
        #expect(problems(["MINSHENG_AUDIT_KEY": "c2hvcnQ="]).contains { $0.hasPrefix("MINSHENG_AUDIT_KEY must be 32 random bytes") && !$0.contains("c2hvcnQ") })
        #expect(problems(["MINSHENG_AUDIT_KEY": data]).contains { $0.hasPrefix("MINSHENG_AUDIT_KEY must differ") })
        #expect(problems(["MINSHENG_AUDIT_KEY": informant]).contains { $0.hasPrefix("MINSHENG_AUDIT_KEY must differ") })
        #expect(problems(["MINSHENG_AUDIT_KEY_FILE": "/nonexistent/audit.key"]) == ["MINSHENG_AUDIT_KEY_FILE names /nonexistent/audit.key, which cannot be read"])
        #expect(problems(["MINSHENG_AUDIT_KEY": audit, "MINSHENG_AUDIT_CHECKPOINT_EVERY": "-1"]).contains { $0.hasPrefix("MINSHENG_AUDIT_CHECKPOINT_EVERY") })
        let file = NSTemporaryDirectory() + "minsheng-audit-\(UUID().uuidString).key"
        try (audit + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let config = try Config.load(environment: base.merging(["MINSHENG_AUDIT_KEY_FILE": file, "MINSHENG_AUDIT_CHECKPOINT_EVERY": "50"]) { $1 }, workingDirectory: root)
        #expect(config.auditKey == audit && config.auditCheckpointEvery == 50)
        #expect(try Config.load(environment: base.merging(["MINSHENG_AUDIT_KEY": audit]) { $1 }, workingDirectory: root).auditCheckpointEvery == 1000)
    }

    @Test("a missing key is a problem, not a default")
    func keyRequired() {
        #expect(throws: ConfigError.self) { try Config.load(environment: [:], workingDirectory: root) }
    }
}
