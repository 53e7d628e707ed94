import MinshengCore
import MinshengStore
import Vapor

/// The pages of rewarded crime reporting: the report form and its one-time receipt (`/tips`), following a report by
/// code and secret (`/tips/follow`), and the officers' queue, report, actions and reward payment (`/officer/tips`).
/// The code and secret travel only in POST bodies, never in an address, and the pages are not cached.
struct TipPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("tips", use: form)
        routes.grouped(TipController.submitGate).on(.POST, "tips", body: .collect(maxSize: TipController.uploadLimit), use: submit)
        routes.get("tips", "follow", use: followForm)
        let byCode = routes.grouped(TipController.codeGate)
        byCode.post("tips", "follow", use: follow)
        byCode.post("tips", "follow", "answer", use: answer)
        byCode.post("tips", "follow", "claim", use: claim)
        routes.get("officer", "tips", use: queue)
        routes.get("officer", "tips", "pay", use: payForm)
        routes.post("officer", "tips", "pay", use: pay)
        routes.get("officer", "tips", ":tipID", use: report)
        routes.post("officer", "tips", ":tipID", "action", use: act)
        routes.post("officer", "tips", ":tipID", "question", use: ask)
        routes.get("officer", "tips", ":tipID", "evidence", ":fileID", use: TipController.evidenceFile)
    }

    struct Option: Encodable, Sendable {
        var value: String
        var label: String
        var band: String
    }

    struct FormBody: Encodable, Sendable {
        var categories: [Option]
        var districts: [Option]
        var canRealName: Bool
    }

    func form(req: Request) async throws -> Response {
        let lang = req.language.rawValue
        let account = try? await req.currentCitizen()
        return try await req.page("tips", titleKey: "tips_title", body: FormBody(
            categories: req.services.tipCategories.categories.map { Option(value: $0.id, label: $0.name.text(lang), band: $0.bandText.text(lang)) },
            districts: Division.shenzhenDistricts.map { Option(value: $0.code, label: lang == "en" ? $0.nameEn : $0.nameZh, band: "") },
            canRealName: (account?.level ?? .l1) >= .l2))
    }

    struct ReceiptBody: Encodable, Sendable {
        var code: String
        var secret: String
        var notice: String
    }

    func submit(req: Request) async throws -> Response {
        try req.checkCSRF()
        let receipt = try await TipController.file(req)
        return try await req.page("tips-receipt", titleKey: "tips_receipt_title",
                                  body: ReceiptBody(code: receipt.code, secret: receipt.secret, notice: TipController.receiptNotice.text(req.language.rawValue)), status: .created)
    }

    /// One message of the dialogue, as both sides' pages show it.
    struct MessageLine: Encodable, Sendable {
        var officer: Bool
        var text: String
        var at: String

        init(_ message: TipDesk.Message) {
            officer = message.author == "officer"
            text = message.text
            at = PageFormat.minute(message.at)
        }
    }

    struct FollowBody: Encodable, Sendable {
        var found: Bool
        var code: String
        var secret: String
        var state: String
        var outcome: String?
        var reward: String?
        var claimable: Bool
        var paid: Bool
        var messages: [MessageLine]
        var claimCode: String?
        var claimNotice: String?
    }

    func followForm(req: Request) async throws -> Response {
        try await req.page("tips-follow", titleKey: "tips_follow_title", body: FollowBody(found: false, code: "", secret: "", state: "", claimable: false, paid: false, messages: []))
    }

    struct CodeForm: Content {
        var code: String?
        var secret: String?
        var text: String?
    }

    func render(_ req: Request, _ r: TipDesk.Report, secret: String, claim: (String, Int)? = nil, notice: String? = nil) async throws -> Response {
        let lang = req.language.rawValue
        let view = TipController.informantView(r)
        return try await req.page("tips-follow", titleKey: "tips_follow_title", body: FollowBody(
            found: true, code: r.code, secret: secret, state: view.stateName.text(lang), outcome: view.outcome,
            reward: view.rewardYuan.map { lang == "en" ? "¥\($0)" : "\($0) 元" }, claimable: view.claimable, paid: view.paid,
            messages: r.messages.map(MessageLine.init),
            claimCode: claim?.0, claimNotice: claim == nil ? nil : TipController.claimNotice.text(lang)), notice: notice)
    }

    func follow(req: Request) async throws -> Response {
        try req.checkCSRF()
        let form = try req.content.decode(CodeForm.self)
        let report = try await req.tips.follow(code: form.code ?? "", secret: form.secret ?? "", on: req.db)
        return try await render(req, report, secret: form.secret ?? "")
    }

    func answer(req: Request) async throws -> Response {
        try req.checkCSRF()
        let form = try req.content.decode(CodeForm.self)
        let report = try await req.tips.answer(code: form.code ?? "", secret: form.secret ?? "", text: form.text ?? "", on: req.db)
        return try await render(req, report, secret: form.secret ?? "", notice: req.language == .en ? "Your reply has been sent." : "回复已发送。")
    }

    func claim(req: Request) async throws -> Response {
        try req.checkCSRF()
        let form = try req.content.decode(CodeForm.self)
        let claim = try await req.tips.claim(code: form.code ?? "", secret: form.secret ?? "", on: req.db)
        let report = try await req.tips.follow(code: form.code ?? "", secret: form.secret ?? "", on: req.db)
        return try await render(req, report, secret: form.secret ?? "", claim: claim)
    }

    // MARK: officers

    struct QueueBody: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            var id: String
            var code: String
            var category: String
            var state: String
            var anonymous: Bool
            var duplicate: Bool
            var at: String
        }
        var rows: [Row]
    }

    func queue(req: Request) async throws -> Response {
        let officer = try await req.requireOfficer(anyOf: TipController.officerRoles)
        let lang = req.language.rawValue
        let rows = try await req.tips.queue(officer: officer, on: req.db).map {
            QueueBody.Row(id: $0.id!.uuidString.lowercased(), code: $0.code, category: req.services.tipCategories[$0.category]?.name.text(lang) ?? $0.category,
                          state: (TipState(rawValue: $0.state) ?? .received).name.text(lang), anonymous: $0.anonymous, duplicate: $0.duplicateOf != nil,
                          at: PageFormat.minute($0.createdAt))
        }
        return try await req.page("officer-tips", titleKey: "tips_queue_title", body: QueueBody(rows: rows))
    }

    struct ReportBody: Encodable, Sendable {
        struct File: Encodable, Sendable {
            var id: String
            var kind: String
            var image: Bool
            var size: String
            var sha256: String
            var stripped: Bool
        }
        struct StepLine: Encodable, Sendable {
            var action: String
            var state: String
            var actor: String
            var note: String
            var at: String
        }
        var id: String
        var code: String
        var category: String
        var band: String
        var state: String
        var anonymous: Bool
        var text: String
        var place: String
        var duplicateOf: String?
        var outcome: String?
        var reward: String?
        /// The reward on the page, sent back with an approval: a sum assessed again since is not approved unseen.
        var seenYuan: String
        var files: [File]
        var messages: [MessageLine]
        var steps: [StepLine]
        var purpose: String
        var actions: [Option]
    }

    func report(req: Request) async throws -> Response {
        let officer = try await req.requireOfficer(anyOf: TipController.officerRoles)
        let purpose = try TipController.purpose(req.query[String.self, at: "purpose"])
        let r = try await req.tips.open(try OfficerController.uuidParameter("tipID", req), officer: officer, purpose: purpose, on: req.db)
        let lang = req.language.rawValue
        var place = Division.byCode(r.place.divisionCode).map { lang == "en" ? $0.nameEn : $0.nameZh } ?? r.place.divisionCode
        if let address = r.place.address { place += " " + address }
        if let lat = r.place.latitude, let lon = r.place.longitude { place += String(format: " (%.5f, %.5f)", lat, lon) }
        let next: [(String, String, String)] = [
            ("assign", "分派给我", "Assign to me"), ("verify", "开始核查", "Start verifying"), ("substantiate", "查证属实", "Substantiated"),
            ("unsubstantiate", "查无实据（需写理由）", "Not substantiated (give the reason)"), ("transfer", "移交其他单位（需写单位与理由）", "Transfer (give the unit and reason)"),
            ("assess-reward", "核定奖励（填写金额）", "Assess the reward (give the amount)"), ("approve-reward", "审批奖励", "Approve the reward"),
        ]
        return try await req.page("officer-tip", titleKey: "tips_queue_title", body: ReportBody(
            id: r.id.uuidString.lowercased(), code: r.code, category: r.category.name.text(lang), band: r.category.bandText.text(lang),
            state: r.state.name.text(lang), anonymous: r.anonymous, text: r.text, place: place, duplicateOf: r.duplicateOf, outcome: r.outcome,
            reward: r.rewardYuan.map { lang == "en" ? "¥\($0)" : "\($0) 元" }, seenYuan: r.rewardYuan.map(String.init) ?? "",
            files: r.evidence.map { .init(id: $0.id.uuidString.lowercased(), kind: $0.kind.mediaType, image: !$0.kind.isVideo,
                                          size: String(format: "%.1f MB", Double($0.bytes) / 1_048_576), sha256: $0.sha256, stripped: $0.stripped) },
            messages: r.messages.map(MessageLine.init),
            steps: r.steps.map { .init(action: $0.action, state: $0.state.name.text(lang), actor: $0.actor, note: $0.note ?? "", at: PageFormat.minute($0.at)) },
            purpose: purpose, actions: next.map { Option(value: $0.0, label: lang == "en" ? $0.2 : $0.1, band: "") }))
    }

    struct ActionForm: Content {
        var action: String?
        var reason: String?
        var unit: String?
        var yuan: String?
        var seenYuan: String?
        var outcome: String?
        var purpose: String?
    }

    func act(req: Request) async throws -> Response {
        let officer = try await req.requireOfficer(anyOf: TipController.officerRoles)
        try req.checkCSRF()
        let form = try req.content.decode(ActionForm.self)
        // An approval carries the sum the page showed; an assessment the sum typed.
        let yuan = (form.action == "approve-reward" ? form.seenYuan : form.yuan).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let action = try TipController.action(.init(action: form.action ?? "", officer: nil, note: form.reason, reason: form.reason, unit: form.unit, yuan: yuan, outcome: form.outcome), officer: officer)
        let id = try OfficerController.uuidParameter("tipID", req)
        _ = try await req.tips.act(action, on: id, officer: officer, outcome: form.outcome, on: req.db)
        return req.redirect(to: "/officer/tips/\(id.uuidString.lowercased())?purpose=\((form.purpose ?? "跟进").addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "")")
    }

    func ask(req: Request) async throws -> Response {
        let officer = try await req.requireOfficer(anyOf: TipController.officerRoles)
        try req.checkCSRF()
        let form = try req.content.decode(CodeForm.self)
        let id = try OfficerController.uuidParameter("tipID", req)
        _ = try await req.tips.ask(id, officer: officer, text: form.text ?? "", on: req.db)
        return req.redirect(to: "/officer/tips/\(id.uuidString.lowercased())?purpose=\("跟进".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)")
    }

    struct PayBody: Encodable, Sendable {
        var paid: String?
    }

    func payForm(req: Request) async throws -> Response {
        _ = try await req.requireOfficer(anyOf: TipController.officerRoles)
        return try await req.page("officer-tips-pay", titleKey: "tips_pay_title", body: PayBody(paid: nil))
    }

    struct ClaimForm: Content { var claimCode: String? }

    func pay(req: Request) async throws -> Response {
        let officer = try await req.requireOfficer(anyOf: TipController.officerRoles)
        try req.checkCSRF()
        let form = try req.content.decode(ClaimForm.self)
        let (code, yuan) = try await req.tips.pay(claimCode: form.claimCode ?? "", officer: officer, on: req.db)
        let text = req.language == .en ? "Paid ¥\(yuan) for report \(code)." : "已为举报 \(code) 兑付奖励 \(yuan) 元。"
        return try await req.page("officer-tips-pay", titleKey: "tips_pay_title", body: PayBody(paid: text))
    }
}
