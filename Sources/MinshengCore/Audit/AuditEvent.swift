import Foundation

/// What the audit chain records: who did what to which subject, and why. Never personal data itself.
public struct AuditEvent: Hashable, Codable, Sendable {
    public var actor: Principal
    /// A dotted verb, e.g. `resident.read`, `account.identity-linked`.
    public var action: String
    /// What was acted on, e.g. `resident:<uuid>`.
    public var subject: String
    /// Why (查询事由), as the officer or system gave it.
    public var purpose: String
    /// The resident whose data this touched, for the citizen's data tracker.
    public var residentID: UUID?
    /// Extra non-personal facts, as sorted `key=value` pairs.
    public var detail: [String: String]

    public init(actor: Principal, action: String, subject: String, purpose: String, residentID: UUID? = nil, detail: [String: String] = [:]) {
        self.actor = actor
        self.action = action
        self.subject = subject
        self.purpose = purpose
        self.residentID = residentID
        self.detail = detail
    }

    /// `detail` in a canonical text form (sorted keys), part of the hashed content.
    public var canonicalDetail: String {
        detail.keys.sorted().map { "\($0)=\(detail[$0]!)" }.joined(separator: "&")
    }
}
