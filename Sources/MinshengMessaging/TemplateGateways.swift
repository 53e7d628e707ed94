import Foundation
import MinshengCore

/// A request to an SMS or WeChat provider, in the provider's shape, with the delivery id as the caller's reference.
public struct ProviderRequest: Codable, Hashable, Sendable {
    public var channel: String
    /// The delivery id: SMS `OutId`, WeChat `client_msg_id`.
    public var reference: String
    /// The phone number or openid.
    public var to: String
    public var template: String
    public var parameters: [String: String]
    public var sign: String?
    public var url: String?
    public var at: Date
}

/// How a provider request leaves the platform: the provider's HTTPS API in production (not reachable from here, so
/// not built), a local outbox file in development and tests.
public protocol ProviderTransport: Sendable {
    func post(_ request: ProviderRequest) async -> DeliveryOutcome
}

/// SMS through a template the carrier approved (Chinese SMS providers send registered templates only, with the
/// platform's signature): 【深圳公安】{title}，详情请登录民生警务查看。
public struct SMSTemplateGateway: MessageGateway {
    public let channel = NotificationChannel.sms
    public static let template = "SMS_MINSHENG_NOTICE"
    public var sign: String
    public var transport: any ProviderTransport

    public init(sign: String = "深圳公安", transport: any ProviderTransport) {
        self.sign = sign
        self.transport = transport
    }

    public func deliver(_ message: OutboundMessage) async -> DeliveryOutcome {
        guard message.address.count == 11, message.address.allSatisfy(\.isNumber) else { return .rejected(reason: "sms: not a mainland mobile number") }
        // Carriers bill per 70 characters: the variable is cut so the whole text stays in one message.
        let title = message.titleZh.count > 50 ? String(message.titleZh.prefix(49)) + "…" : message.titleZh
        return await transport.post(ProviderRequest(channel: "sms", reference: message.id.uuidString.lowercased(), to: message.address,
                                                    template: Self.template, parameters: ["title": title], sign: sign, url: nil, at: message.createdAt))
    }
}

/// A WeChat official-account template message (服务通知): first line, the topic and time as keywords, a remark, and
/// the personal center as the link.
public struct WeChatTemplateGateway: MessageGateway {
    public let channel = NotificationChannel.wechat
    public var templateID: String
    public var baseURL: String
    public var transport: any ProviderTransport

    public init(templateID: String = "MINSHENG-NOTICE-1", baseURL: String, transport: any ProviderTransport) {
        self.templateID = templateID
        self.baseURL = baseURL
        self.transport = transport
    }

    public func deliver(_ message: OutboundMessage) async -> DeliveryOutcome {
        guard NotificationPreferences.isPlausibleOpenID(message.address) else { return .rejected(reason: "wechat: not an openid") }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = CivilDate.chinaTime
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        let time = formatter.string(from: message.createdAt)
        return await transport.post(ProviderRequest(
            channel: "wechat", reference: message.id.uuidString.lowercased(), to: message.address, template: templateID,
            parameters: ["first": message.titleZh, "keyword1": message.topic.name.zh, "keyword2": time, "remark": "点击查看详情"],
            sign: nil, url: baseURL + message.link, at: message.createdAt))
    }
}

/// The local fake of the SMS and WeChat providers: each request appended as one JSON line to `DIR/CHANNEL.jsonl`,
/// which developers read and tests assert on. Writes are serialised within the process and appended whole.
public struct OutboxFileTransport: ProviderTransport {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    public func post(_ request: ProviderRequest) async -> DeliveryOutcome {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            var line = try encoder.encode(request)
            line.append(0x0A)
            try OutboxFileLock.shared.append(line, to: "\(directory)/\(request.channel).jsonl")
            return .sent(providerReference: "fake-\(request.reference)")
        } catch {
            return .retry(reason: "outbox file: \(error)")
        }
    }

    /// The requests written so far to one channel's file.
    public static func requests(channel: String, in directory: String) throws -> [ProviderRequest] {
        guard let data = FileManager.default.contents(atPath: "\(directory)/\(channel).jsonl") else { return [] }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try data.split(separator: 0x0A).map { try decoder.decode(ProviderRequest.self, from: Data($0)) }
    }
}

/// Serialises appends to the outbox files within the process.
final class OutboxFileLock: @unchecked Sendable {
    static let shared = OutboxFileLock()
    private let lock = NSLock()

    func append(_ data: Data, to path: String) throws {
        lock.lock()
        defer { lock.unlock() }
        if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: data)
    }
}
