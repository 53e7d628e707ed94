/// Checks a service's rules before use (the catalog is validated at start-up), listing every problem found.
public enum RuleValidator {
    /// Every problem in `rules`, each naming its rule; empty when the rules are sound.
    ///
    /// Always checked: ids present and unique, both reasons non-empty, paths well formed, ops that suit their values
    /// (no order on strings, bools or lists), non-empty `all`, `any`, `values` and `otherFields`, ages of 0–150 years.
    /// When `knownFields` is given, every path must be in it, in `fieldTypes`, or be `form.<name>` for a name in
    /// `formFields` (declared form fields, written with or without `form.`). Where `fieldTypes` gives a path's kind,
    /// comparisons must use values of that kind and `age` must be taken from, and at, dates.
    public static func validate(
        _ rules: [EligibilityRule],
        knownFields: Set<String>? = nil,
        fieldTypes: [String: FactType] = [:],
        formFields: Set<String> = []
    ) -> [String] {
        var problems: [String] = []
        var counts: [String: Int] = [:]
        for rule in rules where !rule.id.isEmpty {
            counts[rule.id, default: 0] += 1
        }
        var reported = Set<String>()
        let checker = ConditionChecker(knownFields: knownFields, fieldTypes: fieldTypes, formFields: formFields)
        for (index, rule) in rules.enumerated() {
            let label = rule.id.isEmpty ? "rule #\(index + 1)" : "rule \"\(rule.id)\""
            if rule.id.isEmpty {
                problems.append("\(label): id is empty")
            } else if let count = counts[rule.id], count > 1, reported.insert(rule.id).inserted {
                problems.append("\(label): id is used by \(count) rules")
            }
            if rule.reasonZh.allSatisfy(\.isWhitespace) {
                problems.append("\(label): reason.zh is empty")
            }
            if rule.reasonEn.allSatisfy(\.isWhitespace) {
                problems.append("\(label): reason.en is empty")
            }
            problems += checker.problems(in: rule.when, at: "when").map { "\(label): \($0)" }
        }
        return problems
    }
}
