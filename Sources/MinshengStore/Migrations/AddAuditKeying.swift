import FluentKit
import FluentSQL

/// Keys the audit chain (issue 16). Entries already written stay as they are, SHA-256-linked; every entry from the
/// head's `keyed_from` on is HMAC-SHA256'd with the audit key, and `keyed_mac` (the key's MAC over that boundary and
/// the hash it follows) keeps anyone without the key from moving the boundary to pass off re-hashed entries as old
/// ones. Signed checkpoints of the head get their table. Needs the audit key installed.
struct AddAuditKeying: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let key = try AuditKey.current()
        try await database.schema(AuditHeadRow.schema).field("keyed_from", .int64).update()
        try await database.schema(AuditHeadRow.schema).field("keyed_mac", .string).update()
        try await database.schema(AuditCheckpointRow.schema)
            .id()
            .field("seq", .int64, .required)
            .field("hash", .string, .required)
            .field("issued_at", .int64, .required)
            .field("kid", .string, .required)
            .field("jws", .string, .required)
            .unique(on: "seq", name: "uq_audit_checkpoints_seq")
            .create()
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            // The update takes the head's lock, so no append slips in between reading the head and sealing the boundary.
            guard let head = try await sql.raw("UPDATE audit_head SET keyed_from = seq + 1 WHERE id = 1 RETURNING seq, hash").first() else {
                throw StoreError.corruptRecord("audit_head row is missing")
            }
            let from = try head.decode(column: "seq", as: Int.self) + 1
            let mac = AuditChain.boundaryMAC(keyedFrom: from, after: try head.decode(column: "hash", as: String.self), key: key)
            try await sql.update(AuditHeadRow.schema).set("keyed_mac", to: mac).where("id", .equal, 1).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditCheckpointRow.schema).delete()
        try await database.schema(AuditHeadRow.schema).deleteField("keyed_mac").update()
        try await database.schema(AuditHeadRow.schema).deleteField("keyed_from").update()
    }
}
