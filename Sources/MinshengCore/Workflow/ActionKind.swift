import Foundation

/// The kind of a workflow action; its raw value is the stable code stored with events.
public enum ActionKind: String, Codable, Sendable, CaseIterable {
    /// The applicant sends a draft.
    case submit
    /// The applicant withdraws before a decision.
    case withdraw
    /// The applicant sends what a supplement request asked for.
    case supplement
    /// Intake accepts the application (受理); the clock starts.
    case accept
    /// Intake or review asks the applicant for missing items (补正); the clock pauses.
    case requestSupplement = "request-supplement"
    /// Intake rejects the application (不予受理).
    case notAccept = "not-accept"
    /// A reviewer takes the application into review.
    case startReview = "start-review"
    /// A reviewer finishes the review and passes it on for a decision.
    case forwardForApproval = "forward-for-approval"
    /// The decider approves.
    case approve
    /// The decider refuses (不予批准).
    case refuse
    /// The system marks the application done after applying its effects.
    case complete

    /// The Chinese label, as on a button.
    public var nameZh: String {
        switch self {
        case .submit: "提交"
        case .withdraw: "撤回"
        case .supplement: "补正材料"
        case .accept: "受理"
        case .requestSupplement: "要求补正"
        case .notAccept: "不予受理"
        case .startReview: "开始审核"
        case .forwardForApproval: "提交审批"
        case .approve: "批准"
        case .refuse: "不予批准"
        case .complete: "办结"
        }
    }

    /// The English label.
    public var nameEn: String {
        switch self {
        case .submit: "Submit"
        case .withdraw: "Withdraw"
        case .supplement: "Send supplement"
        case .accept: "Accept"
        case .requestSupplement: "Request supplement"
        case .notAccept: "Do not accept"
        case .startReview: "Start review"
        case .forwardForApproval: "Forward for approval"
        case .approve: "Approve"
        case .refuse: "Refuse"
        case .complete: "Complete"
        }
    }
}
