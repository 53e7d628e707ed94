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
        return SettingsDTO(
            email: preferences.email, wechatBound: preferences.wechatOpenID != nil,
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
        try await req.services.notificationSettings.save(preferences, accountID: accountID, on: req.db)
    }
}
