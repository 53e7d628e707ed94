/// The three-valued result of a condition plus a fourth value for data of the wrong kind, which no `not` can turn
/// into a pass: ill-typed data never makes anyone eligible.
enum ConditionVerdict: Hashable, Sendable {
    case passed
    case failed
    case unknown(missing: [String])
    /// A comparison met facts of kinds it cannot compare; counts as failed.
    case mismatched

    /// The verdict of a condition that holds exactly when `value` is true.
    init(_ value: Bool) {
        self = value ? .passed : .failed
    }

    /// The opposite verdict; unknown and mismatched stay as they are.
    var negated: ConditionVerdict {
        switch self {
        case .passed: .failed
        case .failed: .passed
        case .unknown, .mismatched: self
        }
    }

    /// The verdict of all conditions holding: one failure decides; then a mismatch; then missing facts.
    static func all(_ verdicts: [ConditionVerdict]) -> ConditionVerdict {
        if verdicts.contains(.failed) { return .failed }
        if verdicts.contains(.mismatched) { return .mismatched }
        let missing = missingFields(verdicts)
        return missing.isEmpty ? .passed : .unknown(missing: missing)
    }

    /// The verdict of at least one condition holding: one pass decides; then a mismatch; then missing facts.
    static func any(_ verdicts: [ConditionVerdict]) -> ConditionVerdict {
        if verdicts.contains(.passed) { return .passed }
        if verdicts.contains(.mismatched) { return .mismatched }
        let missing = missingFields(verdicts)
        return missing.isEmpty ? .failed : .unknown(missing: missing)
    }

    /// The outcome a rule reports: a mismatch is a failure.
    var outcome: RuleOutcome {
        switch self {
        case .passed: .passed
        case .failed, .mismatched: .failed
        case .unknown(let missing): .unknown(missing: missing)
        }
    }

    /// The missing fields of the unknown verdicts, each once, in order.
    private static func missingFields(_ verdicts: [ConditionVerdict]) -> [String] {
        var seen = Set<String>()
        var fields: [String] = []
        for case .unknown(let missing) in verdicts {
            for field in missing where seen.insert(field).inserted {
                fields.append(field)
            }
        }
        return fields
    }
}
