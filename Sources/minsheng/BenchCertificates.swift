import ArgumentParser
import Crypto
import FluentKit
import FluentSQL
import Foundation
import MinshengCore
import MinshengStore
import MinshengWeb

extension Bench {
    /// `minsheng bench reminders`: the nightly sweep over millions of certificates on PostgreSQL, beside one plain SQL
    /// statement selecting the same window in the same run.
    struct Reminders: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The reminder sweep over N certificates (PostgreSQL, which it EMPTIES first), with peak memory.",
            discussion: "Loads N e-ID certificates with expiries spread over 20 years (1 in 50 revoked), then times the sweep twice (the second finds nothing new).")
        @ArgumentParser.Option(help: "A PostgreSQL URL; every table in it is dropped first.") var postgres: String
        @ArgumentParser.Option(help: "Certificates to load.") var credentials = 20_000_000
        @ArgumentParser.Option(help: "Holders (residents with accounts) they are spread over.") var holders = 200
        @ArgumentParser.Option(help: "Certificates per sweep batch.") var batch = 5000

        func run() async throws {
            try await Bench.withFreshDatabase(postgres: postgres, sqlite: "", measure)
        }

        func measure(_ host: DatabaseHost) async throws {
            try await host.revertAll()
            try await host.migrate()
            let db = host.database
            let sql = db as! any SQLDatabase
            let cipher = try FieldCipher(base64Key: FieldCipher.generateKey())
            let registry = RegistryRepository(cipher: cipher)
            let accounts = AccountRepository(cipher: cipher)
            let clock = ContinuousClock()
            try await PopulationSeeder(registry: registry, seed: 5, today: CivilDate.today()).run(residents: holders, on: db)
            var made = 0
            for row in try await ResidentRow.query(on: db).all() {
                guard let resident = try await registry.resident(id: row.id!, on: db), resident.status == .active else { continue }
                let account = try await accounts.register(phone: try PhoneNumber(String(format: "139%08d", made)), passwordHash: "-", on: db)
                _ = try await accounts.linkIdentity(accountID: account.id, name: resident.name, idNumber: resident.idNumber, registry: registry, on: db)
                made += 1
            }
            // Every holder subscribes to certificate reminders by SMS, so the sweep also writes a delivery per notice.
            let settings = NotificationSettings(cipher: cipher)
            for row in try await CitizenAccountRow.query(on: db).all() {
                try await settings.save(NotificationPreferences(subscriptions: [.init(topic: .certificate, channel: .sms)]), accountID: row.id!, on: db)
            }
            // Bulk load with the database's own generator: indexes dropped first and rebuilt after, as a migration would.
            // The one-current-certificate-per-holder-and-type index stays dropped: 20 million certificates over a few
            // hundred holders is not a real population (seeding 20 million residents would take hours), and the sweep
            // does not read it.
            let loadStart = clock.now
            try await sql.raw("DROP INDEX uq_credentials_current").run()
            try await sql.raw("ALTER TABLE credentials DROP CONSTRAINT uq_credentials_status").run()
            try await sql.raw("DROP INDEX ix_credentials_holder").run()
            try await sql.raw("DROP INDEX ix_credentials_expiry").run()
            let chunk = 2_000_000
            var loaded = 0
            while loaded < credentials {
                let n = min(chunk, credentials - loaded)
                try await sql.raw("""
                    INSERT INTO credentials (id, type, holder_id, claims_sealed, issued_on, expires_on, status, status_list, status_index, created_at, updated_at)
                    SELECT gen_random_uuid(), 'id-card', h.ids[1 + g % array_length(h.ids, 1)], '\\x00'::bytea, '2010-01-01',
                           to_char(current_date + (g % 7300) - 30, 'YYYY-MM-DD'), CASE WHEN g % 50 = 0 THEN 'revoked' ELSE 'valid' END,
                           g / 1048576, g % 1048576, now(), now()
                    FROM generate_series(\(unsafeRaw: String(loaded)), \(unsafeRaw: String(loaded + n - 1))) g, (SELECT array_agg(resident_id) AS ids FROM citizen_accounts WHERE resident_id IS NOT NULL) h
                    """).run()
                loaded += n
                print("loaded \(loaded) certificates (\(String(format: "%.0f", (clock.now - loadStart).seconds)) s)")
            }
            try await sql.raw("CREATE INDEX ix_credentials_expiry ON credentials (status, expires_on)").run()
            try await sql.raw("CREATE INDEX ix_credentials_holder ON credentials (holder_id, type)").run()
            try await sql.raw("ALTER TABLE credentials ADD CONSTRAINT uq_credentials_status UNIQUE (status_list, status_index)").run()
            try await sql.raw("VACUUM ANALYZE credentials").run()
            print(String(format: "load: %d certificates with indexes in %.1f s", credentials, (clock.now - loadStart).seconds))

            let today = CivilDate.today()
            let policy = ReminderPolicy(rules: [.init(type: .idCard, daysBefore: [90, 30, 7])])
            // The reference: one statement picking the same certificates and windows, written to a scratch table.
            let refStart = clock.now
            try await sql.raw("""
                CREATE TEMP TABLE reminder_reference AS
                SELECT id, CASE WHEN expires_on <= \(bind: today.adding(days: 7).description) THEN 7
                                WHEN expires_on <= \(bind: today.adding(days: 30).description) THEN 30 ELSE 90 END AS window
                FROM credentials WHERE status = 'valid' AND expires_on >= \(bind: today.description) AND expires_on <= \(bind: today.adding(days: 90).description)
                """).run()
            let refSeconds = (clock.now - refStart).seconds
            let refCount = try await sql.raw("SELECT count(*) AS n FROM reminder_reference").first()!.decode(column: "n", as: Int.self)
            let rssBefore = Bench.peakRSSMiB()
            let start = clock.now
            let report = try await ReminderSweep(policy: policy, batchSize: batch).run(today: today, on: db)
            let seconds = (clock.now - start).seconds
            let rssAfter = Bench.peakRSSMiB()
            let again = clock.now
            let second = try await ReminderSweep(policy: policy, batchSize: batch).run(today: today, on: db)
            let secondSeconds = (clock.now - again).seconds
            print(String(format: "reference (one SQL statement selecting the window into a temp table): %d rows in %.2f s", refCount, refSeconds))
            let deliveries = try await sql.raw("SELECT count(*) AS n FROM deliveries").first()!.decode(column: "n", as: Int.self)
            print(String(format: "sweep: %d in window, %d reminded, %d notified (%d SMS deliveries queued), %d batches of %d in %.2f s; peak RSS %.1f MiB before, %.1f MiB after",
                         report.scanned, report.reminded, report.notified, deliveries, report.batches, batch, seconds, rssBefore, rssAfter))
            print(String(format: "second sweep: %d reminded, %d already reminded in %.2f s", second.reminded, second.alreadyReminded, secondSeconds))
        }
    }

    /// `minsheng bench presentations`: N single-use online references for the demo citizen's e-ID (hotel), written to a
    /// file for wrk, and a verifier key printed on standard output.
    struct Presentations: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make N online references and a hotel verifier key for the wrk benchmark (on the configured database).")
        @ArgumentParser.Option(help: "References to make.") var count = 100_000
        @ArgumentParser.Option(help: "Where to write them, one per line.") var out: String

        func run() async throws {
            let config = loadConfig()
            let key = try await DatabaseHostFactory.with(config) { host -> String in
                let db = host.database
                let cipher = try FieldCipher(base64Key: config.dataKey)
                let registry = RegistryRepository(cipher: cipher)
                guard let li = try await registry.resident(idNumber: try IDNumber("440304199001010011"), on: db) else { throw ValidationError("run `minsheng seed` first") }
                let credential = try await CredentialRepository(cipher: cipher).sync(residentID: li.id, on: db).first { $0.type == .idCard }!
                let (_, apiKey) = try await VerifierDirectory().register(name: "压测酒店", purposes: ["hotel"], actor: .system("bench"), on: db)
                let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
                var rng = SystemRandomNumberGenerator()
                let lines = (0..<count).map { _ in PresentationService.referencePrefix + String((0..<26).map { _ in alphabet[Int.random(in: 0..<32, using: &rng)] }) }
                let expires = Date().addingTimeInterval(3600)
                for start in stride(from: 0, to: count, by: 2000) {
                    let slice = lines[start..<min(count, start + 2000)]
                    try await db.transaction { tx in
                        for reference in slice {
                            let row = PresentationRow()
                            row.referenceHash = Data(SHA256.hash(data: Data(reference.utf8))).hexString
                            row.credentialID = credential.id
                            row.purpose = "hotel"
                            row.expiresAt = expires
                            row.createdAt = Date()
                            try await row.create(on: tx)
                        }
                    }
                }
                try (lines.joined(separator: "\n") + "\n").write(toFile: out, atomically: true, encoding: .utf8)
                return apiKey
            }
            print(key)
        }
    }

    static func peakRSSMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}
