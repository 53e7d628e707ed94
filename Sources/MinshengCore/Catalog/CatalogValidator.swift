import Foundation

/// Checks service definitions beyond their shape: references between parts, vocabularies, both languages.
public enum CatalogValidator {
    /// The facts a rule may read, with their kinds. `subject.*` mirrors `applicant.*` for the person the application is about.
    public static let factTypes: [String: FactType] = {
        var types: [String: FactType] = [
            "household.kind": .string, "household.memberCount": .number, "household.isShenzhen": .bool,
            "father.ethnicity": .string, "mother.ethnicity": .string, "father.status": .string, "mother.status": .string,
            "account.level": .number, "applicant.residenceMonths": .number,
            "agency.wanted": .bool, "agency.underProsecution": .bool, "agency.servingSentence": .bool,
            "agency.deprivedOfPoliticalRights": .bool, "agency.criminalRecord": .bool, "agency.ownsHousingInShenzhen": .bool,
        ]
        for person in ["applicant", "subject"] {
            for (field, type) in [("status", FactType.string), ("statusReason", .string), ("gender", .string), ("birthDate", .date),
                                  ("ethnicity", .string), ("divisionCode", .string), ("isShenzhen", .bool), ("relation", .string),
                                  ("hasPhoto", .bool), ("name", .string)] {
                types["\(person).\(field)"] = type
            }
        }
        return types
    }()

    /// Effect kinds that take their new value from a form field.
    static let effectsNeedingValue: Set<EffectKind> = [.changeName, .setFormerNames, .changeGender, .changeEthnicity, .correctBirthDate, .correctBirthplace, .setField]

    /// Every problem in one service definition; `path` names where in the file.
    public static func validate(_ service: ServiceDefinition, fileName: String) -> [CatalogProblem] {
        var problems: [CatalogProblem] = []
        func problem(_ path: [String], _ reason: String) { problems.append(CatalogProblem(file: fileName, path: path, reason: reason)) }

        if service.code.range(of: #"^[A-Z]{2}-[0-9]{2}$"#, options: .regularExpression) == nil {
            problem(["code"], "code must look like HZ-01, got \(service.code)")
        }
        if fileName != "\(service.code).yaml" { problem(["code"], "the file must be named \(service.code).yaml") }
        checkText(service.name, ["name"], problem)
        checkText(service.summary, ["summary"], problem)
        if service.online {
            if service.channels.isEmpty || service.channels == [.counter] { problem(["channels"], "an online service needs an online channel") }
            if service.channels.contains(.system) { problem(["channels"], "system is the platform's own channel, not one a service offers") }
        } else if service.channels != [.counter] {
            problem(["channels"], "an offline service is offered at the counter only: channels: [counter]")
        }
        if !(0...60).contains(service.timeLimit) { problem(["timeLimit"], "time limit must be 0–60 working days, got \(service.timeLimit)") }
        if service.fee.amount < 0 { problem(["fee", "amount"], "a fee cannot be negative") }
        if service.steps == .intakeOnly, service.timeLimit > 5 { problem(["steps"], "an intake-only item is decided at the counter; its time limit should be 0–5 days") }
        if service.separation == false, service.changesRegistry {
            problem(["separation"], "a service that changes the registry separates duties: the officer who accepts cannot approve; remove separation: false")
        }

        var fieldNames = Set<String>()
        for (index, field) in service.form.enumerated() {
            let path = ["form", String(index)]
            if field.name.range(of: #"^[a-z][A-Za-z0-9]*$"#, options: .regularExpression) == nil { problem(path + ["name"], "field name must be lowerCamelCase letters and digits") }
            if !fieldNames.insert(field.name).inserted { problem(path + ["name"], "field \(field.name) is declared twice") }
            checkText(field.label, path + ["label"], problem)
            if field.type == .choice {
                let options = field.options ?? []
                if options.isEmpty { problem(path + ["options"], "a choice field needs options") }
                if Set(options.map(\.value)).count != options.count { problem(path + ["options"], "option values must be unique") }
                for (i, option) in options.enumerated() { checkText(option.label, path + ["options", String(i), "label"], problem) }
            } else if field.options != nil {
                problem(path + ["options"], "only choice fields have options")
            }
        }

        var materialIDs = Set<String>()
        for (index, material) in service.materials.enumerated() {
            let path = ["materials", String(index)]
            if !materialIDs.insert(material.id).inserted { problem(path + ["id"], "material id \(material.id) is used twice") }
            checkText(material.name, path + ["name"], problem)
            if material.sources.isEmpty { problem(path + ["sources"], "a material needs at least one source") }
            if Set(material.sources).count != material.sources.count { problem(path + ["sources"], "a source is listed twice") }
        }

        for (index, effect) in service.effects.enumerated() {
            let path = ["effects", String(index)]
            if let from = effect.from {
                let name = from.hasPrefix("form.") ? String(from.dropFirst(5)) : from
                if !fieldNames.contains(name) { problem(path + ["from"], "\(from) is not a field of this form") }
            } else if effectsNeedingValue.contains(effect.kind) {
                problem(path, "\(effect.kind.rawValue) needs `from: form.<field>`")
            }
            if effect.kind == .setField {
                guard let field = effect.field else { problem(path, "setField needs `field`"); continue }
                let name = field.hasPrefix("form.") ? String(field.dropFirst(5)) : field
                if !fieldNames.contains(name), !["education", "maritalStatus", "occupation"].contains(name) {
                    problem(path + ["field"], "\(field) is neither a form field nor a non-key registry field")
                }
            }
            if effect.kind == .cancel, CancellationReason(rawValue: effect.value ?? "") == nil {
                problem(path + ["value"], "cancel needs a reason: \(CancellationReason.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if service.online, service.effects.isEmpty { problem(["effects"], "list the registry effects, or `- { kind: none }`") }

        for message in RuleValidator.validate(service.eligibility, knownFields: Set(factTypes.keys), fieldTypes: factTypes, formFields: fieldNames) {
            let index = service.eligibility.firstIndex { message.contains("\"\($0.id)\"") }
            problem(["eligibility"] + (index.map { [String($0)] } ?? []), message)
        }
        return problems
    }

    /// Problems across files: duplicate codes, departments without a definition.
    public static func validateCatalog(_ services: [ServiceDefinition], departments: [DepartmentInfo]) -> [CatalogProblem] {
        var problems: [CatalogProblem] = []
        var seen = Set<String>()
        for service in services where !seen.insert(service.code).inserted {
            problems.append(CatalogProblem(file: "\(service.code).yaml", reason: "service code \(service.code) is defined twice"))
        }
        let listed = Set(departments.map(\.code))
        for department in Department.allCases where !listed.contains(department) {
            problems.append(CatalogProblem(file: "departments.yaml", reason: "department \(department.rawValue) is missing"))
        }
        for department in departments {
            if let entry = department.entry, entry.range(of: #"^/[a-z/-]+$"#, options: .regularExpression) == nil {
                problems.append(CatalogProblem(file: "departments.yaml", reason: "department \(department.code.rawValue): entry must be a path such as /tips"))
            }
        }
        for service in services {
            guard let department = departments.first(where: { $0.code == service.department }) else {
                problems.append(CatalogProblem(file: "\(service.code).yaml", reason: "department \(service.department.rawValue) is not in departments.yaml"))
                continue
            }
            if department.status == .live, !(department.categories ?? []).contains(where: { $0.code == service.category }) {
                problems.append(CatalogProblem(file: "\(service.code).yaml", path: ["category"],
                                               reason: "category \(service.category) is not listed under \(department.code.rawValue) in departments.yaml"))
            }
        }
        return problems
    }

    static func checkText(_ text: LocalizedText, _ path: [String], _ problem: ([String], String) -> Void) {
        if text.zh.trimmingCharacters(in: .whitespaces).isEmpty { problem(path + ["zh"], "Chinese text is empty") }
        if text.en.trimmingCharacters(in: .whitespaces).isEmpty { problem(path + ["en"], "English text is empty") }
    }
}
