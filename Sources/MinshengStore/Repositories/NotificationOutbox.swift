import FluentKit
import FluentSQL
import Foundation
import MinshengCore

/// One notification for a citizen.
public struct Notice: Hashable, Sendable {
    public var id: UUID
    public var subjectRef: String
    public var titleZh: String
    public var titleEn: String
    public var read: Bool
    public var at: Date
}

/// The notifications outbox: rows written in the same transaction as the change they report. Every notice is shown
/// in-app; for each channel the citizen subscribed to on its topic a delivery row is queued beside it, which the
/// `DeliveryDispatcher` sends.
public struct NotificationOutbox: Sendable {
    public init() {}

    /// Queues an in-app notice for an account, and a delivery for each channel it subscribed to on this topic.
    public func enqueue(accountID: UUID, topic: NoticeTopic, subjectRef: String, titleZh: String, titleEn: String, at time: Date = Date(),
                        on database: any Database) async throws {
        let row = NotificationRow()
        row.id = UUID()
        row.accountID = accountID
        row.channel = NotificationChannel.inApp.rawValue
        row.subjectRef = subjectRef
        row.titleZh = titleZh
        row.titleEn = titleEn
        row.createdAt = time
        try await row.create(on: database)
        try await Self.fanOut([(row.id!, accountID, topic)], at: time, on: database)
    }

    /// The deliveries for notices just written: one per subscribed channel, in one statement.
    static func fanOut(_ notices: [(notification: UUID, account: UUID, topic: NoticeTopic)], at time: Date, on database: any Database) async throws {
        let subscriptions = try await NotificationSettings.subscriptions(of: Array(Set(notices.map(\.account))), on: database)
        guard !subscriptions.isEmpty else { return }
        var values: [(UUID, UUID, NotificationChannel, NoticeTopic)] = []
        for notice in notices {
            for subscription in subscriptions[notice.account] ?? [] where subscription.topic == notice.topic {
                values.append((notice.notification, notice.account, subscription.channel, notice.topic))
            }
        }
        guard !values.isEmpty else { return }
        let sql = database as! any SQLDatabase
        for chunk in stride(from: 0, to: values.count, by: 500) {
            var insert = SQLQueryString("INSERT INTO deliveries (id, notification_id, account_id, channel, topic, state, attempts, next_attempt_at, created_at) VALUES ")
            for (i, value) in values[chunk..<min(values.count, chunk + 500)].enumerated() {
                if i > 0 { insert.appendInterpolation(unsafeRaw: ", ") }
                insert.appendInterpolation(unsafeRaw: "(")
                insert.appendInterpolation(bind: UUID()); insert.appendInterpolation(unsafeRaw: ", ")
                insert.appendInterpolation(bind: value.0); insert.appendInterpolation(unsafeRaw: ", ")
                insert.appendInterpolation(bind: value.1); insert.appendInterpolation(unsafeRaw: ", ")
                insert.appendInterpolation(bind: value.2.rawValue); insert.appendInterpolation(unsafeRaw: ", ")
                insert.appendInterpolation(bind: value.3.rawValue); insert.appendInterpolation(unsafeRaw: ", 'pending', 0, ")
                insert.appendInterpolation(bind: time); insert.appendInterpolation(unsafeRaw: ", ")
                insert.appendInterpolation(bind: time); insert.appendInterpolation(unsafeRaw: ")")
            }
            try await sql.raw(insert).run()
        }
    }

    /// An account's notices, newest first.
    public func notices(accountID: UUID, limit: Int = 50, on database: any Database) async throws -> [Notice] {
        try await NotificationRow.query(on: database).filter(\.$accountID == accountID).filter(\.$channel == NotificationChannel.inApp.rawValue)
            .sort(\.$createdAt, .descending).limit(limit).all().map {
                Notice(id: $0.id!, subjectRef: $0.subjectRef, titleZh: $0.titleZh, titleEn: $0.titleEn, read: $0.readAt != nil, at: $0.createdAt)
            }
    }

    /// Marks every notice of an account read.
    public func markAllRead(accountID: UUID, at time: Date = Date(), on database: any Database) async throws {
        try await NotificationRow.query(on: database).filter(\.$accountID == accountID).filter(\.$readAt == nil).set(\.$readAt, to: time).update()
    }
}
