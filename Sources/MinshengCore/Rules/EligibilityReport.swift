/// The outcome of every rule of a service for one applicant, and whether they may apply.
public struct EligibilityReport: Hashable, Sendable {
    /// Every rule's result, in the rules' order.
    public let results: [RuleResult]

    /// Creates a report from rule results.
    public init(results: [RuleResult]) {
        self.results = results
    }

    /// Whether every blocking rule passed (an unknown blocking rule makes the applicant not eligible).
    public var isEligible: Bool {
        !results.contains { $0.blocking && !$0.passed }
    }

    /// The blocking rules that failed or could not be decided, each with its bilingual reason.
    public var failures: [RuleResult] {
        results.filter { $0.blocking && !$0.passed }
    }

    /// The non-blocking rules that failed or could not be decided.
    public var warnings: [RuleResult] {
        results.filter { !$0.blocking && !$0.passed }
    }

    /// The result of the rule with this id, if there is one.
    public func result(for ruleID: String) -> RuleResult? {
        results.first { $0.ruleID == ruleID }
    }
}
