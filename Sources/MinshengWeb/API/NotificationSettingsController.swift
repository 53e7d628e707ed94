import MinshengCore
import MinshengStore
import Vapor

/// `/api/v1/me/notification-settings`: which topics reach the citizen by SMS, WeChat or e-mail besides the in-app
/// notice, the addresses those need, and the latest deliveries with their state.
struct NotificationSettingsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let me = routes.grouped("api", "v1", "me")
        me.get("notification-settings", use: show)
        me.put("notification-settings", use: update)
        me.post("notification-settings", "confirmation-codes", use: sendCode)
        me.post("notification-settings", "confirmations", use: confirm)
    }

    struct SettingsDTO: Content {
        struct Option: Content {
            var id: String
            var nameZh: String
            var nameEn: String
        }
        struct DeliveryDTO: Content {
            var channel: String
            var topic: String
            var state: String
            var attempts: Int
            var lastError: String?
            var sentAt: Date?
            var createdAt: Date
        }
        var email: String?
        var wechatBound: Bool
        /// Whether the address and openid were confirmed with the code sent there; until then only codes go there.
        var emailConfirmed: Bool
        var wechatConfirmed: Bool
        var subscriptions: [String]
        /// The channels this platform offers (e-mail only with an SMTP relay configured).
        var channels: [Option]
        var topics: [Option]
        var deliveries: [DeliveryDTO]
    }

    static func offered(_ req: Request) -> [NotificationChannel] {
        let configured = Set(req.services.messageGateways.map(\.channel))
        return NotificationChannel.optional.filter(configured.contains)
    }

    static func state(_ req: Request, accountID: UUID) async throws -> SettingsDTO {
        let preferences = try await req.services.notificationSettings.preferences(accountID: accountID, on: req.db)
        let confirmed = try await req.services.notificationSettings.confirmed(accountID: accountID, on: req.db)
        return SettingsDTO(
            email: preferences.email, wechatBound: preferences.wechatOpenID != nil,
            emailConfirmed: confirmed.contains(.email), wechatConfirmed: confirmed.contains(.wechat),
            subscriptions: preferences.subscriptions.sorted().map(\.key),
            channels: offered(req).map { .init(id: $0.rawValue, nameZh: $0.name.zh, nameEn: $0.name.en) },
            topics: NoticeTopic.allCases.map { .init(id: $0.rawValue, nameZh: $0.name.zh, nameEn: $0.name.en) },
            deliveries: try await DeliveryDispatcher.deliveries(accountID: accountID, on: req.db).map {
                .init(channel: $0.channel, topic: $0.topic, state: $0.state, attempts: $0.attempts, lastError: $0.lastError, sentAt: $0.sentAt, createdAt: $0.createdAt)
            })
    }

    func show(req: Request) async throws -> SettingsDTO {
        let account = try await req.requireCitizen()
        return try await Self.state(req, accountID: account.id)
    }

    struct SettingsBody: StrictBody {
        static let fields: Set<String> = ["email", "wechatOpenID", "subscriptions"]
        var email: String?
        /// Set by the WeChat official account's sign-in when the citizen binds; omitted to keep the one bound.
        var wechatOpenID: String?
        var subscriptions: [String]
    }

    func update(req: Request) async throws -> SettingsDTO {
        let account = try await req.requireCitizen()
        let body = try req.strictBody(SettingsBody.self)
        let current = try await req.services.notificationSettings.preferences(accountID: account.id, on: req.db)
        try await Self.save(req, accountID: account.id, email: body.email, wechatOpenID: body.wechatOpenID ?? current.wechatOpenID, keys: body.subscriptions)
        return try await Self.state(req, accountID: account.id)
    }

    /// Checks and saves settings from the API or the page; every problem comes back at once as a 422.
    static func save(_ req: Request, accountID: UUID, email: String?, wechatOpenID: String?, keys: [String]) async throws {
        var errors: [FieldProblem] = []
        var subscriptions: Set<NotificationPreferences.Subscription> = []
        let offered = Set(offered(req))
        for key in keys {
            guard let subscription = NotificationPreferences.Subscription(key: key) else {
                errors.append(FieldProblem(field: "subscriptions", reasonZh: "无法识别的订阅：\(key.prefix(40))", reasonEn: "Unknown subscription: \(key.prefix(40))"))
                continue
            }
            guard offered.contains(subscription.channel) else {
                errors.append(FieldProblem(field: "subscriptions", reasonZh: "本平台暂未开通\(subscription.channel.name.zh)通知", reasonEn: "\(subscription.channel.name.en) notices are not offered here"))
                continue
            }
            subscriptions.insert(subscription)
        }
        let trimmed = email?.trimmingCharacters(in: .whitespaces)
        let preferences = NotificationPreferences(email: trimmed?.isEmpty == true ? nil : trimmed, wechatOpenID: wechatOpenID, subscriptions: subscriptions)
        errors += preferences.problems().map { FieldProblem(field: $0.field, reasonZh: $0.message.zh, reasonEn: $0.message.en) }
        guard errors.isEmpty else { throw Problem.validation(errors) }
        let before = try await req.services.notificationSettings.preferences(accountID: accountID, on: req.db)
        try await req.services.notificationSettings.save(preferences, accountID: accountID, on: req.db)
        // A new address gets its code at once; one the relay could not take or past the hourly limit is sent again on request.
        for (channel, old, new) in [(NotificationChannel.email, before.email, preferences.email), (.wechat, before.wechatOpenID, preferences.wechatOpenID)]
        where new != nil && new != old {
            _ = try? await sendCode(req, accountID: accountID, channel: channel)
        }
    }

    /// Sends a new 6-digit code to the account's unconfirmed e-mail address or openid through that channel (5 an hour
    /// per channel); false when there is nothing to confirm or the channel is not offered.
    static func sendCode(_ req: Request, accountID: UUID, channel: NotificationChannel) async throws -> Bool {
        guard let gateway = req.services.messageGateways.first(where: { $0.channel == channel }) else { return false }
        if let until = try await req.services.codeThrottle.reserve(keys: ["channel-code:\(accountID.uuidString.lowercased()):\(channel.rawValue)"], on: req.db) {
            throw Problem(.tooManyRequests, slug: "too-many-codes", zh: "验证码发送过于频繁，请稍后再试", en: "Too many codes were sent; try again later",
                          retryAfter: max(1, Int(until.timeIntervalSinceNow.rounded(.up))))
        }
        guard let (code, address) = try await req.services.notificationSettings.issueCode(accountID: accountID, channel: channel, on: req.db) else { return false }
        // Also 5 an hour per destination, whichever accounts ask: many accounts naming one victim's address must not
        // make the platform mail them (the key is a keyed digest, so no address is stored by the count).
        let destination = address.trimmingCharacters(in: .whitespaces).lowercased()
        if let until = try await req.services.codeThrottle.reserve(keys: ["channel-code-to:\(channel.rawValue):\(destination)"], on: req.db) {
            throw Problem(.tooManyRequests, slug: "too-many-codes", zh: "验证码发送过于频繁，请稍后再试", en: "Too many codes were sent; try again later",
                          retryAfter: max(1, Int(until.timeIntervalSinceNow.rounded(.up))))
        }
        let message = OutboundMessage(id: UUID(), channel: channel, address: address, topic: .application,
                                      titleZh: "民生警务验证码 \(code)，10 分钟内有效；如非本人操作请忽略",
                                      titleEn: "Minsheng confirmation code \(code), valid for 10 minutes; ignore it if you did not ask for it",
                                      createdAt: Date(), link: "/me/notifications")
        guard case .sent = await gateway.deliver(message) else {
            throw Problem(.serviceUnavailable, slug: "code-not-sent", zh: "验证码暂时无法送达，请稍后重试", en: "The code could not be sent just now; try again later")
        }
        return true
    }

    struct CodeBody: StrictBody {
        static let fields: Set<String> = ["channel"]
        var channel: String
    }

    struct ConfirmBody: StrictBody {
        static let fields: Set<String> = ["channel", "code"]
        var channel: String
        var code: String
    }

    static func confirmable(_ raw: String) throws -> NotificationChannel {
        guard let channel = NotificationChannel(rawValue: raw), channel == .email || channel == .wechat else {
            throw Problem.validation([FieldProblem(field: "channel", reasonZh: "应为 email 或 wechat", reasonEn: "must be email or wechat")])
        }
        return channel
    }

    func sendCode(req: Request) async throws -> HTTPStatus {
        let account = try await req.requireCitizen()
        let channel = try Self.confirmable(try req.strictBody(CodeBody.self).channel)
        guard try await Self.sendCode(req, accountID: account.id, channel: channel) else {
            throw Problem(.unprocessableEntity, slug: "nothing-to-confirm", zh: "没有待验证的地址：未填写、已验证，或本平台未开通该渠道",
                          en: "There is nothing to confirm: no address saved, already confirmed, or the channel is not offered",
                          errors: [FieldProblem(field: "channel", reasonZh: "没有待验证的地址", reasonEn: "nothing to confirm")])
        }
        return .accepted
    }

    func confirm(req: Request) async throws -> SettingsDTO {
        let account = try await req.requireCitizen()
        let body = try req.strictBody(ConfirmBody.self)
        try await Self.confirm(req, accountID: account.id, channel: try Self.confirmable(body.channel), code: body.code)
        return try await Self.state(req, accountID: account.id)
    }

    /// Confirms a channel with its code, or a 422 that does not say whether the code was wrong, old or used up.
    static func confirm(_ req: Request, accountID: UUID, channel: NotificationChannel, code: String) async throws {
        guard try await req.services.notificationSettings.confirm(accountID: accountID, channel: channel, code: code, on: req.db) else {
            throw Problem(.unprocessableEntity, slug: "confirmation-code-invalid", zh: "验证码不正确或已失效，请重新获取", en: "The code is wrong or no longer valid; ask for a new one",
                          errors: [FieldProblem(field: "code", reasonZh: "验证码不正确或已失效", reasonEn: "wrong or no longer valid")])
        }
    }
}
