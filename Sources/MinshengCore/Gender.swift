/// A person's gender as recorded in the household register and encoded in the ID number.
public enum Gender: String, Codable, Sendable, CaseIterable {
    case male
    case female

    /// The Chinese label: 男 or 女.
    public var nameZh: String {
        switch self {
        case .male: "男"
        case .female: "女"
        }
    }

    /// The English label.
    public var nameEn: String {
        switch self {
        case .male: "Male"
        case .female: "Female"
        }
    }
}
