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
