import Foundation

/// Why a workflow action was refused.
public enum WorkflowError: Error, Equatable, Sendable {
    /// The action is not possible in the application's current state.
    case notAllowed(state: ApplicationState, action: ActionKind)
    /// The actor's capacity or roles do not allow the action.
    case wrongRole(action: ActionKind)
    /// A citizen acted on an application that is not theirs.
    case notTheApplicant
    /// The service's workflow has no step for the action (no review step).
    case stepNotUsed(action: ActionKind)
    /// A decision was attempted before the reviewer forwarded the application.
    case notReviewed
    /// The reviewer has already forwarded the application; review actions are over.
    case alreadyReviewed
    /// Not accepting or refusing needs a reason.
    case missingReason
    /// A supplement request needs at least one item.
    case emptySupplementList
    /// Separation of duties: the officer who accepted the application may not approve it (admins included).
    case acceptedBySameOfficer

    /// The reason in Chinese, for citizens and officers.
    public var reasonZh: String {
        switch self {
        case .notAllowed(let state, let action): "申请当前为“\(state.nameZh)”状态，不能“\(action.nameZh)”。"
        case .wrongRole(let action): "您无权办理“\(action.nameZh)”。"
        case .notTheApplicant: "只有申请人本人可以办理此操作。"
        case .stepNotUsed(let action): "该事项的办理流程不含“\(action.nameZh)”环节。"
        case .notReviewed: "审核尚未完成，暂不能作出决定。"
        case .alreadyReviewed: "审核已完成并已提交审批。"
        case .missingReason: "请填写理由。"
        case .emptySupplementList: "请列明需要补正的材料。"
        case .acceptedBySameOfficer: "审批分离：受理本申请的民警不能同时批准，请由其他民警审批。"
        }
    }

    /// The reason in English.
    public var reasonEn: String {
        switch self {
        case .notAllowed(let state, let action): "“\(action.nameEn)” is not possible while the application is “\(state.nameEn)”."
        case .wrongRole(let action): "You are not allowed to “\(action.nameEn)”."
        case .notTheApplicant: "Only the applicant can do this."
        case .stepNotUsed(let action): "This service's workflow has no “\(action.nameEn)” step."
        case .notReviewed: "The review is not finished, so no decision can be made yet."
        case .alreadyReviewed: "The review is finished and the application has been forwarded for approval."
        case .missingReason: "A reason is required."
        case .emptySupplementList: "List at least one item the applicant must supply."
        case .acceptedBySameOfficer: "Separation of duties: the officer who accepted this application cannot also approve it; another officer must."
        }
    }
}
