import Crypto
import FluentKit
import Foundation
import MinshengCore

/// Who a session belongs to.
public enum SessionSubject: Hashable, Sendable {
    case citizen(UUID)
    case officer(UUID)
}

/// Sign-in sessions for pages (cookie) and the API (bearer token). Only the token's SHA-256 is stored.
public struct SessionRepository: Sendable {
    public init() {}

    static func hash(_ token: String) -> String { Data(SHA256.hash(data: Data(token.utf8))).hexString }

    /// Starts a session and returns its secret token (32 random bytes, base64url) and expiry.
    public func start(_ subject: SessionSubject, channel: String, lifetime: TimeInterval, at time: Date = Date(),
                      on database: any Database) async throws -> (token: String, expiresAt: Date) {
        let token = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let row = SessionRow()
        row.tokenHash = Self.hash(token)
        switch subject {
        case .citizen(let id): row.subjectKind = "citizen"; row.subjectID = id
        case .officer(let id): row.subjectKind = "officer"; row.subjectID = id
        }
        row.channel = channel
        row.expiresAt = time.addingTimeInterval(lifetime)
        row.createdAt = time
        try await row.create(on: database)
        return (token, row.expiresAt)
    }

    /// The subject of a live session, or nil when the token is unknown or expired.
    public func subject(token: String, now: Date = Date(), on database: any Database) async throws -> SessionSubject? {
        guard let row = try await SessionRow.query(on: database).filter(\.$tokenHash == Self.hash(token)).first(),
              row.expiresAt > now else { return nil }
        switch row.subjectKind {
        case "citizen": return .citizen(row.subjectID)
        case "officer": return .officer(row.subjectID)
        default: return nil
        }
    }

    /// Ends a session; unknown tokens are ignored.
    public func end(token: String, on database: any Database) async throws {
        try await SessionRow.query(on: database).filter(\.$tokenHash == Self.hash(token)).delete()
    }

    /// Removes expired sessions.
    public func purgeExpired(now: Date = Date(), on database: any Database) async throws {
        try await SessionRow.query(on: database).filter(\.$expiresAt <= now).delete()
    }
}
