import FluentKit
import Foundation
import MinshengCore

/// Citizens' notification settings: read for the settings page and for every delivery, written with an audit entry.
public struct NotificationSettings: Sendable {
    public let cipher: FieldCipher

    public init(cipher: FieldCipher) { self.cipher = cipher }

    public func preferences(accountID: UUID, on database: any Database) async throws -> NotificationPreferences {
        guard let row = try await NotificationSettingsRow.find(accountID, on: database) else { return .none }
        return try decode(row)
    }

    /// Saves settings that passed `NotificationPreferences.problems()`; refuses the others.
    public func save(_ preferences: NotificationPreferences, accountID: UUID, at time: Date = Date(), on database: any Database) async throws {
        let problems = preferences.problems()
        guard problems.isEmpty else { throw NotificationSettingsError(problems: problems) }
        try await database.transaction { db in
            let existing = try await NotificationSettingsRow.find(accountID, on: db)
            let before = try existing.map(decode)
            let row = existing ?? NotificationSettingsRow()
            row.id = accountID
            row.emailSealed = preferences.email.map { cipher.seal($0) }
            row.wechatSealed = preferences.wechatOpenID.map { cipher.seal($0) }
            row.subscriptions = preferences.subscriptions.sorted().map(\.key).joined(separator: ",")
            row.updatedAt = time
            try await row.save(on: db)
            try await AuditChain.append(
                AuditEvent(actor: .citizen(accountID), action: "account.notification-settings", subject: "account:\(accountID.lowercasedText)",
                           purpose: "notification settings",
                           detail: ["subscriptions": row.subscriptions,
                                    "email": preferences.email == nil ? "none" : (preferences.email == before?.email ? "unchanged" : "set"),
                                    "wechat": preferences.wechatOpenID == nil ? "none" : "bound"]),
                at: time, on: db)
        }
    }

    /// Settings of many accounts at once (the sweep's fan-out), for those that have any.
    static func subscriptions(of accountIDs: [UUID], on database: any Database) async throws -> [UUID: Set<NotificationPreferences.Subscription>] {
        guard !accountIDs.isEmpty else { return [:] }
        var result: [UUID: Set<NotificationPreferences.Subscription>] = [:]
        for chunk in stride(from: 0, to: accountIDs.count, by: 1000).map({ Array(accountIDs[$0..<min(accountIDs.count, $0 + 1000)]) }) {
            for row in try await NotificationSettingsRow.query(on: database).filter(\.$id ~~ chunk).filter(\.$subscriptions != "").all() {
                result[row.id!] = Self.parse(row.subscriptions)
            }
        }
        return result
    }

    func decode(_ row: NotificationSettingsRow) throws -> NotificationPreferences {
        NotificationPreferences(email: try row.emailSealed.map { try cipher.openString($0) },
                                wechatOpenID: try row.wechatSealed.map { try cipher.openString($0) },
                                subscriptions: Self.parse(row.subscriptions))
    }

    static func parse(_ text: String) -> Set<NotificationPreferences.Subscription> {
        Set(text.split(separator: ",").compactMap { NotificationPreferences.Subscription(key: String($0)) })
    }
}

/// Settings that cannot be saved, with every reason.
public struct NotificationSettingsError: Error, Sendable {
    public let problems: [PreferenceProblem]
}
