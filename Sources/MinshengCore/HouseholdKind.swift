/// Whether a household register (户) is a family or a collective one.
public enum HouseholdKind: String, Codable, Sendable, CaseIterable {
    /// 家庭户: people related by family.
    case family
    /// 集体户: unrelated people registered together, e.g. in a company dormitory.
    case collective

    /// The Chinese term.
    public var nameZh: String {
        switch self {
        case .family: "家庭户"
        case .collective: "集体户"
        }
    }

    /// The English term.
    public var nameEn: String {
        switch self {
        case .family: "Family household"
        case .collective: "Collective household"
        }
    }
}
