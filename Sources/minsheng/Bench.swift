import ArgumentParser
import Foundation
import Logging
import MinshengCore
import MinshengStore
import MinshengWeb
import FluentSQL

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Benchmarks (run them on a release build).", subcommands: [Registry.self, Applications.self, Reminders.self, Presentations.self, PointsBatch.self, Tips.self])

    struct Registry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Seeding rate and ID-number lookup latency on a fresh database.",
            discussion: "Uses its own SQLite file, or the PostgreSQL database given with --postgres, which it EMPTIES first."
        )
        @ArgumentParser.Option(help: "Residents to seed.") var residents = 100_000
        @ArgumentParser.Option(help: "Lookups to time.") var lookups = 20_000
        @ArgumentParser.Option(help: "SQLite file to (re)create.") var sqlite = "var/bench-registry.sqlite"
        @ArgumentParser.Option(help: "A PostgreSQL URL to benchmark instead; every table in it is dropped first.") var postgres: String?
        @ArgumentParser.Option(help: "Households per transaction while seeding.") var batch = 4000

        func run() async throws {
            try await Bench.withFreshDatabase(postgres: postgres, sqlite: sqlite, measure)
        }

        func measure(_ host: DatabaseHost) async throws {
            if host.location.isPostgres { try await host.revertAll() }
            try await host.migrate()
            let registry = RegistryRepository(cipher: try FieldCipher(base64Key: FieldCipher.generateKey()))
            let today = CivilDate(year: 2026, month: 11, day: 28)!
            var seeder = PopulationSeeder(registry: registry, seed: 1, today: today)
            seeder.batchSize = batch
            let db = host.database
            let clock = ContinuousClock()
            let start = clock.now
            let written = try await seeder.run(residents: residents, on: db)
            let seedSeconds = (clock.now - start).seconds
            print("database: \(host.location)")
            print(String(format: "seed: %d residents in %.2f s = %.0f residents/s (batch %d households)", written, seedSeconds, Double(written) / seedSeconds, batch))

            // Let the database settle as it would after a nightly import: statistics refreshed before timing lookups.
            let sql = db as! any SQLDatabase
            try await sql.raw(host.location.isPostgres ? "VACUUM ANALYZE residents" : "ANALYZE").run()
            // The same seed regenerates the same ID numbers: sample from them.
            var generator = SyntheticPopulation(seed: 1, today: today)
            var ids: [IDNumber] = []
            ids.reserveCapacity(written)
            while ids.count < written { ids.append(contentsOf: generator.nextHousehold().members.map(\.idNumber)) }
            var rng = SplitMix64(seed: 99)
            var samples: [Double] = []
            samples.reserveCapacity(lookups)
            for _ in 0..<min(2000, lookups) {  // warm-up
                _ = try await registry.resident(idNumber: ids[Int.random(in: 0..<written, using: &rng)], on: db)
            }
            for _ in 0..<lookups {
                let id = ids[Int.random(in: 0..<written, using: &rng)]
                let t0 = clock.now
                guard try await registry.resident(idNumber: id, on: db) != nil else { throw ValidationError("lookup missed \(id.masked)") }
                samples.append((clock.now - t0).seconds * 1000)
            }
            samples.sort()
            func pct(_ p: Double) -> Double { samples[min(samples.count - 1, Int(Double(samples.count) * p))] }
            print(String(format: "lookup by ID number (blind index + decrypt), %d sequential: p50 %.3f ms, p99 %.3f ms, max %.3f ms", lookups, pct(0.5), pct(0.99), samples.last ?? 0))
        }
    }
}

extension Bench {
    /// Runs a benchmark on a fresh database: the PostgreSQL at `postgres` (emptied by the benchmark), else a new SQLite file.
    static func withFreshDatabase(postgres: String?, sqlite: String, _ body: (DatabaseHost) async throws -> Void) async throws {
        let location: DatabaseLocation
        if let postgres {
            location = .postgres(url: postgres)
        } else {
            try? FileManager.default.removeItem(atPath: sqlite)
            try FileManager.default.createDirectory(atPath: (sqlite as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            location = .sqlite(path: sqlite)
        }
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        // A throwaway database gets a throwaway audit key.
        try AuditKey.install(base64: FieldCipher.generateKey())
        let host = try DatabaseHost(location: location, logger: logger)
        do {
            try await body(host)
        } catch {
            await host.shutdown()
            throw error
        }
        await host.shutdown()
    }
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
