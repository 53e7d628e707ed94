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
