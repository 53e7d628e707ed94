import FluentKit
import FluentSQL

/// The notifications outbox.
struct CreateNotifications: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(NotificationRow.schema)
            .id()
            .field("account_id", .uuid, .required, .references(CitizenAccountRow.schema, .id))
            .field("channel", .string, .required)
            .field("subject_ref", .string, .required)
            .field("title_zh", .string, .required)
            .field("title_en", .string, .required)
            .field("read_at", .datetime)
            .field("sent_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        try await (database as! any SQLDatabase).create(index: "ix_notifications_account").on(NotificationRow.schema).column("account_id").column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(NotificationRow.schema).delete()
    }
}
