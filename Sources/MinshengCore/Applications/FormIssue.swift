/// Why one form value was refused, in both languages.
public struct FormIssue: Hashable, Sendable, Error {
    public var field: String
    public var reasonZh: String
    public var reasonEn: String

    public init(field: String, reasonZh: String, reasonEn: String) {
        self.field = field
        self.reasonZh = reasonZh
        self.reasonEn = reasonEn
    }
}

/// Every problem in a submitted form.
public struct FormIssues: Error, Hashable, Sendable {
    public var issues: [FormIssue]

    public init(_ issues: [FormIssue]) { self.issues = issues }
}
