import Foundation

/// What an officer may do (岗位角色).
public enum OfficerRole: String, Codable, Sendable, CaseIterable, Comparable {
    /// 受理: accepts or rejects applications at intake; checks citizens at the counter.
    case intake
    /// 审核: reviews accepted applications.
    case reviewer
    /// 审批: decides.
    case approver
    /// 单位管理员: manages the unit's officers.
    case unitAdmin = "unit-admin"
    /// 平台管理员: platform administrator.
    case admin
    /// 举报人保护: may open a real-name informant's identity and a report's original evidence (each opening audited).
    case informantProtection = "informant-protection"

    /// The roles that handle citizens' cases (applications, records, reports); a unit admin or the informant
    /// protection role alone reads none of them. The platform admin holds every role.
    public static let casework: Set<OfficerRole> = [.intake, .reviewer, .approver]

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    public var nameZh: String {
        switch self {
        case .intake: "受理"
        case .reviewer: "审核"
        case .approver: "审批"
        case .unitAdmin: "单位管理员"
        case .admin: "平台管理员"
        case .informantProtection: "举报人保护"
        }
    }

    public var nameEn: String {
        switch self {
        case .intake: "Intake"
        case .reviewer: "Reviewer"
        case .approver: "Approver"
        case .unitAdmin: "Unit admin"
        case .admin: "Platform admin"
        case .informantProtection: "Informant protection"
        }
    }

    /// Parses a comma-separated role list; nil names the first unknown role.
    public static func parseList(_ text: String) -> Result<Set<OfficerRole>, UnknownRole> {
        var roles = Set<OfficerRole>()
        for part in text.split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard let role = OfficerRole(rawValue: trimmed) else { return .failure(UnknownRole(name: trimmed)) }
            roles.insert(role)
        }
        return .success(roles)
    }

    /// A role name that is not one of ours.
    public struct UnknownRole: Error, Equatable, Sendable { public let name: String }
}
