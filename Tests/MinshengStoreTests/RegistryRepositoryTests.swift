import FluentKit
import FluentSQL
import Foundation
import MinshengCore
import MinshengStore
import MinshengTesting
import Testing

@Suite("Population registry")
struct RegistryRepositoryTests {
    let registry = RegistryRepository(cipher: Fixtures.cipher)

    @Test("registers a household and finds members by ID number", arguments: DatabaseKind.available)
    func registerAndFind(kind: DatabaseKind) async throws {
        try await TestDatabase.with(kind) { test in
            let (household, members) = Fixtures.household()
            try await registry.register(household: household, members: members, actor: .system("test"), reason: "test", on: test.database)
            let found = try #require(try await registry.resident(idNumber: IDNumber("440304199001010011"), on: test.database))
            #expect(found.name.value == "李明")
            #expect(found.householdID == household.id)
            #expect(found.version == 1)
            #expect(found.phone?.value == "13800138000")
            #expect(try await registry.resident(idNumber: IDNumber("11010519491231002X"), on: test.database) == nil)
            let (loaded, loadedMembers) = try #require(try await registry.household(id: household.id, on: test.database))
            #expect(loaded.address == "深圳市福田区深南大道6008号")
            #expect(loadedMembers.map(\.name.value) == ["李明", "王芳"])
            let versions = try await registry.versions(residentID: found.id, on: test.database)
            #expect(versions.count == 1)
            #expect(versions[0].before == nil)
            #expect(versions[0].after.name.value == "李明")
        }
    }

    @Test("a change writes a version with before, after, actor, reason and application", arguments: DatabaseKind.available)
    func changeWritesVersion(kind: DatabaseKind) async throws {
        try await TestDatabase.with(kind) { test in
            let (household, members) = Fixtures.household()
            try await registry.register(household: household, members: members, actor: .system("test"), reason: "test", on: test.database)
            let newName = try PersonName("李明远")
            let changed = try await registry.update(residentID: members[0].id, actor: .officer("010002"), reason: "姓名变更", applicationReference: "HZ-01-2026-000001", on: test.database) { resident in
                resident.formerNames.append(resident.name)
                resident.name = newName
            }
            #expect(changed.version == 2)
            #expect(changed.formerNames.map(\.value) == ["李明"])
            let versions = try await registry.versions(residentID: members[0].id, on: test.database)
            #expect(versions.count == 2)
            #expect(versions[1].before?.name.value == "李明")
            #expect(versions[1].after.name.value == "李明远")
            #expect(versions[1].actor == .officer("010002"))
            #expect(versions[1].applicationReference == "HZ-01-2026-000001")
            #expect(versions[1].changedFields == ["name", "formerNames"])
            let audit = try await AuditChain.accesses(toResident: members[0].id, on: test.database)
            #expect(audit.first?.action == "resident.changed")
        }
    }

    @Test("a stale expected version is refused and nothing is written", arguments: DatabaseKind.available)
    func staleVersionRefused(kind: DatabaseKind) async throws {
        try await TestDatabase.with(kind) { test in
            let (household, members) = Fixtures.household()
            try await registry.register(household: household, members: members, actor: .system("test"), reason: "test", on: test.database)
            await #expect(throws: StoreError.versionConflict) {
                try await registry.update(residentID: members[0].id, expectedVersion: 7, actor: .system("test"), reason: "x", on: test.database) { $0.occupation = "教师" }
            }
            let versions = try await registry.versions(residentID: members[0].id, on: test.database)
            #expect(versions.count == 1)
            #expect(try await registry.resident(id: members[0].id, on: test.database)?.occupation == nil)
        }
    }

    @Test("cancelling keeps the reason", arguments: DatabaseKind.available)
    func cancellation(kind: DatabaseKind) async throws {
        try await TestDatabase.with(kind) { test in
            let (household, members) = Fixtures.household()
            try await registry.register(household: household, members: members, actor: .system("test"), reason: "test", on: test.database)
            let cancelled = try await registry.update(residentID: members[1].id, actor: .officer("010002"), reason: "死亡注销", on: test.database) { $0.status = .cancelled(.deceased) }
            #expect(cancelled.status == .cancelled(.deceased))
            #expect(try await registry.resident(id: members[1].id, on: test.database)?.status == .cancelled(.deceased))
        }
    }

    @Test("a duplicate ID number is refused and the batch leaves nothing behind", arguments: DatabaseKind.available)
    func duplicateRefused(kind: DatabaseKind) async throws {
        try await TestDatabase.with(kind) { test in
            let (household, members) = Fixtures.household()
            try await registry.register(household: household, members: members, actor: .system("test"), reason: "test", on: test.database)
            var (other, again) = Fixtures.household()
            other.number = "440304000000100"
            again = again.map { var r = $0; r.id = UUID(); return r }
            await #expect(throws: StoreError.duplicateIDNumber) {
                try await registry.register(household: other, members: again, actor: .system("test"), reason: "test", on: test.database)
            }
            #expect(try await registry.count(on: test.database) == 2)
            #expect(try await HouseholdRow.query(on: test.database).count() == 1)
        }
    }

    @Test("the synthetic seed writes whole households with valid records", arguments: DatabaseKind.available)
    func seeding(kind: DatabaseKind) async throws {
        try await TestDatabase.with(kind) { test in
            var seeder = PopulationSeeder(registry: registry, seed: 7, today: CivilDate(year: 2026, month: 11, day: 28)!)
            seeder.batchSize = 50
            let written = try await seeder.run(residents: 300, on: test.database)
            #expect(written >= 300)
            #expect(try await registry.count(on: test.database) == written)
            #expect(try await ResidentVersionRow.query(on: test.database).count() == written)
            #expect(try await AuditChain.verify(on: test.database) == .intact(entries: try await AuditEntryRow.query(on: test.database).count()))
        }
    }

    @Test("no plaintext ID number, name, phone or address reaches the database", arguments: DatabaseKind.available)
    func encryptedAtRest(kind: DatabaseKind) async throws {
        try await TestDatabase.with(kind) { test in
            let (household, members) = Fixtures.household()
            try await registry.register(household: household, members: members, actor: .system("test"), reason: "test", on: test.database)
            _ = try await registry.update(residentID: members[0].id, actor: .system("test"), reason: "test", on: test.database) { $0.formerNames = [try PersonName("李小明")] }
            let secrets = ["440304199001010011", "440303198506150027", "李明", "王芳", "李小明", "13800138000", "深南大道"]
            var dump = ""
            if let path = test.sqlitePath {
                await test.host.shutdown()
                let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
                let wal = (try? Data(contentsOf: URL(fileURLWithPath: path + "-wal"))) ?? Data()
                dump = String(decoding: bytes + wal, as: UTF8.self)
                #expect(bytes.count > 4096)
            } else {
                let sql = test.database as! any SQLDatabase
                for table in ["residents", "households", "resident_versions", "audit_entries"] {
                    let rows = try await sql.raw("SELECT t::text AS row FROM \(unsafeRaw: table) t").all()
                    #expect(!rows.isEmpty)
                    for row in rows { dump += try row.decode(column: "row", as: String.self) }
                }
            }
            for secret in secrets {
                #expect(!dump.contains(secret), "found \(secret) in plaintext")
            }
        }
    }
}
