@testable import MinshengCore

/// The kinds of actor the exhaustive table covers.
enum WorkflowWho: String, CaseIterable, Sendable, CustomStringConvertible {
    case applicant, otherCitizen, intake, reviewer, approver, admin, unitAdmin, system

    var actor: WorkflowActor {
        switch self {
        case .applicant: .applicant(WorkflowFixture.applicant)
        case .otherCitizen: .applicant(WorkflowFixture.otherCitizen)
        case .intake: .officer(.officer("110001"), roles: [.intake])
        case .reviewer: .officer(.officer("110002"), roles: [.reviewer])
        case .approver: .officer(.officer("110003"), roles: [.approver])
        case .admin: .officer(.officer("110009"), roles: [.admin])
        case .unitAdmin: .officer(.officer("110008"), roles: [.unitAdmin])
        case .system: .system(.system("effects"))
        }
    }

    var description: String { rawValue }
}
