import FluentKit
import FluentSQL

/// The append-only audit chain and its head row.
struct CreateAuditChain: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEntryRow.schema)
            .id()
            .field("seq", .int64, .required)
            .field("at_ms", .int64, .required)
            .field("actor", .string, .required)
            .field("action", .string, .required)
            .field("subject", .string, .required)
            .field("purpose", .string, .required)
            .field("detail", .string, .required)
            .field("resident_id", .uuid)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "seq", name: "uq_audit_entries_seq")
            .create()

        try await database.schema(AuditHeadRow.schema)
            .field("id", .int, .identifier(auto: false))
            .field("seq", .int64, .required)
            .field("hash", .string, .required)
            .create()

        let head = AuditHeadRow()
        head.id = 1
        head.seq = 0
        head.hash = AuditChain.genesisHash
        try await head.create(on: database)

        let sql = database as! any SQLDatabase
        try await sql.create(index: "ix_audit_entries_resident").on(AuditEntryRow.schema).column("resident_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditHeadRow.schema).delete()
        try await database.schema(AuditEntryRow.schema).delete()
    }
}
