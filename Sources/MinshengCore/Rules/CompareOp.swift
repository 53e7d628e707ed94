import Foundation

/// A comparison between a fact and a value or another fact: equality on any kind, order on numbers and dates.
public enum CompareOp: String, Hashable, Codable, Sendable, CaseIterable {
    /// Equal to.
    case eq
    /// Not equal to.
    case ne
    /// Less than (earlier than, for dates).
    case lt
    /// Less than or equal to.
    case le
    /// Greater than (later than, for dates).
    case gt
    /// Greater than or equal to.
    case ge

    /// Whether the operator needs an order (`lt`, `le`, `gt`, `ge`) rather than equality.
    public var needsOrder: Bool {
        switch self {
        case .eq, .ne: false
        case .lt, .le, .gt, .ge: true
        }
    }

    /// Whether a left-hand side that compares to the right-hand side as `order` satisfies the operator.
    public func holds(for order: ComparisonResult) -> Bool {
        switch self {
        case .eq: order == .orderedSame
        case .ne: order != .orderedSame
        case .lt: order == .orderedAscending
        case .le: order != .orderedDescending
        case .gt: order == .orderedDescending
        case .ge: order != .orderedAscending
        }
    }

    /// Whether `lhs op rhs` holds for two integers.
    func holds(_ lhs: Int, _ rhs: Int) -> Bool {
        holds(for: lhs < rhs ? .orderedAscending : lhs > rhs ? .orderedDescending : .orderedSame)
    }
}
