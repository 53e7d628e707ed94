import FluentKit
import Foundation

/// A `notification_settings` row: one per account that changed its settings. Addresses are sealed with the data key.
public final class NotificationSettingsRow: Model, @unchecked Sendable {
    public static let schema = "notification_settings"

    @ID(custom: "account_id", generatedBy: .user) public var id: UUID?
    @OptionalField(key: "email_sealed") public var emailSealed: Data?
    @OptionalField(key: "wechat_sealed") public var wechatSealed: Data?
    /// When the address and openid were confirmed with a code sent to them; nil: nothing but a code goes there.
    @OptionalField(key: "email_confirmed_at") public var emailConfirmedAt: Date?
    @OptionalField(key: "wechat_confirmed_at") public var wechatConfirmedAt: Date?
    /// `certificate:sms,application:email`, sorted.
    @Field(key: "subscriptions") public var subscriptions: String
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}
}

/// A `deliveries` row: one notice on its way through one external channel.
public final class DeliveryRow: Model, @unchecked Sendable {
    public static let schema = "deliveries"

    @ID(key: .id) public var id: UUID?
    @Field(key: "notification_id") public var notificationID: UUID
    @Field(key: "account_id") public var accountID: UUID
    @Field(key: "channel") public var channel: String
    @Field(key: "topic") public var topic: String
    /// `pending`, `sent`, `failed` (given up or refused by the provider), `cancelled` (unsubscribed before it went).
    @Field(key: "state") public var state: String
    @Field(key: "attempts") public var attempts: Int
    @Field(key: "next_attempt_at") public var nextAttemptAt: Date
    @OptionalField(key: "last_error") public var lastError: String?
    @OptionalField(key: "provider_ref") public var providerRef: String?
    @OptionalField(key: "sent_at") public var sentAt: Date?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}

/// A `channel_confirmations` row: the code last sent to an account's e-mail address or WeChat openid, kept as a keyed
/// digest with the digest of the address it went to.
public final class ChannelConfirmationRow: Model, @unchecked Sendable {
    public static let schema = "channel_confirmations"

    @ID(key: .id) public var id: UUID?
    @Field(key: "account_id") public var accountID: UUID
    @Field(key: "channel") public var channel: String
    @Field(key: "address_digest") public var addressDigest: String
    @Field(key: "code_digest") public var codeDigest: String
    @Field(key: "expires_at") public var expiresAt: Date
    @Field(key: "attempts") public var attempts: Int
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}
