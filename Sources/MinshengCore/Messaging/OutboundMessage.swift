import Foundation

/// One notice on its way out through one channel: the address it goes to and its bilingual text.
public struct OutboundMessage: Hashable, Sendable {
    /// The delivery's id, passed to the provider as the caller's reference so that a retry is not sent twice where the
    /// provider de-duplicates (SMS `outId`, WeChat `client_msg_id`, the e-mail's Message-ID).
    public var id: UUID
    public var channel: NotificationChannel
    /// A phone number, an openid or an e-mail address: decrypted only for the send.
    public var address: String
    public var topic: NoticeTopic
    public var titleZh: String
    public var titleEn: String
    public var createdAt: Date
    /// Where the citizen follows it up (the personal center).
    public var link: String

    public init(id: UUID, channel: NotificationChannel, address: String, topic: NoticeTopic, titleZh: String, titleEn: String, createdAt: Date, link: String) {
        self.id = id
        self.channel = channel
        self.address = address
        self.topic = topic
        self.titleZh = titleZh
        self.titleEn = titleEn
        self.createdAt = createdAt
        self.link = link
    }

    /// The address as logs and pages may show it.
    public var maskedAddress: String {
        switch channel {
        case .sms: Masking.phone(address)
        case .email:
            if let at = address.firstIndex(of: "@") { String(address.prefix(1)) + "***" + address[at...] } else { "***" }
        case .wechat: String(address.prefix(4)) + "…"
        case .inApp: ""
        }
    }
}

/// What a gateway answers: sent (with the provider's reference), or failed, transiently (try again later) or for good.
public enum DeliveryOutcome: Hashable, Sendable {
    case sent(providerReference: String)
    case retry(reason: String)
    case rejected(reason: String)
}

/// One external channel. Implementations: the SMS and WeChat template adapters (over a transport that is the
/// provider's API in production and a local outbox file in development and tests) and SMTP e-mail.
public protocol MessageGateway: Sendable {
    var channel: NotificationChannel { get }
    func deliver(_ message: OutboundMessage) async -> DeliveryOutcome
}
