import FluentKit
import FluentSQL

/// Cases, their parties and their timelines (案件信息公开).
struct CreateCases: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CaseRow.schema)
            .id()
            .field("number", .string, .required)
            .field("cause_sealed", .data, .required)
            .field("unit_code", .string, .required)
            .field("stage", .string, .required)
            .field("reported_on", .string, .required)
            .field("source", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "number")
            .create()
        try await database.schema(CasePartyRow.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseRow.schema, "id"))
            .field("role", .string, .required)
            .field("name_sealed", .data, .required)
            .field("code_hash", .string, .required)
            .field("account_id", .uuid)
            .field("created_at", .datetime, .required)
            .unique(on: "code_hash")
            .create()
        try await database.schema(CaseEventRow.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseRow.schema, "id"))
            .field("seq", .int, .required)
            .field("stage", .string, .required)
            .field("on_day", .string, .required)
            .field("public_note_sealed", .data)
            .field("internal_note_sealed", .data)
            .field("actor", .string, .required)
            .field("at", .datetime, .required)
            .unique(on: "case_id", "seq")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX case_parties_case ON case_parties (case_id)").run()
        try await sql.raw("CREATE INDEX case_parties_account ON case_parties (account_id)").run()
        try await sql.raw("CREATE INDEX cases_unit_stage ON cases (unit_code, stage)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CaseEventRow.schema).delete()
        try await database.schema(CasePartyRow.schema).delete()
        try await database.schema(CaseRow.schema).delete()
    }
}
