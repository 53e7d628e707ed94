import FluentKit
import Foundation
import MinshengCore

/// Fills the registry with a deterministic synthetic population (the demo seed and the benchmarks).
public struct PopulationSeeder: Sendable {
    public let registry: RegistryRepository
    public let seed: UInt64
    public let today: CivilDate
    /// Households written per transaction.
    public var batchSize = 4000
    /// Batches being written at once (on SQLite the single connection takes them in turn).
    public var inFlight = 2

    public init(registry: RegistryRepository, seed: UInt64, today: CivilDate) {
        self.registry = registry
        self.seed = seed
        self.today = today
    }

    /// Converts one generated household into registry records.
    public static func records(_ generated: SyntheticHousehold, seed: UInt64, ordinal: Int) -> (Household, [Resident]) {
        var ids = RandomUUIDs()
        return records(generated, seed: seed, ordinal: ordinal, ids: &ids)
    }

    static func records(_ generated: SyntheticHousehold, seed: UInt64, ordinal: Int, ids: inout RandomUUIDs) -> (Household, [Resident]) {
        let householdID = ids.next()
        var residents: [Resident] = []
        residents.reserveCapacity(generated.members.count)
        for member in generated.members {
            let status: ResidentStatus
            switch member.status {
            case .active: status = .active
            case .cancelled(let reason): status = .cancelled(CancellationReason(rawValue: reason) ?? .deceased)
            }
            residents.append(Resident(
                id: ids.next(), idNumber: member.idNumber, name: member.name, gender: member.gender, ethnicity: member.ethnicity,
                birthDate: member.birthDate, birthplace: member.idNumber.regionCode, phone: member.phone, status: status,
                householdID: householdID, relation: member.relation, divisionCode: generated.divisionCode
            ))
        }
        let household = Household(
            id: householdID, number: "\(generated.divisionCode)\(seed)\(String(ordinal))", kind: generated.type,
            divisionCode: generated.divisionCode, address: generated.street, headID: residents.first?.id
        )
        return (household, residents)
    }

    /// Writes about `residents` residents (whole households, so it may go a few over) and returns how many were written.
    /// `progress` is called after each batch with the running total.
    @discardableResult
    public func run(residents target: Int, actor: Principal = .system("seed"), on database: any Database,
                    progress: (@Sendable (Int) -> Void)? = nil) async throws -> Int {
        var generator = SyntheticPopulation(seed: seed, today: today)
        var ids = RandomUUIDs()
        var written = 0
        var ordinal = 0
        // Generation, encryption and PostgreSQL's ingest overlap: up to `inFlight` batches are written at once, each in
        // its own transaction (they meet only briefly at the audit chain's head).
        var writing: [Task<Int, any Error>] = []
        while written < target {
            var batch: [(Household, [Resident])] = []
            var batchResidents = 0
            while batch.count < batchSize, written + batchResidents < target {
                ordinal += 1
                let records = Self.records(generator.nextHousehold(), seed: seed, ordinal: ordinal, ids: &ids)
                batchResidents += records.1.count
                batch.append(records)
            }
            if writing.count >= inFlight {
                // Awaited before `progress?` so the write is waited for even without a progress callback.
                let done = try await writing.removeFirst().value
                progress?(done)
            }
            written += batchResidents
            let done = written
            let registry = self.registry
            let reason = "synthetic population seed \(seed)"
            let ready = batch
            writing.append(Task {
                try await registry.importBatch(ready, actor: actor, reason: reason, on: database)
                return done
            })
        }
        for task in writing {
            let done = try await task.value
            progress?(done)
        }
        return written
    }
}
