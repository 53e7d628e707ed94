/// The kind of value a fact holds, used to describe a fact vocabulary and to check rules before use.
public enum FactType: String, Hashable, Codable, Sendable, CaseIterable {
    /// Text, such as a status code or an ethnicity code.
    case string
    /// A number, such as an assurance level or a household's member count.
    case number
    /// True or false, such as whether the person is wanted.
    case bool
    /// A calendar date, such as a birth date.
    case date
    /// A list of values.
    case list

    /// Whether `lt`, `le`, `gt` and `ge` are defined on values of this kind (numbers and dates only).
    public var isOrdered: Bool {
        self == .number || self == .date
    }

    /// The kind with its article, for messages ("a date").
    var phrase: String {
        "a \(rawValue)"
    }
}
