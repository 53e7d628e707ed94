import Crypto
import FluentKit
import Foundation
import MinshengCore
import MinshengCredentials

/// The platform's issuer keys: one signs, the retired ones stay published. Private keys are sealed with the data key.
public struct IssuerKeyStore: Sendable {
    public let cipher: FieldCipher

    public init(cipher: FieldCipher) {
        self.cipher = cipher
    }

    /// The key that signs now; the first call on an empty store makes one.
    public func signingKey(on database: any Database) async throws -> IssuerKey {
        if let row = try await IssuerKeyRow.query(on: database).filter(\.$retiredAt == nil).sort(\.$createdAt, .descending).first() {
            return try IssuerKey(rawRepresentation: try cipher.open(row.privateSealed))
        }
        return try await database.transaction { db in
            if let row = try await IssuerKeyRow.query(on: db).filter(\.$retiredAt == nil).first() {
                return try IssuerKey(rawRepresentation: try cipher.open(row.privateSealed))
            }
            return try await create(actor: .system("keys"), on: db)
        }
    }

    /// Retires the signing key (it stays published, so everything it signed still verifies) and makes a new one.
    @discardableResult
    public func rotate(actor: Principal, at time: Date = Date(), on database: any Database) async throws -> (new: IssuerKey, retired: [String]) {
        try await database.transaction { db in
            let active = try await IssuerKeyRow.query(on: db).filter(\.$retiredAt == nil).all()
            for row in active {
                row.retiredAt = time
                try await row.update(on: db)
            }
            let key = try await create(actor: actor, at: time, retired: active.map(\.kid), on: db)
            return (key, active.map(\.kid))
        }
    }

    private func create(actor: Principal, at time: Date = Date(), retired: [String] = [], on db: any Database) async throws -> IssuerKey {
        let key = IssuerKey()
        let row = IssuerKeyRow()
        row.kid = key.idText
        row.privateSealed = cipher.seal(key.privateKey.rawRepresentation)
        row.publicRaw = key.publicKey.rawRepresentation
        row.createdAt = time
        try await row.create(on: db)
        try await AuditChain.append(
            AuditEvent(actor: actor, action: "keys.created", subject: "issuer-key:\(key.idText)", purpose: "certificate signing",
                       detail: ["retired": retired.joined(separator: ",")]),
            at: time, on: db)
        return key
    }

    /// Every key, newest first, as the published JWK Set.
    public func publicKeySet(on database: any Database) async throws -> PublicKeySet {
        try await Self.publishedKeySet(on: database)
    }

    /// The published JWK Set, which needs no data key.
    public static func publishedKeySet(on database: any Database) async throws -> PublicKeySet {
        let rows = try await IssuerKeyRow.query(on: database).sort(\.$createdAt, .descending).all()
        let formatter = ISO8601DateFormatter()
        return PublicKeySet(keys: try rows.map { row in
            let key = try P256.Signing.PublicKey(rawRepresentation: row.publicRaw)
            return PublicJWK(key, id: row.kid, retired: row.retiredAt.map { formatter.string(from: $0) })
        })
    }
}
