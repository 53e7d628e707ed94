extension Condition {
    /// The keys a condition mapping may have.
    private static let knownKeys = [
        "field", "op", "value", "otherField", "values", "otherFields", "age", "at", "years", "all", "any", "not",
    ]
    /// The keys that say which kind of condition a mapping is.
    private static let kindKeys = ["field", "age", "all", "any", "not"]
    /// The keys that give a field condition's right-hand side.
    private static let operandKeys = ["value", "otherField", "values", "otherFields"]
    /// Every op a field condition may name, for messages.
    private static let fieldOps = "eq, ne, lt, le, gt, ge, in, notIn, exists, missing"

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: RuleCodingKey.self)
        let keys = Set(container.allKeys.map(\.stringValue))
        func invalid(_ message: String) -> DecodingError {
            DecodingError.dataCorrupted(DecodingError.Context(codingPath: container.codingPath, debugDescription: message))
        }
        func rejectOthers(than allowed: Set<String>, in kind: String) throws {
            let extra = keys.subtracting(allowed)
            guard extra.isEmpty else {
                throw invalid("A condition with \(kind) takes no \(Self.quoted(extra)); put other tests in separate conditions.")
            }
        }
        let unknown = keys.subtracting(Self.knownKeys)
        guard unknown.isEmpty else {
            throw invalid(
                "Unknown \(unknown.count == 1 ? "key" : "keys") \(Self.quoted(unknown)) in a condition; a condition has field, age, all, any or not.")
        }
        let kinds = Self.kindKeys.filter(keys.contains)
        guard kinds.count == 1, let kind = kinds.first else {
            if kinds.isEmpty {
                throw invalid(
                    keys.isEmpty
                        ? "Empty condition; a condition has field, age, all, any or not."
                        : "A condition with \(Self.quoted(keys)) needs one of field, age, all, any or not.")
            }
            throw invalid("A condition has both \(Self.quoted(Set(kinds))); give each its own condition (inside all or any).")
        }
        switch kind {
        case "all", "any":
            try rejectOthers(than: [kind], in: kind)
            let conditions = try container.decode([Condition].self, forKey: RuleCodingKey(kind))
            self = kind == "all" ? .all(conditions) : .any(conditions)
        case "not":
            try rejectOthers(than: ["not"], in: "not")
            self = .not(try container.decode(Condition.self, forKey: RuleCodingKey("not")))
        case "age":
            try rejectOthers(than: ["age", "at", "op", "years"], in: "age")
            for required in ["at", "op", "years"] where !keys.contains(required) {
                throw invalid("An age condition needs \(required) (age, at: today or a date field, op: eq…ge, years).")
            }
            let opName = try container.decode(String.self, forKey: RuleCodingKey("op"))
            guard let op = CompareOp(rawValue: opName) else {
                throw invalid("Unknown op \"\(opName)\" in an age condition; expected one of eq, ne, lt, le, gt, ge.")
            }
            self = .age(
                field: try container.decode(String.self, forKey: RuleCodingKey("age")),
                at: try container.decode(DateRef.self, forKey: RuleCodingKey("at")),
                op: op,
                years: try container.decode(Int.self, forKey: RuleCodingKey("years")))
        default:
            self = try Self.decodeField(container, keys: keys, invalid: invalid)
        }
    }

    /// Decodes a `field` condition, whose op decides which right-hand side it takes.
    private static func decodeField(
        _ container: KeyedDecodingContainer<RuleCodingKey>, keys: Set<String>, invalid: (String) -> DecodingError
    ) throws -> Condition {
        let field = try container.decode(String.self, forKey: RuleCodingKey("field"))
        guard keys.contains("op") else {
            throw invalid("The condition on \(field) needs op (one of \(fieldOps)).")
        }
        let opName = try container.decode(String.self, forKey: RuleCodingKey("op"))
        let operands = operandKeys.filter(keys.contains)
        let stray = keys.subtracting(["field", "op"] + operandKeys)
        guard stray.isEmpty else {
            throw invalid("The condition on \(field) has \(quoted(stray)), which only an age condition takes.")
        }
        guard operands.count <= 1 else {
            throw invalid(
                "The condition on \(field) has both \(quoted(Set(operands))); give only one of value, otherField, values, otherFields.")
        }
        let operand = operands.first
        if let op = CompareOp(rawValue: opName) {
            switch operand {
            case "value":
                return .compare(field: field, op: op, value: try container.decode(FactValue.self, forKey: RuleCodingKey("value")))
            case "otherField":
                return .compareFields(field: field, op: op, other: try container.decode(String.self, forKey: RuleCodingKey("otherField")))
            case let operand?:
                throw invalid("Op \(opName) on \(field) takes value or otherField, not \(operand); use op in or notIn with a list.")
            case nil:
                throw invalid("Op \(opName) on \(field) needs value or otherField.")
            }
        }
        if let op = MemberOp(rawValue: opName) {
            switch operand {
            case "values":
                return .member(field: field, op: op, values: try container.decode([FactValue].self, forKey: RuleCodingKey("values")))
            case "otherFields":
                return .memberOfFields(field: field, op: op, others: try container.decode([String].self, forKey: RuleCodingKey("otherFields")))
            case let operand?:
                throw invalid("Op \(opName) on \(field) takes values or otherFields (a list), not \(operand); use op eq or ne for one value.")
            case nil:
                throw invalid("Op \(opName) on \(field) needs values or otherFields.")
            }
        }
        guard opName == "exists" || opName == "missing" else {
            throw invalid("Unknown op \"\(opName)\" on \(field); expected one of \(fieldOps).")
        }
        if let operand {
            throw invalid("Op \(opName) on \(field) takes no \(operand).")
        }
        return opName == "exists" ? .exists(field: field) : .missing(field: field)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: RuleCodingKey.self)
        switch self {
        case .compare(let field, let op, let value):
            try container.encode(field, forKey: RuleCodingKey("field"))
            try container.encode(op, forKey: RuleCodingKey("op"))
            try container.encode(value, forKey: RuleCodingKey("value"))
        case .compareFields(let field, let op, let other):
            try container.encode(field, forKey: RuleCodingKey("field"))
            try container.encode(op, forKey: RuleCodingKey("op"))
            try container.encode(other, forKey: RuleCodingKey("otherField"))
        case .member(let field, let op, let values):
            try container.encode(field, forKey: RuleCodingKey("field"))
            try container.encode(op, forKey: RuleCodingKey("op"))
            try container.encode(values, forKey: RuleCodingKey("values"))
        case .memberOfFields(let field, let op, let others):
            try container.encode(field, forKey: RuleCodingKey("field"))
            try container.encode(op, forKey: RuleCodingKey("op"))
            try container.encode(others, forKey: RuleCodingKey("otherFields"))
        case .exists(let field):
            try container.encode(field, forKey: RuleCodingKey("field"))
            try container.encode("exists", forKey: RuleCodingKey("op"))
        case .missing(let field):
            try container.encode(field, forKey: RuleCodingKey("field"))
            try container.encode("missing", forKey: RuleCodingKey("op"))
        case .age(let field, let at, let op, let years):
            try container.encode(field, forKey: RuleCodingKey("age"))
            try container.encode(at, forKey: RuleCodingKey("at"))
            try container.encode(op, forKey: RuleCodingKey("op"))
            try container.encode(years, forKey: RuleCodingKey("years"))
        case .all(let conditions):
            try container.encode(conditions, forKey: RuleCodingKey("all"))
        case .any(let conditions):
            try container.encode(conditions, forKey: RuleCodingKey("any"))
        case .not(let condition):
            try container.encode(condition, forKey: RuleCodingKey("not"))
        }
    }

    /// Key names for a message, sorted and joined: `value and values`, `at, op and years`.
    private static func quoted(_ names: Set<String>) -> String {
        let sorted = names.sorted()
        guard sorted.count > 1 else { return sorted.first ?? "" }
        return sorted.dropLast().joined(separator: ", ") + " and " + sorted[sorted.count - 1]
    }
}
