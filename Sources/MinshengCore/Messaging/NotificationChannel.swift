/// Where a notice reaches a citizen. In-app is always on; the others are what the citizen subscribed to.
public enum NotificationChannel: String, Codable, CaseIterable, Hashable, Sendable, Comparable {
    case inApp = "in-app"
    case sms
    case wechat
    case email

    /// The channels a citizen can turn on or off.
    public static let optional: [NotificationChannel] = [.sms, .wechat, .email]

    public var name: LocalizedText {
        switch self {
        case .inApp: LocalizedText(zh: "站内消息", en: "In the personal center")
        case .sms: LocalizedText(zh: "短信", en: "SMS")
        case .wechat: LocalizedText(zh: "微信服务通知", en: "WeChat service notice")
        case .email: LocalizedText(zh: "电子邮件", en: "E-mail")
        }
    }

    public static func < (a: NotificationChannel, b: NotificationChannel) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// What a notice is about; subscriptions are per topic and channel.
public enum NoticeTopic: String, Codable, CaseIterable, Hashable, Sendable, Comparable {
    /// Progress of an application (accepted, supplement asked, decided).
    case application
    /// Counter appointments (booked, cancelled).
    case appointment
    /// Certificate reminders (expiry, endorsement) and automatic renewal.
    case certificate
    /// Production and mail orders (dispatched, delivered, returned).
    case order
    /// A case the citizen is party to, when its stage changes (案件进度).
    case caseProgress = "case"
    /// Replies and steps on a crime report of a real-name informant: one text naming no report, and beyond in-app only
    /// when the informant subscribed to this topic itself.
    case tip

    public var name: LocalizedText {
        switch self {
        case .application: LocalizedText(zh: "办事进度", en: "Application progress")
        case .appointment: LocalizedText(zh: "预约", en: "Appointments")
        case .certificate: LocalizedText(zh: "证照到期提醒与自动换领", en: "Certificate reminders and renewal")
        case .order: LocalizedText(zh: "制证与邮寄", en: "Production and delivery")
        case .caseProgress: LocalizedText(zh: "案件办理进度", en: "Case progress")
        case .tip: LocalizedText(zh: "举报回复（不显示举报编号）", en: "Replies to my crime reports (no tip code shown)")
        }
    }

    public static func < (a: NoticeTopic, b: NoticeTopic) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
