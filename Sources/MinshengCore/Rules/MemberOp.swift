/// A membership test of a fact against a list of values or of other facts.
public enum MemberOp: String, Hashable, Codable, Sendable, CaseIterable {
    /// The fact equals one of the values.
    case `in`
    /// The fact equals none of the values.
    case notIn
}
