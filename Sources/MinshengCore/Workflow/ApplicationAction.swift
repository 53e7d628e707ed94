import Foundation

/// A command on an application, with what it carries; encoded as `{"kind": …}` plus its fields.
public enum ApplicationAction: Hashable, Codable, Sendable {
    /// The applicant sends a draft.
    case submit
    /// The applicant withdraws before a decision.
    case withdraw
    /// The applicant sends what a supplement request asked for.
    case supplement
    /// Intake accepts (受理).
    case accept
    /// Intake or review asks for missing items (补正); the list must not be empty.
    case requestSupplement(items: [String])
    /// Intake rejects (不予受理); the reason is required.
    case notAccept(reason: String)
    /// A reviewer takes the application into review.
    case startReview
    /// A reviewer finishes the review and passes it on for a decision.
    case forwardForApproval
    /// The decider approves, optionally with a comment.
    case approve(comment: String?)
    /// The decider refuses (不予批准); the reason is required.
    case refuse(reason: String)
    /// The system marks the application done after applying its effects.
    case complete

    /// The stable kind code.
    public var kind: ActionKind {
        switch self {
        case .submit: .submit
        case .withdraw: .withdraw
        case .supplement: .supplement
        case .accept: .accept
        case .requestSupplement: .requestSupplement
        case .notAccept: .notAccept
        case .startReview: .startReview
        case .forwardForApproval: .forwardForApproval
        case .approve: .approve
        case .refuse: .refuse
        case .complete: .complete
        }
    }

    private enum CodingKeys: String, CodingKey {
        case kind, items, reason, comment
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(ActionKind.self, forKey: .kind) {
        case .submit: self = .submit
        case .withdraw: self = .withdraw
        case .supplement: self = .supplement
        case .accept: self = .accept
        case .requestSupplement: self = .requestSupplement(items: try container.decode([String].self, forKey: .items))
        case .notAccept: self = .notAccept(reason: try container.decode(String.self, forKey: .reason))
        case .startReview: self = .startReview
        case .forwardForApproval: self = .forwardForApproval
        case .approve: self = .approve(comment: try container.decodeIfPresent(String.self, forKey: .comment))
        case .refuse: self = .refuse(reason: try container.decode(String.self, forKey: .reason))
        case .complete: self = .complete
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .requestSupplement(let items): try container.encode(items, forKey: .items)
        case .notAccept(let reason), .refuse(let reason): try container.encode(reason, forKey: .reason)
        case .approve(let comment): try container.encodeIfPresent(comment, forKey: .comment)
        case .submit, .withdraw, .supplement, .accept, .startReview, .forwardForApproval, .complete: break
        }
    }
}
