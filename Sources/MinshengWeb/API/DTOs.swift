import Foundation
import MinshengCore
import MinshengStore
import Vapor

struct PhonePasswordBody: StrictBody {
    static let fields: Set<String> = ["phone", "password"]
    var phone: String
    var password: String
}

struct IdentityBody: StrictBody {
    static let fields: Set<String> = ["name", "idNumber"]
    var name: String
    var idNumber: String
}

struct OfficerLoginBody: StrictBody {
    static let fields: Set<String> = ["policeNumber", "password"]
    var policeNumber: String
    var password: String
}

struct ResidentLookupBody: StrictBody {
    static let fields: Set<String> = ["idNumber", "purpose"]
    var idNumber: String
    var purpose: String
}

struct InPersonBody: StrictBody {
    static let fields: Set<String> = ["purpose", "idCardChecked"]
    var purpose: String
    var idCardChecked: Bool
}

struct TokenDTO: Content {
    var token: String
    var expiresAt: Date
}

struct CodeNameDTO: Content {
    var code: String
    var nameZh: String
    var nameEn: String
}

struct AccountDTO: Content {
    var id: UUID
    var phone: String
    var level: String
    var levelNameZh: String
    var levelNameEn: String
    var method: String
    var assuredAt: Date?
    var identityLinked: Bool

    init(_ account: CitizenAccount) {
        id = account.id
        phone = account.phone.masked
        level = account.level.code
        levelNameZh = account.level.nameZh
        levelNameEn = account.level.nameEn
        method = account.method.rawValue
        assuredAt = account.assuredAt
        identityLinked = account.residentID != nil
    }
}

struct ResidentDTO: Content {
    var id: UUID
    var idNumber: String
    var name: String
    var formerNames: [String]
    var gender: CodeNameDTO
    var ethnicity: CodeNameDTO
    var birthDate: String
    var birthplace: String?
    var education: String?
    var maritalStatus: String?
    var occupation: String?
    var phone: String?
    var status: CodeNameDTO
    var statusReason: String?
    var householdId: UUID?
    var relation: CodeNameDTO?
    var divisionCode: String
    var division: CodeNameDTO?
    var hasPhoto: Bool
    var version: Int

    /// The full record (the citizen's own, or an officer's audited view); `masked` hides identifiers for others in a household.
    init(_ r: Resident, masked: Bool = false) {
        id = r.id
        idNumber = masked ? r.idNumber.masked : r.idNumber.value
        name = masked ? r.name.masked : r.name.value
        formerNames = masked ? [] : r.formerNames.map(\.value)
        gender = CodeNameDTO(code: r.gender.rawValue, nameZh: r.gender.nameZh, nameEn: r.gender.nameEn)
        ethnicity = CodeNameDTO(code: r.ethnicity.code, nameZh: r.ethnicity.nameZh, nameEn: r.ethnicity.nameEn)
        birthDate = r.birthDate.description
        birthplace = masked ? nil : r.birthplace
        education = masked ? nil : r.education
        maritalStatus = masked ? nil : r.maritalStatus
        occupation = masked ? nil : r.occupation
        phone = masked ? nil : r.phone?.value
        status = CodeNameDTO(code: r.status.code, nameZh: r.status.nameZh, nameEn: r.status.nameEn)
        statusReason = r.status.reasonCode
        householdId = r.householdID
        relation = r.relation.map { CodeNameDTO(code: $0.rawValue, nameZh: $0.nameZh, nameEn: $0.nameEn) }
        divisionCode = r.divisionCode
        division = Division.byCode(r.divisionCode).map { CodeNameDTO(code: $0.code, nameZh: $0.nameZh, nameEn: $0.nameEn) }
        hasPhoto = r.hasPhoto
        version = r.version
    }
}

struct HouseholdDTO: Content {
    var id: UUID
    var number: String
    var kind: String
    var divisionCode: String
    var address: String
    var headId: UUID?
    var members: [ResidentDTO]

    init(_ household: Household, members: [Resident], maskOthersThan viewer: UUID? = nil, maskAddress: Bool = false) {
        id = household.id
        number = household.number
        kind = household.kind.rawValue
        divisionCode = household.divisionCode
        address = maskAddress ? Masking.address(household.address) : household.address
        headId = household.headID
        self.members = members.map { ResidentDTO($0, masked: viewer != nil && $0.id != viewer) }
    }
}

struct VersionDTO: Content {
    var number: Int
    var at: Date
    var actor: String
    var reason: String
    var applicationReference: String?
    var changed: [String]
    var before: ResidentDTO?
    var after: ResidentDTO

    init(_ v: ResidentVersion) {
        number = v.number
        at = v.at
        actor = v.actor.description
        reason = v.reason
        applicationReference = v.applicationReference
        changed = v.changedFields
        before = v.before.map { ResidentDTO($0) }
        after = ResidentDTO(v.after)
    }
}

struct AccessDTO: Content {
    var at: Date
    var actor: String
    var actorKind: String
    var action: String
    var purpose: String

    init(_ entry: AuditEntry) {
        at = entry.at
        actor = entry.actor
        actorKind = String(entry.actor.prefix { $0 != ":" })
        action = entry.action
        purpose = entry.purpose
    }
}

struct OfficerDTO: Content {
    var policeNumber: String
    var name: String
    var unit: CodeNameDTO
    var roles: [String]

    init(_ o: Officer) {
        policeNumber = o.policeNumber
        name = o.name
        unit = CodeNameDTO(code: o.unit.code, nameZh: o.unit.nameZh, nameEn: o.unit.nameEn)
        roles = o.roles.sorted().map(\.rawValue)
    }
}
