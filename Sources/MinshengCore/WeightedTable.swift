/// Items with integer weights, drawn at random in proportion to their weights.
struct WeightedTable<Element: Sendable>: Sendable {
    let items: [Element]
    /// Running totals of the weights; the last is the sum.
    private let cumulative: [Int]

    /// Creates the table; every weight must be positive.
    init(_ pairs: [(Element, Int)]) {
        precondition(!pairs.isEmpty && pairs.allSatisfy { $0.1 > 0 }, "weights must be positive")
        items = pairs.map(\.0)
        var total = 0
        cumulative = pairs.map { pair in
            total += pair.1
            return total
        }
    }

    /// One item, chosen with probability weight / total.
    func pick(using rng: inout SplitMix64) -> Element {
        let r = rng.below(cumulative[cumulative.count - 1])
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > r { high = middle } else { low = middle + 1 }
        }
        return items[low]
    }
}
