import MinshengCore
import MinshengStore
import Vapor

/// Case information (案件信息公开): a party follows a case with its number and their query code, and may subscribe
/// to its changes when signed in; officers file cases, see their unit's and move them on.
struct CaseController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let v1 = routes.grouped("api", "v1")
        v1.post("cases", "follow", use: follow)
        v1.post("me", "case-subscriptions", use: subscribe)
        v1.get("me", "cases", use: mine)
        v1.get("officer", "cases", use: list)
        v1.post("officer", "cases", use: file)
        v1.get("officer", "cases", ":caseID", use: show)
        v1.post("officer", "cases", ":caseID", "events", use: advance)
    }

    static func desk(_ req: Request) -> CaseDesk { CaseDesk(cipher: req.services.cipher, stages: req.services.caseStages) }

    struct StepDTO: Content {
        var stage: String
        var name: LocalizedText
        var on: String
        var note: String?
        var partyNote: LocalizedText?
    }

    struct PartyCaseDTO: Content {
        var caseNumber: String
        var cause: String
        var unit: String
        var stage: String
        var stageName: LocalizedText
        var partyNote: LocalizedText
        var reportedOn: String
        var role: String
        var subscribed: Bool
        var steps: [StepDTO]
    }

    static func dto(_ v: CaseDesk.PartyView, on req: Request) async throws -> PartyCaseDTO {
        let stages = req.services.caseStages
        let unit = try await req.services.officers.unit(code: v.unitCode, on: req.db)
        let last = v.steps.indices.last
        return PartyCaseDTO(
            caseNumber: v.number, cause: v.cause, unit: unit.map { req.language == .en ? $0.nameEn : $0.nameZh } ?? v.unitCode, stage: v.stage.rawValue,
            stageName: stages[v.stage]?.name ?? LocalizedText(zh: v.stage.rawValue, en: v.stage.rawValue),
            partyNote: stages[v.stage]?.partyNote ?? LocalizedText(zh: "", en: ""), reportedOn: v.reportedOn.description, role: v.role.rawValue,
            subscribed: v.subscribed,
            steps: v.steps.enumerated().map { i, s in
                StepDTO(stage: s.stage.rawValue, name: stages[s.stage]?.name ?? LocalizedText(zh: s.stage.rawValue, en: s.stage.rawValue), on: s.on.description,
                        note: s.note, partyNote: i == last ? stages[s.stage]?.partyNote : nil)
            })
    }

    struct CodeBody: StrictBody, Content {
        static let fields: Set<String> = ["caseNumber", "queryCode"]
        var caseNumber: String
        var queryCode: String
    }

    static let notFound = Problem(.notFound, slug: "case-not-found", zh: "案件编号或查询码不正确，请核对受案回执", en: "The case number or query code is wrong; check your receipt")

    /// Follows a case; lookups from one address are limited per hour (nothing about the address is stored).
    static func follow(number: String, code: String, on req: Request) async throws -> CaseDesk.PartyView {
        if let wait = await req.services.caseThrottle.take(req.clientAddress) {
            throw Problem(.tooManyRequests, slug: "cases-rate", zh: "查询过于频繁，请 \(wait / 60 + 1) 分钟后再试", en: "Too many look-ups from here; try again in \(wait / 60 + 1) minutes",
                          retryAfter: wait)
        }
        guard CaseCode.caseNumber(number) != nil else {
            throw Problem.validation([FieldProblem(field: "caseNumber", reasonZh: "案件编号以 A 开头，后接数字，见受案回执", reasonEn: "A case number starts with A followed by digits; see your receipt")])
        }
        guard CaseCode.queryCode(code) != nil else {
            throw Problem.validation([FieldProblem(field: "queryCode", reasonZh: "查询码为 8 位字母数字", reasonEn: "The query code has 8 letters and digits")])
        }
        guard let view = try await desk(req).follow(number: number, code: code, on: req.db) else { throw notFound }
        return view
    }

    func follow(req: Request) async throws -> PartyCaseDTO {
        let body = try req.strictBody(CodeBody.self)
        return try await Self.dto(try await Self.follow(number: body.caseNumber, code: body.queryCode, on: req), on: req)
    }

    static func subscribe(number: String, code: String, on req: Request) async throws -> CaseDesk.PartyView {
        let account = try await req.requireCitizen()
        _ = try await follow(number: number, code: code, on: req)
        guard let view = try await map({ try await desk(req).subscribe(number: number, code: code, accountID: account.id, on: req.db) }) else { throw notFound }
        return view
    }

    func subscribe(req: Request) async throws -> PartyCaseDTO {
        let body = try req.strictBody(CodeBody.self)
        return try await Self.dto(try await Self.subscribe(number: body.caseNumber, code: body.queryCode, on: req), on: req)
    }

    func mine(req: Request) async throws -> [PartyCaseDTO] {
        let account = try await req.requireCitizen()
        var out: [PartyCaseDTO] = []
        for view in try await Self.desk(req).subscriptions(accountID: account.id, on: req.db) { out.append(try await Self.dto(view, on: req)) }
        return out
    }

    // MARK: officers

    struct SummaryDTO: Content {
        var id: UUID
        var caseNumber: String
        var cause: String
        var unit: String
        var stage: String
        var reportedOn: String
    }

    static func unitScope(_ officer: Officer) -> String? { officer.roles.contains(.admin) ? nil : officer.unit.code }

    func list(req: Request) async throws -> [SummaryDTO] {
        let officer = try await req.requireOfficer(anyOf: OfficerRole.casework)
        return try await Self.desk(req).cases(unitCode: Self.unitScope(officer), on: req.db).map {
            SummaryDTO(id: $0.id, caseNumber: $0.number, cause: $0.cause, unit: $0.unitCode, stage: $0.stage.rawValue, reportedOn: $0.reportedOn.description)
        }
    }

    struct PartyBody: Codable, Sendable {
        var role: String
        var name: String
    }

    struct FileBody: StrictBody, Content {
        static let fields: Set<String> = ["cause", "reportedOn", "parties"]
        var cause: String
        var reportedOn: String?
        var parties: [PartyBody]
    }

    struct FiledDTO: Content {
        struct Code: Content {
            var role: String
            var name: String
            var queryCode: String
        }
        var id: UUID
        var caseNumber: String
        var codes: [Code]
    }

    /// Files a case reported at the officer's unit; each party's query code is in the answer only.
    static func file(cause: String, reportedOn: String?, parties: [PartyBody], officer: Officer, on req: Request) async throws -> CaseDesk.Filed {
        var problems: [FieldProblem] = []
        var newParties: [CaseDesk.NewParty] = []
        for (i, p) in parties.enumerated() {
            guard let role = CasePartyRole(rawValue: p.role) else {
                problems.append(FieldProblem(field: "parties.\(i).role", reasonZh: "当事人身份须为 reporter、victim、complainant 或 agent",
                                             reasonEn: "role must be reporter, victim, complainant or agent"))
                continue
            }
            newParties.append(.init(role: role, name: p.name))
        }
        let day: CivilDate
        if let text = reportedOn, !text.isEmpty {
            guard let parsed = CivilDate(iso: text), parsed <= .today() else {
                throw Problem.validation([FieldProblem(field: "reportedOn", reasonZh: "受案日期须为今天或以前的日期（YYYY-MM-DD）", reasonEn: "reportedOn must be a date (YYYY-MM-DD), today or earlier")])
            }
            day = parsed
        } else {
            day = .today()
        }
        guard problems.isEmpty else { throw Problem.validation(problems) }
        let new = CaseDesk.NewCase(cause: cause, unitCode: officer.unit.code, divisionCode: officer.unit.jurisdiction.divisionCodes.first.map { String($0.prefix(6)) } ?? "440300",
                                   reportedOn: day, source: "counter", parties: newParties)
        let desk = desk(req)
        let found = desk.problems(new)
        guard found.isEmpty else {
            throw Problem.validation(found.map { FieldProblem(field: String($0.prefix { $0 != ":" }), reasonZh: $0, reasonEn: $0) })
        }
        return try await map { try await desk.file(new, actor: officer.principal, on: req.db) }
    }

    func file(req: Request) async throws -> Response {
        let officer = try await req.requireOfficer(anyOf: OfficerRole.casework)
        let body = try req.strictBody(FileBody.self)
        let filed = try await Self.file(cause: body.cause, reportedOn: body.reportedOn, parties: body.parties, officer: officer, on: req)
        let dto = FiledDTO(id: filed.id, caseNumber: filed.number, codes: filed.codes.map { .init(role: $0.role.rawValue, name: $0.name, queryCode: $0.code) })
        return try await dto.encodeResponse(status: .created, for: req)
    }

    struct OfficerStepDTO: Content {
        var stage: String
        var on: String
        var publicNote: String?
        var internalNote: String?
        var actor: String
    }

    struct OfficerCaseDTO: Content {
        struct Party: Content {
            var role: String
            var name: String
            var subscribed: Bool
        }
        var id: UUID
        var caseNumber: String
        var cause: String
        var unit: String
        var stage: String
        var version: Int
        var next: [String]
        var steps: [OfficerStepDTO]
        var parties: [Party]
    }

    static func dto(_ v: CaseDesk.OfficerView, stages: CaseStages) -> OfficerCaseDTO {
        OfficerCaseDTO(id: v.summary.id, caseNumber: v.summary.number, cause: v.summary.cause, unit: v.summary.unitCode, stage: v.summary.stage.rawValue, version: v.version,
                       next: (stages[v.summary.stage]?.next ?? []).map(\.rawValue),
                       steps: v.steps.map { OfficerStepDTO(stage: $0.stage.rawValue, on: $0.on.description, publicNote: $0.publicNote, internalNote: $0.internalNote, actor: $0.actor) },
                       parties: v.parties.map { .init(role: $0.role.rawValue, name: $0.maskedName, subscribed: $0.subscribed) })
    }

    /// Maps the desk's refusals to problems.
    static func map<T>(_ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch CaseError.notFound {
            throw Problem(.notFound, slug: "case-not-found", zh: "未找到该案件", en: "No such case")
        } catch CaseError.transitionNotAllowed(let from, let to) {
            throw Problem(.conflict, slug: "case-stage", zh: "案件不能从“\(from.rawValue)”转为“\(to.rawValue)”", en: "A case cannot go from \(from.rawValue) to \(to.rawValue)")
        } catch CaseError.noteRequired(let stage) {
            throw Problem.validation([FieldProblem(field: "publicNote", reasonZh: "“\(stage.rawValue)”须写明告知当事人的理由", reasonEn: "\(stage.rawValue) needs the reason the parties are told")])
        } catch CaseError.concurrentChange {
            throw Problem(.conflict, slug: "concurrent-change", zh: "案件已被他人更新，请刷新", en: "Someone else updated this case; reload it")
        } catch CaseError.duplicateNumber(let number) {
            throw Problem(.conflict, slug: "case-exists", zh: "案件编号 \(number) 已存在", en: "Case \(number) already exists")
        } catch CaseError.subscribedElsewhere {
            throw Problem(.conflict, slug: "case-subscribed-elsewhere", zh: "该当事人的进度提醒已由另一账户订阅；如需变更，请持受案回执到办案单位办理",
                          en: "Another account already follows this party's record; to change it, bring your receipt to the station handling the case")
        } catch CaseError.invalid(let reason) {
            throw Problem.validation([FieldProblem(field: "case", reasonZh: reason, reasonEn: reason)])
        }
    }

    func show(req: Request) async throws -> OfficerCaseDTO {
        let officer = try await req.requireOfficer(anyOf: OfficerRole.casework)
        let id = try OfficerController.uuidParameter("caseID", req)
        let view = try await Self.map { try await Self.desk(req).officerView(id: id, unitCode: Self.unitScope(officer), actor: officer.principal, on: req.db) }
        return Self.dto(view, stages: req.services.caseStages)
    }

    struct AdvanceBody: StrictBody, Content {
        static let fields: Set<String> = ["stage", "on", "publicNote", "internalNote", "version"]
        var stage: String
        var on: String?
        var publicNote: String?
        var internalNote: String?
        /// The version the officer saw (from the case's view): required, so a stale view cannot move the case.
        var version: Int
    }

    static func advance(id: UUID, stage raw: String, on dayText: String?, publicNote: String?, internalNote: String?, version: Int, officer: Officer,
                        req: Request) async throws -> CaseDesk.OfficerView {
        guard let stage = CaseStage(rawValue: raw) else {
            throw Problem.validation([FieldProblem(field: "stage", reasonZh: "未知环节", reasonEn: "stage must be one of \(CaseStage.allCases.map(\.rawValue).joined(separator: ", "))")])
        }
        var day = CivilDate.today()
        if let dayText, !dayText.isEmpty {
            guard let parsed = CivilDate(iso: dayText), parsed <= .today() else {
                throw Problem.validation([FieldProblem(field: "on", reasonZh: "日期须为今天或以前（YYYY-MM-DD）", reasonEn: "on must be a date (YYYY-MM-DD), today or earlier")])
            }
            day = parsed
        }
        return try await map {
            try await desk(req).advance(id: id, to: stage, on: day, publicNote: publicNote, internalNote: internalNote, unitCode: unitScope(officer),
                                        expectedVersion: version, actor: officer.principal, on: req.db)
        }
    }

    func advance(req: Request) async throws -> OfficerCaseDTO {
        let officer = try await req.requireOfficer(anyOf: OfficerRole.casework)
        let id = try OfficerController.uuidParameter("caseID", req)
        let body = try req.strictBody(AdvanceBody.self)
        let view = try await Self.advance(id: id, stage: body.stage, on: body.on, publicNote: body.publicNote, internalNote: body.internalNote, version: body.version,
                                          officer: officer, req: req)
        return Self.dto(view, stages: req.services.caseStages)
    }
}
