import FluentKit
import Foundation

/// `issuer_keys`: the ES256 keys certificates are signed with. The private half is sealed with the data key; a
/// retired key stays published so that what it signed still verifies.
public final class IssuerKeyRow: Model, @unchecked Sendable {
    public static let schema = "issuer_keys"

    @ID(key: .id) public var id: UUID?
    @Field(key: "kid") public var kid: String
    @Field(key: "private_sealed") public var privateSealed: Data
    @Field(key: "public_raw") public var publicRaw: Data
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "retired_at") public var retiredAt: Date?

    public init() {}
}

/// `credentials`: one electronic certificate; claims sealed, dates as YYYY-MM-DD text (they sort as dates).
public final class CredentialRow: Model, @unchecked Sendable {
    public static let schema = "credentials"

    @ID(key: .id) public var id: UUID?
    @Field(key: "type") public var type: String
    @Field(key: "holder_id") public var holderID: UUID
    @Field(key: "claims_sealed") public var claimsSealed: Data
    @OptionalField(key: "photo_digest") public var photoDigest: String?
    @Field(key: "issued_on") public var issuedOn: String
    /// nil for long-term.
    @OptionalField(key: "expires_on") public var expiresOn: String?
    @Field(key: "status") public var status: String
    @Field(key: "status_list") public var statusList: Int
    @Field(key: "status_index") public var statusIndex: Int
    @OptionalField(key: "supersedes") public var supersedes: UUID?
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}
}

/// `status_lists`: the next free bit of each token status list.
public final class StatusListRow: Model, @unchecked Sendable {
    public static let schema = "status_lists"

    @ID(custom: .id, generatedBy: .user) public var id: Int?
    @Field(key: "next_index") public var nextIndex: Int

    public init() {}
}

/// `verifier_orgs`: an organisation registered by an admin for purposes, with an API key kept as its SHA-256 only.
public final class VerifierOrgRow: Model, @unchecked Sendable {
    public static let schema = "verifier_orgs"

    @ID(key: .id) public var id: UUID?
    @Field(key: "name") public var name: String
    /// Comma-separated purpose ids.
    @Field(key: "purposes") public var purposes: String
    @Field(key: "key_hash") public var keyHash: String
    /// The first characters of the key, to tell keys apart in lists.
    @Field(key: "key_prefix") public var keyPrefix: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "disabled_at") public var disabledAt: Date?

    public init() {}
}

/// `presentations`: an online QR reference, kept as its SHA-256; single use, 90 seconds.
public final class PresentationRow: Model, @unchecked Sendable {
    public static let schema = "presentations"

    @ID(key: .id) public var id: UUID?
    @Field(key: "reference_hash") public var referenceHash: String
    @Field(key: "credential_id") public var credentialID: UUID
    @Field(key: "purpose") public var purpose: String
    @Field(key: "expires_at") public var expiresAt: Date
    @OptionalField(key: "used_at") public var usedAt: Date?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}

/// `verifications`: every check of a certificate, shown to its holder ("who checked my certificates").
public final class VerificationRow: Model, @unchecked Sendable {
    public static let schema = "verifications"

    @ID(key: .id) public var id: UUID?
    @OptionalField(key: "credential_id") public var credentialID: UUID?
    @OptionalField(key: "holder_id") public var holderID: UUID?
    @OptionalField(key: "org_id") public var orgID: UUID?
    @Field(key: "org_name") public var orgName: String
    @Field(key: "purpose") public var purpose: String
    /// `online` or `offline`.
    @Field(key: "mode") public var mode: String
    /// `valid` or the failure reason.
    @Field(key: "outcome") public var outcome: String
    @Field(key: "at") public var at: Date

    public init() {}
}

/// `reminders`: one per certificate and window, unique, so a second run (or a second instance) adds none.
public final class ReminderRow: Model, @unchecked Sendable {
    public static let schema = "reminders"

    @ID(key: .id) public var id: UUID?
    @Field(key: "credential_id") public var credentialID: UUID
    @Field(key: "window_key") public var windowKey: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}

/// `documents`: the physical documents other departments hold records of (ID card issue, driving and vehicle
/// licences, HK/Macao permit, residence permit) from which certificates are issued. Number and details sealed.
public final class DocumentRow: Model, @unchecked Sendable {
    public static let schema = "documents"

    @ID(key: .id) public var id: UUID?
    @Field(key: "resident_id") public var residentID: UUID
    @Field(key: "type") public var type: String
    @Field(key: "details_sealed") public var detailsSealed: Data
    @Field(key: "issued_on") public var issuedOn: String
    @OptionalField(key: "expires_on") public var expiresOn: String?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}

/// `renewal_opt_ins`: holders who let the platform renew their certificates by itself.
public final class RenewalOptInRow: Model, @unchecked Sendable {
    public static let schema = "renewal_opt_ins"

    @ID(key: .id) public var id: UUID?
    @Field(key: "resident_id") public var residentID: UUID
    @Field(key: "account_id") public var accountID: UUID
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}

/// `production_orders`: a card or licence to be made (queued → made → dispatched).
public final class ProductionOrderRow: Model, @unchecked Sendable {
    public static let schema = "production_orders"

    @ID(key: .id) public var id: UUID?
    @Field(key: "resident_id") public var residentID: UUID
    @Field(key: "credential_type") public var credentialType: String
    @OptionalField(key: "application_id") public var applicationID: UUID?
    @Field(key: "state") public var state: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}
}

/// `mail_orders`: the made document posted to the registered address, tracked to delivery or back to sender.
public final class MailOrderRow: Model, @unchecked Sendable {
    public static let schema = "mail_orders"

    @ID(key: .id) public var id: UUID?
    @Field(key: "production_order_id") public var productionOrderID: UUID
    @Field(key: "resident_id") public var residentID: UUID
    @Field(key: "address_sealed") public var addressSealed: Data
    @Field(key: "carrier") public var carrier: String
    @Field(key: "tracking_number") public var trackingNumber: String
    /// created → in-transit → delivered | returned
    @Field(key: "state") public var state: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}
}
