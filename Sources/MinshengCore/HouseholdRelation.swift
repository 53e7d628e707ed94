/// A member's relation to the head of the household (与户主关系).
public enum HouseholdRelation: String, Codable, Sendable, CaseIterable {
    case head
    case spouse
    case child
    case parent
    case grandchild
    case sibling
    case other

    /// The Chinese term used on the register.
    public var nameZh: String {
        switch self {
        case .head: "户主"
        case .spouse: "配偶"
        case .child: "子女"
        case .parent: "父母"
        case .grandchild: "孙子女"
        case .sibling: "兄弟姐妹"
        case .other: "其他"
        }
    }

    /// The English term.
    public var nameEn: String {
        switch self {
        case .head: "Head of household"
        case .spouse: "Spouse"
        case .child: "Child"
        case .parent: "Parent"
        case .grandchild: "Grandchild"
        case .sibling: "Sibling"
        case .other: "Other"
        }
    }
}
