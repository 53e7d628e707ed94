import FluentKit
import FluentSQL

/// Face authentication: the cached descriptor of each registry photo (sealed like all biometric data), the
/// challenges issued and answered (scores and outcome only — never the frames), and officers' unlocks.
struct CreateFaceAuthentication: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(FaceTemplateRow.schema)
            .id()
            .field("resident_id", .uuid, .required, .references(ResidentRow.schema, .id))
            .field("photo_digest", .string, .required)
            .field("model", .string, .required)
            .field("descriptor", .data, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "resident_id", name: "uq_face_templates_resident")
            .create()
        try await database.schema(FaceChallengeRow.schema)
            .id()
            .field("account_id", .uuid, .required, .references(CitizenAccountRow.schema, .id))
            .field("resident_id", .uuid, .required)
            .field("actions", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("answered_at", .datetime)
            .field("outcome", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await (database as! any SQLDatabase).create(index: "ix_face_challenges_account").on(FaceChallengeRow.schema)
            .column("account_id").column("created_at").run()
        try await (database as! any SQLDatabase).create(index: "ix_face_challenges_resident").on(FaceChallengeRow.schema)
            .column("resident_id").column("created_at").run()
        try await database.schema(FaceUnlockRow.schema)
            .id()
            .field("resident_id", .uuid, .required)
            .field("officer", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FaceUnlockRow.schema).delete()
        try await database.schema(FaceChallengeRow.schema).delete()
        try await database.schema(FaceTemplateRow.schema).delete()
    }
}
