import Foundation

/// An agency's record of a physical document (the card the population office issued, a licence the vehicle office
/// issued, …): what a certificate of the same type is issued from.
public struct DocumentRecord: Hashable, Codable, Sendable {
    public var type: CredentialType
    public var number: String
    public var issuedOn: CivilDate
    /// nil for long-term.
    public var expiresOn: CivilDate?
    /// Type-specific facts: `licence_class`, `points_status`, `plate_number`, `vehicle_type`, `endorsements`,
    /// `issuer`, `address`, `certificate_use` — keyed by the claim they become.
    public var details: [String: String]

    public init(type: CredentialType, number: String, issuedOn: CivilDate, expiresOn: CivilDate?, details: [String: String] = [:]) {
        self.type = type
        self.number = number
        self.issuedOn = issuedOn
        self.expiresOn = expiresOn
        self.details = details
    }
}

/// Builds what each certificate of a resident should say from the registry and the agency records. Pure: the store
/// compares the drafts with what was issued and re-issues what changed.
public enum CredentialIssuer {
    /// The drafts for an active resident: the e-household register from the household (no expiry: it is the
    /// registry's current view), and one certificate per document record (the latest of each type).
    public static func drafts(for resident: Resident, household: Household?, documents: [DocumentRecord], photoDigest digest: Data?) -> [CredentialDraft] {
        guard resident.status == .active else { return [] }
        var base: [CredentialClaim: String] = [
            .name: resident.name.value,
            .idNumber: resident.idNumber.value,
            .idNumberMasked: resident.idNumber.masked,
            .gender: resident.gender.nameZh,
            .ethnicity: resident.ethnicity.nameZh,
            .birthDate: resident.birthDate.description,
        ]
        var drafts: [CredentialDraft] = []
        if let household {
            base[.address] = household.address
            var claims = base
            claims[.householdNumber] = household.number
            claims[.householdKind] = household.kind.nameZh
            claims[.relation] = resident.relation?.nameZh ?? ""
            drafts.append(CredentialDraft(type: .householdRegister, claims: filter(claims, .householdRegister), photoDigest: digest, issuedOn: nil, expiresOn: nil))
        }
        let latest = Dictionary(grouping: documents, by: \.type).compactMapValues { $0.max { $0.issuedOn < $1.issuedOn } }
        for type in CredentialType.allCases where type != .householdRegister {
            guard let document = latest[type] else { continue }
            var claims = base
            claims[.documentNumber] = document.number
            claims[.validFrom] = document.issuedOn.description
            claims[.validUntil] = document.expiresOn?.description ?? "长期"
            if type == .residencePermit { claims[.endorsedUntil] = document.expiresOn?.description ?? "" }
            for (key, value) in document.details {
                if let claim = CredentialClaim(rawValue: key) { claims[claim] = value }
            }
            drafts.append(CredentialDraft(type: type, claims: filter(claims, type), photoDigest: type.claims.contains(.photo) ? digest : nil,
                                          issuedOn: document.issuedOn, expiresOn: document.expiresOn))
        }
        return drafts
    }

    static func filter(_ claims: [CredentialClaim: String], _ type: CredentialType) -> [CredentialClaim: String] {
        let carried = Set(type.claims)
        return claims.filter { carried.contains($0.key) && !$0.value.isEmpty }
    }
}
