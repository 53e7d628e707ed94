import Foundation

/// A citizen's account on the platform and how far it is assured.
public struct CitizenAccount: Hashable, Codable, Sendable {
    public var id: UUID
    public var phone: PhoneNumber
    /// The registry record the account is linked to (from L2 on).
    public var residentID: UUID?
    public var level: AssuranceLevel
    public var method: AssuranceMethod
    public var assuredAt: Date?
    /// Who raised the level, e.g. the officer who checked the citizen in person.
    public var assuredBy: String?
    public var createdAt: Date

    public init(id: UUID, phone: PhoneNumber, residentID: UUID?, level: AssuranceLevel, method: AssuranceMethod,
                assuredAt: Date?, assuredBy: String?, createdAt: Date) {
        self.id = id
        self.phone = phone
        self.residentID = residentID
        self.level = level
        self.method = method
        self.assuredAt = assuredAt
        self.assuredBy = assuredBy
        self.createdAt = createdAt
    }
}
