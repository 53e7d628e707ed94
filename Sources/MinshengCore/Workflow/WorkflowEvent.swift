import Foundation

/// One transition in an application's timeline: who did what, when, from which state to which.
public struct WorkflowEvent: Hashable, Codable, Sendable {
    /// Who acted.
    public var actor: Principal
    /// When.
    public var at: Date
    /// The state before.
    public var from: ApplicationState
    /// The state after; equal to `from` when a reviewer forwards for approval.
    public var to: ApplicationState
    /// What was done.
    public var action: ActionKind
    /// The reason (not accepted, refused) or comment (approved), trimmed; nil when none.
    public var comment: String?
    /// The items asked for in a supplement request; empty otherwise.
    public var items: [String]

    /// Creates an event.
    public init(actor: Principal, at: Date, from: ApplicationState, to: ApplicationState, action: ActionKind, comment: String? = nil, items: [String] = []) {
        self.actor = actor
        self.at = at
        self.from = from
        self.to = to
        self.action = action
        self.comment = comment
        self.items = items
    }
}
