/// How one rule came out for an applicant.
public enum RuleOutcome: Hashable, Sendable {
    /// The condition holds.
    case passed
    /// The condition does not hold, or a fact had the wrong kind for a comparison that decided it.
    case failed
    /// The condition cannot be decided because these facts are not known.
    case unknown(missing: [String])
}
