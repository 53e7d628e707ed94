import ArgumentParser
import Foundation
import MinshengStore
import MinshengWeb

/// `minsheng`: serve the platform and run its operations.
@main
struct Minsheng: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minsheng",
        abstract: "Minsheng (民生警务): a city police force's public services behind one entrance.",
        subcommands: [Serve.self, Migrate.self, Seed.self, CatalogCommand.self, CasesCommand.self, UnitCommand.self, OfficerCommand.self, AuditCommand.self, FaceCommand.self,
                      KeysCommand.self, VerifiersCommand.self, VerifyCommand.self, JobsCommand.self, OrdersCommand.self, PointsCommand.self, Bench.self]
    )
}

/// Reads the configuration or exits with status 2 listing every problem.
func loadConfig() -> Config {
    do {
        let config = try Config.load()
        // Validated by `load`; every command that writes or checks the audit chain needs it.
        if let key = config.auditKey { try AuditKey.install(base64: key) }
        return config
    } catch let error as ConfigError {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        Foundation.exit(2)
    } catch {
        FileHandle.standardError.write(Data(("\(error)\n").utf8))
        Foundation.exit(2)
    }
}

func printErr(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
