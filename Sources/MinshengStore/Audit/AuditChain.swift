import Crypto
import FluentKit
import FluentSQL
import Foundation
import MinshengCore

/// The append-only audit log. Each entry carries the MAC of the one before (HMAC-SHA256 under the audit key, kept apart
/// from the database; entries written before the chain was keyed carry a plain SHA-256), so any edit, insertion or
/// deletion breaks the chain where it happened unless the key is known — and signed checkpoints of the head
/// (`AuditCheckpoints`) catch even a rewrite by someone who holds it.
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
        let key = try AuditKey.current()
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
        let hash = entry.digest(key: key)
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

    /// The first entry MAC'd with the audit key (those before it were written unkeyed, SHA-256-linked) and the key's
    /// MAC over that boundary, so it cannot be moved or dropped; nil when the head has none.
    public static func keyingBoundary(on database: any Database) async throws -> (keyedFrom: Int, mac: String)? {
        guard let row = try await (database as! any SQLDatabase).raw("SELECT keyed_from, keyed_mac FROM audit_head WHERE id = 1").first(),
              let from = try row.decode(column: "keyed_from", as: Int?.self), let mac = try row.decode(column: "keyed_mac", as: String?.self) else { return nil }
        return (from, mac)
    }

    /// The audit key's MAC over the keying boundary: the first keyed entry and the hash it follows.
    static func boundaryMAC(keyedFrom: Int, after previousHash: String, key: SymmetricKey) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data("minsheng audit keyed from \(keyedFrom) after \(previousHash)".utf8), using: key)).hexString
    }

    /// Walks the whole chain in order and reports the first entry that does not follow from the one before: each
    /// entry's MAC under the audit key (SHA-256 before the keying boundary, which must carry the key's MAC), its link,
    /// and every signed checkpoint — the stored ones and `checkpoints` (compact JWS texts kept elsewhere) — against the
    /// entry at its sequence number, which catches a rewrite whose chain was re-computed with the key.
    public static func verify(on database: any Database, checkpoints: [String] = [], pageSize: Int = 2000) async throws -> AuditVerification {
        let key = try AuditKey.current()
        guard let head = try await AuditHeadRow.find(1, on: database) else {
            return .broken(seq: 1, reason: "audit head is missing", checked: 0)
        }
        guard let (keyedFrom, boundary) = try await keyingBoundary(on: database), keyedFrom >= 1 else {
            return .broken(seq: 1, reason: "the audit head names no keying boundary (removed?)", checked: 0)
        }
        let anchors: [AuditCheckpoint]
        switch try await AuditCheckpoints.anchors(given: checkpoints, on: database) {
        case .failure(let problem): return .broken(seq: problem.seq, reason: problem.reason, checked: 0)
        case .success(let found): anchors = found
        }
        var next = 0
        var lastMatched = 0
        while next < anchors.count, anchors[next].seq == 0 {
            if anchors[next].hash != genesisHash { return .broken(seq: 1, reason: "a checkpoint of the empty chain has another hash", checked: 0) }
            next += 1
        }
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
                if row.seq == keyedFrom, boundaryMAC(keyedFrom: keyedFrom, after: previousHash, key: key) != boundary {
                    return .broken(seq: row.seq, reason: "the keying boundary at entry \(row.seq) does not carry the audit key's MAC (moved, forged or another key)", checked: checked)
                }
                let keyed = row.seq >= keyedFrom
                if entry.digest(key: keyed ? key : nil) != row.hash {
                    let why = keyed ? "content does not match its MAC (altered, or re-hashed without the audit key)" : "content does not match its hash (altered)"
                    return .broken(seq: row.seq, reason: why, checked: checked)
                }
                while next < anchors.count, anchors[next].seq == row.seq {
                    let anchor = anchors[next]
                    guard anchor.hash == row.hash else {
                        let signed = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(anchor.issuedAt)))
                        return .broken(seq: lastMatched + 1, reason: "entry \(row.seq) does not match the checkpoint signed \(signed): an entry from \(lastMatched + 1) to \(row.seq) was rewritten and the chain re-computed with the audit key", checked: lastMatched)
                    }
                    lastMatched = row.seq
                    next += 1
                }
                previousHash = row.hash
                expectedSeq += 1
                checked += 1
            }
        }
        if keyedFrom == checked + 1, boundaryMAC(keyedFrom: keyedFrom, after: previousHash, key: key) != boundary {
            return .broken(seq: keyedFrom, reason: "the keying boundary after the last entry does not carry the audit key's MAC (moved, forged or another key)", checked: checked)
        }
        if keyedFrom > checked + 1 {
            return .broken(seq: checked + 1, reason: "the keying boundary (\(keyedFrom)) lies beyond the chain's end at \(checked) (entries removed from the end?)", checked: checked)
        }
        if head.seq != checked || head.hash != previousHash {
            return .broken(seq: checked + 1, reason: "the chain ends at \(checked) but the head says \(head.seq) (entries removed from the end?)", checked: checked)
        }
        if next < anchors.count {
            return .broken(seq: checked + 1, reason: "a signed checkpoint says the chain reached entry \(anchors[next].seq), but it ends at \(checked) (entries removed from the end)", checked: checked)
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

    /// HMAC-SHA256 under `key` (plain SHA-256 for entries from before the chain was keyed, `key` nil) over the previous
    /// hash and every field, each length-prefixed so no two entries hash alike.
    func digest(key: SymmetricKey?) -> String {
        if let key {
            var mac = HMAC<SHA256>(key: key)
            feed { mac.update(data: $0) }
            return Data(mac.finalize()).hexString
        }
        var hasher = SHA256()
        feed { hasher.update(data: $0) }
        return Data(hasher.finalize()).hexString
    }

    private func feed(_ update: (Data) -> Void) {
        for field in [previousHash, String(seq), String(atMillis), actor, action, subject, purpose, detail, residentID?.uuidString.lowercased() ?? ""] {
            let bytes = Data(field.utf8)
            update(Data("\(bytes.count):".utf8))
            update(bytes)
        }
    }
}

/// The outcome of `AuditChain.verify`.
public enum AuditVerification: Equatable, Sendable {
    case intact(entries: Int)
    case broken(seq: Int, reason: String, checked: Int)
}
