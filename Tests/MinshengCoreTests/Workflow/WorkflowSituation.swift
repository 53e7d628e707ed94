import Foundation

@testable import MinshengCore

/// Each state an application can be in, with "under review" split by whether the reviewer has forwarded it.
enum WorkflowSituation: String, CaseIterable, Sendable, CustomStringConvertible {
    case draft, submitted, accepted, needsSupplement, notAccepted
    case underReview, underReviewReviewed
    case approved, refused, completed, withdrawn

    var state: ApplicationState {
        switch self {
        case .draft: .draft
        case .submitted: .submitted
        case .accepted: .accepted
        case .needsSupplement: .needsSupplement
        case .notAccepted: .notAccepted
        case .underReview, .underReviewReviewed: .underReview
        case .approved: .approved
        case .refused: .refused
        case .completed: .completed
        case .withdrawn: .withdrawn
        }
    }

    /// A plausible record in this situation, submitted on 2 and accepted on 3 September 2024 with a 20-working-day limit (due 8 October).
    func record(steps: WorkflowSteps) -> ApplicationRecord {
        let submitted = self == .draft ? nil : WorkflowFixture.time("2024-09-02", hour: 9)
        let accepted: Bool = switch self {
        case .draft, .submitted, .notAccepted: false
        default: true
        }
        return ApplicationRecord(
            applicant: WorkflowFixture.applicant,
            steps: steps,
            timeLimit: 20,
            state: state,
            reviewed: self == .underReviewReviewed,
            submittedAt: submitted,
            acceptedOn: accepted ? WorkflowFixture.date("2024-09-03") : nil,
            dueDate: accepted ? WorkflowFixture.date("2024-10-08") : nil,
            pausedSince: self == .needsSupplement ? WorkflowFixture.date("2024-09-10") : nil,
            supplementItems: self == .needsSupplement ? ["户口簿首页"] : [],
            resumeState: self == .needsSupplement ? .accepted : nil
        )
    }

    var description: String { rawValue }
}
