import FluentKit

/// Verification codes of printed certificates (the no-criminal-record certificate's 核验码).
struct CreateCertificateCodes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CertificateCodeRow.schema)
            .id()
            .field("credential_id", .uuid, .required)
            .field("code_hash", .string, .required)
            .field("code_sealed", .data, .required)
            .field("application_reference", .string, .required)
            .field("purpose", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "code_hash")
            .unique(on: "credential_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CertificateCodeRow.schema).delete()
    }
}
