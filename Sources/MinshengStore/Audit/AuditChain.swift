import Crypto
import FluentKit
import FluentSQL
import Foundation
import MinshengCore

/// The append-only audit log. Each entry carries the SHA-256 of the one before, so any edit, insertion
/// or deletion breaks the chain where it happened.
public enum AuditChain {
    /// The `previousHash` of the first entry.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// Appends an entry in the caller's transaction (or a new one), after whatever it records.
    @discardableResult
    public static func append(_ event: AuditEvent, at time: Date = Date(), on database: any Database) async throws -> AuditEntry {
        if database.inTransaction {
            return try await appendLocked(event, at: time, on: database)
        }
        return try await database.transaction { try await appendLocked(event, at: time, on: $0) }
    }

    private static func appendLocked(_ event: AuditEvent, at time: Date, on database: any Database) async throws -> AuditEntry {
        let sql = database as! any SQLDatabase
        // Updating the head first takes its row lock (PostgreSQL) or the write lock (SQLite), so
        // concurrent appends queue here and each sees the hash its predecessor wrote.
        // One round trip: the increment takes the lock and returns the new sequence number with the previous hash.
        guard let head = try await sql.raw("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash").first() else {
            throw StoreError.corruptRecord("audit_head row is missing")
        }
        let millis = Int64((time.timeIntervalSince1970 * 1000).rounded(.down))
        let entry = AuditEntry(
            seq: try head.decode(column: "seq", as: Int.self), atMillis: millis, actor: event.actor.description, action: event.action,
            subject: event.subject, purpose: event.purpose, detail: event.canonicalDetail,
            residentID: event.residentID, previousHash: try head.decode(column: "hash", as: String.self)
        )
        let hash = entry.computedHash
        let row = AuditEntryRow()
        row.seq = entry.seq
        row.atMillis = entry.atMillis
        row.actor = entry.actor
        row.action = entry.action
        row.subject = entry.subject
        row.purpose = entry.purpose
        row.detail = entry.detail
        row.residentID = entry.residentID
        row.previousHash = entry.previousHash
        row.hash = hash
        try await row.create(on: database)
        try await sql.update(AuditHeadRow.schema).set("hash", to: hash).where("id", .equal, 1).run()
        return entry
    }

    /// Walks the whole chain in order and reports the first entry that does not follow from the one before.
    public static func verify(on database: any Database, pageSize: Int = 2000) async throws -> AuditVerification {
        var expectedSeq = 1
        var previousHash = genesisHash
        var checked = 0
        while true {
            let rows = try await AuditEntryRow.query(on: database)
                .filter(\.$seq >= expectedSeq)
                .sort(\.$seq)
                .limit(pageSize)
                .all()
            if rows.isEmpty { break }
            for row in rows {
                let entry = AuditEntry(row: row)
                if row.seq != expectedSeq {
                    return .broken(seq: expectedSeq, reason: "entry \(expectedSeq) is missing (next is \(row.seq))", checked: checked)
                }
                if row.previousHash != previousHash {
                    return .broken(seq: row.seq, reason: "previous hash does not match entry \(row.seq - 1)", checked: checked)
                }
                if entry.computedHash != row.hash {
                    return .broken(seq: row.seq, reason: "content does not match its hash (altered)", checked: checked)
                }
                previousHash = row.hash
                expectedSeq += 1
                checked += 1
            }
        }
        guard let head = try await AuditHeadRow.find(1, on: database) else {
            return .broken(seq: expectedSeq, reason: "audit head is missing", checked: checked)
        }
        if head.seq != checked || head.hash != previousHash {
            return .broken(seq: checked + 1, reason: "the chain ends at \(checked) but the head says \(head.seq) (entries removed from the end?)", checked: checked)
        }
        return .intact(entries: checked)
    }

    /// Officer and system accesses to one resident's data, newest first: the citizen's data tracker.
    public static func accesses(toResident residentID: UUID, limit: Int = 200, on database: any Database) async throws -> [AuditEntry] {
        try await AuditEntryRow.query(on: database)
            .filter(\.$residentID == residentID)
            .sort(\.$seq, .descending)
            .limit(limit)
            .all()
            .map(AuditEntry.init(row:))
    }

    /// The newest entries, for operators.
    public static func latest(limit: Int, on database: any Database) async throws -> [AuditEntry] {
        try await AuditEntryRow.query(on: database).sort(\.$seq, .descending).limit(limit).all().map(AuditEntry.init(row:))
    }
}

/// One audit entry as stored.
public struct AuditEntry: Hashable, Sendable, Codable {
    public var seq: Int
    public var atMillis: Int64
    public var actor: String
    public var action: String
    public var subject: String
    public var purpose: String
    public var detail: String
    public var residentID: UUID?
    public var previousHash: String

    public var at: Date { Date(timeIntervalSince1970: Double(atMillis) / 1000) }

    init(seq: Int, atMillis: Int64, actor: String, action: String, subject: String, purpose: String, detail: String, residentID: UUID?, previousHash: String) {
        self.seq = seq
        self.atMillis = atMillis
        self.actor = actor
        self.action = action
        self.subject = subject
        self.purpose = purpose
        self.detail = detail
        self.residentID = residentID
        self.previousHash = previousHash
    }

    init(row: AuditEntryRow) {
        self.init(
            seq: row.seq, atMillis: row.atMillis, actor: row.actor, action: row.action, subject: row.subject,
            purpose: row.purpose, detail: row.detail, residentID: row.residentID, previousHash: row.previousHash
        )
    }

    /// SHA-256 over the previous hash and every field, each length-prefixed so no two entries hash alike.
    var computedHash: String {
        var hasher = SHA256()
        for field in [previousHash, String(seq), String(atMillis), actor, action, subject, purpose, detail, residentID?.uuidString.lowercased() ?? ""] {
            let bytes = Data(field.utf8)
            hasher.update(data: Data("\(bytes.count):".utf8))
            hasher.update(data: bytes)
        }
        return Data(hasher.finalize()).hexString
    }
}

/// The outcome of `AuditChain.verify`.
public enum AuditVerification: Equatable, Sendable {
    case intact(entries: Int)
    case broken(seq: Int, reason: String, checked: Int)
}
