/// Every problem found in a working-day calendar file.
public struct WorkingDayCalendarError: Error, Equatable, Sendable, CustomStringConvertible {
    /// One readable line per problem.
    public let problems: [String]

    /// Creates the error from its problems.
    public init(problems: [String]) {
        self.problems = problems
    }

    /// All problems, one per line.
    public var description: String {
        "The working-day calendar has \(problems.count) problem(s):\n" + problems.map { "- " + $0 }.joined(separator: "\n")
    }
}
