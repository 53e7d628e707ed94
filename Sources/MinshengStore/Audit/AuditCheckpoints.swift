import FluentKit
import Foundation
import MinshengCredentials

/// A signed checkpoint of the audit chain's head: `{"hash", "iat", "seq"}` as a compact JWS (ES256 with the issuer
/// key, `typ` `minsheng-audit-checkpoint+jwt`). Kept away from the database, it shows what entry `seq` was when it was
/// signed, so even someone who holds the audit key cannot rewrite what came before it unnoticed.
public struct AuditCheckpoint: Hashable, Sendable {
    public static let type = "minsheng-audit-checkpoint+jwt"
    public var seq: Int
    public var hash: String
    /// When it was signed, seconds since 1970.
    public var issuedAt: Int
    public var jws: String

    struct Claims: Codable {
        var hash: String
        var iat: Int
        var seq: Int
    }

    /// The checkpoint a JWS holds, when its signature checks against `keys` (a retired key's only for what it signed
    /// before it retired); nil otherwise.
    public init?(jws: String, keys: TrustedKeys) {
        let text = jws.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let verified = try? CompactJWS.verify(text, keys: keys), verified.header["typ"] == Self.type,
              let claims = try? JSONDecoder().decode(Claims.self, from: verified.payload), claims.seq >= 0 else { return nil }
        seq = claims.seq
        hash = claims.hash
        issuedAt = claims.iat
        self.jws = text
    }
}

/// Signing checkpoints of the audit chain's head, on demand (`minsheng audit checkpoint`) and every N entries
/// (`MINSHENG_AUDIT_CHECKPOINT_EVERY`, checked by `serve` every minute), each stored in `audit_checkpoints`.
public enum AuditCheckpoints {
    /// Signs the head as it is now with the issuer's signing key and stores it; asked again before another entry is
    /// written, it returns the same checkpoint.
    public static func make(signer: IssuerKeyStore, at time: Date = Date(), on database: any Database) async throws -> AuditCheckpoint {
        // Fetched first: on an empty store this makes the first key, whose audit entry the checkpoint then covers.
        let key = try await signer.signingKey(on: database)
        do {
            return try await sign(with: key, at: time, on: database)
        } catch {
            // Another instance signed the same head at the same moment (the unique sequence number): theirs stands.
            guard let head = try await AuditHeadRow.find(1, on: database),
                  let row = try await AuditCheckpointRow.query(on: database).filter(\.$seq == head.seq).first() else { throw error }
            return AuditCheckpoint(row)
        }
    }

    private static func sign(with key: IssuerKey, at time: Date, on database: any Database) async throws -> AuditCheckpoint {
        try await database.transaction { db in
            try await SQLiteWriteLock.take(on: db)
            guard let head = try await AuditHeadRow.find(1, on: db) else { throw StoreError.corruptRecord("audit_head row is missing") }
            if let row = try await AuditCheckpointRow.query(on: db).filter(\.$seq == head.seq).first() {
                return AuditCheckpoint(row)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let claims = AuditCheckpoint.Claims(hash: head.hash, iat: Int(time.timeIntervalSince1970), seq: head.seq)
            let row = AuditCheckpointRow()
            row.seq = head.seq
            row.hash = head.hash
            row.issuedAt = claims.iat
            row.kid = key.idText
            row.jws = try CompactJWS.sign(header: ["typ": AuditCheckpoint.type], payload: try encoder.encode(claims), key: key)
            try await row.create(on: db)
            return AuditCheckpoint(row)
        }
    }

    /// Signs a checkpoint when at least `interval` entries were written since the last one; nil otherwise.
    public static func makeIfDue(every interval: Int, signer: IssuerKeyStore, at time: Date = Date(), on database: any Database) async throws -> AuditCheckpoint? {
        guard interval > 0, let head = try await AuditHeadRow.find(1, on: database) else { return nil }
        let last = try await AuditCheckpointRow.query(on: database).max(\.$seq) ?? 0
        guard head.seq - last >= interval else { return nil }
        return try await make(signer: signer, at: time, on: database)
    }

    /// Every stored checkpoint newest first.
    public static func stored(limit: Int = 100, on database: any Database) async throws -> [AuditCheckpoint] {
        try await AuditCheckpointRow.query(on: database).sort(\.$seq, .descending).limit(limit).all().map(AuditCheckpoint.init)
    }

    struct AnchorProblem: Error {
        var seq: Int
        var reason: String
    }

    /// The stored checkpoints and `given` ones (JWS texts), each checked against the published keys, by sequence.
    static func anchors(given texts: [String], on database: any Database) async throws -> Result<[AuditCheckpoint], AnchorProblem> {
        let keys = try await IssuerKeyStore.publishedKeySet(on: database).byID()
        var found: [AuditCheckpoint] = []
        for row in try await AuditCheckpointRow.query(on: database).all() {
            guard let checkpoint = AuditCheckpoint(jws: row.jws, keys: keys), checkpoint.seq == row.seq, checkpoint.hash == row.hash else {
                return .failure(AnchorProblem(seq: max(row.seq, 1), reason: "the stored checkpoint of entry \(row.seq) is not signed by a published issuer key (forged or altered)"))
            }
            found.append(checkpoint)
        }
        for (index, text) in texts.enumerated() {
            guard let checkpoint = AuditCheckpoint(jws: text, keys: keys) else {
                return .failure(AnchorProblem(seq: 1, reason: "given checkpoint \(index + 1) does not verify with the published issuer keys (its key was removed, or it was altered)"))
            }
            found.append(checkpoint)
        }
        return .success(found.sorted { $0.seq < $1.seq })
    }
}

extension AuditCheckpoint {
    init(_ row: AuditCheckpointRow) {
        seq = row.seq
        hash = row.hash
        issuedAt = row.issuedAt
        jws = row.jws
    }
}
