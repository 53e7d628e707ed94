import Crypto
import FluentKit
import FluentSQL
import Foundation
import MinshengCore
import MinshengStore
import MinshengTesting
import Testing

@Suite("Audit chain")
struct AuditChainTests {
    func appendFive(_ db: any Database) async throws {
        for i in 1...5 {
            try await AuditChain.append(AuditEvent(actor: .officer("010001"), action: "resident.read", subject: "resident:\(i)", purpose: "测试 \(i)"), on: db)
        }
    }

    @Test("an untouched chain verifies", arguments: DatabaseKind.available)
    func intact(kind: DatabaseKind) async throws {
        try await TestDatabase.with(kind) { test in
            try await appendFive(test.database)
            #expect(try await AuditChain.verify(on: test.database) == .intact(entries: 5))
        }
    }

    @Test("an edited entry is named", arguments: DatabaseKind.available)
    func tamperedContent(kind: DatabaseKind) async throws {
        try await TestDatabase.with(kind) { test in
            try await appendFive(test.database)
            try await (test.database as! any SQLDatabase).raw("UPDATE audit_entries SET purpose = 'nothing to see' WHERE seq = 3").run()
            guard case .broken(let seq, let reason, let checked) = try await AuditChain.verify(on: test.database) else {
                Issue.record("tampering was not detected"); return
            }
            #expect(seq == 3)
            #expect(checked == 2)
            #expect(reason.contains("altered"))
        }
    }

    @Test("a deleted entry in the middle or at the end is found", arguments: DatabaseKind.available)
    func deletedEntries(kind: DatabaseKind) async throws {
        try await TestDatabase.with(kind) { test in
            try await appendFive(test.database)
            let sql = test.database as! any SQLDatabase
            try await sql.raw("DELETE FROM audit_entries WHERE seq = 5").run()
            guard case .broken(let seq, _, _) = try await AuditChain.verify(on: test.database) else { Issue.record("truncation not detected"); return }
            #expect(seq == 5)
            try await sql.raw("DELETE FROM audit_entries WHERE seq = 2").run()
            guard case .broken(let middle, _, _) = try await AuditChain.verify(on: test.database) else { Issue.record("deletion not detected"); return }
            #expect(middle == 2)
        }
    }

    @Test("a rewritten entry with a recomputed hash still breaks the next link", arguments: DatabaseKind.available)
    func rehashed(kind: DatabaseKind) async throws {
        try await TestDatabase.with(kind) { test in
            try await appendFive(test.database)
            try await (test.database as! any SQLDatabase).raw("UPDATE audit_entries SET hash = '\(unsafeRaw: String(repeating: "a", count: 64))' WHERE seq = 2").run()
            guard case .broken(let seq, _, _) = try await AuditChain.verify(on: test.database) else { Issue.record("not detected"); return }
            #expect(seq == 2)
        }
    }

    /// What someone who can write the database does after editing entry `from`: re-computes every link from there on,
    /// with plain SHA-256 or (holding it) the audit key, and moves the head to match.
    func relink(from: Int, key: SymmetricKey?, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        let rows = try await AuditEntryRow.query(on: db).sort(\.$seq).all()
        var previous = rows.first { $0.seq == from - 1 }?.hash ?? AuditChain.genesisHash
        for row in rows where row.seq >= from {
            var content = Data()
            for field in [previous, String(row.seq), String(row.atMillis), row.actor, row.action, row.subject, row.purpose, row.detail,
                          row.residentID?.uuidString.lowercased() ?? ""] {
                content += Data("\(field.utf8.count):".utf8) + Data(field.utf8)
            }
            let hash = key.map { Data(HMAC<SHA256>.authenticationCode(for: content, using: $0)).hexString } ?? Data(SHA256.hash(data: content)).hexString
            try await sql.raw("UPDATE audit_entries SET previous_hash = \(bind: previous), hash = \(bind: hash) WHERE seq = \(bind: row.seq)").run()
            previous = hash
        }
        try await sql.raw("UPDATE audit_head SET hash = \(bind: previous) WHERE id = 1").run()
    }

    var auditKey: SymmetricKey { AuditKey.parse(TestDatabase.auditKey)! }

    @Test("an entry rewritten with SQL and the rest re-hashed with plain SHA-256 is named: the chain is keyed", arguments: DatabaseKind.available)
    func rewrittenWithoutKey(kind: DatabaseKind) async throws {
        try await TestDatabase.with(kind) { test in
            try await appendFive(test.database)
            try await (test.database as! any SQLDatabase).raw("UPDATE audit_entries SET purpose = 'nothing to see' WHERE seq = 3").run()
            try await relink(from: 3, key: nil, on: test.database)
            guard case .broken(let seq, let reason, let checked) = try await AuditChain.verify(on: test.database) else {
                Issue.record("a rewrite re-hashed without the key was not detected"); return
            }
            #expect(seq == 3 && checked == 2)
            #expect(reason.contains("MAC"))
            // The same rewrite re-linked with the key passes the chain alone: that is what checkpoints are for.
            try await relink(from: 3, key: auditKey, on: test.database)
            #expect(try await AuditChain.verify(on: test.database) == .intact(entries: 5))
        }
    }

    @Test("a rewrite re-MAC'd with the audit key is named against the signed checkpoints, stored or kept in a file", arguments: DatabaseKind.available)
    func rewrittenWithKey(kind: DatabaseKind) async throws {
        try await TestDatabase.with(kind) { test in
            let db = test.database
            let signer = IssuerKeyStore(cipher: try FieldCipher(base64Key: FieldCipher.generateKey()))
            _ = try await signer.signingKey(on: db)  // entry 1: keys.created
            for i in 2...3 { try await AuditChain.append(AuditEvent(actor: .officer("010001"), action: "resident.read", subject: "resident:\(i)", purpose: "p"), on: db) }
            let early = try await AuditCheckpoints.make(signer: signer, on: db)
            #expect(early.seq == 3)
            #expect(try await AuditCheckpoints.make(signer: signer, on: db) == early)  // nothing new: the same checkpoint
            for i in 4...6 { try await AuditChain.append(AuditEvent(actor: .officer("010001"), action: "resident.read", subject: "resident:\(i)", purpose: "p"), on: db) }
            let head = try await AuditCheckpoints.make(signer: signer, on: db)
            #expect(head.seq == 6)
            #expect(try await AuditChain.verify(on: db, checkpoints: [early.jws, head.jws]) == .intact(entries: 6))

            // Someone with the database and the audit key rewrites entry 4 and re-MACs everything after it.
            try await (db as! any SQLDatabase).raw("UPDATE audit_entries SET purpose = 'nothing to see' WHERE seq = 4").run()
            try await relink(from: 4, key: auditKey, on: db)
            guard case .broken(let seq, let reason, _) = try await AuditChain.verify(on: db) else { Issue.record("the stored checkpoint did not catch it"); return }
            #expect(seq == 4 && reason.contains("checkpoint"))
            // They delete the stored checkpoints too: the chain alone now looks intact...
            try await (db as! any SQLDatabase).raw("DELETE FROM audit_checkpoints").run()
            #expect(try await AuditChain.verify(on: db) == .intact(entries: 6))
            // ...but the checkpoints kept in a file name the rewritten entry: after 3 (which still matches), up to 6.
            guard case .broken(let named, let why, let intact) = try await AuditChain.verify(on: db, checkpoints: [early.jws, head.jws]) else {
                Issue.record("the kept checkpoints did not catch it"); return
            }
            #expect(named == 4 && intact == 3)
            #expect(why.contains("entry 6") && why.contains("from 4 to 6"))
            // A checkpoint whose signature does not check is itself a finding, never ignored.
            let forged = head.jws.dropLast(4) + "AAAA"
            guard case .broken(_, let refused, _) = try await AuditChain.verify(on: db, checkpoints: [String(forged)]) else { Issue.record("a forged checkpoint passed"); return }
            #expect(refused.contains("does not verify"))
        }
    }

    @Test("the keying boundary cannot be moved or dropped to pass re-hashed entries off as unkeyed ones", arguments: DatabaseKind.available)
    func keyingBoundary(kind: DatabaseKind) async throws {
        try await TestDatabase.with(kind) { test in
            let sql = test.database as! any SQLDatabase
            try await appendFive(test.database)
            // Every entry downgraded to SHA-256 and the boundary moved past the end, as if the chain had never been keyed.
            try await (test.database as! any SQLDatabase).raw("UPDATE audit_entries SET purpose = 'nothing to see' WHERE seq = 2").run()
            try await relink(from: 1, key: nil, on: test.database)
            try await sql.raw("UPDATE audit_head SET keyed_from = 6").run()
            guard case .broken(_, let moved, _) = try await AuditChain.verify(on: test.database) else { Issue.record("a moved boundary passed"); return }
            #expect(moved.contains("boundary"))
            try await sql.raw("UPDATE audit_head SET keyed_from = NULL, keyed_mac = NULL").run()
            guard case .broken(_, let dropped, _) = try await AuditChain.verify(on: test.database) else { Issue.record("a dropped boundary passed"); return }
            #expect(dropped.contains("boundary"))
        }
    }

    @Test("entries written before the chain was keyed stay verifiable (SHA-256) and are covered by the boundary", arguments: DatabaseKind.available)
    func unkeyedEntriesBeforeKeying(kind: DatabaseKind) async throws {
        try await TestDatabase.with(kind, migrate: false) { test in
            // The schema as it was before the keying migration, with three entries written then.
            let migrations = Migrations()
            migrations.add(StoreMigrations.all.filter { $0.name != "MinshengStore.AddAuditKeying" }, to: .main)
            let migrator = Migrator(databases: test.host.databases, migrations: migrations, logger: test.database.logger, on: test.database.eventLoop)
            try await migrator.setupIfNeeded().get()
            try await migrator.prepareBatch().get()
            for i in 1...3 { try await AuditChain.append(AuditEvent(actor: .system("old"), action: "legacy", subject: "s\(i)", purpose: "p"), on: test.database) }
            try await relink(from: 1, key: nil, on: test.database)
            // The upgrade keys everything from entry 4 on.
            try await test.host.migrate()
            let keyedFrom = try await AuditChain.keyingBoundary(on: test.database)?.keyedFrom
            #expect(keyedFrom == 4)
            for i in 4...5 { try await AuditChain.append(AuditEvent(actor: .system("new"), action: "keyed", subject: "s\(i)", purpose: "p"), on: test.database) }
            #expect(try await AuditChain.verify(on: test.database) == .intact(entries: 5))
            // An old entry rewritten and the old links re-hashed: the keyed entry after them no longer follows.
            try await (test.database as! any SQLDatabase).raw("UPDATE audit_entries SET purpose = 'nothing to see' WHERE seq = 2").run()
            try await relink(from: 2, key: nil, on: test.database)
            guard case .broken(let seq, _, _) = try await AuditChain.verify(on: test.database) else { Issue.record("a rewritten unkeyed entry passed"); return }
            #expect(seq == 4)
        }
    }

    @Test("a checkpoint is signed once every N entries, not before; two signers of one head get one checkpoint", arguments: DatabaseKind.available)
    func periodicCheckpoints(kind: DatabaseKind) async throws {
        try await TestDatabase.with(kind) { test in
            let db = test.database
            let signer = IssuerKeyStore(cipher: try FieldCipher(base64Key: FieldCipher.generateKey()))
            _ = try await signer.signingKey(on: db)  // entry 1
            #expect(try await AuditCheckpoints.makeIfDue(every: 3, signer: signer, on: db) == nil)
            try await appendFive(db)  // entries 2–6
            #expect(try await AuditCheckpoints.makeIfDue(every: 3, signer: signer, on: db)?.seq == 6)
            #expect(try await AuditCheckpoints.makeIfDue(every: 3, signer: signer, on: db) == nil)
            try await appendFive(db)  // 7–11
            #expect(try await AuditCheckpoints.makeIfDue(every: 3, signer: signer, on: db)?.seq == 11)
            #expect(try await AuditCheckpoints.stored(on: db).map(\.seq) == [11, 6])
            #expect(try await AuditChain.verify(on: db) == .intact(entries: 11))
            // Two instances signing the same new head at once: one checkpoint, the same for both.
            try await appendFive(db)  // 12–16
            let host = test.host
            async let first = AuditCheckpoints.make(signer: signer, on: host.database)
            async let second = AuditCheckpoints.make(signer: signer, on: host.database)
            let (a, b) = try await (first, second)
            #expect(a == b && a.seq == 16)
            #expect(try await AuditCheckpoints.stored(on: db).map(\.seq) == [16, 11, 6])
        }
    }

    @Test("concurrent appends keep one unbroken chain", arguments: DatabaseKind.available)
    func concurrentAppends(kind: DatabaseKind) async throws {
        try await TestDatabase.with(kind) { test in
            let host = test.host
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        for i in 0..<10 {
                            try await AuditChain.append(AuditEvent(actor: .system("w\(worker)"), action: "test", subject: "s\(i)", purpose: "p"), on: host.database)
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await AuditChain.verify(on: test.database) == .intact(entries: 40))
        }
    }

    @Test("an audit entry written in a failed transaction disappears with it", arguments: DatabaseKind.available)
    func rolledBackWithTransaction(kind: DatabaseKind) async throws {
        try await TestDatabase.with(kind) { test in
            struct Boom: Error {}
            var failed = false
            do {
                try await test.database.transaction { db in
                    try await AuditChain.append(AuditEvent(actor: .system("t"), action: "x", subject: "y", purpose: "z"), on: db)
                    throw Boom()
                }
            } catch is Boom {
                failed = true
            }
            #expect(failed)
            #expect(try await AuditChain.verify(on: test.database) == .intact(entries: 0))
        }
    }
}
