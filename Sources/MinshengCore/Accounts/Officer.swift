import Foundation

/// A police unit (派出所, 分局, 户政科) and the divisions it answers for.
public struct PoliceUnit: Hashable, Codable, Sendable {
    public var id: UUID
    public var code: String
    public var nameZh: String
    public var nameEn: String
    public var jurisdiction: Jurisdiction

    public init(id: UUID, code: String, nameZh: String, nameEn: String, jurisdiction: Jurisdiction) {
        self.id = id
        self.code = code
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.jurisdiction = jurisdiction
    }
}

/// An officer (民警): a police number, a unit and roles.
public struct Officer: Hashable, Codable, Sendable {
    public var id: UUID
    public var policeNumber: String
    public var name: String
    public var unit: PoliceUnit
    public var roles: Set<OfficerRole>
    public var active: Bool

    public init(id: UUID, policeNumber: String, name: String, unit: PoliceUnit, roles: Set<OfficerRole>, active: Bool) {
        self.id = id
        self.policeNumber = policeNumber
        self.name = name
        self.unit = unit
        self.roles = roles
        self.active = active
    }

    /// Whether the officer may act on a resident registered in `divisionCode`. Platform admins see everywhere.
    public func mayAccess(divisionCode: String) -> Bool {
        roles.contains(.admin) || unit.jurisdiction.covers(divisionCode)
    }

    public var principal: Principal { .officer(policeNumber) }
}
