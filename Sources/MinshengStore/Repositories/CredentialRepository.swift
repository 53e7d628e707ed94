import Crypto
import FluentKit
import FluentSQL
import Foundation
import MinshengCore
import MinshengCredentials

/// Issues, re-issues and revokes electronic certificates, and keeps the status lists they point into.
public struct CredentialRepository: Sendable {
    public let cipher: FieldCipher
    public let registry: RegistryRepository

    public init(cipher: FieldCipher) {
        self.cipher = cipher
        registry = RegistryRepository(cipher: cipher)
    }

    // MARK: documents

    /// Records an agency's document (import, demo seed, tests).
    @discardableResult
    public func record(_ document: DocumentRecord, residentID: UUID, at time: Date = Date(), on database: any Database) async throws -> UUID {
        let row = DocumentRow()
        row.id = UUID()
        row.residentID = residentID
        row.type = document.type.rawValue
        row.detailsSealed = cipher.seal(try JSONEncoder().encode(document))
        row.issuedOn = document.issuedOn.description
        row.expiresOn = document.expiresOn?.description
        row.createdAt = time
        try await row.create(on: database)
        return row.id!
    }

    /// A resident's documents, newest first: of two issued the same day, the later recorded is the current one.
    public func documents(residentID: UUID, on database: any Database) async throws -> [DocumentRecord] {
        try await DocumentRow.query(on: database).filter(\.$residentID == residentID).sort(\.$createdAt, .descending).all().map {
            try JSONDecoder().decode(DocumentRecord.self, from: try cipher.open($0.detailsSealed))
        }
    }

    // MARK: issuing

    /// Brings a resident's certificates in line with the registry and agency records, in one transaction: a type
    /// whose claims changed is re-issued and the old one superseded (its status bit set); a type no longer backed by a
    /// record, or every type of a resident no longer active, is revoked. Returns the current certificates.
    ///
    /// Two syncs of one holder at once (the centre opened while an approval re-issues) cannot both issue: a unique index
    /// keeps one current certificate per holder and type, and the loser, when it ran in a transaction of its own, runs
    /// once more and finds the winner's certificate current. On SQLite the transaction takes the write lock first.
    @discardableResult
    public func sync(residentID: UUID, actor: Principal = .system("certificates"), at time: Date = Date(), on database: any Database) async throws -> [Credential] {
        do {
            return try await syncOnce(residentID: residentID, actor: actor, at: time, on: database)
        } catch where !database.inTransaction && StoreError.isUniqueViolation(error) {
            return try await syncOnce(residentID: residentID, actor: actor, at: time, on: database)
        }
    }

    private func syncOnce(residentID: UUID, actor: Principal, at time: Date, on database: any Database) async throws -> [Credential] {
        try await database.transaction { db in
            try await SQLiteWriteLock.take(on: db)
            guard let resident = try await registry.resident(id: residentID, on: db) else { throw StoreError.residentNotFound }
            let household = try await resident.householdID.asyncMap { try await registry.household(id: $0, on: db)?.0 } ?? nil
            let photo = try await registry.photo(residentID: residentID, on: db)
            let drafts = CredentialIssuer.drafts(for: resident, household: household, documents: try await documents(residentID: residentID, on: db),
                                                 photoDigest: photo.map { Data(SHA256.hash(data: $0)) })
            let today = CivilDate.today(now: time)
            let current = try await credentials(holderID: residentID, on: db).filter { $0.status == .valid || $0.status == .suspended }
            var result: [Credential] = []
            for draft in drafts {
                let existing = current.first { $0.type == draft.type }
                if let existing, draft.matches(existing) {
                    result.append(existing)
                    continue
                }
                if let existing { try await setStatus(existing.id, to: .superseded, actor: actor, reason: "claims changed", at: time, on: db) }
                result.append(try await issue(draft, holderID: residentID, today: today, supersedes: existing?.id, actor: actor, at: time, on: db))
            }
            let kept = Set(drafts.map(\.type))
            for old in current where !kept.contains(old.type) {
                try await setStatus(old.id, to: .revoked, actor: actor, reason: resident.status == .active ? "record withdrawn" : "resident \(resident.status.code)", at: time, on: db)
            }
            return result.sorted { $0.type < $1.type }
        }
    }

    private func issue(_ draft: CredentialDraft, holderID: UUID, today: CivilDate, supersedes: UUID?, actor: Principal, at time: Date,
                       on db: any Database) async throws -> Credential {
        let (list, index) = try await allocateStatusIndex(on: db)
        var claims = draft.claims
        let issuedOn = draft.issuedOn ?? today
        if draft.issuedOn == nil { claims[.validFrom] = issuedOn.description }
        let credential = Credential(type: draft.type, holderResidentID: holderID, claims: claims, photoDigest: draft.photoDigest, issuedOn: issuedOn,
                                    expiresOn: draft.expiresOn, statusList: list, statusIndex: index, supersedes: supersedes)
        let row = CredentialRow()
        row.id = credential.id
        row.type = credential.type.rawValue
        row.holderID = holderID
        row.claimsSealed = cipher.seal(try Self.encodeClaims(claims))
        row.photoDigest = credential.photoDigest?.hexString
        row.issuedOn = issuedOn.description
        row.expiresOn = credential.expiresOn?.description
        row.status = CredentialStatus.valid.rawValue
        row.statusList = list
        row.statusIndex = index
        row.supersedes = supersedes
        row.createdAt = time
        row.updatedAt = time
        try await row.create(on: db)
        try await AuditChain.append(
            AuditEvent(actor: actor, action: "credential.issued", subject: "credential:\(credential.id.lowercasedText)", purpose: "electronic certificates",
                       residentID: holderID, detail: ["type": credential.type.rawValue, "supersedes": supersedes?.lowercasedText ?? ""]),
            at: time, on: db)
        return credential
    }

    /// The next free bit: the counter row of the newest list is bumped under its row lock, a full list opens the next.
    func allocateStatusIndex(on db: any Database) async throws -> (Int, Int) {
        let sql = db as! any SQLDatabase
        while true {
            let newest = try await StatusListRow.query(on: db).sort(\.$id, .descending).first()
            guard let newest, let id = newest.id else {
                let row = StatusListRow()
                row.id = 0
                row.nextIndex = 0
                try await row.create(on: db)
                continue
            }
            let bumped = try await sql.raw("UPDATE status_lists SET next_index = next_index + 1 WHERE id = \(bind: id) RETURNING next_index").first()
            guard let next = try bumped?.decode(column: "next_index", as: Int.self) else { throw StoreError.corruptRecord("status list \(id) vanished") }
            if next <= StatusList.capacity { return (id, next - 1) }
            let row = StatusListRow()
            row.id = id + 1
            row.nextIndex = 0
            try? await row.create(on: db)
        }
    }

    /// Changes a certificate's status (revoke, suspend, restore, supersede), with the reason in the audit.
    public func setStatus(_ id: UUID, to status: CredentialStatus, actor: Principal, reason: String, at time: Date = Date(), on database: any Database) async throws {
        try await database.transaction { db in
            guard let row = try await CredentialRow.find(id, on: db) else { throw StoreError.corruptRecord("credential \(id) not found") }
            guard row.status != status.rawValue else { return }
            let before = row.status
            row.status = status.rawValue
            row.updatedAt = time
            try await row.update(on: db)
            try await AuditChain.append(
                AuditEvent(actor: actor, action: "credential.\(status.rawValue)", subject: "credential:\(id.lowercasedText)", purpose: "electronic certificates",
                           residentID: row.holderID, detail: ["from": before, "reason": reason]),
                at: time, on: db)
        }
    }

    // MARK: reading

    public func credentials(holderID: UUID, on database: any Database) async throws -> [Credential] {
        try await CredentialRow.query(on: database).filter(\.$holderID == holderID).sort(\.$createdAt, .descending).all().map(decode)
    }

    public func credential(id: UUID, on database: any Database) async throws -> Credential? {
        try await CredentialRow.find(id, on: database).map(decode)
    }

    /// A status list as it stands: a bit set for every credential in it that is not valid.
    public func statusList(_ number: Int, on database: any Database) async throws -> StatusList? {
        guard let counter = try await StatusListRow.find(number, on: database) else { return nil }
        var list = StatusList(size: max(8, min(StatusList.capacity, counter.nextIndex)))
        let rows = try await (database as! any SQLDatabase)
            .raw("SELECT status_index FROM credentials WHERE status_list = \(bind: number) AND status <> 'valid'").all()
        for row in rows {
            let index = try row.decode(column: "status_index", as: Int.self)
            if index < list.size { list[index] = true }
        }
        return list
    }

    public func statusListNumbers(on database: any Database) async throws -> [Int] {
        try await StatusListRow.query(on: database).sort(\.$id).all().compactMap(\.id)
    }

    func decode(_ row: CredentialRow) throws -> Credential {
        guard let type = CredentialType(rawValue: row.type), let status = CredentialStatus(rawValue: row.status),
              let issued = CivilDate(iso: row.issuedOn) else { throw StoreError.corruptRecord("credential \(row.id?.lowercasedText ?? "?")") }
        return Credential(id: row.id!, type: type, holderResidentID: row.holderID, claims: try Self.decodeClaims(try cipher.open(row.claimsSealed)),
                          photoDigest: row.photoDigest.flatMap { Data(hexString: $0) }, issuedOn: issued,
                          expiresOn: row.expiresOn.flatMap { CivilDate(iso: $0) }, status: status, statusList: row.statusList, statusIndex: row.statusIndex, supersedes: row.supersedes)
    }

    static func encodeClaims(_ claims: [CredentialClaim: String]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(Dictionary(uniqueKeysWithValues: claims.map { ($0.key.rawValue, $0.value) }))
    }

    static func decodeClaims(_ data: Data) throws -> [CredentialClaim: String] {
        let raw = try JSONDecoder().decode([String: String].self, from: data)
        return Dictionary(uniqueKeysWithValues: raw.compactMap { key, value in CredentialClaim(rawValue: key).map { ($0, value) } })
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
