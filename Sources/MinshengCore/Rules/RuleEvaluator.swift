/// Decides a service's eligibility rules against an applicant's facts; never throws and never traps on bad data.
public enum RuleEvaluator {
    /// Evaluates every rule against `facts`, taking ages at `today` where a rule says `at: today`.
    public static func evaluate(_ rules: [EligibilityRule], facts: RuleFacts, today: CivilDate) -> EligibilityReport {
        EligibilityReport(results: rules.map { evaluate($0, facts: facts, today: today) })
    }

    /// Evaluates one rule: its outcome, the reason to show, and any kind mismatches met.
    public static func evaluate(_ rule: EligibilityRule, facts: RuleFacts, today: CivilDate) -> RuleResult {
        var mismatches: [String] = []
        let outcome = verdict(rule.when, facts: facts, today: today, mismatches: &mismatches).outcome
        var seen = Set<String>()
        let notes = mismatches.filter { seen.insert($0).inserted }
        switch outcome {
        case .unknown(let missing):
            return RuleResult(
                ruleID: rule.id, blocking: rule.blocking, outcome: outcome,
                reasonZh: "信息不足：缺少 " + missing.joined(separator: "、"),
                reasonEn: "missing information: " + missing.joined(separator: ", "),
                mismatches: notes)
        case .passed, .failed:
            return RuleResult(
                ruleID: rule.id, blocking: rule.blocking, outcome: outcome,
                reasonZh: rule.reasonZh, reasonEn: rule.reasonEn, mismatches: notes)
        }
    }

    /// Evaluates one condition; a comparison between facts of the wrong kinds counts as failed.
    public static func evaluate(_ condition: Condition, facts: RuleFacts, today: CivilDate) -> RuleOutcome {
        var mismatches: [String] = []
        return verdict(condition, facts: facts, today: today, mismatches: &mismatches).outcome
    }

    /// The verdict of `condition`, appending a note to `mismatches` for every comparison of unusable kinds.
    static func verdict(_ condition: Condition, facts: RuleFacts, today: CivilDate, mismatches: inout [String]) -> ConditionVerdict {
        switch condition {
        case .compare(let field, let op, let value):
            guard let fact = facts[field] else { return .unknown(missing: [field]) }
            guard let holds = fact.satisfies(op, value) else {
                mismatches.append(note(field, fact, op, against: "a value", value))
                return .mismatched
            }
            return ConditionVerdict(holds)

        case .compareFields(let field, let op, let other):
            guard let fact = facts[field], let otherFact = facts[other] else {
                let missing = facts[field] == nil ? [field] : []
                return .unknown(missing: missing + (facts[other] == nil && other != field ? [other] : []))
            }
            guard let holds = fact.satisfies(op, otherFact) else {
                mismatches.append(note(field, fact, op, against: other, otherFact))
                return .mismatched
            }
            return ConditionVerdict(holds)

        case .member(let field, let op, let values):
            guard let fact = facts[field] else { return .unknown(missing: [field]) }
            let comparable = values.filter { $0.type == fact.type }
            if comparable.isEmpty, !values.isEmpty {
                mismatches.append("\(field) (\(fact.type.phrase)) is of the kind of none of the values of \(op.rawValue)")
                return .mismatched
            }
            let found = comparable.contains(fact)
            return ConditionVerdict(op == .in ? found : !found)

        case .memberOfFields(let field, let op, let others):
            guard let fact = facts[field] else { return .unknown(missing: [field]) }
            var missing: [String] = []
            var comparable = 0
            var found = false
            for other in others {
                guard let otherFact = facts[other] else {
                    if !missing.contains(other) { missing.append(other) }
                    continue
                }
                guard otherFact.type == fact.type else {
                    mismatches.append(
                        "\(field) (\(fact.type.phrase)) cannot be compared with \(other) (\(otherFact.type.phrase)) by \(op.rawValue)")
                    continue
                }
                comparable += 1
                found = found || otherFact == fact
            }
            if found { return op == .in ? .passed : .failed }
            if !missing.isEmpty { return .unknown(missing: missing) }
            if comparable == 0, !others.isEmpty { return .mismatched }
            return ConditionVerdict(op == .notIn)

        case .exists(let field):
            return ConditionVerdict(facts[field] != nil)

        case .missing(let field):
            return ConditionVerdict(facts[field] == nil)

        case .age(let field, let at, let op, let years):
            var missing: [String] = []
            let birth = facts[field]
            if birth == nil { missing.append(field) }
            let atValue: FactValue?
            switch at {
            case .today: atValue = .date(today)
            case .field(let path):
                atValue = facts[path]
                if atValue == nil, !missing.contains(path) { missing.append(path) }
            }
            guard missing.isEmpty, let birth, let atValue else { return .unknown(missing: missing) }
            guard case .date(let birthDate) = birth else {
                mismatches.append("\(field) (\(birth.type.phrase)) is not a date, so no age can be taken from it")
                return .mismatched
            }
            guard case .date(let atDate) = atValue else {
                if case .field(let path) = at {
                    mismatches.append("\(path) (\(atValue.type.phrase)) is not a date to take an age at")
                }
                return .mismatched
            }
            return ConditionVerdict(op.holds(birthDate.age(on: atDate), years))

        case .all(let conditions):
            return .all(conditions.map { verdict($0, facts: facts, today: today, mismatches: &mismatches) })

        case .any(let conditions):
            return .any(conditions.map { verdict($0, facts: facts, today: today, mismatches: &mismatches) })

        case .not(let inner):
            return verdict(inner, facts: facts, today: today, mismatches: &mismatches).negated
        }
    }

    /// A note on a comparison that could not be made, naming kinds but never values (they may be personal data).
    private static func note(_ field: String, _ fact: FactValue, _ op: CompareOp, against other: String, _ otherValue: FactValue) -> String {
        if fact.type == otherValue.type {
            return "\(field) (\(fact.type.phrase)) cannot be ordered by \(op.rawValue); only numbers and dates can"
        }
        return "\(field) (\(fact.type.phrase)) cannot be compared by \(op.rawValue) with \(other) (\(otherValue.type.phrase))"
    }
}
