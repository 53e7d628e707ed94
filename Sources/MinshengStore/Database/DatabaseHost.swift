import FluentKit
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
