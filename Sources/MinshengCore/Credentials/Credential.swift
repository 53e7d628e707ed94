import Foundation

/// The state of a credential. Only `valid` ones pass a verification.
public enum CredentialStatus: String, Codable, Sendable, CaseIterable {
    case valid, suspended, revoked, superseded

    public var label: LocalizedText {
        switch self {
        case .valid: LocalizedText(zh: "有效", en: "valid")
        case .suspended: LocalizedText(zh: "已暂停", en: "suspended")
        case .revoked: LocalizedText(zh: "已吊销", en: "revoked")
        case .superseded: LocalizedText(zh: "已更新（旧证）", en: "superseded")
        }
    }
}

/// One electronic certificate of one holder, decrypted.
public struct Credential: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var type: CredentialType
    public var holderResidentID: UUID
    /// Claim values as text (dates as YYYY-MM-DD); the photo is not here but in `photoDigest`.
    public var claims: [CredentialClaim: String]
    /// SHA-256 of the registry photo the credential shows, if any.
    public var photoDigest: Data?
    public var issuedOn: CivilDate
    /// nil for long-term (长期).
    public var expiresOn: CivilDate?
    public var status: CredentialStatus
    /// Its bit in the token status lists: which list, and the index in it (the lists are published; an index reveals nothing).
    public var statusList: Int
    public var statusIndex: Int
    /// The credential this one replaced, when a claim changed.
    public var supersedes: UUID?

    public init(id: UUID = UUID(), type: CredentialType, holderResidentID: UUID, claims: [CredentialClaim: String], photoDigest: Data?,
                issuedOn: CivilDate, expiresOn: CivilDate?, status: CredentialStatus = .valid, statusList: Int = 0, statusIndex: Int, supersedes: UUID? = nil) {
        self.id = id
        self.type = type
        self.holderResidentID = holderResidentID
        self.claims = claims
        self.photoDigest = photoDigest
        self.issuedOn = issuedOn
        self.expiresOn = expiresOn
        self.status = status
        self.statusList = statusList
        self.statusIndex = statusIndex
        self.supersedes = supersedes
    }

    /// Whether it is past its expiry on `date` (a long-term one never is).
    public func isExpired(on date: CivilDate) -> Bool {
        guard let expiresOn else { return false }
        return expiresOn < date
    }

    /// Days from `date` to the expiry (nil when long-term).
    public func daysToExpiry(from date: CivilDate) -> Int? {
        expiresOn.map { date.days(until: $0) }
    }

    /// The claims a purpose allows, in the purpose's order; the photo is disclosed as its digest.
    public func disclosed(to purpose: Purpose) -> [(CredentialClaim, String)] {
        purpose.claims.compactMap { claim in
            if claim == .photo { return photoDigest.map { (claim, $0.hexString) } }
            return claims[claim].map { (claim, $0) }
        }
    }
}

/// What a credential's claims are built from: the facts a registry or agency record gives, before issuance.
public struct CredentialDraft: Hashable, Sendable {
    public var type: CredentialType
    public var claims: [CredentialClaim: String]
    public var photoDigest: Data?
    /// The document's issue date; nil for a view of the registry (the household register), issued on the day.
    public var issuedOn: CivilDate?
    public var expiresOn: CivilDate?

    public init(type: CredentialType, claims: [CredentialClaim: String], photoDigest: Data?, issuedOn: CivilDate?, expiresOn: CivilDate?) {
        self.type = type
        self.claims = claims
        self.photoDigest = photoDigest
        self.issuedOn = issuedOn
        self.expiresOn = expiresOn
    }

    /// Whether an issued credential already says exactly this (then nothing is re-issued).
    public func matches(_ credential: Credential) -> Bool {
        var issued = credential.claims
        if issuedOn == nil { issued[.validFrom] = nil }
        return credential.type == type && issued == claims && credential.photoDigest == photoDigest
            && (issuedOn == nil || credential.issuedOn == issuedOn) && credential.expiresOn == expiresOn
    }
}
