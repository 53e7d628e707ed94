/// Something wrong with a catalog file: where (file, the key path inside it, the line once known) and why.
public struct CatalogProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    /// Keys and indexes from the document root to the offending value, e.g. `["eligibility", "2", "when"]`.
    public var path: [String]
    public var line: Int?
    public var reason: String

    public init(file: String, path: [String] = [], line: Int? = nil, reason: String) {
        self.file = file
        self.path = path
        self.line = line
        self.reason = reason
    }

    /// `file:line: reason (at a.b.c)`.
    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        let at = path.isEmpty ? "" : " (at \(path.joined(separator: ".")))"
        return "\(location): \(reason)\(at)"
    }
}
