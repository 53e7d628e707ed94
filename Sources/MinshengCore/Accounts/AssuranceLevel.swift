/// How sure the platform is of who holds an account (实名认证等级).
public enum AssuranceLevel: Int, Codable, Sendable, Comparable, CaseIterable {
    /// An account with a phone and password.
    case l1 = 1
    /// L1 plus an ID name and number that match an active registry record.
    case l2 = 2
    /// L2 plus face 1:1 and liveness, or an officer's check in person.
    case l3 = 3

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public var code: String { "L\(rawValue)" }

    public var nameZh: String {
        switch self {
        case .l1: "L1 账号注册"
        case .l2: "L2 实名核验"
        case .l3: "L3 实人认证"
        }
    }

    public var nameEn: String {
        switch self {
        case .l1: "L1 registered account"
        case .l2: "L2 identity matched"
        case .l3: "L3 person verified"
        }
    }
}

/// How an assurance level was reached.
public enum AssuranceMethod: String, Codable, Sendable, CaseIterable {
    case password
    case registryMatch = "registry-match"
    case inPerson = "in-person"
    case face
}
