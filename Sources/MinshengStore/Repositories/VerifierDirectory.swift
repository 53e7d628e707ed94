import Crypto
import FluentKit
import Foundation
import MinshengCore

/// A verifier organisation as the platform knows it.
public struct VerifierOrg: Hashable, Sendable, Codable {
    public var id: UUID
    public var name: String
    public var purposes: [String]
    public var keyPrefix: String
    public var createdAt: Date
    public var disabled: Bool

    /// The audience a wallet's key-binding JWT must name for this organisation (`urn:minsheng:verifier:<id>`), so a
    /// presentation made for one verifier cannot be replayed through another's key.
    public var audience: String { "urn:minsheng:verifier:\(id.uuidString.lowercased())" }
}

/// Verifier organisations registered by an admin, each with an API key shown once and kept as its SHA-256 (a
/// 256-bit random key needs no slow hash: it cannot be guessed from its digest).
public struct VerifierDirectory: Sendable {
    public init() {}

    public static let keyPrefix = "msv_"

    /// Registers an organisation for purposes and returns it with its new API key (never stored in clear).
    public func register(name: String, purposes: [String], actor: Principal, at time: Date = Date(), on database: any Database) async throws -> (VerifierOrg, apiKey: String) {
        let cleanName = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !cleanName.isEmpty, cleanName.count <= 100 else { throw VerifierError.badName }
        guard !purposes.isEmpty else { throw VerifierError.noPurposes }
        var random = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for i in random.indices { random[i] = UInt8.random(in: .min ... .max, using: &rng) }
        let key = Self.keyPrefix + Data(random).hexString
        return try await database.transaction { db in
            let row = VerifierOrgRow()
            row.id = UUID()
            row.name = cleanName
            row.purposes = purposes.joined(separator: ",")
            row.keyHash = Self.hash(key)
            row.keyPrefix = String(key.prefix(10))
            row.createdAt = time
            try await row.create(on: db)
            try await AuditChain.append(
                AuditEvent(actor: actor, action: "verifier.registered", subject: "verifier:\(row.id!.lowercasedText)", purpose: "verifier registration",
                           detail: ["name": cleanName, "purposes": row.purposes]),
                at: time, on: db)
            return (Self.decode(row), key)
        }
    }

    /// The organisation an API key belongs to, if the key is known and the organisation not disabled.
    public func organisation(apiKey: String, on database: any Database) async throws -> VerifierOrg? {
        guard apiKey.hasPrefix(Self.keyPrefix), apiKey.count == Self.keyPrefix.count + 64 else { return nil }
        guard let row = try await VerifierOrgRow.query(on: database).filter(\.$keyHash == Self.hash(apiKey)).first(), row.disabledAt == nil else { return nil }
        return Self.decode(row)
    }

    public func organisations(on database: any Database) async throws -> [VerifierOrg] {
        try await VerifierOrgRow.query(on: database).sort(\.$createdAt).all().map(Self.decode)
    }

    public func disable(id: UUID, actor: Principal, at time: Date = Date(), on database: any Database) async throws {
        try await database.transaction { db in
            guard let row = try await VerifierOrgRow.find(id, on: db) else { throw VerifierError.notFound }
            row.disabledAt = time
            try await row.update(on: db)
            try await AuditChain.append(AuditEvent(actor: actor, action: "verifier.disabled", subject: "verifier:\(id.lowercasedText)", purpose: "verifier registration"),
                                        at: time, on: db)
        }
    }

    static func hash(_ key: String) -> String { Data(SHA256.hash(data: Data(key.utf8))).hexString }

    static func decode(_ row: VerifierOrgRow) -> VerifierOrg {
        VerifierOrg(id: row.id!, name: row.name, purposes: row.purposes.split(separator: ",").map(String.init), keyPrefix: row.keyPrefix,
                    createdAt: row.createdAt, disabled: row.disabledAt != nil)
    }
}

public enum VerifierError: Error, Equatable, Sendable {
    case badName, noPurposes, notFound
}
