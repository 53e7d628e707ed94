import FluentKit
import Foundation

/// `certificate_codes`: the verification code printed on a certificate (a no-criminal-record certificate's 核验码):
/// found by its keyed digest, kept sealed so the holder's print page can show it again.
public final class CertificateCodeRow: Model, @unchecked Sendable {
    public static let schema = "certificate_codes"

    @ID(key: .id) public var id: UUID?
    @Field(key: "credential_id") public var credentialID: UUID
    @Field(key: "code_hash") public var codeHash: String
    @Field(key: "code_sealed") public var codeSealed: Data
    /// The application that produced the certificate.
    @Field(key: "application_reference") public var applicationReference: String
    /// The purpose choice (`visa`, `employment`, …), for the statistics.
    @Field(key: "purpose") public var purpose: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}
