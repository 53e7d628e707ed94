import Crypto
import Foundation

/// One ES256 (P-256) issuer key. Its id is the first 8 bytes of its RFC 7638 JWK thumbprint, so the id follows from
/// the key and a verifier can check it.
public struct IssuerKey: Sendable {
    public let privateKey: P256.Signing.PrivateKey
    public var publicKey: P256.Signing.PublicKey { privateKey.publicKey }
    public var id: Data { Self.keyID(of: publicKey) }
    public var idText: String { Base64URL.encode(id) }

    public init(privateKey: P256.Signing.PrivateKey = P256.Signing.PrivateKey()) {
        self.privateKey = privateKey
    }

    public init(rawRepresentation: Data) throws {
        privateKey = try P256.Signing.PrivateKey(rawRepresentation: rawRepresentation)
    }

    public func sign(_ message: Data) throws -> Data {
        try privateKey.signature(for: message).rawRepresentation
    }

    /// The RFC 7638 thumbprint's first 8 bytes.
    public static func keyID(of key: P256.Signing.PublicKey) -> Data {
        let jwk = PublicJWK(key, id: "")
        let canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"\(jwk.x)\",\"y\":\"\(jwk.y)\"}"
        return Data(SHA256.hash(data: Data(canonical.utf8)).prefix(8))
    }
}

/// A public key as a JWK (RFC 7517), as published in the key set.
public struct PublicJWK: Codable, Hashable, Sendable {
    public var kty = "EC"
    public var crv = "P-256"
    public var x: String
    public var y: String
    public var kid: String
    public var use = "sig"
    public var alg = "ES256"
    /// When the key stopped signing (still published so that what it signed verifies); nil while it signs.
    public var retired: String?

    public init(_ key: P256.Signing.PublicKey, id: String, retired: String? = nil) {
        let raw = key.rawRepresentation
        x = Base64URL.encode(raw.prefix(32))
        y = Base64URL.encode(raw.suffix(32))
        kid = id
        self.retired = retired
    }

    enum CodingKeys: String, CodingKey { case kty, crv, x, y, kid, use, alg, retired }

    public var publicKey: P256.Signing.PublicKey? {
        guard kty == "EC", crv == "P-256", let x = Base64URL.decode(x), let y = Base64URL.decode(y), x.count == 32, y.count == 32 else { return nil }
        return try? P256.Signing.PublicKey(rawRepresentation: x + y)
    }
}

/// The published key set (JWKS): every key that may have signed something still accepted.
public struct PublicKeySet: Codable, Sendable {
    public var keys: [PublicJWK]

    public init(keys: [PublicJWK]) {
        self.keys = keys
    }

    /// The keys by id, checking that each id is the key's own thumbprint (a JWK whose kid lies is dropped), each
    /// retired key with when it stopped signing (a `retired` that is not a date retires the key for everything).
    public func byID() -> TrustedKeys {
        var out = TrustedKeys(keys: [:])
        for jwk in keys {
            guard let key = jwk.publicKey, let id = Base64URL.decode(jwk.kid), id == IssuerKey.keyID(of: key) else { continue }
            out.keys[id] = key
            if let retired = jwk.retired { out.retiredAt[id] = TrustedKeys.seconds(retired) ?? Int.min }
        }
        return out
    }
}

/// The keys a verifier trusts, by id, and when each retired key stopped signing: a retired key verifies only what it
/// signed until then (`iat` ≤ its retirement), so a leaked old key cannot sign anything new that passes.
public struct TrustedKeys: Sendable, ExpressibleByDictionaryLiteral {
    public var keys: [Data: P256.Signing.PublicKey]
    /// Seconds since 1970 at which each retired key stopped signing.
    public var retiredAt: [Data: Int]

    public init(keys: [Data: P256.Signing.PublicKey] = [:], retiredAt: [Data: Int] = [:]) {
        self.keys = keys
        self.retiredAt = retiredAt
    }

    public init(dictionaryLiteral elements: (Data, P256.Signing.PublicKey)...) {
        self.init(keys: Dictionary(elements, uniquingKeysWith: { a, _ in a }))
    }

    public subscript(id: Data) -> P256.Signing.PublicKey? { keys[id] }
    public var count: Int { keys.count }

    /// Whether key `id` was still signing at `issuedAt` (seconds since 1970); always true for a key that signs now.
    public func signed(_ id: Data, at issuedAt: Int) -> Bool {
        retiredAt[id].map { issuedAt <= $0 } ?? true
    }

    /// An RFC 3339 time (or a bare date, read as its first second, UTC) in seconds since 1970.
    static func seconds(_ text: String) -> Int? {
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return Int(date.timeIntervalSince1970) }
        full.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = full.date(from: text) { return Int(date.timeIntervalSince1970) }
        full.formatOptions = [.withFullDate]
        return full.date(from: text).map { Int($0.timeIntervalSince1970) }
    }
}
