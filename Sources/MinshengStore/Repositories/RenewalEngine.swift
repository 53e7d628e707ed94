import FluentKit
import FluentSQL
import Foundation
import MinshengCore

/// What one renewal run did.
public struct RenewalReport: Hashable, Sendable {
    public var opened: [String] = []
    public var refused: [UUID: RenewalRefusal] = [:]
}

/// The proactive renewal (主动服务): for certificates inside their first reminder window whose holders opted in and
/// whose records check out, the platform opens the renewal application itself (delivery by post). The approval then
/// orders production; dispatch creates the mail order; delivery records the new document and re-issues the
/// e-certificate. Holders it cannot renew for are told why, once.
public struct RenewalEngine: Sendable {
    public let cipher: FieldCipher
    public let policy: ReminderPolicy

    public init(cipher: FieldCipher, policy: ReminderPolicy) {
        self.cipher = cipher
        self.policy = policy
    }

    /// Opts a holder in or out of automatic renewal.
    public func setOptIn(_ on: Bool, residentID: UUID, accountID: UUID, at time: Date = Date(), on database: any Database) async throws {
        try await database.transaction { db in
            let existing = try await RenewalOptInRow.query(on: db).filter(\.$residentID == residentID).first()
            if on, existing == nil {
                let row = RenewalOptInRow()
                row.residentID = residentID
                row.accountID = accountID
                row.createdAt = time
                try await row.create(on: db)
            } else if !on, let existing {
                try await existing.delete(on: db)
            } else {
                return
            }
            try await AuditChain.append(AuditEvent(actor: .citizen(accountID), action: on ? "renewal.opted-in" : "renewal.opted-out", subject: "resident:\(residentID.lowercasedText)",
                                                   purpose: "proactive renewal", residentID: residentID), at: time, on: db)
        }
    }

    public func optedIn(residentID: UUID, on database: any Database) async throws -> Bool {
        try await RenewalOptInRow.query(on: database).filter(\.$residentID == residentID).first() != nil
    }

    /// Opens renewals for the certificates of `services`' types (e.g. `id-card` → HZ-44) in their first window.
    public func run(services: [CredentialType: ServiceDefinition], today: CivilDate, at time: Date = Date(), on database: any Database) async throws -> RenewalReport {
        var report = RenewalReport()
        let credentials = CredentialRepository(cipher: cipher)
        let registry = credentials.registry
        let applications = ApplicationRepository(cipher: cipher, registry: registry)
        let accounts = AccountRepository(cipher: cipher)
        for (type, service) in services.sorted(by: { $0.key < $1.key }) {
            guard let rule = policy.rule(for: type), rule.autoRenew == true, let first = rule.daysBefore.max() else { continue }
            let rows = try await CredentialRow.query(on: database).filter(\.$type == type.rawValue).filter(\.$status == "valid")
                .filter(\.$expiresOn >= today.description).filter(\.$expiresOn <= today.adding(days: first).description).all()
            for row in rows {
                let key = "renewal:\(row.id!.lowercasedText):\(row.expiresOn ?? "")"
                guard let resident = try await registry.resident(id: row.holderID, on: database),
                      let account = try await accounts.account(residentID: row.holderID, on: database) else { continue }
                if try await ApplicationRow.query(on: database).filter(\.$applicantAccountID == account.id).filter(\.$idempotencyKey == key).first() != nil { continue }
                let documents = try await credentials.documents(residentID: resident.id, on: database).filter { $0.type == type }
                let document = documents.max { $0.issuedOn < $1.issuedOn }
                let household = try await resident.householdID.asyncMap { try await registry.household(id: $0, on: database)?.0 } ?? nil
                let refusal = RenewalDecision.decide(
                    type: type, rule: rule, optedIn: try await optedIn(residentID: resident.id, on: database), resident: resident,
                    versions: try await registry.versions(residentID: resident.id, on: database), document: document, address: household?.address, today: today)
                if let refusal {
                    if refusal != .notOptedIn { try await tellRefusal(refusal, credentialID: row.id!, expires: row.expiresOn ?? "", type: type, accountID: account.id, at: time, on: database) }
                    report.refused[row.id!] = refusal
                    continue
                }
                let form = ["division": resident.divisionCode, "phone": resident.phone?.value ?? "", "delivery": "mail", "renewalOf": row.id!.lowercasedText]
                let materials = service.materials.map { material -> AttachedMaterial in
                    if CredentialType(materialID: material.id) != nil || material.id == "old-id-card" {
                        return AttachedMaterial(materialID: material.id, source: .eCertificate, reference: "credential:\(row.id!.lowercasedText)")
                    }
                    return AttachedMaterial(materialID: material.id, source: .registry, reference: "on-file:resident:\(resident.id.lowercasedText)")
                }
                let unit = try await OfficerRepository().unit(covering: resident.divisionCode, on: database)
                let (application, created) = try await applications.submit(
                    service: service, account: account, subject: resident, form: form, materials: materials, channel: .system,
                    unitCode: unit?.code, idempotencyKey: key, at: time, today: today, on: database)
                if created {
                    try await NotificationOutbox().enqueue(
                        accountID: account.id, topic: .certificate, subjectRef: application.reference,
                        titleZh: "您的\(type.name.zh)将于 \(row.expiresOn ?? "") 到期，平台已为您自动申请换领（\(application.reference)），新证将邮寄到户籍地址",
                        titleEn: "Your \(type.name.en) expires on \(row.expiresOn ?? ""): the platform has applied for its renewal (\(application.reference)); the new one will be posted to your registered address",
                        at: time, on: database)
                    report.opened.append(application.reference)
                }
            }
        }
        return report
    }

    /// One notice per certificate and reason (kept in the reminders table under the reason's key).
    func tellRefusal(_ refusal: RenewalRefusal, credentialID: UUID, expires: String, type: CredentialType, accountID: UUID, at time: Date, on database: any Database) async throws {
        try await database.transaction { db in
            let key = "renewal-refused:\(refusal.rawValue):\(expires)"
            guard try await ReminderRow.query(on: db).filter(\.$credentialID == credentialID).filter(\.$windowKey == key).first() == nil else { return }
            let row = ReminderRow()
            row.credentialID = credentialID
            row.windowKey = key
            row.createdAt = time
            try await row.create(on: db)
            try await NotificationOutbox().enqueue(
                accountID: accountID, topic: .certificate, subjectRef: "certificate:\(type.rawValue)",
                titleZh: "您的\(type.name.zh)将于 \(expires) 到期，平台无法为您自动换领：\(refusal.message.zh)",
                titleEn: "Your \(type.name.en) expires on \(expires); the platform cannot renew it for you: \(refusal.message.en)", at: time, on: db)
        }
    }
}
