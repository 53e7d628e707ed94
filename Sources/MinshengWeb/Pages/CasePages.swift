import MinshengCore
import MinshengStore
import Vapor

/// The pages of case information: a party follows a case with its number and query code (`/cases`, the code only in
/// POST bodies) and subscribes when signed in; officers list, file and move on their unit's cases (`/officer/cases`).
struct CasePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("cases", use: form)
        routes.post("cases", use: follow)
        routes.post("cases", "subscribe", use: subscribe)
        routes.get("officer", "cases", use: list)
        routes.post("officer", "cases", use: file)
        routes.get("officer", "cases", ":caseID", use: show)
        routes.post("officer", "cases", ":caseID", "advance", use: advance)
    }

    struct Step: Encodable, Sendable {
        var name: String
        var on: String
        var note: String?
        var current: Bool
    }

    struct FollowBody: Encodable, Sendable {
        var found: Bool
        var caseNumber: String
        var queryCode: String
        var cause: String
        var unit: String
        var stage: String
        var partyNote: String
        var role: String
        var subscribed: Bool
        var signedIn: Bool
        var steps: [Step]
    }

    static func empty(number: String = "", code: String = "") -> FollowBody {
        FollowBody(found: false, caseNumber: number, queryCode: code, cause: "", unit: "", stage: "", partyNote: "", role: "", subscribed: false, signedIn: false, steps: [])
    }

    func form(req: Request) async throws -> Response {
        try await req.page("cases", titleKey: "cases_title", body: Self.empty())
    }

    struct CodeForm: Content {
        var caseNumber: String?
        var queryCode: String?
    }

    func render(_ req: Request, _ view: CaseDesk.PartyView, code: String, notice: String? = nil) async throws -> Response {
        let dto = try await CaseController.dto(view, on: req)
        let lang = req.language.rawValue
        let signedIn = (try? await req.currentCitizen()) != nil
        let steps = dto.steps.enumerated().map { i, s in Step(name: s.name.text(lang), on: s.on, note: s.note, current: i == dto.steps.count - 1) }
        return try await req.page("cases", titleKey: "cases_title", body: FollowBody(
            found: true, caseNumber: dto.caseNumber, queryCode: code, cause: dto.cause, unit: dto.unit, stage: dto.stageName.text(lang), partyNote: dto.partyNote.text(lang),
            role: view.role.name.text(lang), subscribed: dto.subscribed, signedIn: signedIn, steps: steps), notice: notice)
    }

    /// A refusal shown on the form, with what was typed kept.
    func again(_ req: Request, _ problem: Problem, form: CodeForm) async throws -> Response {
        let errors = problem.errors ?? [FieldProblem(field: "caseNumber", reasonZh: problem.titleZh, reasonEn: problem.title)]
        return try await req.page("cases", titleKey: "cases_title", body: Self.empty(number: form.caseNumber ?? "", code: ""), errors: errors, status: problem.httpStatus)
    }

    func follow(req: Request) async throws -> Response {
        try req.checkCSRF()
        let form = (try? req.content.decode(CodeForm.self)) ?? CodeForm()
        do {
            let view = try await CaseController.follow(number: form.caseNumber ?? "", code: form.queryCode ?? "", on: req)
            return try await render(req, view, code: form.queryCode ?? "")
        } catch let problem as Problem {
            return try await again(req, problem, form: form)
        }
    }

    func subscribe(req: Request) async throws -> Response {
        try req.checkCSRF()
        let form = (try? req.content.decode(CodeForm.self)) ?? CodeForm()
        do {
            let view = try await CaseController.subscribe(number: form.caseNumber ?? "", code: form.queryCode ?? "", on: req)
            return try await render(req, view, code: form.queryCode ?? "", notice: req.language.strings()["case_subscribed"])
        } catch let problem as Problem {
            return try await again(req, problem, form: form)
        }
    }

    // MARK: officers

    struct Row: Encodable, Sendable {
        var id: String
        var number: String
        var cause: String
        var stage: String
        var reportedOn: String
    }

    struct ListBody: Encodable, Sendable {
        var rows: [Row]
        var roles: [Option]
        var codes: [CodeLine]
        var filedNumber: String?
        /// The party rows of the new-case form.
        var slots: [Int] = [1, 2]
    }

    struct Option: Encodable, Sendable {
        var value: String
        var label: String
    }

    struct CodeLine: Encodable, Sendable {
        var role: String
        var name: String
        var code: String
    }

    func listBody(_ req: Request, officer: Officer, filed: CaseDesk.Filed? = nil) async throws -> ListBody {
        let lang = req.language.rawValue
        let stages = req.services.caseStages
        let rows = try await CaseController.desk(req).cases(unitCode: CaseController.unitScope(officer), on: req.db).map {
            Row(id: $0.id.uuidString.lowercased(), number: $0.number, cause: $0.cause, stage: stages[$0.stage]?.name.text(lang) ?? $0.stage.rawValue, reportedOn: $0.reportedOn.description)
        }
        return ListBody(rows: rows, roles: CasePartyRole.allCases.map { Option(value: $0.rawValue, label: $0.name.text(lang)) },
                        codes: filed?.codes.map { CodeLine(role: $0.role.name.text(lang), name: $0.name, code: $0.code) } ?? [], filedNumber: filed?.number)
    }

    func list(req: Request) async throws -> Response {
        let officer = try await req.requireOfficer(anyOf: OfficerRole.casework)
        return try await req.page("officer-cases", titleKey: "officer_cases_title", body: try await listBody(req, officer: officer))
    }

    struct FileForm: Content {
        var cause: String?
        var reportedOn: String?
        var role: [String]?
        var name: [String]?
    }

    /// Files a case from the counter form; the receipt with each party's query code is shown once.
    func file(req: Request) async throws -> Response {
        let officer = try await req.requireOfficer(anyOf: OfficerRole.casework)
        try req.checkCSRF()
        let form = (try? req.content.decode(FileForm.self)) ?? FileForm()
        let names = form.name ?? [], roles = form.role ?? []
        let parties = zip(roles, names).filter { !$0.1.trimmingCharacters(in: .whitespaces).isEmpty }.map { CaseController.PartyBody(role: $0.0, name: $0.1) }
        do {
            let filed = try await CaseController.file(cause: form.cause ?? "", reportedOn: form.reportedOn, parties: parties, officer: officer, on: req)
            return try await req.page("officer-cases", titleKey: "officer_cases_title", body: try await listBody(req, officer: officer, filed: filed), status: .created)
        } catch let problem as Problem {
            // The summary's links go to the form's inputs: parties.N.* is the N+1th name field.
            let errors = (problem.errors ?? [FieldProblem(field: "cause", reasonZh: problem.titleZh, reasonEn: problem.title)]).map { e -> FieldProblem in
                var e = e
                if e.field.hasPrefix("parties") {
                    let n = e.field.split(separator: ".").dropFirst().first.flatMap { Int($0) } ?? 0
                    e.field = "name-\(n + 1)"
                } else if e.field != "cause" && e.field != "reportedOn" {
                    e.field = "cause"
                }
                return e
            }
            return try await req.page("officer-cases", titleKey: "officer_cases_title", body: try await listBody(req, officer: officer),
                                      errors: errors, status: problem.httpStatus)
        }
    }

    struct OfficerStep: Encodable, Sendable {
        var name: String
        var on: String
        var publicNote: String?
        var internalNote: String?
        var actor: String
    }

    struct CaseBody: Encodable, Sendable {
        var id: String
        var number: String
        var cause: String
        var stage: String
        var version: Int
        var next: [Option]
        var steps: [OfficerStep]
        var parties: [Option]
    }

    func render(_ req: Request, _ v: CaseDesk.OfficerView, notice: String? = nil, errors: [FieldProblem] = [], status: HTTPResponseStatus = .ok) async throws -> Response {
        let lang = req.language.rawValue
        let stages = req.services.caseStages
        func name(_ s: CaseStage) -> String { stages[s]?.name.text(lang) ?? s.rawValue }
        let body = CaseBody(
            id: v.summary.id.uuidString.lowercased(), number: v.summary.number, cause: v.summary.cause, stage: name(v.summary.stage), version: v.version,
            next: (stages[v.summary.stage]?.next ?? []).map { Option(value: $0.rawValue, label: name($0) + (stages[$0]?.noteRequired == true ? (lang == "en" ? " (reason required)" : "（须写明理由）") : "")) },
            steps: v.steps.map { OfficerStep(name: name($0.stage), on: $0.on.description, publicNote: $0.publicNote, internalNote: $0.internalNote, actor: $0.actor) },
            parties: v.parties.map { Option(value: $0.subscribed ? (lang == "en" ? "subscribed" : "已订阅") : "", label: "\($0.role.name.text(lang)) \($0.maskedName)") })
        return try await req.page("officer-case", titleKey: "officer_case_title", body: body, notice: notice, errors: errors, status: status)
    }

    func show(req: Request) async throws -> Response {
        let officer = try await req.requireOfficer(anyOf: OfficerRole.casework)
        let id = try OfficerController.uuidParameter("caseID", req)
        let view = try await CaseController.map { try await CaseController.desk(req).officerView(id: id, unitCode: CaseController.unitScope(officer), actor: officer.principal, on: req.db) }
        return try await render(req, view)
    }

    struct AdvanceForm: Content {
        var stage: String?
        var on: String?
        var publicNote: String?
        var internalNote: String?
        var version: Int?
    }

    func advance(req: Request) async throws -> Response {
        let officer = try await req.requireOfficer(anyOf: OfficerRole.casework)
        try req.checkCSRF()
        let id = try OfficerController.uuidParameter("caseID", req)
        let form = (try? req.content.decode(AdvanceForm.self)) ?? AdvanceForm()
        do {
            guard let version = form.version else {
                throw Problem.validation([FieldProblem(field: "stage", reasonZh: "页面已过期，请刷新后重试", reasonEn: "The page is out of date; reload it and try again")])
            }
            let view = try await CaseController.advance(id: id, stage: form.stage ?? "", on: form.on, publicNote: form.publicNote, internalNote: form.internalNote,
                                                        version: version, officer: officer, req: req)
            return try await render(req, view, notice: req.language.strings()["case_updated"])
        } catch let problem as Problem where problem.httpStatus != .notFound {
            let view = try await CaseController.map { try await CaseController.desk(req).officerView(id: id, unitCode: CaseController.unitScope(officer), actor: officer.principal, on: req.db) }
            return try await render(req, view, errors: problem.errors ?? [FieldProblem(field: "stage", reasonZh: problem.titleZh, reasonEn: problem.title)], status: problem.httpStatus)
        }
    }
}
