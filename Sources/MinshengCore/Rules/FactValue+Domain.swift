extension FactValue {
    /// A gender as its code, `male` or `female`.
    public init(_ gender: Gender) {
        self = .string(gender.rawValue)
    }

    /// An ethnic group as its two-digit GB 3304 code, e.g. `01`.
    public init(_ ethnicity: Ethnicity) {
        self = .string(ethnicity.code)
    }

    /// A date.
    public init(_ date: CivilDate) {
        self = .date(date)
    }
}
