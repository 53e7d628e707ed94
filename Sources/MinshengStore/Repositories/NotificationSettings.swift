import FluentKit
import FluentSQL
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
            // A new address is unconfirmed until the code sent to it comes back.
            if preferences.email == nil || preferences.email != before?.email { row.emailConfirmedAt = nil }
            if preferences.wechatOpenID == nil || preferences.wechatOpenID != before?.wechatOpenID { row.wechatConfirmedAt = nil }
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

    /// The external channels whose address the citizen confirmed (SMS goes to the account's own phone: always).
    public func confirmed(accountID: UUID, on database: any Database) async throws -> Set<NotificationChannel> {
        let row = try await NotificationSettingsRow.find(accountID, on: database)
        var channels: Set<NotificationChannel> = [.sms]
        if row?.emailSealed != nil, row?.emailConfirmedAt != nil { channels.insert(.email) }
        if row?.wechatSealed != nil, row?.wechatConfirmedAt != nil { channels.insert(.wechat) }
        return channels
    }

    /// Codes live 10 minutes and allow 5 wrong tries.
    public static let codeLifetime: TimeInterval = 600
    public static let codeTries = 5

    /// A new 6-digit code for the account's unconfirmed e-mail address or openid, replacing any earlier one; nil when
    /// there is no such address or it is already confirmed. Returns the code and where to send it.
    public func issueCode(accountID: UUID, channel: NotificationChannel, at time: Date = Date(), on database: any Database) async throws -> (code: String, address: String)? {
        guard channel == .email || channel == .wechat else { return nil }
        return try await database.transaction { db in
            guard let row = try await NotificationSettingsRow.find(accountID, on: db) else { return nil }
            let preferences = try decode(row)
            guard let address = channel == .email ? preferences.email : preferences.wechatOpenID,
                  (channel == .email ? row.emailConfirmedAt : row.wechatConfirmedAt) == nil else { return nil }
            let code = String(format: "%06d", Int.random(in: 0..<1_000_000))
            try await ChannelConfirmationRow.query(on: db).filter(\.$accountID == accountID).filter(\.$channel == channel.rawValue).delete()
            let pending = ChannelConfirmationRow()
            pending.accountID = accountID
            pending.channel = channel.rawValue
            pending.addressDigest = addressDigest(address)
            pending.codeDigest = codeDigest(code, accountID: accountID, channel: channel)
            pending.expiresAt = time.addingTimeInterval(Self.codeLifetime)
            pending.attempts = 0
            pending.createdAt = time
            try await pending.create(on: db)
            return (code, address)
        }
    }

    /// Confirms the channel when the code is the one last sent, within its life and tries, to the address saved now.
    /// Each try is counted first (a conditional increment), so parallel guesses share the five.
    public func confirm(accountID: UUID, channel: NotificationChannel, code: String, at time: Date = Date(), on database: any Database) async throws -> Bool {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            let counted = try await sql.update(ChannelConfirmationRow.schema).set(SQLIdentifier("attempts"), to: SQLRaw("attempts + 1"))
                .where("account_id", .equal, accountID).where("channel", .equal, channel.rawValue)
                .where("attempts", .lessThan, Self.codeTries).where("expires_at", .greaterThan, time)
                .returning("id").all()
            guard !counted.isEmpty,
                  let pending = try await ChannelConfirmationRow.query(on: db).filter(\.$accountID == accountID).filter(\.$channel == channel.rawValue).first(),
                  pending.codeDigest == codeDigest(code.trimmingCharacters(in: .whitespaces), accountID: accountID, channel: channel),
                  let row = try await NotificationSettingsRow.find(accountID, on: db) else { return false }
            let preferences = try decode(row)
            guard let address = channel == .email ? preferences.email : preferences.wechatOpenID, addressDigest(address) == pending.addressDigest else { return false }
            if channel == .email { row.emailConfirmedAt = time } else { row.wechatConfirmedAt = time }
            try await row.update(on: db)
            try await pending.delete(on: db)
            try await AuditChain.append(
                AuditEvent(actor: .citizen(accountID), action: "account.channel-confirmed", subject: "account:\(accountID.lowercasedText)",
                           purpose: "notification settings", detail: ["channel": channel.rawValue]),
                at: time, on: db)
            return true
        }
    }

    func addressDigest(_ address: String) -> String { cipher.blindIndex(address, domain: "channel-address") }

    func codeDigest(_ code: String, accountID: UUID, channel: NotificationChannel) -> String {
        cipher.blindIndex("\(accountID.lowercasedText):\(channel.rawValue):\(code)", domain: "channel-code")
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
