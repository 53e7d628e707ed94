import ArgumentParser
import FluentKit
import FluentSQL
import Foundation
import MinshengCore
import MinshengStore

extension Bench {
    /// `minsheng bench points`: score and rank N applicants with ten years of monthly records each, in memory and (with
    /// --postgres) from PostgreSQL end to end.
    struct PointsBatch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "points",
            abstract: "Score and rank N applicants with 120 months of pension records each, in memory and from PostgreSQL (which it EMPTIES first).")
        @ArgumentParser.Option(help: "Applicants.") var applicants = 100_000
        @ArgumentParser.Option(help: "A PostgreSQL URL for the end-to-end run; every table in it is dropped first.") var postgres: String?

        static let policy: PointsPolicy = {
            let s = "bench"
            return PointsPolicy(
                year: 2017, name: LocalizedText(zh: "积分入户", en: "Points"), basis: s,
                conditions: .init(maxAgeMale: .init(55, source: s), maxAgeFemale: .init(50, source: s), residencePermit: .init(true, source: s),
                                  minHousingMonths: .init(60, source: s), minPensionMonths: .init(60, source: s), contributingAtDeadline: .init(true, source: s),
                                  noBannedOrganisation: .init(true, source: s), familyPlanningFeesPaid: .init(true, source: s)),
                points: .init(ownedHousingPerMonth: .init(Points(1), source: s), rentedHousingPerMonth: .init(Points(tenths: 2), source: s),
                              pensionPerMonth: .init(Points(tenths: 15), source: s), oneHousingIndicator: .init(true, source: s), minOwnershipShare: .init(50, source: s)),
                deductions: .init(creditUnder90Days: .init(Points(-15), source: s), credit90DaysOrMore: .init(Points(-30), source: s),
                                  courtDefaulter: .init(Points(-100), source: s), criminalRecord: .init(Points(-200), source: s), drugRecord: .init(Points(-150), source: s)),
                cap: .init(nil, source: s), quota: .init(10_000, source: s),
                window: .init(opens: .init("06-25", source: s), closes: .init("09-30", source: s)),
                objectionDays: .init(7, source: s), tieBreak: .init([.pensionMonths, .residencePermitStart, .submittedAt], source: s))
        }()

        /// The 120 months up to the 2017 deadline.
        static let lastMonth = YearMonth(year: 2017, month: 9)
        static let firstMonth = lastMonth.adding(-119)

        static func evidence(_ i: Int, rng: inout SplitMix64) -> PointsEvidence {
            let gender: Gender = i % 2 == 0 ? .male : .female
            let birth = CivilDate(year: 1965 + Int(rng.next() % 30), month: 1 + Int(rng.next() % 12), day: 1 + Int(rng.next() % 28))!
            var pension: [PointsEvidence.PensionMonth] = []
            pension.reserveCapacity(120)
            let start = firstMonth.index + Int(rng.next() % 60)
            for index in start...lastMonth.index {
                let roll = rng.next() % 100
                if roll < 3 { continue }
                pension.append(.init(month: YearMonth(index: index), backPaid: roll == 3))
            }
            var e = PointsEvidence(gender: gender, birthDate: birth, pension: pension,
                                   leases: [.init(reference: "ZL-\(i)", startsOn: YearMonth(index: start).first, endsOn: CivilDate(year: 2020, month: 12, day: 31)!)],
                                   residencePermits: [.init(number: "P\(i)", issuedOn: YearMonth(index: start).first, expiresOn: CivilDate(year: 2019, month: 1, day: 1)!)])
            if rng.next() % 10 < 3 { e.properties = [.init(reference: "FC-\(i)", registeredOn: CivilDate(year: 2012, month: 5, day: 10)!)] }
            if rng.next() % 20 == 0 { e.credit = [.init(reference: "XY-\(i)", overdueSince: CivilDate(year: 2016, month: 3, day: 1)!, overdueDays: Int(rng.next() % 200))] }
            return e
        }

        /// Scores every applicant (numbers only, as the batch ranks) and ranks the eligible within the quota.
        static func scoreAndRank(_ evidence: [(UUID, PointsEvidence)]) -> (eligible: Int, ranked: [RankedEntry]) {
            let scorer = PointsScorer(policy: policy)
            let submitted = Date(timeIntervalSince1970: 1_500_000_000)
            var entries: [RankEntry] = []
            entries.reserveCapacity(evidence.count)
            for (id, e) in evidence {
                let a = scorer.quickScore(e, year: 2017)
                guard a.eligible else { continue }
                entries.append(RankEntry(applicationID: id, total: a.total, pensionMonths: a.pensionMonths, residencePermitStart: a.residencePermitStart, submittedAt: submitted))
            }
            return (entries.count, PointsRanking.rank(entries, tieBreak: policy.tieBreak.value, quota: policy.quota.value))
        }

        /// The full trace for every applicant (what the simulator shows), for comparison.
        static func traceAll(_ evidence: [(UUID, PointsEvidence)]) -> Int {
            let scorer = PointsScorer(policy: policy)
            return evidence.reduce(0) { $0 + (scorer.assess($1.1, year: 2017).eligible ? 1 : 0) }
        }

        func run() async throws {
            let clock = ContinuousClock()
            var rng = SplitMix64(seed: 17)
            let generated = (0..<applicants).map { (UUID(), Self.evidence($0, rng: &rng)) }
            let rows = generated.reduce(0) { $0 + $1.1.pension.count }
            let start = clock.now
            let (eligible, ranked) = Self.scoreAndRank(generated)
            let seconds = (clock.now - start).seconds
            print(String(format: "in memory: %d applicants, %d pension rows: scored and ranked in %.3f s (%d eligible, cut-off %@); peak RSS %.1f MiB",
                         applicants, rows, seconds, eligible, ranked.last(where: \.admitted)?.entry.total.description ?? "-", Bench.peakRSSMiB()))
            let traceStart = clock.now
            let traced = Self.traceAll(generated)
            print(String(format: "in memory, for comparison: the full trace of every applicant (PointsScorer.assess) in %.3f s (%d eligible, the same)",
                         (clock.now - traceStart).seconds, traced))
            guard let postgres else { return }
            try await Bench.withFreshDatabase(postgres: postgres, sqlite: "") { host in try await endToEnd(host) }
        }

        func endToEnd(_ host: DatabaseHost) async throws {
            try await host.revertAll()
            try await host.migrate()
            let db = host.database
            let sql = db as! any SQLDatabase
            let clock = ContinuousClock()
            let cipher = try FieldCipher(base64Key: FieldCipher.generateKey())
            let registry = RegistryRepository(cipher: cipher)
            var seeder = PopulationSeeder(registry: registry, seed: 3, today: CivilDate(year: 2017, month: 10, day: 8)!)
            seeder.batchSize = 4000
            let seedStart = clock.now
            _ = try await seeder.run(residents: applicants, on: db)
            print(String(format: "seed: %d residents in %.1f s (not timed below)", applicants, (clock.now - seedStart).seconds))
            let loadStart = clock.now
            let (first, last) = (Self.firstMonth.index, Self.lastMonth.index)
            // A bulk load as an import would run it: one transaction, foreign-key triggers off inside it (the rows come from `residents`).
            try await db.transaction { tx in
                let sql = tx as! any SQLDatabase
                try await sql.raw("SET LOCAL session_replication_role = replica").run()
                try await sql.raw("""
                    INSERT INTO pension_months (resident_id, month, back_paid)
                    SELECT r.id, m, (abs(hashtext(r.id::text || m::text)) % 100) = 3
                    FROM residents r, generate_series(\(unsafeRaw: String(first)), \(unsafeRaw: String(last))) m
                    WHERE abs(hashtext(r.id::text || m::text)) % 100 >= 3
                    """).run()
                try await sql.raw("INSERT INTO lease_records (id, resident_id, reference, starts_on, ends_on) SELECT gen_random_uuid(), id, 'ZL-' || id::text, '2007-10-01', '2020-12-31' FROM residents").run()
                try await sql.raw("INSERT INTO property_records (id, resident_id, reference, registered_on, share_percent) SELECT gen_random_uuid(), id, 'FC-' || id::text, '2012-05-10', 100 FROM residents WHERE abs(hashtext(id::text)) % 10 < 3").run()
                try await sql.raw("INSERT INTO credit_records (id, resident_id, reference, overdue_since, overdue_days) SELECT gen_random_uuid(), id, 'XY-' || id::text, '2016-03-01', abs(hashtext(id::text)) % 200 FROM residents WHERE abs(hashtext(id::text)) % 20 = 0").run()
            }
            let ids = try await sql.raw("SELECT id FROM residents ORDER BY id").all().map { try $0.decode(column: "id", as: UUID.self) }
            let permit = cipher.seal(try JSONEncoder().encode(DocumentRecord(type: .residencePermit, number: "P", issuedOn: CivilDate(year: 2007, month: 10, day: 1)!,
                                                                             expiresOn: CivilDate(year: 2019, month: 1, day: 1)!)))
            for chunk in stride(from: 0, to: ids.count, by: 2000) {
                var insert = SQLQueryString("INSERT INTO documents (id, resident_id, type, details_sealed, issued_on, expires_on, created_at) VALUES ")
                for (i, id) in ids[chunk..<min(ids.count, chunk + 2000)].enumerated() {
                    if i > 0 { insert.appendInterpolation(unsafeRaw: ", ") }
                    insert.appendInterpolation(unsafeRaw: "(gen_random_uuid(), ")
                    insert.appendInterpolation(bind: id)
                    insert.appendInterpolation(unsafeRaw: ", 'residence-permit', ")
                    insert.appendInterpolation(bind: permit)
                    insert.appendInterpolation(unsafeRaw: ", '2007-10-01', '2019-01-01', now())")
                }
                try await sql.raw(insert).run()
            }
            try await sql.raw("VACUUM ANALYZE").run()
            let rows = try await sql.raw("SELECT count(*) AS n FROM pension_months").first()!.decode(column: "n", as: Int.self)
            print(String(format: "load: %d pension rows and the other records in %.1f s (not timed below)", rows, (clock.now - loadStart).seconds))

            let rssBefore = Bench.peakRSSMiB()
            let start = clock.now
            let evidence = try await PointsRecords(cipher: cipher).evidence(residentIDs: ids, on: db)
            let readSeconds = (clock.now - start).seconds
            let scoreStart = clock.now
            let (eligible, ranked) = Self.scoreAndRank(evidence.map { ($0.key, $0.value) })
            let scoreSeconds = (clock.now - scoreStart).seconds
            let total = (clock.now - start).seconds
            print(String(format: "PostgreSQL end to end: %d applicants, %d pension rows read in %.2f s, scored and ranked in %.2f s: %.2f s in all (%d eligible, %d ranked within the quota); peak RSS %.1f MiB (%.1f before reading)",
                         applicants, rows, readSeconds, scoreSeconds, total, eligible, ranked.filter(\.admitted).count, Bench.peakRSSMiB(), rssBefore))
        }
    }
}
