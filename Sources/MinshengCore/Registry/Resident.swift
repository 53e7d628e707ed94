import Foundation

/// One person's authoritative registry record (人口信息), decrypted.
public struct Resident: Hashable, Codable, Sendable {
    public var id: UUID
    public var idNumber: IDNumber
    public var name: PersonName
    public var formerNames: [PersonName]
    public var gender: Gender
    public var ethnicity: Ethnicity
    public var birthDate: CivilDate
    /// GB/T 2260 code of the place of birth.
    public var birthplace: String?
    public var education: String?
    public var maritalStatus: String?
    public var occupation: String?
    public var phone: PhoneNumber?
    public var status: ResidentStatus
    public var householdID: UUID?
    public var relation: HouseholdRelation?
    /// The division of the household the resident is registered in; decides jurisdiction.
    public var divisionCode: String
    /// Whether the registry holds an ID photo (the bytes are fetched separately).
    public var hasPhoto: Bool
    /// Incremented on every change; the number of the latest version.
    public var version: Int
    /// When the person's registration moved into the city (迁入本市时间), if they were not born here.
    public var moveInDate: CivilDate?
    /// Why it moved in (迁入原因), as registered.
    public var moveInReason: String?

    public init(
        id: UUID = UUID(), idNumber: IDNumber, name: PersonName, formerNames: [PersonName] = [],
        gender: Gender, ethnicity: Ethnicity, birthDate: CivilDate, birthplace: String? = nil,
        education: String? = nil, maritalStatus: String? = nil, occupation: String? = nil,
        phone: PhoneNumber? = nil, status: ResidentStatus = .active, householdID: UUID? = nil,
        relation: HouseholdRelation? = nil, divisionCode: String, hasPhoto: Bool = false, version: Int = 0,
        moveInDate: CivilDate? = nil, moveInReason: String? = nil
    ) {
        self.id = id
        self.idNumber = idNumber
        self.name = name
        self.formerNames = formerNames
        self.gender = gender
        self.ethnicity = ethnicity
        self.birthDate = birthDate
        self.birthplace = birthplace
        self.education = education
        self.maritalStatus = maritalStatus
        self.occupation = occupation
        self.phone = phone
        self.status = status
        self.householdID = householdID
        self.relation = relation
        self.divisionCode = divisionCode
        self.hasPhoto = hasPhoto
        self.version = version
        self.moveInDate = moveInDate
        self.moveInReason = moveInReason
    }
}
