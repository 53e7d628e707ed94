/// The kinds of electronic certificate (电子证照) the platform issues.
public enum CredentialType: String, Codable, Sendable, CaseIterable, Comparable {
    case idCard = "id-card"
    case householdRegister = "household-register"
    case residencePermit = "residence-permit"
    case drivingLicence = "driving-licence"
    case vehicleLicence = "vehicle-licence"
    case hkMacauPass = "hk-macau-pass"
    case noCriminalRecord = "no-criminal-record"

    public var name: LocalizedText {
        switch self {
        case .idCard: LocalizedText(zh: "电子身份证", en: "e-ID card")
        case .householdRegister: LocalizedText(zh: "电子户口簿", en: "e-household register")
        case .residencePermit: LocalizedText(zh: "电子居住证", en: "e-residence permit")
        case .drivingLicence: LocalizedText(zh: "电子驾驶证", en: "e-driving licence")
        case .vehicleLicence: LocalizedText(zh: "电子行驶证", en: "e-vehicle licence")
        case .hkMacauPass: LocalizedText(zh: "电子往来港澳通行证", en: "e-exit-entry permit for Hong Kong and Macao")
        case .noCriminalRecord: LocalizedText(zh: "无犯罪记录证明", en: "no-criminal-record certificate")
        }
    }

    /// The claims a credential of this type carries; a purpose may disclose only these.
    public var claims: [CredentialClaim] {
        switch self {
        case .idCard: [.name, .photo, .idNumber, .idNumberMasked, .gender, .ethnicity, .birthDate, .address, .issuer, .validFrom, .validUntil]
        case .householdRegister: [.name, .photo, .idNumber, .idNumberMasked, .gender, .ethnicity, .birthDate, .address, .householdNumber, .householdKind, .relation, .validFrom]
        case .residencePermit: [.name, .photo, .idNumberMasked, .documentNumber, .address, .validFrom, .endorsedUntil]
        case .drivingLicence: [.name, .photo, .idNumberMasked, .documentNumber, .licenceClass, .pointsStatus, .validFrom, .validUntil]
        case .vehicleLicence: [.name, .idNumberMasked, .plateNumber, .vehicleType, .validFrom, .validUntil]
        case .hkMacauPass: [.name, .photo, .idNumberMasked, .documentNumber, .birthDate, .gender, .endorsements, .validFrom, .validUntil]
        case .noCriminalRecord: [.name, .idNumberMasked, .documentNumber, .certificateUse, .periodCovered, .issuer, .validFrom, .validUntil]
        }
    }

    /// A one-byte code for the offline token, where every byte counts.
    public var shortCode: Int {
        switch self {
        case .idCard: 1
        case .householdRegister: 2
        case .residencePermit: 3
        case .drivingLicence: 4
        case .vehicleLicence: 5
        case .hkMacauPass: 6
        case .noCriminalRecord: 7
        }
    }

    public init?(shortCode: Int) {
        guard let found = Self.allCases.first(where: { $0.shortCode == shortCode }) else { return nil }
        self = found
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.shortCode < rhs.shortCode }
}

/// One claim of a credential: what a verifier may be shown.
public enum CredentialClaim: String, Codable, Sendable, CaseIterable {
    case name, photo, idNumber = "id_number", idNumberMasked = "id_number_masked", gender, ethnicity
    case birthDate = "birth_date", address, issuer, validFrom = "valid_from", validUntil = "valid_until"
    case householdNumber = "household_number", householdKind = "household_kind", relation
    case documentNumber = "document_number", endorsedUntil = "endorsed_until", licenceClass = "licence_class"
    case pointsStatus = "points_status", plateNumber = "plate_number", vehicleType = "vehicle_type", endorsements
    case certificateUse = "certificate_use"
    /// The period a no-criminal-record check covered (证明时限), "from 至 to". Added last: the offline token numbers claims in order.
    case periodCovered = "period_covered"

    public var label: LocalizedText {
        switch self {
        case .name: LocalizedText(zh: "姓名", en: "Name")
        case .photo: LocalizedText(zh: "照片", en: "Photo")
        case .idNumber: LocalizedText(zh: "公民身份号码", en: "ID number")
        case .idNumberMasked: LocalizedText(zh: "公民身份号码（隐藏部分）", en: "ID number (masked)")
        case .gender: LocalizedText(zh: "性别", en: "Gender")
        case .ethnicity: LocalizedText(zh: "民族", en: "Ethnic group")
        case .birthDate: LocalizedText(zh: "出生日期", en: "Date of birth")
        case .address: LocalizedText(zh: "住址", en: "Address")
        case .issuer: LocalizedText(zh: "签发机关", en: "Issued by")
        case .validFrom: LocalizedText(zh: "有效期起", en: "Valid from")
        case .validUntil: LocalizedText(zh: "有效期至", en: "Valid until")
        case .householdNumber: LocalizedText(zh: "户号", en: "Household number")
        case .householdKind: LocalizedText(zh: "户别", en: "Household type")
        case .relation: LocalizedText(zh: "与户主关系", en: "Relation to the head")
        case .documentNumber: LocalizedText(zh: "证件号码", en: "Document number")
        case .endorsedUntil: LocalizedText(zh: "签注有效期至", en: "Endorsed until")
        case .licenceClass: LocalizedText(zh: "准驾车型", en: "Licence class")
        case .pointsStatus: LocalizedText(zh: "记分状态", en: "Points status")
        case .plateNumber: LocalizedText(zh: "号牌号码", en: "Plate number")
        case .vehicleType: LocalizedText(zh: "车辆类型", en: "Vehicle type")
        case .endorsements: LocalizedText(zh: "签注", en: "Endorsements")
        case .certificateUse: LocalizedText(zh: "证明用途", en: "Purpose of the certificate")
        case .periodCovered: LocalizedText(zh: "查询时限", en: "Period searched")
        }
    }

    /// A one-byte key for the offline token.
    public var shortCode: Int { Self.allCases.firstIndex(of: self)! + 1 }

    public init?(shortCode: Int) {
        guard shortCode >= 1, shortCode <= Self.allCases.count else { return nil }
        self = Self.allCases[shortCode - 1]
    }
}

extension CredentialType {
    /// The certificate that stands for a service's material (the catalog's material ids), so an application attaches
    /// the holder's e-certificate instead of asking for the booklet or card.
    public init?(materialID: String) {
        switch materialID {
        case "id-card": self = .idCard
        case "household-register": self = .householdRegister
        case "residence-permit": self = .residencePermit
        default: return nil
        }
    }
}
