import Foundation

extension FactValue {
    /// Whether two values are equal, or nil if they are of different kinds and so not comparable.
    public func equals(_ other: FactValue) -> Bool? {
        guard type == other.type else { return nil }
        return self == other
    }

    /// The order of two numbers or two dates, or nil for any other pair (strings, bools and lists have no order here).
    public func ordering(comparedTo other: FactValue) -> ComparisonResult? {
        switch (self, other) {
        case (.number(let a), .number(let b)):
            a < b ? .orderedAscending : a > b ? .orderedDescending : .orderedSame
        case (.date(let a), .date(let b)):
            a < b ? .orderedAscending : a > b ? .orderedDescending : .orderedSame
        default:
            nil
        }
    }

    /// Whether `self op other` holds, or nil if the pair is not comparable by `op` (different kinds, or an order on a
    /// string, bool or list).
    public func satisfies(_ op: CompareOp, _ other: FactValue) -> Bool? {
        switch op {
        case .eq: return equals(other)
        case .ne: return equals(other).map { !$0 }
        case .lt, .le, .gt, .ge:
            guard let order = ordering(comparedTo: other) else { return nil }
            return op.holds(for: order)
        }
    }
}
