import MinshengCore
import Vapor

/// The catalog's pages: departments on the home page, services by category with search, one service with its conditions.
struct ServicePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("services", use: index)
        routes.get("services", ":code", use: show)
    }

    struct ServiceRow: Encodable, Sendable {
        var code: String
        var name: String
        var summary: String
        var online: Bool
        var timeLimit: Int
        var provided: Int
    }

    struct CategoryGroup: Encodable, Sendable {
        var code: String
        var name: String
        var services: [ServiceRow]
    }

    struct IndexBody: Encodable, Sendable {
        var query: String
        var department: String
        var departmentName: String
        var groups: [CategoryGroup]
        var results: [ServiceRow]?
        var searched: Bool
    }

    static func row(_ s: ServiceDefinition, _ lang: String) -> ServiceRow {
        ServiceRow(code: s.code, name: s.name.text(lang), summary: s.summary.text(lang), online: s.online, timeLimit: s.timeLimit,
                   provided: s.materials.filter(\.providedByPlatform).count)
    }

    func index(req: Request) async throws -> Response {
        let catalog = req.services.catalog
        let lang = req.language.rawValue
        let department = Department(rawValue: req.query[String.self, at: "department"] ?? "hukou") ?? .hukou
        let info = catalog.departments.first { $0.code == department }
        let query = String((req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
        let groups = (info?.categories ?? []).map { category in
            CategoryGroup(code: category.code, name: category.name.text(lang),
                          services: catalog.services(in: department).filter { $0.category == category.code }.map { Self.row($0, lang) })
        }.filter { !$0.services.isEmpty }
        let results = query.isEmpty ? nil : catalog.search(query).map { Self.row($0, lang) }
        return try await req.page("services", titleKey: "services_title", body: IndexBody(
            query: query, department: department.rawValue, departmentName: info?.name.text(lang) ?? department.rawValue,
            groups: groups, results: results, searched: !query.isEmpty))
    }

    struct MaterialRow: Encodable, Sendable {
        var name: String
        var required: Bool
        var provided: Bool
        var sources: String
    }

    struct RuleRow: Encodable, Sendable {
        var reason: String
        var outcome: String
        var blocking: Bool
    }

    struct DetailBody: Encodable, Sendable {
        var code: String
        var name: String
        var summary: String
        var online: Bool
        var assurance: String
        var timeLimit: Int
        var fee: String
        var steps: [String]
        var conditions: [String]
        var materials: [MaterialRow]
        var provided: Int
        var signedIn: Bool
        var checked: Bool
        var eligible: Bool
        var results: [RuleRow]
        var levelTooLow: Bool
        /// For services handled in person: the units that take appointments.
        var units: [OptionView]
    }

    struct OptionView: Encodable, Sendable {
        var value: String
        var label: String
    }

    func show(req: Request) async throws -> Response {
        let service = try CatalogController.service(req)
        let lang = req.language.rawValue
        let zh = lang != "en"
        let t = req.language.strings()
        let steps: [String] = switch service.steps {
        case .full: [t["step_intake"]!, t["step_review"]!, t["step_approval"]!]
        case .intakeAndApproval: [t["step_intake"]!, t["step_approval"]!]
        case .intakeOnly: [t["step_on_the_spot"]!]
        }
        func sourceNames(_ sources: [MaterialSource]) -> String {
            sources.map { source in
                switch source {
                case .registry: zh ? "平台已有" : "held by the platform"
                case .eCertificate: zh ? "电子证照" : "e-certificate"
                case .vault: zh ? "我的材料库" : "my materials"
                case .upload: zh ? "上传" : "upload"
                }
            }.joined(separator: zh ? "、" : ", ")
        }
        var body = DetailBody(
            code: service.code, name: service.name.text(lang), summary: service.summary.text(lang), online: service.online,
            assurance: service.assurance.code, timeLimit: service.timeLimit,
            fee: service.fee.amount == 0 ? (t["free"] ?? "") : String(format: zh ? "%.0f 元" : "¥%.0f", service.fee.amount)
                + (service.fee.note.map { "（\($0.text(lang))）" } ?? ""),
            steps: steps,
            conditions: service.eligibility.map { zh ? $0.reasonZh : $0.reasonEn },
            materials: service.materials.map { MaterialRow(name: $0.name.text(lang), required: $0.required, provided: $0.providedByPlatform, sources: sourceNames($0.sources)) },
            provided: service.materials.filter(\.providedByPlatform).count,
            signedIn: false, checked: false, eligible: false, results: [], levelTooLow: false, units: []
        )
        if !service.online {
            body.units = try await req.services.officers.units(on: req.db).map { OptionView(value: $0.code, label: zh ? $0.nameZh : $0.nameEn) }
        }
        if let account = try await req.currentCitizen() {
            body.signedIn = true
            body.levelTooLow = account.level < service.assurance
            if account.residentID != nil {
                let report = try await CatalogController.report(for: service, on: req)
                body.checked = true
                body.eligible = report.isEligible
                body.results = report.results.map {
                    RuleRow(reason: zh ? $0.reasonZh : $0.reasonEn, outcome: $0.outcome.code, blocking: $0.blocking)
                }
            }
        }
        return try await req.page("service", titleKey: service.name.text(lang), body: body)
    }
}
