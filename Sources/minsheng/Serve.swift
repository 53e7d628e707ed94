import ArgumentParser
import Fluent
import MinshengWeb
import Vapor

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the pages and the JSON API.")

    @ArgumentParser.Option(help: "The address to listen on (default MINSHENG_HOST or 127.0.0.1).") var hostname: String?
    @ArgumentParser.Option(help: "The port to listen on (default MINSHENG_PORT or 8080).") var port: Int?
    @ArgumentParser.Flag(help: "Run pending migrations before serving.") var migrate = false

    func run() async throws {
        var config = loadConfig()
        if let hostname { config.hostname = hostname }
        if let port { config.port = port }
        // Vapor reads its own command line from the environment: give it just `serve`, the options are already in `config`.
        let app = try await buildApplication(config, environment: Environment(name: "production", arguments: ["minsheng", "serve"]))
        do {
            if migrate { try await app.autoMigrate() }
            if config.deliveryInterval > 0 { app.lifecycle.use(DeliveryTimer(seconds: config.deliveryInterval)) }
            if config.auditCheckpointEvery > 0 { app.lifecycle.use(AuditCheckpointTimer(every: config.auditCheckpointEvery)) }
            app.logger.notice("Minsheng serving on http://\(config.hostname):\(config.port) with \(config.database)")
            try await app.execute()
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or update the database schema (never asks; safe to repeat).")

    func run() async throws {
        let config = loadConfig()
        try await DatabaseHostFactory.with(config) { try await $0.migrate() }
        print("migrations applied to \(config.database)")
    }
}
