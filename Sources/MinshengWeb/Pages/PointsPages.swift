import MinshengCore
import MinshengStore
import Vapor

/// The points pages: the simulator and application (`/points`, 积分入户测评), the public list with its check
/// (`/points/lists/YEAR`), and the officers' queue, evidence and batch (`/officer/points`).
struct PointsPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("points", use: simulator)
        routes.post("points", "apply", use: apply)
        routes.post("points", "applications", ":applicationID", "supplement", use: supplement)
        routes.post("points", "applications", ":applicationID", "objection", use: object)
        routes.get("points", "lists", ":year", use: list)
        routes.grouped(RequestGate(maxBytes: "16mb", throttle: { $0.publicUploadThrottle })).on(.POST, "points", "lists", ":year", "verify", body: .collect(maxSize: "16mb"), use: verify)
        routes.get("officer", "points", use: officerQueue)
        routes.get("officer", "points", ":applicationID", use: officerEvidence)
        routes.post("officer", "points", ":applicationID", "action", use: officerAction)
        routes.post("officer", "points", "batches", ":year", use: officerBatch)
        routes.post("officer", "points", "batches", ":year", "finalize", use: officerFinalize)
    }

    // MARK: views

    struct Row: Encodable, Sendable {
        var name: String
        var met: Bool
        var text: String
        var sources: [String]
    }

    struct ItemRow: Encodable, Sendable {
        var name: String
        var quantity: Int
        var rate: String
        var points: String
        var counted: Bool
        var note: String?
        var sources: [String]
    }

    struct AssessmentView: Encodable, Sendable {
        var year: Int
        var deadline: String
        var eligible: Bool
        var total: String
        var conditions: [Row]
        var items: [ItemRow]
        var deductions: [ItemRow]
        var eligibleFrom: String
    }

    static func view(_ a: PointsAssessment, from: EligibleFrom?, lang: String) -> AssessmentView {
        func item(_ i: PointsAssessment.Item) -> ItemRow {
            ItemRow(name: i.id.name.text(lang), quantity: i.quantity, rate: i.rate.description, points: i.points.description, counted: i.counted,
                    note: i.note?.text(lang), sources: i.sources)
        }
        let fromText: String
        switch from {
        case .now?: fromText = lang == "en" ? "You meet every condition for the \(a.year) batch." : "您已符合 \(a.year) 年度全部基本条件。"
        case .year(let y, let deadline)?: fromText = lang == "en" ? "If your housing and insurance carry on, you will meet them for the \(y) batch (counted to \(deadline))." : "如住房和参保持续，您将在 \(y) 年度（计算至 \(deadline)）符合条件。"
        case .never(let why)?: fromText = why.text(lang)
        case nil: fromText = ""
        }
        return AssessmentView(year: a.year, deadline: a.deadline.description, eligible: a.eligible, total: a.total.description,
                              conditions: a.conditions.map { Row(name: $0.id.name.text(lang), met: $0.met, text: $0.reason.text(lang), sources: $0.sources) },
                              items: a.items.map(item), deductions: a.deductions.map(item), eligibleFrom: fromText)
    }

    struct ApplicationView: Encodable, Sendable {
        var id: String
        var reference: String
        var year: Int
        var state: String
        var stateName: String
        var total: String
        var rank: Int?
        var admitted: Bool?
        var permission: String?
        var supplementItems: [String]
        var canObject: Bool
    }

    struct SimulatorBody: Encodable, Sendable {
        var policyName: String
        var window: String
        var inWindow: Bool
        var quota: Int
        var tieBreak: String
        var assumedNote: String
        var linked: Bool
        var level: String
        var months: Int
        var monthOptions: [Int]
        var assessment: AssessmentView?
        var canApply: Bool
        var applications: [ApplicationView]
        var lists: [Int]
    }

    // MARK: citizens

    func simulator(req: Request) async throws -> Response {
        let account = try await req.requireCitizen()
        let lang = req.language.rawValue
        let today = CivilDate.today()
        let policy = try PointsController.currentPolicy(req, today: today)
        let year = PointsScorer(policy: policy).batchYear(for: today)
        let window = policy.window(in: year)!
        let months = try PointsController.months(req)
        var assessment: AssessmentView?
        if account.level >= .l2, let residentID = account.residentID {
            let (a, from, _) = try await req.services.points.simulate(residentID: residentID, today: today, months: months, on: req.db)
            assessment = Self.view(a, from: from, lang: lang)
        }
        let mine = try await req.services.points.applications(accountID: account.id, on: req.db)
        var views: [ApplicationView] = []
        for a in mine {
            let batch = try await req.services.points.batch(year: a.year, on: req.db)
            views.append(ApplicationView(id: a.id.uuidString.lowercased(), reference: a.reference, year: a.year, state: a.record.state.rawValue,
                                         stateName: lang == "en" ? a.record.state.nameEn : a.record.state.nameZh, total: a.assessment.total.description,
                                         rank: a.rank, admitted: a.admitted, permission: a.permissionNumber,
                                         supplementItems: a.record.state == .needsSupplement ? a.record.supplementItems : [],
                                         canObject: batch.map { $0.state == "published" && today <= $0.objectionUntil } ?? false))
        }
        let applied = mine.contains { $0.year == today.year }
        let tie = policy.tieBreak.value.map { $0.name.text(lang) }.joined(separator: lang == "en" ? ", then " : "，其次")
        let body = SimulatorBody(
            policyName: policy.name.text(lang), window: "\(window.lowerBound) – \(window.upperBound)", inWindow: window.contains(today), quota: policy.quota.value,
            tieBreak: tie,
            assumedNote: policy.tieBreak.isAssumed
                ? (lang == "en" ? "The published rules give no tie-break; the platform uses this order and says so here." : "公开的政策文件未规定同分排序规则，本平台采用上述顺序，特此说明。") : "",
            linked: account.residentID != nil, level: account.level.code, months: months, monthOptions: [0, 6, 12, 24, 36, 60],
            assessment: assessment, canApply: account.level >= .l3 && window.contains(today) && !applied && year == today.year, applications: views,
            lists: try await req.services.points.batches(on: req.db).map(\.year))
        let notice: String? = req.query[String.self, at: "applied"] != nil ? req.language.strings()["points_applied"]
            : req.query[String.self, at: "objected"] != nil ? req.language.strings()["points_objected"] : nil
        return try await req.page("points", titleKey: "points_title", body: body, notice: notice)
    }

    func apply(req: Request) async throws -> Response {
        let account = try await req.requireCitizen(level: .l3)
        try req.checkCSRF()
        _ = try await req.services.points.apply(account: account, today: CivilDate.today(), on: req.db)
        return req.redirect(to: "/points?applied=1")
    }

    func supplement(req: Request) async throws -> Response {
        let account = try await req.requireCitizen(level: .l3)
        try req.checkCSRF()
        _ = try await req.services.points.supplement(try OfficerController.uuidParameter("applicationID", req), account: account, today: CivilDate.today(), on: req.db)
        return req.redirect(to: "/points")
    }

    struct ObjectionForm: Content { var text: String? }

    func object(req: Request) async throws -> Response {
        let account = try await req.requireCitizen(level: .l3)
        try req.checkCSRF()
        let text = ((try? req.content.decode(ObjectionForm.self))?.text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (5...2000).contains(text.count) else {
            throw Problem.validation([FieldProblem(field: "text", reasonZh: "请写明异议的事实和理由（5 至 2000 字）", reasonEn: "State the facts and reasons of the objection (5 to 2000 characters)")])
        }
        _ = try await req.services.points.object(try OfficerController.uuidParameter("applicationID", req), account: account, text: text, today: CivilDate.today(), on: req.db)
        return req.redirect(to: "/points?objected=1")
    }

    // MARK: the public list

    struct ListLine: Encodable, Sendable {
        var rank: Int
        var name: String
        var idNumber: String
        var score: String
        var admitted: Bool
    }

    struct ListBody: Encodable, Sendable {
        var year: Int
        var state: String
        var lines: [ListLine]
        var admitted: Int
        var cutoff: String
        var digest: String
        var signature: String
        var objectionUntil: String
        var text: String
        var checked: Bool
        var valid: Bool
        var verdict: String
    }

    func listBody(_ req: Request, year: Int) async throws -> ListBody {
        guard let batch = try await req.services.points.batch(year: year, on: req.db) else { throw Problem.from(PointsError.noBatch) }
        return ListBody(year: year, state: batch.state,
                        lines: batch.list.lines.map { ListLine(rank: $0.rank, name: $0.maskedName, idNumber: $0.maskedIDNumber, score: $0.score.description, admitted: $0.admitted) },
                        admitted: batch.list.lines.filter(\.admitted).count, cutoff: batch.list.cutoff?.description ?? "—", digest: batch.digest, signature: batch.signature,
                        objectionUntil: batch.objectionUntil.description, text: batch.listText, checked: false, valid: false, verdict: "")
    }

    func list(req: Request) async throws -> Response {
        let year = try PointsController.yearParameter(req)
        return try await req.page("points-list", titleKey: "points_list_title", body: try await listBody(req, year: year))
    }

    struct VerifyForm: Content {
        var text: String?
        var signature: String?
    }

    func verify(req: Request) async throws -> Response {
        let year = try PointsController.yearParameter(req)
        let form = (try? req.content.decode(VerifyForm.self)) ?? VerifyForm()
        var body = try await listBody(req, year: year)
        // Browsers send CRLF in a textarea; the list is LF-terminated.
        let text = (form.text ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        let answer = try await PointsController.verify(text: text, signature: form.signature ?? "", req: req)
        body.checked = true
        body.valid = answer.valid
        body.verdict = answer.reason.text(req.language.rawValue) + " (SHA-256 \(answer.sha256))"
        return try await req.page("points-list", titleKey: "points_list_title", body: body)
    }

    // MARK: officers

    struct QueueRow: Encodable, Sendable {
        var id: String
        var reference: String
        var state: String
        var total: String
        var eligible: Bool
        var submitted: String
    }

    struct QueueBody: Encodable, Sendable {
        var year: Int
        var rows: [QueueRow]
        var admin: Bool
        var batch: String?
    }

    func officerQueue(req: Request) async throws -> Response {
        let officer = try await req.requireOfficer(anyOf: [.intake, .approver])
        let lang = req.language.rawValue
        let year = req.query[Int.self, at: "year"] ?? CivilDate.today().year
        let rows = try await req.services.points.applications(year: year, for: officer, on: req.db).map {
            QueueRow(id: $0.id.uuidString.lowercased(), reference: $0.reference, state: lang == "en" ? $0.record.state.nameEn : $0.record.state.nameZh,
                     total: $0.assessment.total.description, eligible: $0.assessment.eligible, submitted: PageFormat.minute($0.submittedAt))
        }
        let batch = try await req.services.points.batch(year: year, on: req.db)
        return try await req.page("officer-points", titleKey: "points_queue_title",
                                  body: QueueBody(year: year, rows: rows, admin: officer.roles.contains(.admin), batch: batch.map { "\($0.state) · SHA-256 \($0.digest.prefix(16))…" }))
    }

    struct EvidenceBody: Encodable, Sendable {
        var id: String
        var reference: String
        var name: String
        var idNumber: String
        var state: String
        var assessment: AssessmentView
        var pension: String
        var purpose: String
        var canAct: Bool
    }

    func officerEvidence(req: Request) async throws -> Response {
        let officer = try await req.requireOfficer(anyOf: [.intake, .approver])
        let purpose = (req.query[String.self, at: "purpose"] ?? "").trimmingCharacters(in: .whitespaces)
        guard purpose.count >= 2 else {
            throw Problem.validation([FieldProblem(field: "purpose", reasonZh: "查看申请人记录须填写事由", reasonEn: "Give the purpose of reading the applicant's records")])
        }
        let application = try await req.services.points.review(try OfficerController.uuidParameter("applicationID", req), officer: officer, purpose: purpose, on: req.db)
        let resident = try await req.services.registry.resident(id: application.residentID, on: req.db)
        let lang = req.language.rawValue
        let pension = application.evidence.pension.sorted { $0.month < $1.month }
        let summary = "\(pension.count) " + (lang == "en" ? "months on file, \(pension.filter(\.backPaid).count) back-paid" : "个月有记录，其中补缴 \(pension.filter(\.backPaid).count) 个月")
        let open: Set<ApplicationState> = [.submitted, .accepted, .underReview, .needsSupplement]
        return try await req.page("officer-points-evidence", titleKey: "points_evidence_title", body: EvidenceBody(
            id: application.id.uuidString.lowercased(), reference: application.reference, name: resident.map { Masking.name($0.name.value) } ?? "",
            idNumber: resident?.idNumber.masked ?? "", state: lang == "en" ? application.record.state.nameEn : application.record.state.nameZh,
            assessment: Self.view(application.assessment, from: nil, lang: lang), pension: summary, purpose: purpose, canAct: open.contains(application.record.state)))
    }

    struct ActionForm: Content {
        var action: String?
        var reason: String?
        var items: String?
    }

    func officerAction(req: Request) async throws -> Response {
        let officer = try await req.requireOfficer(anyOf: [.intake, .approver])
        try req.checkCSRF()
        let form = (try? req.content.decode(ActionForm.self)) ?? ActionForm()
        let items = (form.items ?? "").split(whereSeparator: { $0 == "\n" || $0 == "；" || $0 == ";" }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let action = try PointsController.action(.init(action: form.action ?? "", reason: form.reason, items: items, comment: nil))
        let id = try OfficerController.uuidParameter("applicationID", req)
        _ = try await req.services.points.act(action, on: id, officer: officer, today: CivilDate.today(), on: req.db)
        return req.redirect(to: "/officer/points")
    }

    func officerBatch(req: Request) async throws -> Response {
        let officer = try await req.requireOfficer(anyOf: [.admin])
        try req.checkCSRF()
        let year = try PointsController.yearParameter(req)
        _ = try await req.services.points.runBatch(year: year, actor: officer.principal, today: CivilDate.today(), on: req.db)
        return req.redirect(to: "/points/lists/\(year)")
    }

    func officerFinalize(req: Request) async throws -> Response {
        let officer = try await req.requireOfficer(anyOf: [.admin])
        try req.checkCSRF()
        let year = try PointsController.yearParameter(req)
        guard let settlement = req.services.catalog.service(code: "HZ-34") else { throw Problem.notFound }
        _ = try await req.services.points.finalize(year: year, settlement: settlement, actor: officer.principal, today: CivilDate.today(), on: req.db)
        return req.redirect(to: "/officer/points?year=\(year)")
    }
}
