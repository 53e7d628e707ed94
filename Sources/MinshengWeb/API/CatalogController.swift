import MinshengCore
import Vapor

/// `/api/v1/services`: the catalog, search, and whether the signed-in citizen may apply.
struct CatalogController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let services = routes.grouped("api", "v1", "services")
        services.get(use: index)
        services.get(":code", use: show)
        services.get(":code", "eligibility", use: eligibility)
        routes.get("api", "v1", "departments", use: departments)
    }

    struct ServiceSummaryDTO: Content {
        var code: String
        var name: LocalizedText
        var department: String
        var category: String
        var online: Bool
        var assurance: String
        var timeLimit: Int
        var fee: Double
        /// Materials the citizen does not have to provide because the platform already holds them.
        var materialsProvided: Int
        var materialsTotal: Int

        init(_ s: ServiceDefinition) {
            code = s.code
            name = s.name
            department = s.department.rawValue
            category = s.category
            online = s.online
            assurance = s.assurance.code
            timeLimit = s.timeLimit
            fee = s.fee.amount
            materialsProvided = s.materials.filter(\.providedByPlatform).count
            materialsTotal = s.materials.count
        }
    }

    func departments(req: Request) async throws -> Response {
        try jsonResponse(req.services.catalog.departments)
    }

    func index(req: Request) async throws -> [ServiceSummaryDTO] {
        let catalog = req.services.catalog
        var list = catalog.services
        if let q = req.query[String.self, at: "q"]?.trimmingCharacters(in: .whitespaces), !q.isEmpty {
            guard q.count <= 100 else { throw Problem.validation([FieldProblem(field: "q", reasonZh: "检索词过长", reasonEn: "the query is too long")]) }
            list = catalog.search(q)
        }
        if let raw = req.query[String.self, at: "department"] {
            guard let department = Department(rawValue: raw) else {
                throw Problem.validation([FieldProblem(field: "department", reasonZh: "未知部门", reasonEn: "unknown department")])
            }
            list = list.filter { $0.department == department }
        }
        return list.map(ServiceSummaryDTO.init)
    }

    static func service(_ req: Request) throws -> ServiceDefinition {
        guard let code = req.parameters.get("code"), let service = req.services.catalog.service(code: code) else {
            throw Problem(.notFound, slug: "service-not-found", zh: "未找到该事项", en: "No such service")
        }
        return service
    }

    func show(req: Request) async throws -> Response {
        try jsonResponse(try Self.service(req))
    }

    struct RuleResultDTO: Content {
        var id: String
        var outcome: String
        var blocking: Bool
        var reasonZh: String
        var reasonEn: String
    }

    struct EligibilityDTO: Content {
        var service: String
        var eligible: Bool
        var rules: [RuleResultDTO]
    }

    static func report(for service: ServiceDefinition, on req: Request) async throws -> EligibilityReport {
        let account = try await req.requireCitizen()
        let newPerson = RegistryPlanner.takesNewPerson(service)
        let facts = try await EligibilityFacts.build(account: account, newPerson: newPerson, on: req)
        return RuleEvaluator.evaluate(service.eligibility.filter { !Self.needsForm($0.when, newPerson: newPerson) }, facts: facts, today: .today())
    }

    /// Rules that read the application form are checked when the form is submitted, not in advance; so are rules about
    /// the person concerned and their parents when that person is named in the form (services registering someone new).
    static func needsForm(_ condition: Condition, newPerson: Bool = false) -> Bool {
        let named = newPerson ? ["form.", "subject.", "father.", "mother."] : ["form."]
        return condition.fields.contains { field in named.contains { field.hasPrefix($0) } }
    }

    func eligibility(req: Request) async throws -> EligibilityDTO {
        let service = try Self.service(req)
        let report = try await Self.report(for: service, on: req)
        return EligibilityDTO(service: service.code, eligible: report.isEligible, rules: report.results.map {
            RuleResultDTO(id: $0.ruleID, outcome: $0.outcome.code, blocking: $0.blocking, reasonZh: $0.reasonZh, reasonEn: $0.reasonEn)
        })
    }
}
