/// One made-up household register (户) in Shenzhen, head first.
public struct SyntheticHousehold: Hashable, Sendable {
    /// Family or collective.
    public var type: HouseholdKind
    /// One of Shenzhen's eight district codes in force in 2017.
    public var divisionCode: String
    /// A street address in that district, e.g. 深南大道1234号5栋601.
    public var street: String
    /// The members, the head first.
    public var members: [SyntheticResident]
}
