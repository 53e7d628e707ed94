import MinshengCore
import MinshengCredentials
import MinshengStore
import Vapor

/// `/api/v1/…/points`: the points-based household registration (积分入户) — the policy, the simulator (L2), the
/// application (L3, in the window), officers' review, the annual batch, objections, and the public signed list.
struct PointsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped("api", "v1")
        api.get("points", "policy", use: policy)
        api.get("points", "lists", ":year", use: list)
        api.post("points", "lists", "verify", use: verifyList)
        let me = api.grouped("me", "points")
        me.get("assessment", use: assessment)
        me.get("applications", use: mine)
        me.post("applications", use: apply)
        me.post("applications", ":applicationID", "supplement", use: supplement)
        me.post("applications", ":applicationID", "objections", use: object)
        let officer = api.grouped("officer", "points")
        officer.get("applications", use: queue)
        officer.get("applications", ":applicationID", use: evidence)
        officer.post("applications", ":applicationID", "actions", use: act)
        officer.post("batches", ":year", use: runBatch)
        officer.post("batches", ":year", "finalize", use: finalize)
        officer.post("objections", ":objectionID", "decision", use: decideObjection)
    }

    // MARK: DTOs

    struct PolicyDTO: Content {
        var year: Int
        var name: LocalizedText
        var opens: String
        var closes: String
        var quota: Int
        var tieBreak: [String]
        var assumed: [String]
    }

    struct AssessmentDTO: Content {
        var assessment: PointsAssessment
        var eligibleFrom: EligibleFromDTO
        var months: Int
    }

    struct EligibleFromDTO: Content {
        /// `now`, `year` or `never`.
        var kind: String
        var year: Int?
        var deadline: String?
        var reason: LocalizedText?

        init(_ value: EligibleFrom) {
            switch value {
            case .now: kind = "now"
            case .year(let y, let deadline): kind = "year"; year = y; self.deadline = deadline.description
            case .never(let why): kind = "never"; reason = why
            }
        }
    }

    struct ApplicationDTO: Content {
        var id: UUID
        var reference: String
        var year: Int
        var state: String
        var total: String
        var eligible: Bool
        var rank: Int?
        var admitted: Bool?
        var permissionNumber: String?
        var supplementItems: [String]
        var submittedAt: Date
        var assessment: PointsAssessment?

        init(_ a: PointsApplication, full: Bool = false) {
            id = a.id; reference = a.reference; year = a.year; state = a.record.state.rawValue; total = a.assessment.total.description
            eligible = a.assessment.eligible; rank = a.rank; admitted = a.admitted; permissionNumber = a.permissionNumber
            supplementItems = a.record.state == .needsSupplement ? a.record.supplementItems : []; submittedAt = a.submittedAt
            assessment = full ? a.assessment : nil
        }
    }

    struct ListDTO: Content {
        var year: Int
        var state: String
        var text: String
        var sha256: String
        var signature: String
        var objectionUntil: String
        var keys: String
    }

    // MARK: public

    static func currentPolicy(_ req: Request, today: CivilDate = CivilDate.today()) throws -> PointsPolicy {
        guard let policy = req.services.pointsPolicies.policy(for: today.year) ?? req.services.pointsPolicies.all.last else { throw Problem.from(PointsError.noPolicy(year: today.year)) }
        return policy
    }

    func policy(req: Request) async throws -> PolicyDTO {
        let today = CivilDate.today()
        let policy = try Self.currentPolicy(req, today: today)
        let year = PointsScorer(policy: policy).batchYear(for: today)
        let window = policy.window(in: year)!
        var assumed: [String] = []
        if policy.quota.isAssumed { assumed.append("quota") }
        if policy.window.opens.isAssumed { assumed.append("window.opens") }
        if policy.tieBreak.isAssumed { assumed.append("tie_break") }
        if policy.objectionDays.isAssumed { assumed.append("objection_days") }
        return PolicyDTO(year: year, name: policy.name, opens: window.lowerBound.description, closes: window.upperBound.description, quota: policy.quota.value,
                         tieBreak: policy.tieBreak.value.map(\.rawValue), assumed: assumed)
    }

    static func yearParameter(_ req: Request) throws -> Int {
        guard let raw = req.parameters.get("year"), let year = Int(raw), (2000...2100).contains(year) else {
            throw Problem.badRequest("年份格式错误", "The year in the path is not a year", errors: [FieldProblem(field: "year", reasonZh: "应为四位年份", reasonEn: "must be a four-digit year")])
        }
        return year
    }

    func list(req: Request) async throws -> ListDTO {
        let year = try Self.yearParameter(req)
        guard let batch = try await req.services.points.batch(year: year, on: req.db) else { throw Problem.from(PointsError.noBatch) }
        return ListDTO(year: year, state: batch.state, text: batch.listText, sha256: batch.digest, signature: batch.signature,
                       objectionUntil: batch.objectionUntil.description, keys: "/.well-known/minsheng/keys.json")
    }

    struct VerifyBody: StrictBody {
        static let fields: Set<String> = ["text", "signature"]
        var text: String
        var signature: String
    }

    struct VerifyAnswer: Content {
        var valid: Bool
        var reason: LocalizedText
        var year: Int?
        var sha256: String
        var applicants: Int?
    }

    /// Checks a list anyone downloaded: its SHA-256 against the signed digest, the signature against the published keys.
    func verifyList(req: Request) async throws -> VerifyAnswer {
        let body = try req.strictBody(VerifyBody.self, maxBytes: 16 << 20)
        return try await Self.verify(text: body.text, signature: body.signature, req: req)
    }

    static func verify(text: String, signature: String, req: Request) async throws -> VerifyAnswer {
        let digest = PointsDesk.digest(text)
        let keys = try await req.services.issuerKeys.publicKeySet(on: req.db).byID()
        let payload: Data
        do { payload = try CompactJWS.verify(signature.trimmingCharacters(in: .whitespacesAndNewlines), keys: keys).payload } catch {
            return VerifyAnswer(valid: false, reason: LocalizedText(zh: "签名无效：不是本平台签发的名单签名", en: "The signature is not valid: it was not made by this platform"), sha256: digest)
        }
        guard let claims = try? JSONDecoder().decode(SignedListClaims.self, from: payload) else {
            return VerifyAnswer(valid: false, reason: LocalizedText(zh: "签名内容无法识别", en: "The signed content is not a points list"), sha256: digest)
        }
        guard claims.sha256 == digest else {
            return VerifyAnswer(valid: false, reason: LocalizedText(zh: "名单内容与签名不符：名单被改动过", en: "The list does not match its signature: it was altered"),
                                year: claims.year, sha256: digest, applicants: claims.applicants)
        }
        return VerifyAnswer(valid: true, reason: LocalizedText(zh: "名单与平台签名一致，未被改动", en: "The list matches the platform's signature: it is unaltered"),
                            year: claims.year, sha256: digest, applicants: claims.applicants)
    }

    // MARK: citizens

    static func resident(_ req: Request, level: AssuranceLevel) async throws -> (CitizenAccount, UUID) {
        let account = try await req.requireCitizen(level: level)
        guard let id = account.residentID else { throw Problem.from(StoreError.residentNotFound) }
        return (account, id)
    }

    static func months(_ req: Request) throws -> Int {
        guard let raw = req.query[String.self, at: "months"], !raw.isEmpty else { return 0 }
        guard let months = Int(raw), (0...240).contains(months) else {
            throw Problem.validation([FieldProblem(field: "months", reasonZh: "请填写 0 到 240 之间的月数", reasonEn: "Give a number of months from 0 to 240")])
        }
        return months
    }

    func assessment(req: Request) async throws -> AssessmentDTO {
        let (_, residentID) = try await Self.resident(req, level: .l2)
        let months = try Self.months(req)
        let (assessment, from, _) = try await req.services.points.simulate(residentID: residentID, today: CivilDate.today(), months: months, on: req.db)
        return AssessmentDTO(assessment: assessment, eligibleFrom: EligibleFromDTO(from), months: months)
    }

    func mine(req: Request) async throws -> [ApplicationDTO] {
        let account = try await req.requireCitizen(level: .l2)
        return try await req.services.points.applications(accountID: account.id, on: req.db).map { ApplicationDTO($0, full: true) }
    }

    func apply(req: Request) async throws -> Response {
        let (account, _) = try await Self.resident(req, level: .l3)
        let (application, created) = try await req.services.points.apply(account: account, today: CivilDate.today(), on: req.db)
        return try await ApplicationDTO(application, full: true).encodeResponse(status: created ? .created : .ok, for: req)
    }

    func supplement(req: Request) async throws -> ApplicationDTO {
        let (account, _) = try await Self.resident(req, level: .l3)
        let id = try OfficerController.uuidParameter("applicationID", req)
        return ApplicationDTO(try await req.services.points.supplement(id, account: account, today: CivilDate.today(), on: req.db), full: true)
    }

    struct ObjectionBody: StrictBody {
        static let fields: Set<String> = ["text"]
        var text: String
    }

    struct ObjectionDTO: Content { var id: UUID }

    func object(req: Request) async throws -> Response {
        let (account, _) = try await Self.resident(req, level: .l3)
        let id = try OfficerController.uuidParameter("applicationID", req)
        let body = try req.strictBody(ObjectionBody.self)
        let text = body.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (5...2000).contains(text.count) else {
            throw Problem.validation([FieldProblem(field: "text", reasonZh: "请写明异议的事实和理由（5 至 2000 字）", reasonEn: "State the facts and reasons of the objection (5 to 2000 characters)")])
        }
        let objection = try await req.services.points.object(id, account: account, text: text, today: CivilDate.today(), on: req.db)
        return try await ObjectionDTO(id: objection).encodeResponse(status: .created, for: req)
    }

    // MARK: officers

    func queue(req: Request) async throws -> [ApplicationDTO] {
        let officer = try await req.requireOfficer(anyOf: [.intake, .approver])
        let year = try req.query[String.self, at: "year"].map { raw -> Int in
            guard let y = Int(raw) else { throw Problem.validation([FieldProblem(field: "year", reasonZh: "应为四位年份", reasonEn: "must be a year")]) }
            return y
        } ?? CivilDate.today().year
        return try await req.services.points.applications(year: year, for: officer, on: req.db).map { ApplicationDTO($0) }
    }

    struct EvidenceDTO: Content {
        var application: ApplicationDTO
        var evidence: PointsEvidence
        var maskedName: String
        var maskedIDNumber: String
    }

    static func purpose(_ req: Request) throws -> String {
        guard let purpose = req.query[String.self, at: "purpose"]?.trimmingCharacters(in: .whitespaces), purpose.count >= 2 else {
            throw Problem.validation([FieldProblem(field: "purpose", reasonZh: "查看申请人记录须填写事由", reasonEn: "Give the purpose of reading the applicant's records")])
        }
        return String(purpose.prefix(200))
    }

    func evidence(req: Request) async throws -> EvidenceDTO {
        let officer = try await req.requireOfficer(anyOf: [.intake, .approver])
        let id = try OfficerController.uuidParameter("applicationID", req)
        let application = try await req.services.points.review(id, officer: officer, purpose: try Self.purpose(req), on: req.db)
        let resident = try await req.services.registry.resident(id: application.residentID, on: req.db)
        return EvidenceDTO(application: ApplicationDTO(application, full: true), evidence: application.evidence,
                           maskedName: resident.map { Masking.name($0.name.value) } ?? "", maskedIDNumber: resident?.idNumber.masked ?? "")
    }

    struct ActionBody: StrictBody {
        static let fields: Set<String> = ["action", "reason", "items", "comment"]
        var action: String
        var reason: String?
        var items: [String]?
        var comment: String?
    }

    static func action(_ body: ActionBody) throws -> ApplicationAction {
        switch body.action {
        case "accept": return .accept
        case "request-supplement": return .requestSupplement(items: body.items ?? [])
        case "not-accept": return .notAccept(reason: body.reason ?? "")
        case "approve": return .approve(comment: body.comment)
        case "refuse": return .refuse(reason: body.reason ?? "")
        default:
            throw Problem.validation([FieldProblem(field: "action", reasonZh: "应为 accept、request-supplement、not-accept、approve 或 refuse",
                                                   reasonEn: "must be accept, request-supplement, not-accept, approve or refuse")])
        }
    }

    func act(req: Request) async throws -> ApplicationDTO {
        let officer = try await req.requireOfficer(anyOf: [.intake, .approver])
        let id = try OfficerController.uuidParameter("applicationID", req)
        let action = try Self.action(try req.strictBody(ActionBody.self))
        return ApplicationDTO(try await req.services.points.act(action, on: id, officer: officer, today: CivilDate.today(), on: req.db), full: true)
    }

    struct BatchDTO: Content {
        var year: Int
        var state: String
        var applicants: Int
        var admitted: Int
        var cutoff: String?
        var sha256: String
        var objectionUntil: String
        var settlementApplications: [String]?
    }

    static func dto(_ batch: PointsBatch, opened: [String]? = nil) -> BatchDTO {
        BatchDTO(year: batch.year, state: batch.state, applicants: batch.list.lines.count, admitted: batch.list.lines.filter(\.admitted).count,
                 cutoff: batch.list.cutoff?.description, sha256: batch.digest, objectionUntil: batch.objectionUntil.description, settlementApplications: opened)
    }

    func runBatch(req: Request) async throws -> BatchDTO {
        let officer = try await req.requireOfficer(anyOf: [.admin])
        let batch = try await req.services.points.runBatch(year: try Self.yearParameter(req), actor: officer.principal, today: CivilDate.today(), on: req.db)
        return Self.dto(batch)
    }

    func finalize(req: Request) async throws -> BatchDTO {
        let officer = try await req.requireOfficer(anyOf: [.admin])
        let year = try Self.yearParameter(req)
        guard let settlement = req.services.catalog.service(code: "HZ-34") else { throw Problem.notFound }
        let opened = try await req.services.points.finalize(year: year, settlement: settlement, actor: officer.principal, today: CivilDate.today(), on: req.db)
        guard let batch = try await req.services.points.batch(year: year, on: req.db) else { throw Problem.from(PointsError.noBatch) }
        return Self.dto(batch, opened: opened)
    }

    struct DecisionBody: StrictBody {
        static let fields: Set<String> = ["upheld", "reason"]
        var upheld: Bool
        var reason: String
    }

    func decideObjection(req: Request) async throws -> BatchDTO {
        let officer = try await req.requireOfficer(anyOf: [.approver])
        let id = try OfficerController.uuidParameter("objectionID", req)
        let body = try req.strictBody(DecisionBody.self)
        guard body.reason.trimmingCharacters(in: .whitespaces).count >= 2 else {
            throw Problem.validation([FieldProblem(field: "reason", reasonZh: "请填写处理理由", reasonEn: "Give the reason for the decision")])
        }
        return Self.dto(try await req.services.points.decideObjection(id, upheld: body.upheld, reason: body.reason, officer: officer, today: CivilDate.today(), on: req.db))
    }
}
