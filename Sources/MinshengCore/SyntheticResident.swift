/// One made-up person in a synthetic household, consistent in ID number, gender and birth date.
public struct SyntheticResident: Hashable, Sendable {
    /// A valid ID number whose birth date and gender match the fields below.
    public var idNumber: IDNumber
    /// A Chinese name drawn from frequency tables.
    public var name: PersonName
    /// The gender.
    public var gender: Gender
    /// The date of birth.
    public var birthDate: CivilDate
    /// The ethnic group.
    public var ethnicity: Ethnicity
    /// The relation to the head of the household.
    public var relation: HouseholdRelation
    /// Whether the registration is in force.
    public var status: SyntheticStatus
    /// A unique mobile number for most active adults, nil otherwise.
    public var phone: PhoneNumber?
}
