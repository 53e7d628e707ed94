/// Checks one condition tree against a field vocabulary, for `RuleValidator`.
struct ConditionChecker {
    let knownFields: Set<String>?
    let fieldTypes: [String: FactType]
    let formFields: Set<String>

    /// Problems in `condition`, each prefixed with where it is (`when.all[1].not`).
    func problems(in condition: Condition, at location: String) -> [String] {
        var found: [String] = []
        func report(_ message: String) { found.append("\(location): \(message)") }
        switch condition {
        case .compare(let field, let op, let value):
            found += fieldProblems(field, at: location)
            if op.needsOrder, !value.type.isOrdered {
                report("op \(op.rawValue) cannot order \(value.type.phrase); only numbers and dates have an order")
            }
            if let type = fieldTypes[field], type != value.type {
                report("\(field) is \(type.phrase) but the value is \(value.type.phrase)")
            }
        case .compareFields(let field, let op, let other):
            found += fieldProblems(field, at: location) + fieldProblems(other, at: location)
            if field == other {
                report("\(field) is compared with itself")
            }
            let types = [fieldTypes[field], fieldTypes[other]]
            if let type = types[0], let otherType = types[1], type != otherType {
                report("\(field) is \(type.phrase) but \(other) is \(otherType.phrase)")
            }
            if op.needsOrder, let unordered = types.compactMap({ $0 }).first(where: { !$0.isOrdered }) {
                report("op \(op.rawValue) cannot order \(unordered.phrase); only numbers and dates have an order")
            }
        case .member(let field, let op, let values):
            found += fieldProblems(field, at: location)
            if values.isEmpty {
                report("op \(op.rawValue) on \(field) has no values")
            }
            if let type = fieldTypes[field] {
                let others = Set(values.map(\.type)).subtracting([type]).map(\.phrase).sorted()
                if !others.isEmpty {
                    report("\(field) is \(type.phrase) but the values include \(others.joined(separator: ", "))")
                }
            }
        case .memberOfFields(let field, let op, let others):
            found += fieldProblems(field, at: location) + others.flatMap { fieldProblems($0, at: location) }
            if others.isEmpty {
                report("op \(op.rawValue) on \(field) has no otherFields")
            }
            if let type = fieldTypes[field] {
                for other in others {
                    if let otherType = fieldTypes[other], otherType != type {
                        report("\(field) is \(type.phrase) but \(other) is \(otherType.phrase)")
                    }
                }
            }
        case .exists(let field), .missing(let field):
            found += fieldProblems(field, at: location)
        case .age(let field, let at, _, let years):
            found += fieldProblems(field, at: location)
            if let type = fieldTypes[field], type != .date {
                report("age is taken from \(field), which is \(type.phrase), not a date")
            }
            if case .field(let path) = at {
                found += fieldProblems(path, at: location)
                if let type = fieldTypes[path], type != .date {
                    report("age is taken at \(path), which is \(type.phrase), not a date")
                }
            }
            if !(0...150).contains(years) {
                report("years is \(years); an age is 0–150 years")
            }
        case .all(let conditions), .any(let conditions):
            let kind = if case .all = condition { "all" } else { "any" }
            if conditions.isEmpty {
                report("\(kind) has no conditions")
            }
            for (index, inner) in conditions.enumerated() {
                found += problems(in: inner, at: "\(location).\(kind)[\(index)]")
            }
        case .not(let inner):
            found += problems(in: inner, at: "\(location).not")
        }
        return found
    }

    /// Problems with one path: its form, and whether the vocabulary knows it.
    func fieldProblems(_ path: String, at location: String) -> [String] {
        let segments = path.split(separator: ".", omittingEmptySubsequences: false)
        let wellFormed = segments.count >= 2 && segments.allSatisfy { segment in
            !segment.isEmpty && segment.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        }
        guard wellFormed else {
            return ["\(location): \"\(path)\" is not a dotted field path such as applicant.birthDate"]
        }
        guard let knownFields, !knownFields.contains(path), fieldTypes[path] == nil else { return [] }
        if path.hasPrefix("form.") {
            let name = String(path.dropFirst("form.".count))
            if formFields.contains(name) || formFields.contains(path) { return [] }
            return ["\(location): \(path) is not a field of the service's form"]
        }
        return ["\(location): unknown field \(path)"]
    }
}
