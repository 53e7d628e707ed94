extension Condition {
    /// Every fact the condition reads, in order of appearance (a date it is measured at included).
    public var fields: [String] {
        switch self {
        case .compare(let field, _, _), .exists(let field), .missing(let field), .member(let field, _, _):
            [field]
        case .age(let field, let at, _, _):
            if case .field(let other) = at { [field, other] } else { [field] }
        case .compareFields(let field, _, let other):
            [field, other]
        case .memberOfFields(let field, _, let others):
            [field] + others
        case .all(let conditions), .any(let conditions):
            conditions.flatMap(\.fields)
        case .not(let inner):
            inner.fields
        }
    }
}
