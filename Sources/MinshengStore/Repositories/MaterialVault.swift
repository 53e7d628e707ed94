import Crypto
import FluentKit
import Foundation
import MinshengCore

/// The citizen's materials vault: files checked by their bytes (PDF, JPEG, PNG, ≤ 10 MiB), sealed with the data key
/// and stored on disk under a keyed digest of their content, so the same file is kept once and found again when
/// uploaded a second time. Each citizen sees only their own; applications attach them by id.
public struct MaterialVault: Sendable {
    public struct Item: Sendable, Hashable, Codable {
        public var id: UUID
        public var accountID: UUID
        public var kind: MaterialKind
        public var size: Int
        public var name: String
        public var uses: Int
        public var createdAt: Date
        public var deleted: Bool
    }

    /// How much one account may keep: every file it stored counts, removed ones too (their sealed bytes stay on disk
    /// for the applications that attached them, and a removal must not make room for more).
    public struct Quota: Sendable, Hashable {
        public var bytes: Int
        public var files: Int
        public init(bytes: Int = 200 << 20, files: Int = 500) {
            self.bytes = bytes
            self.files = files
        }
    }

    /// A file that would take the account past its quota.
    public struct QuotaExceeded: Error, Hashable, Sendable {
        public var quota: Quota
        public var usedBytes: Int
        public var usedFiles: Int
    }

    public let cipher: FieldCipher
    public let directory: String
    public let quota: Quota

    public init(cipher: FieldCipher, directory: String, quota: Quota = Quota()) {
        self.cipher = cipher
        self.directory = directory
        self.quota = quota
    }

    /// Keeps a file for the citizen; the same bytes again return the item already kept (`created` false).
    public func store(_ bytes: Data, name rawName: String, accountID: UUID, at time: Date = Date(), on database: any Database) async throws -> (Item, created: Bool) {
        let kind: MaterialKind
        switch MaterialKind.check(bytes) {
        case .success(let found): kind = found
        case .failure(let problem): throw problem
        }
        let digest = cipher.blindIndex(Data(SHA256.hash(data: bytes)).hexString, domain: "material")
        let name = Self.cleanName(rawName, kind: kind)
        // Room first, before anything is written; checked again in the transaction.
        try await checkRoom(accountID: accountID, digest: digest, adding: bytes.count, on: database)
        // The file first: a row never points at bytes that are not on disk.
        try write(cipher.seal(bytes), digest: digest)
        return try await database.transaction { db in
            try await SQLiteWriteLock.take(on: db)
            try await checkRoom(accountID: accountID, digest: digest, adding: bytes.count, on: db)
            if let row = try await MaterialRow.query(on: db).filter(\.$accountID == accountID).filter(\.$digest == digest).first() {
                if row.deletedAt != nil {
                    row.deletedAt = nil
                    row.name = cipher.seal(name)
                    try await row.update(on: db)
                }
                return (try decode(row), false)
            }
            let row = MaterialRow()
            row.id = UUID()
            row.accountID = accountID
            row.digest = digest
            row.kind = kind.rawValue
            row.size = bytes.count
            row.name = cipher.seal(name)
            row.uses = 0
            row.createdAt = time
            try await row.create(on: db)
            try await AuditChain.append(
                AuditEvent(actor: .citizen(accountID), action: "material.stored", subject: "material:\(row.id!.lowercasedText)",
                           purpose: "materials vault", detail: ["kind": kind.rawValue, "size": String(bytes.count)]),
                at: time, on: db
            )
            return (try decode(row), true)
        }
    }

    /// Refuses a new file that would take the account past its quota (a file it already keeps needs no room).
    func checkRoom(accountID: UUID, digest: String, adding size: Int, on db: any Database) async throws {
        let rows = try await MaterialRow.query(on: db).filter(\.$accountID == accountID).filter(\.$digest != digest).field(\.$id).field(\.$size).all()
        let used = rows.reduce(0) { $0 + $1.size }
        if rows.count + 1 > quota.files || used + size > quota.bytes {
            throw QuotaExceeded(quota: quota, usedBytes: used, usedFiles: rows.count)
        }
    }

    /// The citizen's materials, newest first (removed ones left out).
    public func items(accountID: UUID, on database: any Database) async throws -> [Item] {
        try await MaterialRow.query(on: database).filter(\.$accountID == accountID).filter(\.$deletedAt == nil)
            .sort(\.$createdAt, .descending).all().map(decode)
    }

    /// One item; with `accountID`, only if that citizen owns it. Removed items are found (applications still use them).
    public func item(id: UUID, accountID: UUID? = nil, on database: any Database) async throws -> Item? {
        guard let row = try await MaterialRow.find(id, on: database), accountID == nil || row.accountID == accountID else { return nil }
        return try decode(row)
    }

    /// The bytes of an item, opened and checked (AES-GCM authenticates them).
    public func content(id: UUID, on database: any Database) async throws -> Data? {
        guard let row = try await MaterialRow.find(id, on: database) else { return nil }
        let sealed = try Data(contentsOf: URL(fileURLWithPath: path(for: row.digest)))
        return try cipher.open(sealed)
    }

    /// Takes an item out of the citizen's list; the bytes stay for the applications that attached it.
    public func remove(id: UUID, accountID: UUID, at time: Date = Date(), on database: any Database) async throws -> Bool {
        try await database.transaction { db in
            guard let row = try await MaterialRow.find(id, on: db), row.accountID == accountID, row.deletedAt == nil else { return false }
            row.deletedAt = time
            try await row.update(on: db)
            try await AuditChain.append(
                AuditEvent(actor: .citizen(accountID), action: "material.removed", subject: "material:\(id.lowercasedText)", purpose: "materials vault"),
                at: time, on: db
            )
            return true
        }
    }

    /// Counts one more use of each item (in the caller's transaction); returns how many had been used before — the
    /// materials the citizen did not have to provide again.
    public static func markUsed(_ ids: [UUID], on database: any Database) async throws -> Int {
        var reused = 0
        for id in Set(ids) {
            guard let row = try await MaterialRow.find(id, on: database) else { continue }
            if row.uses > 0 { reused += 1 }
            row.uses += 1
            try await row.update(on: database)
        }
        return reused
    }

    // MARK: Files

    func path(for digest: String) -> String {
        "\(directory)/\(digest.prefix(2))/\(digest)"
    }

    private func write(_ sealed: Data, digest: String) throws {
        try SealedFiles.writeOnce(sealed, to: path(for: digest), what: "a material file")
    }

    /// A file name for display: no folders, no control characters, at most 100 characters.
    static func cleanName(_ raw: String, kind: MaterialKind) -> String {
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(String.UnicodeScalarView(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F })).trimmingCharacters(in: .whitespaces)
        return clean.isEmpty ? "material.\(kind.fileExtension)" : String(clean.prefix(100))
    }

    func decode(_ row: MaterialRow) throws -> Item {
        guard let id = row.id, let kind = MaterialKind(rawValue: row.kind) else { throw StoreError.corruptRecord("material row") }
        return Item(id: id, accountID: row.accountID, kind: kind, size: row.size, name: try cipher.openString(row.name), uses: row.uses,
                    createdAt: row.createdAt, deleted: row.deletedAt != nil)
    }
}
