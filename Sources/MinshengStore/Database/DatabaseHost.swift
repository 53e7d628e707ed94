import FluentKit
import FluentSQL
import Foundation
import Logging
import NIOCore
import NIOPosix

/// Fluent without a web server: for the command line and the store's tests.
public final class DatabaseHost: Sendable {
    public let databases: Databases
    public let location: DatabaseLocation
    let logger: Logger
    private let threadPool: NIOThreadPool

    public init(location: DatabaseLocation, logger: Logger = Logger(label: "minsheng.store")) throws {
        self.location = location
        self.logger = logger
        threadPool = NIOThreadPool(numberOfThreads: 2)
        threadPool.start()
        databases = Databases(threadPool: threadPool, on: MultiThreadedEventLoopGroup.singleton)
        databases.use(try location.configuration(), as: .main, isDefault: true)
    }

    public var database: any Database {
        databases.database(logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())!
    }

    /// Runs every pending migration.
    public func migrate() async throws {
        let migrations = Migrations()
        migrations.add(StoreMigrations.all, to: .main)
        let migrator = Migrator(databases: databases, migrations: migrations, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())
        try await migrator.setupIfNeeded().get()
        try await migrator.prepareBatch().get()
        // The embedded default serves many requests at once: write-ahead logging lets readers go on while one writes,
        // and commits one sync instead of the rollback journal's three. The mode stays with the file.
        if case .sqlite = location {
            try await (database as! any SQLDatabase).raw("PRAGMA journal_mode=WAL").run()
        }
    }

    /// Reverts every migration (tests use it to start clean on PostgreSQL).
    public func revertAll() async throws {
        let migrations = Migrations()
        migrations.add(StoreMigrations.all, to: .main)
        let migrator = Migrator(databases: databases, migrations: migrations, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())
        try await migrator.setupIfNeeded().get()
        try await migrator.revertAllBatches().get()
    }

    public func shutdown() async {
        await databases.shutdownAsync()
        try? await threadPool.shutdownGracefully()
    }
}
