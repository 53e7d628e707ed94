import FluentKit
import FluentSQL
import Foundation
import Logging
import MinshengStore

/// The kinds of database every storage and API test runs on.
public enum DatabaseKind: String, Sendable, CustomStringConvertible, CaseIterable {
    case sqlite, postgres

    public var description: String { rawValue }

    /// SQLite always; PostgreSQL when `DATABASE_URL_TEST` is set. With `MINSHENG_REQUIRE_POSTGRES=1`
    /// (as `make test` and CI set it) PostgreSQL is always listed, so a missing server fails instead of skipping.
    public static var available: [DatabaseKind] {
        let env = ProcessInfo.processInfo.environment
        if env["DATABASE_URL_TEST"] != nil || env["MINSHENG_REQUIRE_POSTGRES"] == "1" { return [.sqlite, .postgres] }
        return [.sqlite]
    }
}

/// A fresh, migrated database for one test: a new SQLite file, or a new PostgreSQL database created
/// beside `DATABASE_URL_TEST` and dropped afterwards.
public final class TestDatabase: Sendable {
    public let kind: DatabaseKind
    public let location: DatabaseLocation
    public let host: DatabaseHost
    /// The SQLite file, for tests that read the raw bytes.
    public let sqlitePath: String?
    let adminURL: String?
    let databaseName: String?

    /// The audit chain's key for this test process (the tests that play someone holding it use it).
    public static let auditKey = FieldCipher.generateKey()

    public static func make(_ kind: DatabaseKind, migrate: Bool = true) async throws -> TestDatabase {
        try AuditKey.install(base64: auditKey)
        let database = try await TestDatabase(kind: kind)
        if migrate { try await database.host.migrate() }
        return database
    }

    init(kind: DatabaseKind) async throws {
        self.kind = kind
        let suffix = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        switch kind {
        case .sqlite:
            let path = NSTemporaryDirectory() + "minsheng-test-\(suffix).sqlite"
            sqlitePath = path
            adminURL = nil
            databaseName = nil
            location = .sqlite(path: path)
        case .postgres:
            guard let base = ProcessInfo.processInfo.environment["DATABASE_URL_TEST"] else {
                throw TestDatabaseError.postgresNotConfigured
            }
            let name = "minsheng_t_\(suffix)"
            let admin = try DatabaseHost(location: .postgres(url: base), logger: Self.quietLogger)
            do {
                try await (admin.database as! any SQLDatabase).raw("CREATE DATABASE \(unsafeRaw: name)").run()
            } catch {
                await admin.shutdown()
                throw TestDatabaseError.postgresUnreachable("\(String(reflecting: error))")
            }
            await admin.shutdown()
            guard var components = URLComponents(string: base) else { throw TestDatabaseError.postgresNotConfigured }
            components.path = "/\(name)"
            sqlitePath = nil
            adminURL = base
            databaseName = name
            location = .postgres(url: components.string!)
        }
        host = try DatabaseHost(location: location, logger: Self.quietLogger)
    }

    public var database: any Database { host.database }

    /// Closes the connections and removes the database.
    public func tearDown() async {
        await host.shutdown()
        if let sqlitePath {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: sqlitePath + suffix) }
        }
        if let adminURL, let databaseName, let admin = try? DatabaseHost(location: .postgres(url: adminURL), logger: Self.quietLogger) {
            _ = try? await (admin.database as! any SQLDatabase).raw("DROP DATABASE IF EXISTS \(unsafeRaw: databaseName) WITH (FORCE)").run()
            await admin.shutdown()
        }
    }

    static var quietLogger: Logger {
        var logger = Logger(label: "minsheng.test")
        logger.logLevel = .warning
        return logger
    }

    /// Runs `body` with a fresh database and always tears it down.
    public static func with<T>(_ kind: DatabaseKind, migrate: Bool = true, _ body: (TestDatabase) async throws -> T) async throws -> T {
        let database = try await make(kind, migrate: migrate)
        do {
            let result = try await body(database)
            await database.tearDown()
            return result
        } catch {
            await database.tearDown()
            throw error
        }
    }
}

public enum TestDatabaseError: Error, CustomStringConvertible {
    case postgresNotConfigured
    case postgresUnreachable(String)

    public var description: String {
        switch self {
        case .postgresNotConfigured: "MINSHENG_REQUIRE_POSTGRES=1 but DATABASE_URL_TEST is not set: run the tests with `make test`, which starts PostgreSQL"
        case .postgresUnreachable(let why): "cannot reach the PostgreSQL in DATABASE_URL_TEST: \(why)"
        }
    }
}
