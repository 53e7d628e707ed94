import Foundation

/// The officer steps a service's workflow uses: intake always, review and approval optionally.
public struct WorkflowSteps: Hashable, Codable, Sendable {
    /// Whether a reviewer (审核) examines the application after intake.
    public var review: Bool
    /// Whether an approver (审批) decides; without it the intake officer decides.
    public var approval: Bool
    /// Separation of duties (审批分离): the officer who accepted the application may not also approve it, admins included.
    public var separation: Bool

    /// Creates a step set; intake is implied.
    public init(review: Bool, approval: Bool, separation: Bool = false) {
        self.review = review
        self.approval = approval
        self.separation = separation
    }

    enum CodingKeys: String, CodingKey { case review, approval, separation }

    /// Records written before separation of duties existed carry no `separation`: they read as without it.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        review = try c.decode(Bool.self, forKey: .review)
        approval = try c.decode(Bool.self, forKey: .approval)
        separation = try c.decodeIfPresent(Bool.self, forKey: .separation) ?? false
    }

    /// The same steps with separation of duties on or off.
    public func separating(_ on: Bool) -> WorkflowSteps {
        WorkflowSteps(review: review, approval: approval, separation: on)
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
