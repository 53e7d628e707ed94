import MinshengCore
import MinshengStore
import Vapor

/// `/api/v1/tips`: rewarded crime reporting (有奖举报). Anyone files a report, anonymously if they choose, and follows
/// it with the tip code and secret alone; officers verify, ask, decide and assess the reward; the reward is claimed by
/// code and paid at a station against a one-time claim code.
struct TipController: RouteCollection {
    /// Nine files of up to 50 MiB would be 450 MiB in memory: a report carries at most 100 MiB in all.
    static let uploadLimit: ByteCount = "101mb"
    static let totalFileBytes = 100 * 1024 * 1024

    /// A report is counted against the sender's hourly limit, and its declared size checked, on its head: nothing of a
    /// refused report's body is read into memory.
    static let submitGate = RequestGate(maxBytes: uploadLimit, throttle: { $0.tipThrottle }) { wait in
        Problem(.tooManyRequests, slug: "tips-rate", zh: "提交过于频繁，请 \(wait / 60 + 1) 分钟后再试；紧急情况请拨打 110",
                en: "Too many reports from here; try again in \(wait / 60 + 1) minutes. In an emergency call 110", retryAfter: wait)
    }

    /// Following, answering and claiming by code and secret each cost a bcrypt: counted per address on the head.
    static let codeGate = RequestGate(maxBytes: "64kb", throttle: { $0.tipFollowThrottle }) { wait in
        Problem(.tooManyRequests, slug: "tips-follow-rate", zh: "查询过于频繁，请 \(wait / 60 + 1) 分钟后再试",
                en: "Too many look-ups by tip code from here; try again in \(wait / 60 + 1) minutes", retryAfter: wait)
    }

    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped("api", "v1")
        api.get("tips", "categories", use: categories)
        api.grouped(Self.submitGate).on(.POST, "tips", body: .collect(maxSize: Self.uploadLimit), use: submit)
        let byCode = api.grouped(Self.codeGate)
        byCode.post("tips", "follow", use: follow)
        byCode.post("tips", "messages", use: answer)
        byCode.post("tips", "claim", use: claim)
        api.get("me", "tips", use: mine)
        let officer = api.grouped("officer", "tips")
        officer.get(use: queue)
        officer.get("statistics", use: statistics)
        officer.post("payments", use: pay)
        officer.get(":tipID", use: open)
        officer.post(":tipID", "actions", use: act)
        officer.post(":tipID", "questions", use: ask)
        officer.get(":tipID", "evidence", ":fileID", use: Self.evidenceFile)
        officer.post(":tipID", "informant", use: informant)
    }

    // MARK: DTOs

    struct CategoryDTO: Content {
        var id: String
        var name: LocalizedText
        var rewardMin: Int
        var rewardMax: Int?
        var band: LocalizedText
    }

    struct ReceiptDTO: Content {
        var code: String
        var secret: String
        var notice: LocalizedText
    }

    struct MessageDTO: Content {
        var from: String
        var text: String
        var at: Date
    }

    /// What the informant sees: no officer's name, no internal notes.
    struct InformantViewDTO: Content {
        var code: String
        var category: String
        var state: String
        var stateName: LocalizedText
        var outcome: String?
        var rewardYuan: Int?
        var claimable: Bool
        var paid: Bool
        var messages: [MessageDTO]
        var createdAt: Date
    }

    struct OfficerRowDTO: Content {
        var id: String
        var code: String
        var category: String
        var state: String
        var anonymous: Bool
        var divisionCode: String
        var duplicate: Bool
        var createdAt: Date
    }

    struct EvidenceDTO: Content {
        var id: String
        var kind: String
        var bytes: Int
        var sha256: String
        var metadataRemoved: Bool
    }

    struct StepDTO: Content {
        var action: String
        var state: String
        var actor: String
        var note: String?
        var at: Date
    }

    struct OfficerViewDTO: Content {
        var id: String
        var code: String
        var category: String
        var state: String
        var anonymous: Bool
        var text: String
        var place: TipDesk.Place
        var keepLocation: Bool
        var unitCode: String?
        var assignedTo: String?
        var duplicateOf: String?
        var outcome: String?
        var rewardYuan: Int?
        var evidence: [EvidenceDTO]
        var messages: [MessageDTO]
        var steps: [StepDTO]
        var createdAt: Date
    }

    struct CodeSecret: Content {
        var code: String
        var secret: String
        var text: String?
    }

    struct ActionDTO: Content {
        var action: String
        var officer: String?
        var note: String?
        var reason: String?
        var unit: String?
        var yuan: Int?
        var outcome: String?
    }

    struct TextDTO: Content { var text: String }
    struct PurposeDTO: Content { var purpose: String }
    struct ClaimDTO: Content { var claimCode: String }

    struct InformantDTO: Content {
        var anonymous: Bool
        var name: String?
        var idNumber: String?
        var phone: String?
    }

    // MARK: the informant

    func categories(req: Request) async throws -> [CategoryDTO] {
        req.services.tipCategories.categories.map { CategoryDTO(id: $0.id, name: $0.name, rewardMin: $0.rewardMin, rewardMax: $0.rewardMax, band: $0.bandText) }
    }

    /// The fields of a report, as the API's multipart body and the page's form send them.
    struct SubmitForm: Content {
        var category: String?
        var text: String?
        var division: String?
        var address: String?
        var latitude: String?
        var longitude: String?
        var keepLocation: String?
        var realName: String?
        var files: [File]?
    }

    /// Reads and files a report (the route's `submitGate` has counted it); shared by the API and the page. Nothing about
    /// the sender is kept: the address is only counted, under an hourly salt, and a real-name report's identity is
    /// sealed under the informant key.
    static func file(_ req: Request) async throws -> TipDesk.Receipt {
        guard req.headers.contentType?.type == "multipart" else {
            throw Problem(.unsupportedMediaType, slug: "unsupported-media-type", zh: "请以 multipart/form-data 提交举报", en: "Send the report as multipart/form-data")
        }
        let form: SubmitForm
        do { form = try req.content.decode(SubmitForm.self) } catch {
            throw Problem.badRequest("举报内容无法读取", "The report could not be read")
        }
        var problems: [FieldProblem] = []
        let files = (form.files ?? []).filter { $0.data.readableBytes > 0 || !$0.filename.isEmpty }
        let total = files.reduce(0) { $0 + $1.data.readableBytes }
        if total > totalFileBytes { problems.append(FieldProblem(field: "files", reasonZh: "所有文件合计不能超过 100 MB", reasonEn: "All files together must be 100 MB or less")) }
        func number(_ text: String?, _ field: String) -> Double? {
            guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            guard let value = Double(text), value.isFinite else {
                problems.append(FieldProblem(field: field, reasonZh: "应为数字", reasonEn: "must be a number"))
                return nil
            }
            return value
        }
        let latitude = number(form.latitude, "latitude")
        let longitude = number(form.longitude, "longitude")
        guard problems.isEmpty else { throw Problem.validation(problems) }
        /// A checkbox as a form sends it (`on`) or an API client (`true`).
        func isOn(_ value: String?) -> Bool { ["on", "true", "1", "yes"].contains((value ?? "").lowercased()) }
        var informant: TipDesk.Informant?
        if isOn(form.realName) {
            guard let account = try await req.currentCitizen(), account.level >= .l2, let residentID = account.residentID,
                  let resident = try await req.services.registry.resident(id: residentID, on: req.db) else {
                throw Problem(.unauthorized, slug: "tips-real-name", zh: "实名举报需要登录并完成实名认证；也可以匿名举报",
                              en: "A real-name report needs you signed in with your identity linked; you can also report anonymously")
            }
            informant = TipDesk.Informant(accountID: account.id, name: resident.name.value, idNumber: resident.idNumber.value, phone: account.phone.value)
        }
        let submission = TipDesk.Submission(
            category: form.category ?? "", text: form.text ?? "",
            place: TipDesk.Place(divisionCode: (form.division ?? "").trimmingCharacters(in: .whitespaces),
                                 address: form.address.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : String($0.prefix(200)) },
                                 latitude: latitude, longitude: longitude),
            keepLocation: isOn(form.keepLocation),
            files: files.map { Array($0.data.readableBytesView) }, informant: informant)
        return try await req.tips.submit(submission, on: req.db)
    }

    static let receiptNotice = LocalizedText(
        zh: "请立即记下举报编号和查询密码：密码只显示这一次，平台不保存其原文，丢失后无法找回。凭二者查询进度、回答民警提问和领取奖励。",
        en: "Write down the tip code and secret now: the secret is shown only this once and is not kept, so it cannot be recovered. With both you follow the report, answer officers' questions and claim the reward.")

    func submit(req: Request) async throws -> Response {
        let receipt = try await Self.file(req)
        return try await ReceiptDTO(code: receipt.code, secret: receipt.secret, notice: Self.receiptNotice).encodeResponse(status: .created, for: req)
    }

    static func informantView(_ r: TipDesk.Report) -> InformantViewDTO {
        InformantViewDTO(code: r.code, category: r.category.id, state: r.state.rawValue, stateName: r.state.name, outcome: r.outcome,
                         rewardYuan: [.rewardClaimable, .paid].contains(r.state) ? r.rewardYuan : nil,
                         claimable: r.state == .rewardClaimable, paid: r.state == .paid,
                         messages: r.messages.map { MessageDTO(from: $0.author, text: $0.text, at: $0.at) }, createdAt: r.createdAt)
    }

    func follow(req: Request) async throws -> InformantViewDTO {
        let body = try req.content.decode(CodeSecret.self)
        return Self.informantView(try await req.tips.follow(code: body.code, secret: body.secret, on: req.db))
    }

    func answer(req: Request) async throws -> InformantViewDTO {
        let body = try req.content.decode(CodeSecret.self)
        return Self.informantView(try await req.tips.answer(code: body.code, secret: body.secret, text: body.text ?? "", on: req.db))
    }

    struct ClaimReceiptDTO: Content {
        var claimCode: String
        var yuan: Int
        var notice: LocalizedText
    }

    static let claimNotice = LocalizedText(
        zh: "凭领奖码到任一派出所领取奖励，无需出示身份证件；领奖码只显示这一次，只能使用一次。再次申请会作废此码。",
        en: "Show this claim code at any police station to collect the reward; no identity document is asked for. The code is shown only this once and works once; asking again voids it.")

    func claim(req: Request) async throws -> ClaimReceiptDTO {
        let body = try req.content.decode(CodeSecret.self)
        let (code, yuan) = try await req.tips.claim(code: body.code, secret: body.secret, on: req.db)
        return ClaimReceiptDTO(claimCode: code, yuan: yuan, notice: Self.claimNotice)
    }

    struct MineDTO: Content {
        var code: String
        var state: String
        var stateName: LocalizedText
        var category: String
        var createdAt: Date
    }

    func mine(req: Request) async throws -> [MineDTO] {
        let account = try await req.requireCitizen()
        return try await req.tips.reports(accountID: account.id, on: req.db).map { MineDTO(code: $0.code, state: $0.state.rawValue, stateName: $0.state.name, category: $0.category, createdAt: $0.at) }
    }

    // MARK: officers

    static let officerRoles: Set<OfficerRole> = [.intake, .reviewer, .approver]

    func queue(req: Request) async throws -> [OfficerRowDTO] {
        let officer = try await req.requireOfficer(anyOf: Self.officerRoles)
        return try await req.tips.queue(officer: officer, on: req.db).map {
            OfficerRowDTO(id: $0.id!.uuidString.lowercased(), code: $0.code, category: $0.category, state: $0.state, anonymous: $0.anonymous,
                          divisionCode: $0.divisionCode, duplicate: $0.duplicateOf != nil, createdAt: $0.createdAt)
        }
    }

    static func officerView(_ r: TipDesk.Report) -> OfficerViewDTO {
        OfficerViewDTO(
            id: r.id.uuidString.lowercased(), code: r.code, category: r.category.id, state: r.state.rawValue, anonymous: r.anonymous, text: r.text,
            place: r.place, keepLocation: r.keepLocation, unitCode: r.unitCode, assignedTo: r.assignedTo, duplicateOf: r.duplicateOf, outcome: r.outcome,
            rewardYuan: r.rewardYuan,
            evidence: r.evidence.map { EvidenceDTO(id: $0.id.uuidString.lowercased(), kind: $0.kind.rawValue, bytes: $0.bytes, sha256: $0.sha256, metadataRemoved: $0.stripped) },
            messages: r.messages.map { MessageDTO(from: $0.author, text: $0.text, at: $0.at) },
            steps: r.steps.map { StepDTO(action: $0.action, state: $0.state.rawValue, actor: $0.actor, note: $0.note, at: $0.at) }, createdAt: r.createdAt)
    }

    static func purpose(_ text: String?) throws -> String {
        let purpose = (text ?? "").trimmingCharacters(in: .whitespaces)
        guard purpose.count >= 2 else {
            throw Problem.validation([FieldProblem(field: "purpose", reasonZh: "查看举报须填写事由", reasonEn: "Give the purpose of opening the report")])
        }
        return purpose
    }

    func open(req: Request) async throws -> OfficerViewDTO {
        let officer = try await req.requireOfficer(anyOf: Self.officerRoles)
        let purpose = try Self.purpose(req.query[String.self, at: "purpose"])
        return Self.officerView(try await req.tips.open(try OfficerController.uuidParameter("tipID", req), officer: officer, purpose: purpose, on: req.db))
    }

    /// The API's and the page's action names.
    static func action(_ body: ActionDTO, officer: Officer) throws -> TipAction {
        switch body.action {
        case "assign": return .assign(officer: (body.officer ?? "").isEmpty ? officer.policeNumber : body.officer!)
        case "verify": return .startVerifying
        case "substantiate": return .substantiate(note: body.note ?? "")
        case "unsubstantiate": return .unsubstantiate(reason: body.reason ?? "")
        case "transfer": return .transfer(unit: body.unit ?? "", reason: body.reason ?? "")
        case "assess-reward":
            guard let yuan = body.yuan else {
                throw Problem.validation([FieldProblem(field: "yuan", reasonZh: "请填写奖励金额（元）", reasonEn: "Give the reward in yuan")])
            }
            return .assessReward(yuan: yuan)
        case "approve-reward":
            guard let yuan = body.yuan else {
                throw Problem.validation([FieldProblem(field: "yuan", reasonZh: "请附上所审批的奖励金额（元）", reasonEn: "Give the reward in yuan you are approving")])
            }
            return .approveReward(yuan: yuan)
        default:
            throw Problem.validation([FieldProblem(field: "action", reasonZh: "未知的操作", reasonEn: "must be assign, verify, substantiate, unsubstantiate, transfer, assess-reward or approve-reward")])
        }
    }

    func act(req: Request) async throws -> OfficerViewDTO {
        let officer = try await req.requireOfficer(anyOf: Self.officerRoles)
        let body = try req.content.decode(ActionDTO.self)
        let action = try Self.action(body, officer: officer)
        return Self.officerView(try await req.tips.act(action, on: try OfficerController.uuidParameter("tipID", req), officer: officer, outcome: body.outcome, on: req.db))
    }

    func ask(req: Request) async throws -> OfficerViewDTO {
        let officer = try await req.requireOfficer(anyOf: Self.officerRoles)
        let body = try req.content.decode(TextDTO.self)
        return Self.officerView(try await req.tips.ask(try OfficerController.uuidParameter("tipID", req), officer: officer, text: body.text, on: req.db))
    }

    /// An evidence file as officers view it (the API's and the page's route).
    static func evidenceFile(_ req: Request) async throws -> Response {
        let officer = try await req.requireOfficer(anyOf: Self.officerRoles)
        let (kind, data) = try await req.tips.evidenceFile(try OfficerController.uuidParameter("fileID", req), officer: officer, on: req.db)
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: kind.mediaType)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func informant(req: Request) async throws -> InformantDTO {
        let officer = try await req.requireOfficer(anyOf: [.informantProtection])
        let purpose = try Self.purpose(try req.content.decode(PurposeDTO.self).purpose)
        let found = try await req.tips.revealInformant(try OfficerController.uuidParameter("tipID", req), officer: officer, purpose: purpose, on: req.db)
        return InformantDTO(anonymous: found == nil, name: found?.name, idNumber: found?.idNumber, phone: found?.phone)
    }

    struct PaymentDTO: Content {
        var code: String
        var yuan: Int
    }

    func pay(req: Request) async throws -> PaymentDTO {
        let officer = try await req.requireOfficer(anyOf: Self.officerRoles)
        let body = try req.content.decode(ClaimDTO.self)
        let (code, yuan) = try await req.tips.pay(claimCode: body.claimCode, officer: officer, on: req.db)
        return PaymentDTO(code: code, yuan: yuan)
    }

    struct StatisticsDTO: Content {
        struct Category: Content {
            var category: String
            var name: LocalizedText
            var byState: [String: Int]
            var total: Int
        }
        var categories: [Category]
        var rewardsPaid: Int
        var rewardsPaidYuan: Int
    }

    func statistics(req: Request) async throws -> StatisticsDTO {
        _ = try await req.requireOfficer()
        let stats = try await TipDesk.statistics(on: req.db)
        return StatisticsDTO(
            categories: req.services.tipCategories.categories.map { c in
                let counts = stats.byCategory[c.id] ?? [:]
                return .init(category: c.id, name: c.name, byState: Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }), total: counts.values.reduce(0, +))
            },
            rewardsPaid: stats.paidCount, rewardsPaidYuan: stats.paidYuan)
    }
}

extension Request {
    /// The crime-report desk, with bcrypt for tip secrets on this application's thread pool; 503 when crime reports
    /// are off (the routes are not registered then; this is the guard behind it).
    var tips: TipDesk {
        get throws {
            guard let informantCipher = services.informantCipher, services.config.tipsEnabled else {
                throw Problem(.serviceUnavailable, slug: "tips-off", zh: "本平台暂不受理网上举报，请拨打 110 或到派出所报案",
                              en: "Crime reports are not taken here; call 110 or go to a police station")
            }
            return TipDesk(cipher: services.cipher, informantCipher: informantCipher, categories: services.tipCategories,
                           directory: services.config.materialsDirectory, hasher: BcryptSecretHasher(cost: services.config.bcryptCost, threadPool: application.threadPool))
        }
    }
}
