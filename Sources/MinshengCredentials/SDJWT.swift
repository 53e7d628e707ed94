import Crypto
import Foundation
import JWTKit
import MinshengCore

/// SD-JWT (RFC 9901): an issuer-signed JWT whose claims are replaced by digests of disclosures, the disclosures the
/// holder chooses to show, and optionally a key-binding JWT proving the holder has the key named in `cnf`. The
/// exportable form of a certificate for wallets and online relying parties (`typ` `dc+sd-jwt`, SD-JWT VC), signed and
/// checked with jwt-kit's ES256.
public enum SDJWT {
    public static let type = "dc+sd-jwt"

    /// The claims payload as jwt-kit sees it: any JSON object (times are checked by the verifier itself).
    struct Payload: JWTPayload {
        var claims: [String: JSONValue]
        init(claims: [String: JSONValue]) { self.claims = claims }
        init(from decoder: any Decoder) throws { claims = try decoder.singleValueContainer().decode([String: JSONValue].self) }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            try c.encode(claims)
        }
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    /// A disclosure: base64url of the JSON array `[salt, name, value]` (an object property) or `[salt, value]` (an array element).
    public static func disclosure(salt: String, name: String?, value: JSONValue) throws -> String {
        let array: [JSONValue] = name.map { [.string(salt), .string($0), value] } ?? [.string(salt), value]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return Base64URL.encode(try encoder.encode(array))
    }

    /// base64url(SHA-256(the disclosure's ASCII)), as `_sd` lists it.
    public static func digest(_ text: String) -> String { Base64URL.encode(Data(SHA256.hash(data: Data(text.utf8)))) }

    static func salt() -> String {
        var rng = SystemRandomNumberGenerator()
        return Base64URL.encode(Data((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &rng) }))
    }

    /// Issues an SD-JWT: every claim in `disclosable` selectively disclosable (digests sorted, so their order tells
    /// nothing), `fixed` always visible (iss, vct, iat, exp, cnf, status). Returns `<JWT>~<D1>~…~<Dn>~`.
    public static func issue(disclosable: [String: JSONValue], fixed: [String: JSONValue], key: IssuerKey) async throws -> String {
        var disclosures: [String] = []
        for (name, value) in disclosable.sorted(by: { $0.key < $1.key }) {
            disclosures.append(try disclosure(salt: salt(), name: name, value: value))
        }
        var claims = fixed
        claims["_sd"] = .array(disclosures.map { digest($0) }.sorted().map(JSONValue.string))
        claims["_sd_alg"] = .string("sha-256")
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: try ES256PrivateKey(backing: key.privateKey))
        var header = JWTHeader()
        header.typ = type
        header.kid = key.idText
        let jwt = try await keys.sign(Payload(claims: claims), header: header)
        return ([jwt] + disclosures).joined(separator: "~") + "~"
    }

    /// The key-binding JWT a holder appends (RFC 9901 §4.3): `typ` `kb+jwt`, the verifier's audience and nonce, the
    /// time, and `sd_hash` over the presentation it binds.
    public static func keyBinding(for presentation: String, holder: P256.Signing.PrivateKey, audience: String, nonce: String, issuedAt: Int) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: try ES256PrivateKey(backing: holder))
        var header = JWTHeader()
        header.typ = "kb+jwt"
        let claims: [String: JSONValue] = ["aud": .string(audience), "nonce": .string(nonce), "iat": .number(Double(issuedAt)), "sd_hash": .string(digest(presentation))]
        return try await keys.sign(Payload(claims: claims), header: header)
    }

    public enum Failure: Error, Equatable, Sendable {
        case malformed(String)
        case badSignature
        case unknownKey
        case unreferencedDisclosure
        case duplicateDisclosure
        case expired
        case keyBindingMissing
        case keyBindingInvalid(String)
        /// The credential is bound to a holder key (`cnf`) but the verifier gave no audience or nonce to bind it to.
        case challengeMissing
        /// Signed by a retired issuer key after its retirement.
        case retiredKey
    }

    /// What a verified presentation says.
    public struct Verified: Sendable {
        /// The visible claims with every presented disclosure put back, `_sd` and `_sd_alg` removed.
        public var claims: [String: JSONValue]
        public var header: [String: String]
        public var keyBound: Bool
    }

    /// Verifies a presentation against issuer keys (by `kid`, or the only key when the header names none): the issuer
    /// signature (a retired key's only for what it signed before its retirement), every disclosure referenced exactly
    /// once, `exp`/`nbf`, and — whenever the credential names a holder key in `cnf`, a key-binding JWT is sent or the
    /// verifier gives an audience or nonce — a key-binding JWT by the `cnf` key over this presentation with the
    /// verifier's audience and nonce, made within `maxAge`. A holder-bound credential is never accepted unbound.
    public static func verify(_ presentation: String, issuerKeys: TrustedKeys, audience: String? = nil, nonce: String? = nil,
                              now: Date = Date(), maxAge: TimeInterval = 300) async throws(Failure) -> Verified {
        let parts = presentation.split(separator: "~", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2 else { throw .malformed("not an SD-JWT: no ~") }
        let jwt = parts[0]
        let kb = parts[parts.count - 1]
        let disclosures = Array(parts[1..<(parts.count - 1)])
        guard !disclosures.contains(where: \.isEmpty) else { throw .malformed("empty disclosure") }
        let header = try Self.header(of: jwt)
        guard header["alg"] == "ES256" else { throw .malformed("alg is not ES256") }
        let key: P256.Signing.PublicKey
        let keyID: Data
        if let kid = header["kid"] {
            guard let id = Base64URL.decode(kid), let found = issuerKeys[id] else { throw .unknownKey }
            (key, keyID) = (found, id)
        } else {
            guard issuerKeys.count == 1, let only = issuerKeys.keys.first else { throw .unknownKey }
            (key, keyID) = (only.value, only.key)
        }
        guard let payload = await verifiedPayload(jwt, key: key) else { throw .badSignature }
        var claims = payload.claims
        if issuerKeys.retiredAt[keyID] != nil {
            guard let iat = claims["iat"]?.number, abs(iat) < 1e15, issuerKeys.signed(keyID, at: Int(iat)) else { throw .retiredKey }
        }
        if let alg = claims["_sd_alg"]?.string, alg != "sha-256" { throw .malformed("_sd_alg \(alg) is not supported") }
        let seconds = now.timeIntervalSince1970
        if let exp = claims["exp"]?.number, seconds >= exp { throw .expired }
        if let nbf = claims["nbf"]?.number, seconds < nbf { throw .expired }

        var byDigest: [String: [JSONValue]] = [:]
        for text in disclosures {
            guard let data = Base64URL.decode(text), let array = try? JSONDecoder().decode([JSONValue].self, from: data),
                  array.count == 2 || array.count == 3, array[0].string != nil else { throw .malformed("a disclosure is not [salt, (name,) value]") }
            let d = digest(text)
            guard byDigest[d] == nil else { throw .duplicateDisclosure }
            byDigest[d] = array
        }
        var used = Set<String>()
        claims = try resolve(claims, byDigest, &used)
        claims["_sd_alg"] = nil
        guard used.count == byDigest.count else { throw .unreferencedDisclosure }

        var bound = false
        if claims["cnf"] != nil || !kb.isEmpty || audience != nil || nonce != nil {
            guard let audience, !audience.isEmpty, let nonce, !nonce.isEmpty else { throw .challengeMissing }
            guard !kb.isEmpty else { throw .keyBindingMissing }
            guard let jwk = claims["cnf"]?["jwk"], let x = jwk["x"]?.string.flatMap(Base64URL.decode), let y = jwk["y"]?.string.flatMap(Base64URL.decode),
                  jwk["crv"]?.string == "P-256", let holder = try? P256.Signing.PublicKey(rawRepresentation: x + y) else {
                throw .keyBindingInvalid("no P-256 holder key in cnf")
            }
            guard (try? Self.header(of: kb))?["typ"] == "kb+jwt" else { throw .keyBindingInvalid("typ is not kb+jwt") }
            guard let kbPayload = await verifiedPayload(kb, key: holder) else { throw .keyBindingInvalid("signature is not the holder's") }
            let bound0 = parts.dropLast().joined(separator: "~") + "~"
            guard kbPayload.claims["sd_hash"]?.string == digest(bound0) else { throw .keyBindingInvalid("sd_hash does not match the presentation") }
            guard kbPayload.claims["aud"]?.string == audience else { throw .keyBindingInvalid("aud is not this verifier") }
            guard kbPayload.claims["nonce"]?.string == nonce else { throw .keyBindingInvalid("nonce does not match") }
            guard let iat = kbPayload.claims["iat"]?.number, abs(seconds - iat) <= maxAge else { throw .keyBindingInvalid("iat is not recent") }
            bound = true
        }
        return Verified(claims: claims, header: header, keyBound: bound)
    }

    /// The payload of a JWS signed with `key` (ES256, through jwt-kit), or nil.
    static func verifiedPayload(_ jws: String, key: P256.Signing.PublicKey) async -> Payload? {
        guard let es256 = try? ES256PublicKey(backing: key) else { return nil }
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: es256)
        return try? await keys.verify(jws, as: Payload.self)
    }

    static func header(of jwt: String) throws(Failure) -> [String: String] {
        guard let first = jwt.split(separator: ".").first, let data = Base64URL.decode(String(first)),
              let object = try? JSONDecoder().decode([String: JSONValue].self, from: data) else { throw .malformed("the JWT header is not JSON") }
        return object.compactMapValues(\.string)
    }

    /// Puts disclosures back (RFC 9901 §7.1): `_sd` digests in objects, `{"...": digest}` elements in arrays, recursively.
    static func resolve(_ object: [String: JSONValue], _ byDigest: [String: [JSONValue]], _ used: inout Set<String>) throws(Failure) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for (name, value) in object where name != "_sd" {
            out[name] = try resolve(value, byDigest, &used)
        }
        for digestValue in object["_sd"]?.array ?? [] {
            guard let d = digestValue.string else { throw .malformed("_sd holds a non-string") }
            guard let disclosure = byDigest[d] else { continue }  // undisclosed (or a decoy)
            guard disclosure.count == 3, let name = disclosure[1].string, name != "_sd", name != "...", out[name] == nil else {
                throw .malformed("a disclosure for an object is not [salt, name, value] or repeats a claim")
            }
            guard used.insert(d).inserted else { throw .duplicateDisclosure }
            out[name] = try resolve(disclosure[2], byDigest, &used)
        }
        return out
    }

    static func resolve(_ value: JSONValue, _ byDigest: [String: [JSONValue]], _ used: inout Set<String>) throws(Failure) -> JSONValue {
        switch value {
        case .object(let o): return .object(try resolve(o, byDigest, &used))
        case .array(let items):
            var out: [JSONValue] = []
            for item in items {
                if let o = item.object, o.count == 1, let d = o["..."]?.string {
                    guard let disclosure = byDigest[d] else { continue }
                    guard disclosure.count == 2 else { throw .malformed("a disclosure for an array element is not [salt, value]") }
                    guard used.insert(d).inserted else { throw .duplicateDisclosure }
                    out.append(try resolve(disclosure[1], byDigest, &used))
                } else {
                    out.append(try resolve(item, byDigest, &used))
                }
            }
            return .array(out)
        default: return value
        }
    }
}
