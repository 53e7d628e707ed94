import FluentKit
import Foundation

/// A `notifications` row: the outbox. Every application state change leaves one for the applicant; the in-app channel
/// shows them in the personal center, and SMS / WeChat adapters (a later issue) deliver the same rows.
public final class NotificationRow: Model, @unchecked Sendable {
    public static let schema = "notifications"

    @ID(key: .id) public var id: UUID?
    @Field(key: "account_id") public var accountID: UUID
    /// `in-app` now; `sms`, `wechat` when their adapters arrive.
    @Field(key: "channel") public var channel: String
    @Field(key: "subject_ref") public var subjectRef: String
    @Field(key: "title_zh") public var titleZh: String
    @Field(key: "title_en") public var titleEn: String
    @OptionalField(key: "read_at") public var readAt: Date?
    @OptionalField(key: "sent_at") public var sentAt: Date?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}
