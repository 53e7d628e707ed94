import FluentKit
import FluentSQL

/// Rewarded crime reporting (有奖举报): reports, their evidence files, the dialogue with the informant and every step.
/// An anonymous report has no column that could hold an account, an address, a user agent or a device.
struct CreateTips: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema(TipReportRow.schema)
            .id()
            .field("code", .string, .required)
            .field("secret_hash", .string, .required)
            .field("category", .string, .required)
            .field("state", .string, .required)
            .field("anonymous", .bool, .required)
            .field("text_sealed", .data, .required)
            .field("fingerprint_sealed", .data, .required)
            .field("place_sealed", .data, .required)
            .field("division_code", .string, .required)
            .field("keep_location", .bool, .required)
            // Real-name reports only: who the informant is, sealed under the informant-protection key, and a keyed
            // index under that key so a signed-in informant finds their reports.
            .field("informant_sealed", .data)
            .field("informant_index", .string)
            .field("unit_code", .string)
            .field("assigned_to", .string)
            .field("duplicate_of", .uuid)
            .field("outcome_sealed", .data)
            .field("reward_yuan", .int)
            .field("reward_assessed_by", .string)
            .field("reward_approved_by", .string)
            .field("claim_code_hash", .string)
            .field("claim_issued_at", .datetime)
            .field("paid_at", .datetime)
            .field("paid_by", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "code")
            .create()
        try await sql.create(index: "ix_tip_reports_state").on(TipReportRow.schema).column("state").column("created_at").run()
        try await sql.create(index: "ix_tip_reports_informant").on(TipReportRow.schema).column("informant_index").run()
        try await sql.create(index: "ix_tip_reports_claim").on(TipReportRow.schema).column("claim_code_hash").run()
        try await database.schema(TipEvidenceRow.schema)
            .id()
            .field("tip_id", .uuid, .required, .references(TipReportRow.schema, .id))
            .field("kind", .string, .required)
            .field("bytes", .int, .required)
            .field("sha256", .string, .required)
            .field("view_sha256", .string, .required)
            .field("stripped", .bool, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await sql.create(index: "ix_tip_evidence_digest").on(TipEvidenceRow.schema).column("sha256").run()
        try await sql.create(index: "ix_tip_evidence_tip").on(TipEvidenceRow.schema).column("tip_id").run()
        try await database.schema(TipMessageRow.schema)
            .id()
            .field("tip_id", .uuid, .required, .references(TipReportRow.schema, .id))
            .field("author", .string, .required)
            .field("officer", .string)
            .field("text_sealed", .data, .required)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .create()
        try await sql.create(index: "ix_tip_messages_tip").on(TipMessageRow.schema).column("tip_id").column("created_at").run()
        try await database.schema(TipStepRow.schema)
            .id()
            .field("tip_id", .uuid, .required, .references(TipReportRow.schema, .id))
            .field("action", .string, .required)
            .field("state", .string, .required)
            .field("actor", .string, .required)
            .field("note_sealed", .data)
            .field("created_at", .datetime, .required)
            .create()
        try await sql.create(index: "ix_tip_steps_tip").on(TipStepRow.schema).column("tip_id").column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        for table in [TipStepRow.schema, TipMessageRow.schema, TipEvidenceRow.schema, TipReportRow.schema] {
            try await database.schema(table).delete()
        }
    }
}
