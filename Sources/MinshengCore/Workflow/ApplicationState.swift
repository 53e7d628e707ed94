import Foundation

/// Where an application stands in its workflow (办理状态).
public enum ApplicationState: String, Codable, Sendable, CaseIterable {
    /// 草稿: being filled in by the applicant, not yet sent.
    case draft
    /// 已提交: sent, waiting for intake.
    case submitted
    /// 已受理: accepted at intake; the statutory clock runs.
    case accepted
    /// 待补正: waiting for the applicant to supply what is missing; the clock is paused.
    case needsSupplement = "needs-supplement"
    /// 不予受理: rejected at intake, with a reason.
    case notAccepted = "not-accepted"
    /// 审核中: being reviewed, then waiting for a decision.
    case underReview = "under-review"
    /// 已批准: approved; the system still has to apply the effects.
    case approved
    /// 不予批准: refused, with a reason.
    case refused
    /// 已办结: approved and its effects applied.
    case completed
    /// 已撤回: withdrawn by the applicant before a decision.
    case withdrawn

    /// The Chinese name shown to citizens and officers.
    public var nameZh: String {
        switch self {
        case .draft: "草稿"
        case .submitted: "已提交"
        case .accepted: "已受理"
        case .needsSupplement: "待补正"
        case .notAccepted: "不予受理"
        case .underReview: "审核中"
        case .approved: "已批准"
        case .refused: "不予批准"
        case .completed: "已办结"
        case .withdrawn: "已撤回"
        }
    }

    /// The English name.
    public var nameEn: String {
        switch self {
        case .draft: "Draft"
        case .submitted: "Submitted"
        case .accepted: "Accepted"
        case .needsSupplement: "Needs supplement"
        case .notAccepted: "Not accepted"
        case .underReview: "Under review"
        case .approved: "Approved"
        case .refused: "Refused"
        case .completed: "Completed"
        case .withdrawn: "Withdrawn"
        }
    }

    /// Whether no action can follow: not accepted, refused, completed or withdrawn.
    public var isFinal: Bool {
        switch self {
        case .notAccepted, .refused, .completed, .withdrawn: true
        case .draft, .submitted, .accepted, .needsSupplement, .underReview, .approved: false
        }
    }

    /// Whether the next move is the applicant's: a draft, or a supplement request.
    public var isWaitingForApplicant: Bool {
        switch self {
        case .draft, .needsSupplement: true
        default: false
        }
    }
}
