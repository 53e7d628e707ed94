import FluentKit
import FluentSQL

/// E-mail addresses and WeChat openids are confirmed before anything else is sent there (issue 16): when each was
/// confirmed, and the pending code (its keyed digest, the address it was sent to, its expiry and wrong tries).
/// Addresses saved before this migration count as unconfirmed.
struct AddChannelConfirmations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(NotificationSettingsRow.schema).field("email_confirmed_at", .datetime).update()
        try await database.schema(NotificationSettingsRow.schema).field("wechat_confirmed_at", .datetime).update()
        try await database.schema(ChannelConfirmationRow.schema)
            .id()
            .field("account_id", .uuid, .required, .references(CitizenAccountRow.schema, .id))
            .field("channel", .string, .required)
            .field("address_digest", .string, .required)
            .field("code_digest", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("attempts", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "account_id", "channel", name: "uq_channel_confirmations_account_channel")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ChannelConfirmationRow.schema).delete()
        try await database.schema(NotificationSettingsRow.schema).deleteField("wechat_confirmed_at").update()
        try await database.schema(NotificationSettingsRow.schema).deleteField("email_confirmed_at").update()
    }
}
