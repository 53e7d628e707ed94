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
        let config = try Config.load(environment: ["MINSHENG_DATA_KEY": FieldCipher.generateKey()], workingDirectory: root)
        #expect(config.database == .sqlite(path: "\(root)/var/minsheng.sqlite"))
        #expect(config.port == 8080)
        #expect(config.hostname == "127.0.0.1")
        #expect(config.secureCookies)
    }

    @Test("DATABASE_URL selects PostgreSQL")
    func postgres() throws {
        let config = try Config.load(environment: ["MINSHENG_DATA_KEY": FieldCipher.generateKey(), "DATABASE_URL": "postgres://u:p@db:5432/minsheng"], workingDirectory: root)
        #expect(config.database.isPostgres)
        #expect(config.database.description == "postgres:postgres://u:***@db:5432/minsheng")
    }

    @Test("every problem is listed at once and secrets stay hidden")
    func everyProblem() {
        let secret = "not-base64-but-secret"
        let env = ["MINSHENG_DATA_KEY": secret, "MINSHENG_PORT": "99999", "DATABASE_URL": "mysql://root:hunter2@x/y",
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

    @Test("a missing key is a problem, not a default")
    func keyRequired() {
        #expect(throws: ConfigError.self) { try Config.load(environment: [:], workingDirectory: root) }
    }
}
