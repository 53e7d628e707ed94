/// One rule's outcome for an applicant, with what to tell the citizen if it did not pass.
public struct RuleResult: Hashable, Sendable {
    /// The rule's id.
    public let ruleID: String
    /// Whether the rule decides eligibility (false: a warning only).
    public let blocking: Bool
    /// Passed, failed, or unknown for want of facts.
    public let outcome: RuleOutcome
    /// The Chinese reason shown when the rule did not pass: the rule's reason, or 信息不足：缺少 … when unknown.
    public let reasonZh: String
    /// The English reason shown when the rule did not pass: the rule's reason, or "missing information: …" when unknown.
    public let reasonEn: String
    /// Facts met with a kind a comparison could not use, e.g. "applicant.birthDate (a string) is not a date…"; for officers and logs, never values.
    public let mismatches: [String]

    /// Creates a result.
    public init(ruleID: String, blocking: Bool, outcome: RuleOutcome, reasonZh: String, reasonEn: String, mismatches: [String] = []) {
        self.ruleID = ruleID
        self.blocking = blocking
        self.outcome = outcome
        self.reasonZh = reasonZh
        self.reasonEn = reasonEn
        self.mismatches = mismatches
    }

    /// Whether the rule passed.
    public var passed: Bool {
        outcome == .passed
    }

    /// The facts whose absence left the rule undecided; empty unless the outcome is unknown.
    public var missingFields: [String] {
        if case .unknown(let missing) = outcome { return missing }
        return []
    }
}
