/// What the rules may look at: a flat map from dotted paths (`applicant.birthDate`, `form.newName`,
/// `agency.wanted`) to values. A path that is not there is simply unknown.
public struct RuleFacts: Hashable, Sendable, ExpressibleByDictionaryLiteral {
    /// Every fact by its path.
    public private(set) var values: [String: FactValue]

    /// Facts from a dictionary of paths and values.
    public init(_ values: [String: FactValue] = [:]) {
        self.values = values
    }

    /// Facts from a literal such as `["applicant.gender": "female", "account.level": 2]`; a repeated path keeps the last value.
    public init(dictionaryLiteral elements: (String, FactValue)...) {
        self.values = Dictionary(elements, uniquingKeysWith: { _, last in last })
    }

    /// Facts whose paths are `prefix.key` for each key of `values`, e.g. `RuleFacts(prefix: "father", ["ethnicity": "01"])`.
    public init(prefix: String, _ values: [String: FactValue]) {
        self.values = Dictionary(uniqueKeysWithValues: values.map { ("\(prefix).\($0.key)", $0.value) })
    }

    /// The value at `path`, or nil if the fact is unknown; setting nil removes it.
    public subscript(path: String) -> FactValue? {
        get { values[path] }
        set { values[path] = newValue }
    }

    /// The paths of every known fact.
    public var paths: Set<String> {
        Set(values.keys)
    }

    /// These facts with `other`'s added; where both know a path, `other`'s value wins.
    public func merging(_ other: RuleFacts) -> RuleFacts {
        RuleFacts(values.merging(other.values, uniquingKeysWith: { _, new in new }))
    }

    /// Adds `other`'s facts; where both know a path, `other`'s value wins.
    public mutating func merge(_ other: RuleFacts) {
        values.merge(other.values, uniquingKeysWith: { _, new in new })
    }
}
