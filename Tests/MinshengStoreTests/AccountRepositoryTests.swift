import FluentKit
import Foundation
import MinshengCore
import MinshengStore
import MinshengTesting
import Testing

@Suite("Accounts, sessions and throttling")
struct AccountRepositoryTests {
    let registry = RegistryRepository(cipher: Fixtures.cipher)
    var accounts: AccountRepository { AccountRepository(cipher: registry.cipher) }

    @Test("registration, a taken phone, and identity linking to L2", arguments: DatabaseKind.available)
    func linking(kind: DatabaseKind) async throws {
        try await TestDatabase.with(kind) { test in
            let db = test.database
            let (household, members) = Fixtures.household()
            try await registry.register(household: household, members: members, actor: .system("test"), reason: "test", on: db)
            let account = try await accounts.register(phone: PhoneNumber("13800138000"), passwordHash: "x", on: db)
            #expect(account.level == .l1)
            await #expect(throws: StoreError.phoneTaken) {
                _ = try await accounts.register(phone: PhoneNumber("138 0013 8000"), passwordHash: "y", on: db)
            }
            await #expect(throws: StoreError.identityLinkRefused) {
                _ = try await accounts.linkIdentity(accountID: account.id, name: PersonName("李强"), idNumber: IDNumber("440304199001010011"), registry: registry, on: db)
            }
            let linked = try await accounts.linkIdentity(accountID: account.id, name: PersonName("李明"), idNumber: IDNumber("440304199001010011"), registry: registry, on: db)
            #expect(linked.level == .l2)
            #expect(linked.method == .registryMatch)
            #expect(linked.residentID == members[0].id)

            let other = try await accounts.register(phone: PhoneNumber("13900139000"), passwordHash: "x", on: db)
            await #expect(throws: StoreError.identityLinkRefused) {
                _ = try await accounts.linkIdentity(accountID: other.id, name: PersonName("李明"), idNumber: IDNumber("440304199001010011"), registry: registry, on: db)
            }
            // Refusals stay on record.
            let refusals = try await AuditEntryRow.query(on: db).filter(\.$action == "account.identity-link-refused").count()
            #expect(refusals == 2)
        }
    }

    @Test("a cancelled record cannot be linked", arguments: DatabaseKind.available)
    func cancelledNotLinkable(kind: DatabaseKind) async throws {
        try await TestDatabase.with(kind) { test in
            let db = test.database
            let (household, members) = Fixtures.household()
            try await registry.register(household: household, members: members, actor: .system("test"), reason: "test", on: db)
            try await registry.update(residentID: members[1].id, actor: .system("test"), reason: "test", on: db) { $0.status = .cancelled(.emigrated) }
            let account = try await accounts.register(phone: PhoneNumber("13900139000"), passwordHash: "x", on: db)
            await #expect(throws: StoreError.identityLinkRefused) {
                _ = try await accounts.linkIdentity(accountID: account.id, name: PersonName("王芳"), idNumber: IDNumber("440303198506150027"), registry: registry, on: db)
            }
        }
    }

    @Test("an officer's in-person check raises the account to L3, audited", arguments: DatabaseKind.available)
    func inPerson(kind: DatabaseKind) async throws {
        try await TestDatabase.with(kind) { test in
            let db = test.database
            let (household, members) = Fixtures.household()
            try await registry.register(household: household, members: members, actor: .system("test"), reason: "test", on: db)
            let account = try await accounts.register(phone: PhoneNumber("13800138000"), passwordHash: "x", on: db)
            _ = try await accounts.linkIdentity(accountID: account.id, name: PersonName("李明"), idNumber: IDNumber("440304199001010011"), registry: registry, on: db)
            let officers = OfficerRepository()
            _ = try await officers.ensureUnit(code: "FT", nameZh: "福田派出所", nameEn: "Futian", jurisdiction: Jurisdiction(divisionCodes: ["440304"]), actor: .system("t"), on: db)
            let officer = try await officers.addOfficer(policeNumber: "010001", name: "张警官", unitCode: "FT", roles: [.intake], passwordHash: "h", actor: .system("t"), on: db)
            await #expect(throws: StoreError.duplicateOfficer) {
                _ = try await officers.addOfficer(policeNumber: "010001", name: "x", unitCode: "FT", roles: [.intake], passwordHash: "h", actor: .system("t"), on: db)
            }
            let raised = try await accounts.verifyInPerson(residentID: members[0].id, officer: officer, purpose: "窗口核验", on: db)
            #expect(raised.level == .l3)
            #expect(raised.method == .inPerson)
            #expect(raised.assuredBy == "officer:010001")
            let trail = try await AuditChain.accesses(toResident: members[0].id, on: db)
            #expect(trail.first?.action == "account.verified-in-person")
        }
    }

    @Test("the migration binds a level only where the audit shows it was proven for the linked resident", arguments: DatabaseKind.available)
    func assuredResidentBackfill(kind: DatabaseKind) async throws {
        try await TestDatabase.with(kind) { test in
            let db = test.database
            let (household, members) = Fixtures.household()
            try await registry.register(household: household, members: members, actor: .system("test"), reason: "test", on: db)
            let account = try await accounts.register(phone: PhoneNumber("13800138000"), passwordHash: "x", on: db)
            _ = try await accounts.linkIdentity(accountID: account.id, name: PersonName("李明"), idNumber: IDNumber("440304199001010011"), registry: registry, on: db)
            let officers = OfficerRepository()
            _ = try await officers.ensureUnit(code: "FT", nameZh: "福田派出所", nameEn: "Futian", jurisdiction: Jurisdiction(divisionCodes: ["440304"]), actor: .system("t"), on: db)
            let officer = try await officers.addOfficer(policeNumber: "010001", name: "张警官", unitCode: "FT", roles: [.intake], passwordHash: "h", actor: .system("t"), on: db)
            _ = try await accounts.verifyInPerson(residentID: members[0].id, officer: officer, purpose: "窗口核验", on: db)
            // Run the migration again as an existing installation would meet it.
            let migration = try #require(StoreMigrations.all.first { String(describing: type(of: $0)) == "AddAssuredResidentToAccounts" })
            try await migration.revert(on: db).get()
            try await migration.prepare(on: db).get()
            #expect(try await accounts.account(id: account.id, on: db)?.level == .l3)
            // The state the old re-link hole left: L3 proven for 李明, the account now linked to 王芳.
            try await CitizenAccountRow.query(on: db).filter(\.$id == account.id).set(\.$residentID, to: members[1].id).update()
            try await migration.revert(on: db).get()
            try await migration.prepare(on: db).get()
            let hijacked = try #require(try await accounts.account(id: account.id, on: db))
            #expect(hijacked.residentID == members[1].id)
            #expect(hijacked.level == .l1)
        }
    }

    @Test("sessions live until they expire or end", arguments: DatabaseKind.available)
    func sessions(kind: DatabaseKind) async throws {
        try await TestDatabase.with(kind) { test in
            let sessions = SessionRepository()
            let id = UUID()
            let (token, _) = try await sessions.start(.citizen(id), channel: "api", lifetime: 60, on: test.database)
            #expect(try await sessions.subject(token: token, on: test.database) == .citizen(id))
            #expect(try await sessions.subject(token: token, now: Date().addingTimeInterval(120), on: test.database) == nil)
            #expect(try await sessions.subject(token: "forged", on: test.database) == nil)
            try await sessions.end(token: token, on: test.database)
            #expect(try await sessions.subject(token: token, on: test.database) == nil)
        }
    }

    @Test("five reserved attempts lock the key; a success gives its attempt back; the lock expires", arguments: DatabaseKind.available)
    func throttling(kind: DatabaseKind) async throws {
        try await TestDatabase.with(kind) { test in
            let throttle = LoginThrottle(cipher: registry.cipher)
            let now = Date()
            for i in 0..<4 {
                #expect(try await throttle.reserve(keys: ["citizen:1", "address:a"], now: now.addingTimeInterval(Double(i)), on: test.database) == nil)
            }
            #expect(try await throttle.lockedUntil(keys: ["citizen:1"], now: now, on: test.database) == nil)
            // The fifth attempt, in flight, locks; when it succeeds the lock is lifted.
            #expect(try await throttle.reserve(keys: ["citizen:1", "address:a"], now: now.addingTimeInterval(5), on: test.database) == nil)
            #expect(try await throttle.reserve(keys: ["citizen:1"], now: now.addingTimeInterval(5), on: test.database) != nil)
            try await throttle.release(keys: ["citizen:1", "address:a"], now: now.addingTimeInterval(5), on: test.database)
            #expect(try await throttle.lockedUntil(keys: ["citizen:1", "address:a"], now: now.addingTimeInterval(6), on: test.database) == nil)
            #expect(try await throttle.reserve(keys: ["citizen:1", "address:a"], now: now.addingTimeInterval(6), on: test.database) == nil)
            #expect(try await throttle.lockedUntil(keys: ["citizen:1"], now: now.addingTimeInterval(7), on: test.database) != nil)
            // Another account from the locked address is refused, and nothing stays reserved for it.
            #expect(try await throttle.reserve(keys: ["citizen:2", "address:a"], now: now.addingTimeInterval(7), on: test.database) != nil)
            #expect(try await LoginThrottleRow.query(on: test.database).filter(\.$failures == 0).count() == 1)
            #expect(try await throttle.lockedUntil(keys: ["citizen:1"], now: now.addingTimeInterval(22 * 60), on: test.database) == nil)
            #expect(try await throttle.reserve(keys: ["citizen:1"], now: now.addingTimeInterval(22 * 60), on: test.database) == nil)
            try await throttle.clear(keys: ["citizen:1"], on: test.database)
            #expect(try await LoginThrottleRow.query(on: test.database).filter(\.$failures == 0).count() == 2)
        }
    }
}
