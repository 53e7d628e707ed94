import FluentKit
import FluentSQL
import Foundation
import Logging
import MinshengCore

/// What one dispatch run did.
public struct DispatchReport: Hashable, Sendable {
    public var sent = 0
    public var retried = 0
    public var failed = 0
    public var cancelled = 0

    public init(sent: Int = 0, retried: Int = 0, failed: Int = 0, cancelled: Int = 0) {
        self.sent = sent
        self.retried = retried
        self.failed = failed
        self.cancelled = cancelled
    }
}

/// Sends the queued SMS, WeChat and e-mail deliveries through their gateways. Each batch is claimed in a transaction
/// (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so two instances never send the same row; the write lock first on SQLite)
/// and its outcome written in the same transaction. Delivery is at least once: a crash between the send and the commit
/// sends again, with the same delivery id as the provider's de-duplication reference. A transient failure is retried
/// after 1, 5, 30 minutes, 2 and 12 hours; then, or when the provider refuses, the row is `failed` with the reason. The
/// address is read, and decrypted, only at the send, so a citizen who unsubscribes or removes an address before it
/// goes is not sent it (`cancelled`).
public struct DeliveryDispatcher: Sendable {
    public let cipher: FieldCipher
    public let gateways: [NotificationChannel: any MessageGateway]
    public var batchSize: Int
    public var logger: Logger
    public static let backoff: [TimeInterval] = [60, 300, 1800, 7200, 43200]
    public static var maxAttempts: Int { backoff.count + 1 }

    public init(cipher: FieldCipher, gateways: [any MessageGateway], batchSize: Int = 100, logger: Logger = Logger(label: "minsheng.delivery")) {
        self.cipher = cipher
        self.gateways = Dictionary(gateways.map { ($0.channel, $0) }, uniquingKeysWith: { first, _ in first })
        self.batchSize = batchSize
        self.logger = logger
    }

    public func run(at time: Date = Date(), on database: any Database) async throws -> DispatchReport {
        var report = DispatchReport()
        let channels = gateways.keys.map(\.rawValue).sorted()
        guard !channels.isEmpty else { return report }
        let postgres = (database as! any SQLDatabase).dialect.name == "postgresql"
        while true {
            let (handled, batch) = try await database.transaction { db -> (Int, DispatchReport) in
                let sql = db as! any SQLDatabase
                try await SQLiteWriteLock.take(on: db)
                var query = SQLQueryString("SELECT id FROM deliveries WHERE state = 'pending' AND next_attempt_at <= \(bind: time) AND channel IN (")
                for (i, channel) in channels.enumerated() {
                    if i > 0 { query.appendInterpolation(unsafeRaw: ", ") }
                    query.appendInterpolation(bind: channel)
                }
                query.appendInterpolation(unsafeRaw: ") ORDER BY next_attempt_at LIMIT \(batchSize)")
                if postgres { query.appendInterpolation(unsafeRaw: " FOR UPDATE SKIP LOCKED") }
                let ids = try await sql.raw(query).all().map { try $0.decode(column: "id", as: UUID.self) }
                guard !ids.isEmpty else { return (0, DispatchReport()) }
                let rows = try await DeliveryRow.query(on: db).filter(\.$id ~~ ids).all()
                let notices = Dictionary(uniqueKeysWithValues: try await NotificationRow.query(on: db).filter(\.$id ~~ rows.map(\.notificationID)).all().map { ($0.id!, $0) })
                var batch = DispatchReport()
                for row in rows {
                    try await send(row, notice: notices[row.notificationID], at: time, report: &batch, on: db)
                }
                return (rows.count, batch)
            }
            report.sent += batch.sent
            report.retried += batch.retried
            report.failed += batch.failed
            report.cancelled += batch.cancelled
            if handled < batchSize { break }
        }
        return report
    }

    private func send(_ row: DeliveryRow, notice: NotificationRow?, at time: Date, report: inout DispatchReport, on db: any Database) async throws {
        guard let channel = NotificationChannel(rawValue: row.channel), let gateway = gateways[channel], let notice,
              let topic = NoticeTopic(rawValue: row.topic) else {
            row.state = "failed"
            row.lastError = "unknown channel, topic or notice"
            try await row.update(on: db)
            report.failed += 1
            return
        }
        guard let address = try await address(for: channel, topic: topic, accountID: row.accountID, on: db) else {
            row.state = "cancelled"
            row.lastError = "unsubscribed, no address or address not confirmed"
            try await row.update(on: db)
            report.cancelled += 1
            return
        }
        let message = OutboundMessage(id: row.id!, channel: channel, address: address, topic: topic, titleZh: notice.titleZh, titleEn: notice.titleEn,
                                      createdAt: notice.createdAt, link: "/me")
        let outcome = await gateway.deliver(message)
        row.attempts += 1
        switch outcome {
        case .sent(let reference):
            row.state = "sent"
            row.sentAt = time
            row.providerRef = reference
            row.lastError = nil
            report.sent += 1
            logger.debug("delivered", metadata: ["channel": "\(channel.rawValue)", "to": "\(message.maskedAddress)", "delivery": "\(row.id!.lowercasedText)"])
        case .retry(let reason) where row.attempts < Self.maxAttempts:
            row.lastError = String(reason.prefix(500))
            row.nextAttemptAt = time.addingTimeInterval(Self.backoff[row.attempts - 1])
            report.retried += 1
            logger.warning("delivery will be retried", metadata: ["channel": "\(channel.rawValue)", "to": "\(message.maskedAddress)", "reason": "\(reason)"])
        case .retry(let reason), .rejected(let reason):
            row.state = "failed"
            row.lastError = String(reason.prefix(500))
            report.failed += 1
            logger.error("delivery failed", metadata: ["channel": "\(channel.rawValue)", "to": "\(message.maskedAddress)", "reason": "\(reason)"])
        }
        try await row.update(on: db)
    }

    /// Where the message goes now: the account's phone for SMS, the saved address or openid otherwise; nil when the
    /// citizen no longer subscribes to this topic on this channel, or has not confirmed the address with its code.
    func address(for channel: NotificationChannel, topic: NoticeTopic, accountID: UUID, on db: any Database) async throws -> String? {
        let settings = NotificationSettings(cipher: cipher)
        let preferences = try await settings.preferences(accountID: accountID, on: db)
        guard preferences.subscriptions.contains(.init(topic: topic, channel: channel)),
              try await settings.confirmed(accountID: accountID, on: db).contains(channel) else { return nil }
        switch channel {
        case .sms:
            guard let account = try await CitizenAccountRow.find(accountID, on: db) else { return nil }
            return try cipher.openString(account.phone)
        case .email: return preferences.email
        case .wechat: return preferences.wechatOpenID
        case .inApp: return nil
        }
    }

    /// An account's deliveries, newest first (shown in the settings page).
    public static func deliveries(accountID: UUID, limit: Int = 20, on database: any Database) async throws -> [DeliveryRow] {
        try await DeliveryRow.query(on: database).filter(\.$accountID == accountID).sort(\.$createdAt, .descending).limit(limit).all()
    }
}
