import FluentKit
import FluentSQL

/// Citizen accounts, units, officers, sessions and sign-in throttles.
struct CreateAccounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CitizenAccountRow.schema)
            .id()
            .field("phone_index", .string, .required)
            .field("phone", .data, .required)
            .field("password_hash", .string, .required)
            .field("resident_id", .uuid, .references(ResidentRow.schema, .id))
            .field("assurance_level", .int, .required)
            .field("assurance_method", .string, .required)
            .field("assured_at", .datetime)
            .field("assured_by", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "phone_index", name: "uq_citizen_accounts_phone")
            .unique(on: "resident_id", name: "uq_citizen_accounts_resident")
            .create()

        try await database.schema(UnitRow.schema)
            .id()
            .field("code", .string, .required)
            .field("name_zh", .string, .required)
            .field("name_en", .string, .required)
            .field("jurisdiction", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "code", name: "uq_units_code")
            .create()

        try await database.schema(OfficerRow.schema)
            .id()
            .field("police_number", .string, .required)
            .field("name", .string, .required)
            .field("unit_id", .uuid, .required, .references(UnitRow.schema, .id))
            .field("roles", .string, .required)
            .field("password_hash", .string, .required)
            .field("active", .bool, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "police_number", name: "uq_officers_police_number")
            .create()

        try await database.schema(SessionRow.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("subject_kind", .string, .required)
            .field("subject_id", .uuid, .required)
            .field("channel", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash", name: "uq_sessions_token")
            .create()

        try await database.schema(LoginThrottleRow.schema)
            .id()
            .field("key", .string, .required)
            .field("failures", .int, .required)
            .field("window_start", .datetime, .required)
            .field("locked_until", .datetime)
            .unique(on: "key", name: "uq_login_throttles_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [LoginThrottleRow.schema, SessionRow.schema, OfficerRow.schema, UnitRow.schema, CitizenAccountRow.schema] {
            try await database.schema(schema).delete()
        }
    }
}
