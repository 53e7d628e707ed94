import Crypto
import Foundation

/// A token status list (IETF draft-ietf-oauth-status-list): one bit per credential (0 valid, 1 revoked or suspended),
/// DEFLATE-compressed and signed as a `statuslist+jwt` at a public address; offline verifiers cache it.
public struct StatusList: Hashable, Sendable {
    public static let capacity = 1 << 20
    public var bits: [UInt8]

    public init(size: Int = StatusList.capacity) {
        bits = [UInt8](repeating: 0, count: (size + 7) / 8)
    }

    public init(bits: [UInt8]) {
        self.bits = bits
    }

    public var size: Int { bits.count * 8 }

    /// Bit i is bit (i mod 8) of byte i/8, least significant first, as the draft specifies.
    public subscript(index: Int) -> Bool {
        get { index >= 0 && index < size && bits[index / 8] & (1 << (index % 8)) != 0 }
        set {
            precondition(index >= 0 && index < size)
            if newValue { bits[index / 8] |= 1 << (index % 8) } else { bits[index / 8] &= ~(1 << (index % 8)) }
        }
    }

    /// `{"bits":1,"lst":"<base64url of zlib>"}`.
    public var encodedList: String { Base64URL.encode(Zlib.compress(Data(bits))) }

    /// The signed token: `sub` is the list's URI, `iat` when made, `exp` when a cached copy should be refreshed.
    public func token(uri: String, issuedAt: Int, ttl: Int, key: IssuerKey) throws -> String {
        let body = "{\"exp\":\(issuedAt + ttl),\"iat\":\(issuedAt),\"status_list\":{\"bits\":1,\"lst\":\"\(encodedList)\"},\"sub\":\"\(uri)\",\"ttl\":\(ttl)}"
        return try CompactJWS.sign(header: ["typ": "statuslist+jwt"], payload: Data(body.utf8), key: key)
    }

    /// A verified list: the bits with when it was made and when it should be refreshed.
    public struct Verified: Sendable {
        public var list: StatusList
        public var uri: String
        public var issuedAt: Int
        public var expiresAt: Int

        /// The list number its `sub` names (`…/status-lists/N`): the only list it may stand for.
        public var number: Int? { StatusList.number(ofURI: uri) }
    }

    /// N of a status list URI ending `/status-lists/N`.
    public static func number(ofURI uri: String) -> Int? {
        let parts = uri.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[parts.count - 2] == "status-lists", let last = parts.last, !last.isEmpty, last.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              let n = Int(last), n >= 0 else { return nil }
        return n
    }

    struct Body: Decodable {
        struct Inner: Decodable {
            var bits: Int
            var lst: String
        }
        var sub: String
        var iat: Int
        var exp: Int
        var status_list: Inner
    }

    public enum Failure: Error, Equatable, Sendable {
        case signature(CompactJWS.Failure)
        case malformed(String)
    }

    public static func verify(token: String, keys: TrustedKeys) throws(Failure) -> Verified {
        let verified: (header: [String: String], payload: Data)
        do { verified = try CompactJWS.verify(token, keys: keys) } catch { throw .signature(error) }
        guard verified.header["typ"] == "statuslist+jwt" else { throw .malformed("typ is not statuslist+jwt") }
        guard let body = try? JSONDecoder().decode(Body.self, from: verified.payload) else { throw .malformed("payload is not a status list") }
        guard body.status_list.bits == 1 else { throw .malformed("only 1-bit lists are read") }
        guard let compressed = Base64URL.decode(body.status_list.lst), let raw = Zlib.decompress(compressed, limit: capacity / 8) else {
            throw .malformed("lst is not zlib data within \(capacity) bits")
        }
        return Verified(list: StatusList(bits: [UInt8](raw)), uri: body.sub, issuedAt: body.iat, expiresAt: body.exp)
    }
}
