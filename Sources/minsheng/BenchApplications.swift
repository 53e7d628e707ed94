import ArgumentParser
import FluentKit
import FluentSQL
import Foundation
import Logging
import MinshengCatalog
import MinshengCore
import MinshengStore

extension Bench {
    struct Applications: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Applications submitted and approved per second, and the officer queue's latency with many applications stored.",
            discussion: """
            Seeds residents and citizen accounts, submits name changes (HZ-01) through ApplicationRepository, takes them through \
            accept → review → forward → approve (the approval applies the new name to the registry with a version and audit entries), \
            then fills the table to --rows applications and times the unit queue query officers open. Uses its own SQLite file, or the \
            PostgreSQL database given with --postgres, which it EMPTIES first.
            """
        )
        @ArgumentParser.Option(help: "Applications to submit and approve.") var applications = 2_000
        @ArgumentParser.Option(help: "Concurrent workers submitting and acting.") var workers = 8
        @ArgumentParser.Option(help: "Applications in the table when timing the queue.") var rows = 1_000_000
        @ArgumentParser.Option(help: "Queue queries to time.") var queries = 2_000
        @ArgumentParser.Option(help: "SQLite file to (re)create.") var sqlite = "var/bench-applications.sqlite"
        @ArgumentParser.Option(help: "A PostgreSQL URL to benchmark instead; every table in it is dropped first.") var postgres: String?
        @ArgumentParser.Option(help: "The catalog folder.") var catalog = "Resources/catalog"

        func run() async throws {
            try await Bench.withFreshDatabase(postgres: postgres, sqlite: sqlite, measure)
        }

        static let units = ["FT", "LH", "NS", "BA", "LG", "YT", "LHU", "PS", "GM", "DP"]

        func measure(_ host: DatabaseHost) async throws {
            if host.location.isPostgres { try await host.revertAll() }
            try await host.migrate()
            let db = host.database
            let cipher = try FieldCipher(base64Key: FieldCipher.generateKey())
            let registry = RegistryRepository(cipher: cipher)
            let repository = ApplicationRepository(cipher: cipher, registry: registry)
            guard let service = try CatalogLoader.load(directory: catalog).get().service(code: "HZ-01") else { throw ValidationError("HZ-01 missing") }
            let today = CivilDate.today()
            let seeder = PopulationSeeder(registry: registry, seed: 7, today: today)
            let residents = try await seeder.run(residents: max(applications * 2, 5_000), on: db)
            // Adults of the seeded population, each with an account, apply for themselves.
            let sql = db as! any SQLDatabase
            let people = try await sql.select().column("id").from(ResidentRow.schema).where("birth_date", .lessThan, "2000-01-01")
                .where("status", .equal, "active").limit(applications).all().map { try $0.decode(column: "id", as: UUID.self) }
            guard people.count == applications else { throw ValidationError("only \(people.count) adults among \(residents) residents") }
            let accountsRepo = AccountRepository(cipher: cipher)
            var registered: [CitizenAccount] = []
            for (n, person) in people.enumerated() {
                var account = try await accountsRepo.register(phone: try PhoneNumber(String(format: "139%08d", n)), passwordHash: "bench", on: db)
                account.residentID = person
                registered.append(account)
            }
            let accounts = registered
            var found: [Resident] = []
            for person in people { if let r = try await registry.resident(id: person, on: db) { found.append(r) } }
            let subjects = found
            print("database: \(host.location)")
            print("seeded \(residents) residents, \(accounts.count) accounts; \(workers) concurrent workers")

            let given = Array("明华强伟芳娜敏静丽军洋勇艳杰涛超秀霞平刚桂英")
            let clock = ContinuousClock()
            // Submit.
            let submitStart = clock.now
            let ids = try await parallel(accounts.indices) { i -> UUID in
                var name = "李" + String(given[i % given.count]) + String(given[(i / given.count + 7) % given.count])
                if name == subjects[i].name.value { name += "一" }
                let form = ["newName": name, "reason": "homophone", "reasonDetail": "基准测试"]
                let (application, _) = try await repository.submit(
                    service: service, account: accounts[i], subject: subjects[i], form: form, materials: [], channel: .mobile,
                    unitCode: Self.units[i % Self.units.count], idempotencyKey: "bench-\(i)", today: today, on: db)
                return application.id
            }
            let submitSeconds = (clock.now - submitStart).seconds
            print(String(format: "submit: %d applications in %.2f s = %.0f submitted/s", ids.count, submitSeconds, Double(ids.count) / submitSeconds))

            // Accept, review, forward, approve (the approval applies the effects); a tenth stop at each earlier state.
            let intake = WorkflowActor.officer(.officer("010001"), roles: [.intake, .reviewer])
            let approver = WorkflowActor.officer(.officer("010002"), roles: [.approver])
            let approveStart = clock.now
            let approved = try await parallel(ids.indices) { i -> Int in
                let stop = i % 10
                if stop == 0 { return 0 }
                _ = try await repository.act(.accept, on: ids[i], by: intake, service: service, today: today, on: db)
                if stop == 1 { return 0 }
                _ = try await repository.act(.startReview, on: ids[i], by: intake, service: service, today: today, on: db)
                if stop == 2 { return 0 }
                _ = try await repository.act(.forwardForApproval, on: ids[i], by: intake, service: service, today: today, on: db)
                let done = try await repository.act(.approve(comment: nil), on: ids[i], by: approver, service: service, today: today, on: db)
                return done.record.state == .completed ? 1 : 0
            }.reduce(0, +)
            let approveSeconds = (clock.now - approveStart).seconds
            let steps = ids.count / 10 * 1 + ids.count / 10 * 2 + (ids.count - 3 * ids.count / 10) * 4
            print(String(format: "review and approve: %d approved (with the registry change) and %d other steps in %.2f s = %.0f approved/s, %.0f workflow steps/s",
                         approved, steps - approved, approveSeconds, Double(approved) / approveSeconds, Double(steps) / approveSeconds))
            print(String(format: "full cycle (submit + 4 steps): %.0f applications/s", Double(approved) / (submitSeconds * Double(approved) / Double(ids.count) + approveSeconds)))

            try await fill(to: rows, templatesFrom: ids, accounts: accounts, on: db)
            try await sql.raw(host.location.isPostgres ? "VACUUM ANALYZE applications" : "ANALYZE").run()
            let total = try await ApplicationRow.query(on: db).count()
            var rng = SplitMix64(seed: 5)
            func time(_ body: () async throws -> Void) async throws -> [Double] {
                var samples: [Double] = []
                for n in 0..<(queries + 200) {
                    let t0 = clock.now
                    try await body()
                    if n >= 200 { samples.append((clock.now - t0).seconds * 1000) }  // the first 200 warm up
                }
                return samples.sorted()
            }
            func report(_ label: String, _ samples: [Double]) {
                func pct(_ p: Double) -> Double { samples[min(samples.count - 1, Int(Double(samples.count) * p))] }
                print(String(format: "%@: p50 %.3f ms, p99 %.3f ms, max %.3f ms (%d sequential)", label, pct(0.5), pct(0.99), samples.last ?? 0, samples.count))
            }
            var sizes: [Int] = []
            let queue = try await time {
                let unit = Self.units[Int.random(in: 0..<Self.units.count, using: &rng)]
                sizes.append(try await repository.queue(unitCode: unit, limit: 100, today: .today(), on: db).count)
            }
            report("queue (a unit's first 100 open applications, in queue order) with \(total) applications", queue)
            let bare = try await time {
                let unit = Self.units[Int.random(in: 0..<Self.units.count, using: &rng)]
                _ = try await sql.select().column("id").from(ApplicationRow.schema).where("unit_code", .equal, unit)
                    .where(SQLRaw("state IN ('submitted', 'accepted', 'under-review', 'needs-supplement')")).where("due_date", .greaterThan, "")
                    .orderBy("due_date").orderBy("created_at").limit(100).all()
            }
            report("reference: one index-ordered page of ids, plain SQL", bare)
            print("rows per queue page: \(sizes.min() ?? 0)–\(sizes.max() ?? 0)")
        }

        /// Runs `body` for each index with at most `workers` in flight; results in index order.
        func parallel<T: Sendable>(_ indices: Range<Int>, _ body: @escaping @Sendable (Int) async throws -> T) async throws -> [T] {
            try await withThrowingTaskGroup(of: (Int, T).self) { group in
                var results = [T?](repeating: nil, count: indices.count)
                var next = indices.lowerBound
                for _ in 0..<min(workers, indices.count) {
                    let i = next
                    group.addTask { (i, try await body(i)) }
                    next += 1
                }
                while let (i, value) = try await group.next() {
                    results[i - indices.lowerBound] = value
                    if next < indices.upperBound {
                        let j = next
                        group.addTask { (j, try await body(j)) }
                        next += 1
                    }
                }
                return results.map { $0! }
            }
        }

        /// Copies the real rows (one per state) with new ids, units, due dates and times until the table holds `target`
        /// rows: 85 % completed, the rest spread over the open and closed states, due dates around today.
        func fill(to target: Int, templatesFrom ids: [UUID], accounts: [CitizenAccount], on db: any Database) async throws {
            let existing = try await ApplicationRow.query(on: db).count()
            guard target > existing else { return }
            var templates: [String: ApplicationRow] = [:]
            for row in try await ApplicationRow.query(on: db).all() where templates[row.state] == nil { templates[row.state] = row }
            let mix: [(String, Int)] = [("completed", 85), ("submitted", 4), ("accepted", 5), ("under-review", 4), ("needs-supplement", 1), ("withdrawn", 1)]
            let sql = db as! any SQLDatabase
            let columns = ["id", "reference", "service_code", "applicant_account_id", "applicant_resident_id", "subject_resident_id", "channel", "state",
                           "form", "materials", "record", "unit_code", "due_date", "idempotency_key", "version", "created_at", "updated_at",
                           "materials_saved", "working_days"]
            var rng = SplitMix64(seed: 11)
            let today = CivilDate.today()
            let now = Date()
            let clock = ContinuousClock()
            let start = clock.now
            var made = 0
            let missing = target - existing
            while made < missing {
                let insert = sql.insert(into: ApplicationRow.schema).columns(columns)
                for _ in 0..<min(1000, missing - made) {
                    let roll = Int.random(in: 0..<100, using: &rng)
                    var cumulative = 0
                    let state = mix.first { cumulative += $0.1; return roll < cumulative }?.0 ?? "completed"
                    let template = templates[state] ?? templates["completed"] ?? templates.values.first!
                    let account = accounts[Int.random(in: 0..<accounts.count, using: &rng)]
                    let due = ["accepted", "under-review", "needs-supplement"].contains(state) ? today.adding(days: Int.random(in: -15...25, using: &rng)).description : ""
                    let created = now.addingTimeInterval(-Double(Int.random(in: 0..<(3 * 365 * 86_400), using: &rng)))
                    insert.values([
                        SQLBind(UUID()), SQLBind("BENCH-\(existing + made)"), SQLBind("HZ-\(String(format: "%02d", Int.random(in: 1...52, using: &rng)))"),
                        SQLBind(account.id), SQLBind(account.residentID), SQLBind(Optional<UUID>.none), SQLBind("mobile"), SQLBind(state),
                        SQLBind(template.form), SQLBind(template.materials), SQLBind(template.record),
                        SQLBind(Self.units[Int.random(in: 0..<Self.units.count, using: &rng)]), SQLBind(due), SQLBind("fill-\(existing + made)"),
                        SQLBind(1), SQLBind(created), SQLBind(created), SQLBind(2), SQLBind(state == "completed" ? Int.random(in: 0...20, using: &rng) : nil),
                    ])
                    made += 1
                }
                try await insert.run()
            }
            print(String(format: "filled the table to %d applications in %.1f s", existing + made, (clock.now - start).seconds))
        }
    }
}
