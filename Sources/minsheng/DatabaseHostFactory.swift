import Logging
import MinshengStore
import MinshengWeb
import Foundation

enum DatabaseHostFactory {
    static func make(_ config: Config) throws -> DatabaseHost {
        if case .sqlite(let path) = config.database {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        }
        var logger = Logger(label: "minsheng")
        logger.logLevel = config.logLevel
        return try DatabaseHost(location: config.database, logger: logger)
    }
}

extension DatabaseHostFactory {
    /// Opens the configured database, runs `body`, and always closes it.
    static func with<T>(_ config: Config, _ body: (DatabaseHost) async throws -> T) async throws -> T {
        let host = try make(config)
        do {
            let result = try await body(host)
            await host.shutdown()
            return result
        } catch {
            await host.shutdown()
            throw error
        }
    }
}
