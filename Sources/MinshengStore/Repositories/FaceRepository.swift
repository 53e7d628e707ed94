import Crypto
import FluentKit
import FluentSQL
import Foundation
import MinshengCore

/// Face authentication's records: registry-photo descriptors (sealed), challenges and their outcomes (scores only),
/// the daily failure lock and officers' unlocks. The frames themselves are never stored.
public struct FaceRepository: Sendable {
    public struct Challenge: Sendable, Hashable {
        public var id: UUID
        public var accountID: UUID
        public var residentID: UUID
        public var actions: [String]
        public var expiresAt: Date
        public var answered: Bool
    }

    /// Failures per account or per ID number within a day that lock face authentication for a day.
    public static let failuresBeforeLock = 5
    public static let lockSeconds: TimeInterval = 24 * 3600
    public static let model = "dlib_face_recognition_resnet_model_v1"

    public let cipher: FieldCipher
    /// Failed answers per account and per person: reserved before the frames are analysed, so parallel answers
    /// cannot each get a try.
    let attempts: LoginThrottle

    public init(cipher: FieldCipher) {
        self.cipher = cipher
        attempts = LoginThrottle(cipher: cipher, limit: Self.failuresBeforeLock, window: Self.lockSeconds, lockout: Self.lockSeconds)
    }

    func attemptKeys(accountID: UUID, residentID: UUID) -> [String] {
        ["face-account:\(accountID.uuidString.lowercased())", "face-resident:\(residentID.uuidString.lowercased())"]
    }

    // MARK: Templates

    /// The cached descriptor of this registry photo, if it was computed with the current model.
    public func cachedTemplate(residentID: UUID, photo: Data, on database: any Database) async throws -> [Float]? {
        guard let row = try await FaceTemplateRow.query(on: database).filter(\.$residentID == residentID).first(),
              row.photoDigest == digest(photo), row.model == Self.model else { return nil }
        return Self.floats(try cipher.open(row.descriptor))
    }

    /// Keeps a registry photo's descriptor, sealed, replacing an older one.
    public func saveTemplate(residentID: UUID, photo: Data, descriptor: [Float], at now: Date = Date(), on database: any Database) async throws {
        let sealed = cipher.seal(Self.bytes(descriptor))
        try await database.transaction { db in
            let row = try await FaceTemplateRow.query(on: db).filter(\.$residentID == residentID).first() ?? FaceTemplateRow()
            row.residentID = residentID
            row.photoDigest = digest(photo)
            row.model = Self.model
            row.descriptor = sealed
            row.createdAt = now
            try await row.save(on: db)
        }
    }

    func digest(_ photo: Data) -> String {
        cipher.blindIndex(Data(SHA256.hash(data: photo)).hexString, domain: "face-photo")
    }

    static func bytes(_ values: [Float]) -> Data {
        var data = Data(capacity: values.count * 4)
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    static func floats(_ data: Data) -> [Float] {
        stride(from: 0, to: data.count - 3, by: 4).map { i in
            Float(bitPattern: UInt32(data[data.startIndex + i]) | UInt32(data[data.startIndex + i + 1]) << 8
                  | UInt32(data[data.startIndex + i + 2]) << 16 | UInt32(data[data.startIndex + i + 3]) << 24)
        }
    }

    // MARK: Challenges

    /// Whether face authentication is locked for the account or the person: five failed (or unfinished) answers
    /// within a day, until the day is over or an officer unlocks it.
    public func isLocked(accountID: UUID, residentID: UUID, at now: Date = Date(), on database: any Database) async throws -> Bool {
        try await attempts.lockedUntil(keys: attemptKeys(accountID: accountID, residentID: residentID), now: now, on: database) != nil
    }

    public func issue(accountID: UUID, residentID: UUID, actions: [String], lifetime: TimeInterval = 60, at now: Date = Date(),
                      on database: any Database) async throws -> Challenge {
        let row = FaceChallengeRow()
        row.id = UUID()
        row.accountID = accountID
        row.residentID = residentID
        row.actions = actions.joined(separator: ",")
        row.expiresAt = now.addingTimeInterval(lifetime)
        row.createdAt = now
        try await row.create(on: database)
        return decode(row)
    }

    public func challenge(id: UUID, accountID: UUID, on database: any Database) async throws -> Challenge? {
        guard let row = try await FaceChallengeRow.find(id, on: database), row.accountID == accountID else { return nil }
        return decode(row)
    }

    public enum Taking: Sendable, Equatable {
        case taken
        /// Already answered, or expired.
        case used
        /// No attempt is left for the account or the person.
        case locked
    }

    /// Takes the challenge for answering, before any frame is analysed: first one attempt is reserved for the account
    /// and the person (a conditional increment), then the challenge itself is taken only once and only before it
    /// expires (a conditional update). A pass gives the attempt back; a failure keeps it.
    public func take(id: UUID, accountID: UUID, residentID: UUID, at now: Date = Date(), on database: any Database) async throws -> Taking {
        let keys = attemptKeys(accountID: accountID, residentID: residentID)
        if try await attempts.reserve(keys: keys, now: now, on: database) != nil { return .locked }
        let sql = database as! any SQLDatabase
        let taken = try await sql.update(FaceChallengeRow.schema).set("answered_at", to: now).set("outcome", to: "pending")
            .where("id", .equal, id).where("answered_at", .is, SQLLiteral.null).where("expires_at", .greaterThanOrEqual, now)
            .returning("id").all()
        guard taken.count == 1 else {
            try await attempts.release(keys: keys, now: now, on: database)
            return .used
        }
        return .taken
    }

    /// Records the decision: the outcome and scores in the audit; a pass raises the account to L3 (method face).
    public func record(challengeID: UUID, accountID: UUID, residentID: UUID, passed: Bool, scores: [String: String], at now: Date = Date(),
                       on database: any Database) async throws {
        try await database.transaction { db in
            guard let row = try await FaceChallengeRow.find(challengeID, on: db) else { throw StoreError.corruptRecord("face challenge \(challengeID) is gone") }
            row.outcome = passed ? "passed" : "failed"
            try await row.update(on: db)
            if passed, let account = try await CitizenAccountRow.find(accountID, on: db), account.residentID == residentID {
                account.assuranceLevel = AssuranceLevel.l3.rawValue
                account.assuranceMethod = AssuranceMethod.face.rawValue
                account.assuredAt = now
                account.assuredBy = "face:\(challengeID.uuidString.lowercased())"
                account.assuredResidentID = residentID
                try await account.update(on: db)
            }
            if passed { try await attempts.clear(keys: attemptKeys(accountID: accountID, residentID: residentID), on: db) }
            try await AuditChain.append(
                AuditEvent(actor: .citizen(accountID), action: passed ? "identity.face-passed" : "identity.face-failed",
                           subject: "account:\(accountID.uuidString.lowercased())", purpose: "real-person authentication",
                           residentID: residentID, detail: scores.merging(["challenge": challengeID.uuidString.lowercased()]) { a, _ in a }),
                at: now, on: db
            )
        }
    }

    /// An officer clears the lock after checking the citizen in person.
    public func unlock(residentID: UUID, officer: Principal, purpose: String, at now: Date = Date(), on database: any Database) async throws {
        try await database.transaction { db in
            let row = FaceUnlockRow()
            row.residentID = residentID
            row.officer = officer.description
            row.createdAt = now
            try await row.create(on: db)
            var keys = ["face-resident:\(residentID.uuidString.lowercased())"]
            if let account = try await CitizenAccountRow.query(on: db).filter(\.$residentID == residentID).first() {
                keys += attemptKeys(accountID: account.id!, residentID: residentID)
            }
            try await attempts.clear(keys: keys, on: db)
            try await AuditChain.append(
                AuditEvent(actor: officer, action: "identity.face-unlocked", subject: "resident:\(residentID.uuidString.lowercased())",
                           purpose: purpose, residentID: residentID),
                at: now, on: db
            )
        }
    }

    func decode(_ row: FaceChallengeRow) -> Challenge {
        Challenge(id: row.id!, accountID: row.accountID, residentID: row.residentID, actions: row.actions.split(separator: ",").map(String.init),
                  expiresAt: row.expiresAt, answered: row.answeredAt != nil)
    }
}
