import Crypto
import FluentKit
import FluentSQL
import Foundation
import MinshengCore
import MinshengCredentials

/// What a verifier is told: valid with the purpose's claims (and the photo online), or the reason it is not.
public struct VerificationAnswer: Sendable {
    public var valid: Bool
    public var failure: VerificationFailure?
    public var type: CredentialType?
    public var purpose: String
    public var claims: [(CredentialClaim, String)]
    public var photo: Data?
    public var photoDigest: Data?
    public var mode: String
    public var checkedAt: Date

    public init(valid: Bool, failure: VerificationFailure?, type: CredentialType?, purpose: String, claims: [(CredentialClaim, String)], photo: Data?,
                photoDigest: Data?, mode: String, checkedAt: Date) {
        self.valid = valid
        self.failure = failure
        self.type = type
        self.purpose = purpose
        self.claims = claims
        self.photo = photo
        self.photoDigest = photoDigest
        self.mode = mode
        self.checkedAt = checkedAt
    }

    public static func refused(_ failure: VerificationFailure, purpose: String, mode: String, at time: Date) -> VerificationAnswer {
        VerificationAnswer(valid: false, failure: failure, type: nil, purpose: purpose, claims: [], photo: nil, photoDigest: nil, mode: mode, checkedAt: time)
    }
}

/// One entry of "who checked my certificates".
public struct VerificationLogEntry: Hashable, Sendable {
    public var organisation: String
    public var purpose: String
    public var mode: String
    public var outcome: String
    public var type: CredentialType?
    public var at: Date
}

/// Presentations of certificates: online references (single use, 90 s) exchanged by registered verifiers, offline
/// tokens signed for a purpose, and the log of every check that the holder sees.
public struct PresentationService: Sendable {
    public static let referencePrefix = "MSR:"
    public static let referenceLifetime: TimeInterval = 90
    public static let offlineLifetime = 120

    public let credentials: CredentialRepository
    public let keys: IssuerKeyStore

    public init(cipher: FieldCipher) {
        credentials = CredentialRepository(cipher: cipher)
        keys = IssuerKeyStore(cipher: cipher)
    }

    /// A fresh online reference for a certificate and purpose: 128 random bits in base32, kept only as their digest.
    public func onlineReference(credential: Credential, purpose: Purpose, at time: Date = Date(), on database: any Database) async throws -> (String, expires: Date) {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        let reference = Self.referencePrefix + String((0..<26).map { _ in alphabet[Int.random(in: 0..<32, using: &rng)] })
        let row = PresentationRow()
        row.id = UUID()
        row.referenceHash = Self.hash(reference)
        row.credentialID = credential.id
        row.purpose = purpose.id
        row.expiresAt = time.addingTimeInterval(Self.referenceLifetime)
        row.createdAt = time
        try await row.create(on: database)
        return (reference, row.expiresAt)
    }

    /// A signed offline token carrying only the purpose's claims and the photo's digest, valid two minutes.
    public func offlineToken(credential: Credential, purpose: Purpose, at time: Date = Date(), on database: any Database) async throws -> String {
        let key = try await keys.signingKey(on: database)
        let claims = Dictionary(uniqueKeysWithValues: purpose.claims(of: credential.type).compactMap { c in credential.claims[c].map { (c, $0) } })
        let t = Int(time.timeIntervalSince1970)
        let payload = OfflineTokenPayload(type: credential.type, purposeCode: purpose.code, claims: claims, photoDigest: purpose.photo ? credential.photoDigest : nil,
                                          issuedAt: t, expiresAt: t + Self.offlineLifetime, statusList: credential.statusList, statusIndex: credential.statusIndex)
        return try OfflineToken.make(payload, key: key)
    }

    /// Exchanges an online reference for the claims its purpose allows, once: the first verifier to present it gets
    /// the answer, any later one `replayed-reference`. Every attempt on a known reference is logged for the holder.
    public func exchange(reference: String, organisation: VerifierOrg, purposes: PurposeCatalog,
                         at time: Date = Date(), on database: any Database) async throws -> VerificationAnswer {
        let trimmed = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix(Self.referencePrefix), trimmed.count == Self.referencePrefix.count + 26 else {
            return .refused(.malformed, purpose: "", mode: "online", at: time)
        }
        return try await database.transaction { db in
            try await SQLiteWriteLock.take(on: db)
            guard let row = try await PresentationRow.query(on: db).filter(\.$referenceHash == Self.hash(trimmed)).first(),
                  let credential = try await credentials.credential(id: row.credentialID, on: db) else {
                return .refused(.unknownReference, purpose: "", mode: "online", at: time)
            }
            func refuse(_ failure: VerificationFailure) async throws -> VerificationAnswer {
                try await log(credential: credential, organisation: organisation, purpose: row.purpose, mode: "online", outcome: failure.rawValue, at: time, on: db)
                return .refused(failure, purpose: row.purpose, mode: "online", at: time)
            }
            guard organisation.purposes.contains(row.purpose), let purpose = purposes[row.purpose] else { return try await refuse(.wrongPurpose) }
            // Claimed in one statement: of two verifiers racing with the same code, one updates the row, the other none.
            let claimed = try await (db as! any SQLDatabase).raw("""
                UPDATE presentations SET used_at = \(bind: time) WHERE id = \(bind: row.id!) AND used_at IS NULL RETURNING id
                """).all()
            guard !claimed.isEmpty else { return try await refuse(.replayedReference) }
            guard row.expiresAt > time else { return try await refuse(.tokenExpired) }
            if let failure = Self.statusFailure(credential, on: CivilDate.today(now: time)) { return try await refuse(failure) }
            try await log(credential: credential, organisation: organisation, purpose: purpose.id, mode: "online", outcome: "valid", at: time, on: db)
            return VerificationAnswer(valid: true, failure: nil, type: credential.type, purpose: purpose.id,
                                      claims: credential.disclosed(to: purpose).filter { $0.0 != .photo },
                                      photo: purpose.photo ? try await credentials.registry.photo(residentID: credential.holderResidentID, on: db) : nil,
                                      photoDigest: purpose.photo ? credential.photoDigest : nil, mode: "online", checkedAt: time)
        }
    }

    /// Checks an offline token server-side (the verifier page, the API): the same checks an offline verifier makes,
    /// with the live status; logged for the holder when the token's credential is found.
    public func verifyOffline(token: String, organisation: VerifierOrg, purposes: PurposeCatalog, at time: Date = Date(),
                              on database: any Database) async throws -> VerificationAnswer {
        let keySet = try await keys.publicKeySet(on: database).byID()
        var lists: [Int: StatusList] = [:]
        if let bytes = OfflineToken.bytes(of: token), let message = try? COSESign1.parse(bytes),
           let payload = try? OfflineTokenPayload(cbor: CBORDecoder().decode(message.payload)) {
            lists[payload.statusList] = try await credentials.statusList(payload.statusList, on: database)
        }
        let allowed = Set(organisation.purposes.compactMap { purposes[$0]?.code })
        switch OfflineVerifier(keys: keySet, statusLists: lists).verify(token, now: time) {
        case .failure(let failure):
            return .refused(failure, purpose: "", mode: "offline", at: time)
        case .success(let accepted):
            let payload = accepted.payload
            let purpose = purposes.purpose(code: payload.purposeCode)
            let holder = try await CredentialRow.query(on: database).filter(\.$statusList == payload.statusList).filter(\.$statusIndex == payload.statusIndex).first()
            let outcome: VerificationFailure? = allowed.contains(payload.purposeCode) ? nil : .wrongPurpose
            if let holder, let credential = try await credentials.credential(id: holder.id!, on: database) {
                try await log(credential: credential, organisation: organisation, purpose: purpose?.id ?? "?", mode: "offline",
                              outcome: outcome?.rawValue ?? "valid", at: time, on: database)
            }
            if let outcome { return .refused(outcome, purpose: purpose?.id ?? "", mode: "offline", at: time) }
            let order = purpose?.claims ?? CredentialClaim.allCases
            return VerificationAnswer(valid: true, failure: nil, type: payload.type, purpose: purpose?.id ?? "",
                                      claims: order.compactMap { c in payload.claims[c].map { (c, $0) } }, photo: nil, photoDigest: payload.photoDigest,
                                      mode: "offline", checkedAt: time)
        }
    }

    static func statusFailure(_ credential: Credential, on today: CivilDate) -> VerificationFailure? {
        switch credential.status {
        case .revoked: return .revoked
        case .suspended: return .suspended
        case .superseded: return .superseded
        case .valid: return credential.isExpired(on: today) ? .expired : nil
        }
    }

    func log(credential: Credential, organisation: VerifierOrg, purpose: String, mode: String, outcome: String, at time: Date, on db: any Database) async throws {
        let row = VerificationRow()
        row.credentialID = credential.id
        row.holderID = credential.holderResidentID
        row.orgID = organisation.id
        row.orgName = organisation.name
        row.purpose = purpose
        row.mode = mode
        row.outcome = outcome
        row.at = time
        try await row.create(on: db)
    }

    /// "Who checked my certificates": every check of the holder's certificates, newest first.
    public func checks(holderID: UUID, limit: Int = 100, on database: any Database) async throws -> [VerificationLogEntry] {
        let rows = try await VerificationRow.query(on: database).filter(\.$holderID == holderID).sort(\.$at, .descending).limit(limit).all()
        var types: [UUID: CredentialType] = [:]
        for id in Set(rows.compactMap(\.credentialID)) {
            if let row = try await CredentialRow.find(id, on: database) { types[id] = CredentialType(rawValue: row.type) }
        }
        return rows.map {
            VerificationLogEntry(organisation: $0.orgName, purpose: $0.purpose, mode: $0.mode, outcome: $0.outcome, type: $0.credentialID.flatMap { types[$0] }, at: $0.at)
        }
    }

    static func hash(_ reference: String) -> String { Data(SHA256.hash(data: Data(reference.utf8))).hexString }
}
