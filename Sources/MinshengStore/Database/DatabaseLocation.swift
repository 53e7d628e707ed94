import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation

/// Where the data lives: an embedded SQLite file (the default) or PostgreSQL (`DATABASE_URL`).
public enum DatabaseLocation: Hashable, Sendable, CustomStringConvertible {
    case sqlite(path: String)
    case sqliteInMemory
    case postgres(url: String)

    /// The Fluent configuration for this location.
    public func configuration() throws(StoreError) -> DatabaseConfigurationFactory {
        switch self {
        case .sqlite(let path):
            return .sqlite(.file(path), sqlLogLevel: .trace)
        case .sqliteInMemory:
            return .sqlite(.memory, sqlLogLevel: .trace)
        case .postgres(let url):
            do {
                let config = try SQLPostgresConfiguration(url: url)
                return .postgres(configuration: config, maxConnectionsPerEventLoop: 4, sqlLogLevel: .trace)
            } catch {
                throw .badDatabaseURL("DATABASE_URL is not a PostgreSQL URL (postgres://user:password@host:port/database)")
            }
        }
    }

    public var isPostgres: Bool { if case .postgres = self { true } else { false } }

    /// A description with any password masked.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .sqliteInMemory: "sqlite::memory:"
        case .postgres(let url): "postgres:" + DatabaseLocation.maskPassword(in: url)
        }
    }

    /// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
    public static func maskPassword(in url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "postgres://***"
    }
}

extension DatabaseID {
    /// The platform's one database.
    public static let main = DatabaseID(string: "main")
}
