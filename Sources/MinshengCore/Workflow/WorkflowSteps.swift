import Foundation

/// The officer steps a service's workflow uses: intake always, review and approval optionally.
public struct WorkflowSteps: Hashable, Codable, Sendable {
    /// Whether a reviewer (审核) examines the application after intake.
    public var review: Bool
    /// Whether an approver (审批) decides; without it the intake officer decides.
    public var approval: Bool

    /// Creates a step set; intake is implied.
    public init(review: Bool, approval: Bool) {
        self.review = review
        self.approval = approval
    }

    /// Intake (受理) is part of every workflow.
    public var intake: Bool { true }

    /// Intake, then review, then approval.
    public static let full = WorkflowSteps(review: true, approval: true)
    /// Intake, then approval, with no separate review.
    public static let intakeAndApproval = WorkflowSteps(review: false, approval: true)
    /// Intake only: the intake officer decides (即办件).
    public static let intakeOnly = WorkflowSteps(review: false, approval: false)

    /// The role that approves or refuses: the approver, or the intake officer when there is no approval step.
    public var decidingRole: OfficerRole {
        approval ? .approver : .intake
    }

    /// The officer roles the workflow passes through, in order.
    public var roles: [OfficerRole] {
        [.intake] + (review ? [.reviewer] : []) + (approval ? [.approver] : [])
    }
}
