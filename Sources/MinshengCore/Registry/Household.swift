import Foundation

/// A household (户) in the registry: a family or a collective, at one address.
public struct Household: Hashable, Codable, Sendable {
    public var id: UUID
    /// The household number (户号).
    public var number: String
    public var kind: HouseholdKind
    public var divisionCode: String
    public var address: String
    public var headID: UUID?

    public init(id: UUID = UUID(), number: String, kind: HouseholdKind, divisionCode: String, address: String, headID: UUID? = nil) {
        self.id = id
        self.number = number
        self.kind = kind
        self.divisionCode = divisionCode
        self.address = address
        self.headID = headID
    }
}
