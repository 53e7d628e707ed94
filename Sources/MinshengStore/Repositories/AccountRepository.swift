import FluentKit
import FluentSQL
import Foundation
import MinshengCore

/// Citizen accounts: registration, identity linking, assurance levels.
public struct AccountRepository: Sendable {
    public let cipher: FieldCipher

    public init(cipher: FieldCipher) { self.cipher = cipher }

    func phoneIndex(_ phone: PhoneNumber) -> String { cipher.blindIndex(phone.value, domain: "phone") }

    /// Creates an L1 account. The password must already be hashed (bcrypt) by the caller.
    public func register(phone: PhoneNumber, passwordHash: String, at time: Date = Date(), on database: any Database) async throws -> CitizenAccount {
        try await database.transaction { db in
            if try await CitizenAccountRow.query(on: db).filter(\.$phoneIndex == phoneIndex(phone)).first() != nil {
                throw StoreError.phoneTaken
            }
            let row = CitizenAccountRow()
            row.id = UUID()
            row.phoneIndex = phoneIndex(phone)
            row.phone = cipher.seal(phone.value)
            row.passwordHash = passwordHash
            row.assuranceLevel = AssuranceLevel.l1.rawValue
            row.assuranceMethod = AssuranceMethod.password.rawValue
            row.createdAt = time
            do {
                try await row.create(on: db)
            } catch {
                if StoreError.isUniqueViolation(error) { throw StoreError.phoneTaken }
                throw error
            }
            try await AuditChain.append(
                AuditEvent(actor: .citizen(row.id!), action: "account.registered", subject: "account:\(row.id!.uuidString.lowercased())", purpose: "registration"),
                at: time, on: db
            )
            return try decode(row)
        }
    }

    /// The account and its password hash, by phone.
    public func credentials(phone: PhoneNumber, on database: any Database) async throws -> (CitizenAccount, String)? {
        guard let row = try await CitizenAccountRow.query(on: database).filter(\.$phoneIndex == phoneIndex(phone)).first() else { return nil }
        return (try decode(row), row.passwordHash)
    }

    public func account(id: UUID, on database: any Database) async throws -> CitizenAccount? {
        try await CitizenAccountRow.find(id, on: database).map(decode)
    }

    /// The account linked to a resident, if any.
    public func account(residentID: UUID, on database: any Database) async throws -> CitizenAccount? {
        try await CitizenAccountRow.query(on: database).filter(\.$residentID == residentID).first().map(decode)
    }

    /// Links the account to the active registry record with this name and ID number, raising it to L2. Every refusal
    /// is the same `identityLinkRefused` (the link must not tell which of a name, a status or another account stood in
    /// the way); the reason is kept in the audit entry. An account linked to one resident is never re-linked online to
    /// another: that is a counter procedure. Linking again to the same resident changes nothing.
    public func linkIdentity(
        accountID: UUID, name: PersonName, idNumber: IDNumber, registry: RegistryRepository, at time: Date = Date(), on database: any Database
    ) async throws -> CitizenAccount {
        let outcome: Result<CitizenAccount, StoreError> = try await database.transaction { db in
            guard let row = try await CitizenAccountRow.find(accountID, on: db) else { return .failure(.accountNotFound) }
            let subject = "account:\(accountID.uuidString.lowercased())"
            func refuse(_ why: String) async throws -> Result<CitizenAccount, StoreError> {
                try await AuditChain.append(
                    AuditEvent(actor: .citizen(accountID), action: "account.identity-link-refused", subject: subject,
                               purpose: "real-name authentication", detail: ["reason": why]),
                    at: time, on: db
                )
                return .failure(.identityLinkRefused)
            }
            guard let resident = try await registry.resident(idNumber: idNumber, on: db), resident.name == name else {
                return try await refuse("no-match")
            }
            if let current = row.residentID {
                return current == resident.id ? .success(try decode(row)) : try await refuse("account-already-linked")
            }
            guard resident.status == .active else { return try await refuse("not-active") }
            if try await CitizenAccountRow.query(on: db).filter(\.$residentID == resident.id).first() != nil {
                return try await refuse("already-linked")
            }
            row.residentID = resident.id
            row.assuranceLevel = AssuranceLevel.l2.rawValue
            row.assuranceMethod = AssuranceMethod.registryMatch.rawValue
            row.assuredAt = time
            row.assuredBy = "registry"
            row.assuredResidentID = resident.id
            do {
                try await row.update(on: db)
            } catch {
                // Another account took this resident at the same moment.
                if StoreError.isUniqueViolation(error) { throw StoreError.identityLinkRefused }
                throw error
            }
            try await AuditChain.append(
                AuditEvent(actor: .citizen(accountID), action: "account.identity-linked", subject: subject,
                           purpose: "real-name authentication", residentID: resident.id, detail: ["level": "L2"]),
                at: time, on: db
            )
            return .success(try decode(row))
        }
        return try outcome.get()
    }

    /// Raises the account linked to `residentID` to L3 after an officer checked the citizen and their ID card in person.
    public func verifyInPerson(residentID: UUID, officer: Officer, purpose: String, at time: Date = Date(), on database: any Database) async throws -> CitizenAccount {
        try await database.transaction { db in
            guard let row = try await CitizenAccountRow.query(on: db).filter(\.$residentID == residentID).first() else {
                throw StoreError.accountNotFound
            }
            row.assuranceLevel = AssuranceLevel.l3.rawValue
            row.assuranceMethod = AssuranceMethod.inPerson.rawValue
            row.assuredAt = time
            row.assuredBy = officer.principal.description
            row.assuredResidentID = residentID
            try await row.update(on: db)
            try await AuditChain.append(
                AuditEvent(actor: officer.principal, action: "account.verified-in-person", subject: "account:\(row.id!.uuidString.lowercased())",
                           purpose: purpose, residentID: residentID, detail: ["level": "L3", "unit": officer.unit.code]),
                at: time, on: db
            )
            return try decode(row)
        }
    }

    /// The account as Core sees it. A level above L1 counts only for the resident it was proven for: a row whose
    /// linked resident is not that one (altered, or linked some other way) is L1.
    func decode(_ row: CitizenAccountRow) throws -> CitizenAccount {
        guard let id = row.id,
              let level = AssuranceLevel(rawValue: row.assuranceLevel),
              let method = AssuranceMethod(rawValue: row.assuranceMethod)
        else { throw StoreError.corruptRecord("account \(row.id?.uuidString ?? "?")") }
        let phone: PhoneNumber
        do { phone = try PhoneNumber(try cipher.openString(row.phone)) } catch { throw StoreError.corruptRecord("account phone") }
        guard level == .l1 || (row.residentID != nil && row.assuredResidentID == row.residentID) else {
            return CitizenAccount(id: id, phone: phone, residentID: row.residentID, level: .l1, method: .password,
                                  assuredAt: nil, assuredBy: nil, createdAt: row.createdAt)
        }
        return CitizenAccount(id: id, phone: phone, residentID: row.residentID, level: level, method: method,
                              assuredAt: row.assuredAt, assuredBy: row.assuredBy, createdAt: row.createdAt)
    }
}
