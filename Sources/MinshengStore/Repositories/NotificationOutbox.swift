import FluentKit
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

/// The notifications outbox: rows written in the same transaction as the change they report.
public struct NotificationOutbox: Sendable {
    public init() {}

    /// Queues an in-app notice for an account.
    public func enqueue(accountID: UUID, subjectRef: String, titleZh: String, titleEn: String, at time: Date = Date(), on database: any Database) async throws {
        let row = NotificationRow()
        row.accountID = accountID
        row.channel = "in-app"
        row.subjectRef = subjectRef
        row.titleZh = titleZh
        row.titleEn = titleEn
        row.createdAt = time
        try await row.create(on: database)
    }

    /// An account's notices, newest first.
    public func notices(accountID: UUID, limit: Int = 50, on database: any Database) async throws -> [Notice] {
        try await NotificationRow.query(on: database).filter(\.$accountID == accountID).sort(\.$createdAt, .descending).limit(limit).all().map {
            Notice(id: $0.id!, subjectRef: $0.subjectRef, titleZh: $0.titleZh, titleEn: $0.titleEn, read: $0.readAt != nil, at: $0.createdAt)
        }
    }

    /// Marks every notice of an account read.
    public func markAllRead(accountID: UUID, at time: Date = Date(), on database: any Database) async throws {
        try await NotificationRow.query(on: database).filter(\.$accountID == accountID).filter(\.$readAt == nil).set(\.$readAt, to: time).update()
    }
}
