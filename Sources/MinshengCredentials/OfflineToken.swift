import Crypto
import Foundation
import MinshengCore

/// The offline QR: `MS1:` and the base45 of a COSE_Sign1 over an `OfflineTokenPayload`.
public enum OfflineToken {
    public static let prefix = "MS1:"
    /// The largest signed token accepted (and made): small enough for a version ≤ 12 QR at error correction M.
    public static let maxBytes = 300

    public static func make(_ payload: OfflineTokenPayload, key: IssuerKey) throws -> String {
        let signed = try COSESign1.sign(payload: payload.cbor.encoded, key: key)
        precondition(signed.count <= maxBytes, "offline token of \(signed.count) bytes exceeds \(maxBytes)")
        return prefix + Base45.encode(signed)
    }

    /// The signed bytes of a presented text, if it has the offline form.
    public static func bytes(of text: String) -> Data? {
        var text = text
        return text.withUTF8 { all -> Data? in
            // Surrounding ASCII whitespace (a pasted code) is ignored; anything else must be the prefix and base45.
            var start = 0, end = all.count
            func space(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
            while start < end, space(all[start]) { start += 1 }
            while end > start, space(all[end - 1]) { end -= 1 }
            let p = Array(prefix.utf8)
            guard end - start >= p.count, Array(all[start..<start + p.count]) == p else { return nil }
            return Base45.decode(utf8: UnsafeBufferPointer(rebasing: all[(start + p.count)..<end]))
        }
    }
}

/// Checks offline tokens with nothing but the published keys and the status lists last downloaded.
public struct OfflineVerifier: Sendable {
    public var keys: TrustedKeys
    public var statusLists: [Int: StatusList]
    /// When each cached list stops being usable (its token's `exp`); live lists have none.
    public var statusListExpiry: [Int: Int]

    /// With live status lists (the server's own check).
    public init(keys: TrustedKeys, statusLists: [Int: StatusList]) {
        self.keys = keys
        self.statusLists = statusLists
        statusListExpiry = [:]
    }

    /// With signed status list tokens from a cache: each stands only for the list its `sub` names (whatever file it
    /// came from), the newest of several, and only until its `exp`.
    public init(keys: TrustedKeys, cachedLists: [StatusList.Verified]) {
        self.keys = keys
        var lists: [Int: StatusList.Verified] = [:]
        for cached in cachedLists {
            guard let number = cached.number else { continue }
            if let other = lists[number], other.issuedAt >= cached.issuedAt { continue }
            lists[number] = cached
        }
        statusLists = lists.mapValues(\.list)
        statusListExpiry = lists.mapValues(\.expiresAt)
    }

    public struct Accepted: Sendable, Hashable {
        public var payload: OfflineTokenPayload
        public var keyID: Data

        public init(payload: OfflineTokenPayload, keyID: Data) {
            self.payload = payload
            self.keyID = keyID
        }
    }

    /// The payload when the token is well formed, signed by a published key, unexpired at `now`, for `purposeCode`
    /// (when given), its certificate not expired and its status bit clear; otherwise the one reason it fails.
    public func verify(_ text: String, purposeCode: Int? = nil, now: Date = Date()) -> Result<Accepted, VerificationFailure> {
        guard let bytes = OfflineToken.bytes(of: text), bytes.count <= OfflineToken.maxBytes else { return .failure(.malformed) }
        return verify(bytes: bytes, purposeCode: purposeCode, now: now)
    }

    public func verify(bytes: Data, purposeCode: Int? = nil, now: Date = Date()) -> Result<Accepted, VerificationFailure> {
        guard let message = try? COSESign1.parse(bytes) else { return .failure(.malformed) }
        guard let key = keys[message.keyID] else { return .failure(.unknownKey) }
        guard message.verify(with: key) else { return .failure(.badSignature) }
        let payload: OfflineTokenPayload
        do {
            payload = try OfflineTokenPayload(cbor: try CBORDecoder(maxBytes: 400, maxDepth: 3, maxItems: 64).decode(message.payload))
        } catch {
            return .failure(.malformed)
        }
        let seconds = Int(now.timeIntervalSince1970)
        // A little clock skew is allowed either way; the token's own life is at most 5 minutes.
        guard payload.issuedAt <= seconds + 60, seconds < payload.expiresAt else { return .failure(.tokenExpired) }
        guard keys.signed(message.keyID, at: payload.issuedAt) else { return .failure(.keyRetired) }
        if let purposeCode, payload.purposeCode != purposeCode { return .failure(.wrongPurpose) }
        if let until = payload.claims[.validUntil], let date = CivilDate(iso: until), date < CivilDate.today(now: now) { return .failure(.expired) }
        guard let list = statusLists[payload.statusList], payload.statusIndex < list.size else { return .failure(.statusUnknown) }
        if let exp = statusListExpiry[payload.statusList], seconds >= exp { return .failure(.statusListExpired) }
        if list[payload.statusIndex] { return .failure(.revoked) }
        return .success(Accepted(payload: payload, keyID: message.keyID))
    }
}
