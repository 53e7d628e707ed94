import MinshengCore
import MinshengStore
import Vapor

/// `/me/notifications`: the subscriptions page (消息订阅), a table of topics by channel, the e-mail address, and the
/// latest deliveries.
struct NotificationPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("me", "notifications", use: show)
        routes.post("me", "notifications", use: save)
        routes.post("me", "notifications", "confirmations", use: confirm)
        routes.post("me", "notifications", "confirmation-codes", use: resend)
    }

    struct Cell: Encodable, Sendable {
        var key: String
        var id: String
        var on: Bool
        var label: String
    }

    struct Row: Encodable, Sendable {
        var name: String
        var cells: [Cell]
    }

    struct Sent: Encodable, Sendable {
        var channel: String
        var topic: String
        var state: String
        var at: String
    }

    struct Pending: Encodable, Sendable {
        var channel: String
        var label: String
    }

    struct Body: Encodable, Sendable {
        var channels: [String]
        var rows: [Row]
        var email: String
        var wechatBound: Bool
        var emailOffered: Bool
        /// The channels with an address saved but not yet confirmed by its code (`email`, `wechat`).
        var unconfirmed: [Pending]
        var deliveries: [Sent]
        var errors: [String]
    }

    func body(_ req: Request, accountID: UUID, errors: [String] = [], email: String? = nil, chosen: Set<String>? = nil) async throws -> Body {
        let lang = req.language.rawValue
        let state = try await NotificationSettingsController.state(req, accountID: accountID)
        let channels = NotificationSettingsController.offered(req)
        let on = chosen ?? Set(state.subscriptions)
        let strings = req.language.strings()
        return Body(
            channels: channels.map { $0.name.text(lang) },
            rows: NoticeTopic.allCases.map { topic in
                Row(name: topic.name.text(lang), cells: channels.map { channel in
                    let key = NotificationPreferences.Subscription(topic: topic, channel: channel).key
                    return Cell(key: key, id: "sub-\(topic.rawValue)-\(channel.rawValue)", on: on.contains(key), label: "\(topic.name.text(lang)) · \(channel.name.text(lang))")
                })
            },
            email: email ?? state.email ?? "", wechatBound: state.wechatBound, emailOffered: channels.contains(.email),
            unconfirmed: [(state.email != nil && !state.emailConfirmed && channels.contains(.email), NotificationChannel.email, "email_unconfirmed"),
                          (state.wechatBound && !state.wechatConfirmed, .wechat, "wechat_unconfirmed")]
                .filter(\.0).map { Pending(channel: $0.1.rawValue, label: strings[$0.2] ?? $0.2) },
            deliveries: state.deliveries.map {
                Sent(channel: NotificationChannel(rawValue: $0.channel)?.name.text(lang) ?? $0.channel,
                     topic: NoticeTopic(rawValue: $0.topic)?.name.text(lang) ?? $0.topic,
                     state: strings["delivery_\($0.state)"] ?? $0.state, at: PageFormat.minute($0.sentAt ?? $0.createdAt))
            },
            errors: errors)
    }

    func show(req: Request) async throws -> Response {
        let account = try await req.requireCitizen()
        let strings = req.language.strings()
        let notice = ["saved": "settings_saved", "confirmed": "confirmed_ok", "sent": "code_sent"].first { req.query[String.self, at: $0.key] != nil }
            .flatMap { strings[$0.value] }
        return try await req.page("notifications", titleKey: "notification_settings", body: try await body(req, accountID: account.id), notice: notice)
    }

    struct Form: Decodable {
        var email: String?
        var subscription: [String]?
    }

    func save(req: Request) async throws -> Response {
        let account = try await req.requireCitizen()
        try req.checkCSRF()
        let form = (try? req.content.decode(Form.self)) ?? Form(email: nil, subscription: nil)
        let current = try await req.services.notificationSettings.preferences(accountID: account.id, on: req.db)
        do {
            try await NotificationSettingsController.save(req, accountID: account.id, email: form.email, wechatOpenID: current.wechatOpenID, keys: form.subscription ?? [])
        } catch let problem as Problem {
            let lang = req.language.rawValue
            let errors = (problem.errors ?? []).map { lang == "en" ? $0.reasonEn : $0.reasonZh }
            let page = try await req.page("notifications", titleKey: "notification_settings",
                                          body: try await body(req, accountID: account.id, errors: errors, email: form.email ?? "", chosen: Set(form.subscription ?? [])))
            page.status = .unprocessableEntity
            return page
        }
        return req.redirect(to: "/me/notifications?saved=1", redirectType: .normal)
    }

    struct ConfirmForm: Decodable {
        var channel: String?
        var code: String?
    }

    /// The code typed on the page; a wrong one shows the page again with the reason.
    func confirm(req: Request) async throws -> Response {
        try await codeStep(req, done: "confirmed") { req, account, channel, form in
            try await NotificationSettingsController.confirm(req, accountID: account, channel: channel, code: form.code ?? "")
        }
    }

    func resend(req: Request) async throws -> Response {
        try await codeStep(req, done: "sent") { req, account, channel, _ in
            _ = try await NotificationSettingsController.sendCode(req, accountID: account, channel: channel)
        }
    }

    func codeStep(_ req: Request, done: String, _ step: (Request, UUID, NotificationChannel, ConfirmForm) async throws -> Void) async throws -> Response {
        let account = try await req.requireCitizen()
        try req.checkCSRF()
        let form = (try? req.content.decode(ConfirmForm.self)) ?? ConfirmForm()
        do {
            try await step(req, account.id, try NotificationSettingsController.confirmable(form.channel ?? ""), form)
        } catch let problem as Problem {
            return try await refused(req, accountID: account.id, problem)
        }
        return req.redirect(to: "/me/notifications?\(done)=1", redirectType: .normal)
    }

    func refused(_ req: Request, accountID: UUID, _ problem: Problem) async throws -> Response {
        let english = req.language.rawValue == "en"
        let errors = (problem.errors ?? []).map { english ? $0.reasonEn : $0.reasonZh }
        let page = try await req.page("notifications", titleKey: "notification_settings",
                                      body: try await body(req, accountID: accountID, errors: errors.isEmpty ? [english ? problem.title : problem.titleZh] : errors))
        page.status = problem.httpStatus
        return page
    }
}
