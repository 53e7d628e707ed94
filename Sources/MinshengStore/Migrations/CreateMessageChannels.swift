import FluentKit
import FluentSQL

/// Notification settings (subscriptions and the sealed addresses the channels need) and the deliveries outbox: one row
/// per notice and external channel, written in the notice's transaction and sent by the dispatcher. Also the one
/// current certificate per holder and type, which two concurrent re-issues could otherwise both create.
struct CreateMessageChannels: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema(NotificationSettingsRow.schema)
            .field("account_id", .uuid, .identifier(auto: false), .references(CitizenAccountRow.schema, .id))
            .field("email_sealed", .data)
            .field("wechat_sealed", .data)
            .field("subscriptions", .string, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema(DeliveryRow.schema)
            .id()
            .field("notification_id", .uuid, .required, .references(NotificationRow.schema, .id))
            .field("account_id", .uuid, .required, .references(CitizenAccountRow.schema, .id))
            .field("channel", .string, .required)
            .field("topic", .string, .required)
            .field("state", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("last_error", .string)
            .field("provider_ref", .string)
            .field("sent_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "notification_id", "channel", name: "uq_deliveries_notice_channel")
            .create()
        try await sql.raw("CREATE INDEX ix_deliveries_pending ON deliveries (next_attempt_at) WHERE state = 'pending'").run()
        try await sql.raw("CREATE INDEX ix_deliveries_account ON deliveries (account_id, created_at)").run()
        try await sql.raw("CREATE INDEX ix_notifications_in_app ON notifications (account_id, created_at) WHERE channel = 'in-app'").run()
        try await sql.raw("CREATE UNIQUE INDEX \(unsafeRaw: Self.currentIndex) ON credentials (holder_id, type) WHERE status IN ('valid', 'suspended')").run()
    }

    static let currentIndex = "uq_credentials_current"

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX \(unsafeRaw: Self.currentIndex)").run()
        try await sql.raw("DROP INDEX ix_notifications_in_app").run()
        try await database.schema(DeliveryRow.schema).delete()
        try await database.schema(NotificationSettingsRow.schema).delete()
    }
}
