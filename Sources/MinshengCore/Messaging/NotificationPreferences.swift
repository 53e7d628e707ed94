import Foundation

/// A citizen's notification settings: which topics reach which channels beyond the in-app notice, and the addresses
/// the channels need (the SMS goes to the account's phone). Validated here, stored sealed.
public struct NotificationPreferences: Hashable, Sendable, Codable {
    public struct Subscription: Hashable, Sendable, Codable, Comparable {
        public var topic: NoticeTopic
        public var channel: NotificationChannel

        public init(topic: NoticeTopic, channel: NotificationChannel) {
            self.topic = topic
            self.channel = channel
        }

        public static func < (a: Subscription, b: Subscription) -> Bool { (a.topic, a.channel) < (b.topic, b.channel) }

        /// `certificate:sms`, as stored.
        public var key: String { "\(topic.rawValue):\(channel.rawValue)" }

        public init?(key: String) {
            let parts = key.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let topic = NoticeTopic(rawValue: parts[0]), let channel = NotificationChannel(rawValue: parts[1]),
                  channel != .inApp else { return nil }
            self.init(topic: topic, channel: channel)
        }
    }

    public var email: String?
    /// The account's openid at the platform's WeChat official account, set when the citizen binds WeChat.
    public var wechatOpenID: String?
    public var subscriptions: Set<Subscription>

    public init(email: String? = nil, wechatOpenID: String? = nil, subscriptions: Set<Subscription> = []) {
        self.email = email
        self.wechatOpenID = wechatOpenID
        self.subscriptions = subscriptions
    }

    /// The default for a new account: nothing beyond in-app.
    public static let none = NotificationPreferences()

    /// The channels a notice on this topic goes to besides in-app.
    public func channels(for topic: NoticeTopic) -> [NotificationChannel] {
        subscriptions.filter { $0.topic == topic }.map(\.channel).sorted()
    }

    /// Every reason these settings cannot be saved (empty when they can).
    public func problems() -> [PreferenceProblem] {
        var problems: [PreferenceProblem] = []
        if let email, !Self.isPlausibleEmail(email) { problems.append(.badEmail) }
        if let openID = wechatOpenID, !Self.isPlausibleOpenID(openID) { problems.append(.badOpenID) }
        if subscriptions.contains(where: { $0.channel == .email }), email == nil { problems.append(.emailNeeded) }
        if subscriptions.contains(where: { $0.channel == .wechat }), wechatOpenID == nil { problems.append(.wechatNotBound) }
        if subscriptions.contains(where: { $0.channel == .inApp }) { problems.append(.inAppIsAlwaysOn) }
        return problems
    }

    /// An address of the form local@domain.tld, at most 254 characters, no spaces or angle brackets: what RFC 5321
    /// accepts in practice, checked before a message is ever sent (the mail server has the last word).
    public static func isPlausibleEmail(_ text: String) -> Bool {
        guard text.utf8.count <= 254, !text.contains(where: { $0.isWhitespace || "<>()[],;:\"\\".contains($0) }) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64 else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
        }
    }

    /// WeChat openids are 28 characters of letters, digits, `-` and `_`.
    public static func isPlausibleOpenID(_ text: String) -> Bool {
        text.count == 28 && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}

/// Why notification settings were refused, in both languages.
public enum PreferenceProblem: String, Hashable, Sendable, Codable {
    case badEmail = "bad-email"
    case badOpenID = "bad-openid"
    case emailNeeded = "email-needed"
    case wechatNotBound = "wechat-not-bound"
    case inAppIsAlwaysOn = "in-app-always-on"

    public var field: String {
        switch self {
        case .badEmail, .emailNeeded: "email"
        case .badOpenID, .wechatNotBound: "wechatOpenID"
        case .inAppIsAlwaysOn: "subscriptions"
        }
    }

    public var message: LocalizedText {
        switch self {
        case .badEmail: LocalizedText(zh: "电子邮件地址格式不正确", en: "The e-mail address is not valid")
        case .badOpenID: LocalizedText(zh: "微信 OpenID 格式不正确", en: "The WeChat openid is not valid")
        case .emailNeeded: LocalizedText(zh: "订阅电子邮件通知前请先填写邮件地址", en: "Give an e-mail address before subscribing by e-mail")
        case .wechatNotBound: LocalizedText(zh: "订阅微信通知前请先在微信中绑定本账户", en: "Bind this account in WeChat before subscribing by WeChat")
        case .inAppIsAlwaysOn: LocalizedText(zh: "站内消息始终开启，无需订阅", en: "In-app notices are always on and cannot be subscribed")
        }
    }
}
