extension FactValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral
{
    /// A string, or a date if the literal is exactly `YYYY-MM-DD`, as in decoding.
    public init(stringLiteral value: String) {
        self.init(text: value)
    }

    /// A number.
    public init(integerLiteral value: Int) {
        self = .number(Double(value))
    }

    /// A number.
    public init(floatLiteral value: Double) {
        self = .number(value)
    }

    /// A bool.
    public init(booleanLiteral value: Bool) {
        self = .bool(value)
    }

    /// A list.
    public init(arrayLiteral elements: FactValue...) {
        self = .list(elements)
    }
}
