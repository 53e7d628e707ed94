import Crypto
import Foundation

/// A compact JWS (RFC 7515) signed with ES256, for the status list token.
public enum CompactJWS {
    public static func sign(header: [String: String], payload: Data, key: IssuerKey) throws -> String {
        var h = header
        h["alg"] = "ES256"
        h["kid"] = key.idText
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let input = Base64URL.encode(try encoder.encode(h)) + "." + Base64URL.encode(payload)
        return input + "." + Base64URL.encode(try key.sign(Data(input.utf8)))
    }

    public enum Failure: Error, Equatable, Sendable {
        case malformed, unknownKey, badSignature
        /// Signed by a retired key after its retirement (or with no `iat` to show when).
        case retiredKey
    }

    /// The header and payload once the signature checks against one of `keys`; a retired key's signature counts only
    /// when the payload's `iat` is no later than the key's retirement.
    public static func verify(_ jws: String, keys: TrustedKeys) throws(Failure) -> (header: [String: String], payload: Data) {
        let parts = jws.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerData = Base64URL.decode(String(parts[0])), let payload = Base64URL.decode(String(parts[1])),
              let signature = Base64URL.decode(String(parts[2])),
              let header = try? JSONDecoder().decode([String: String].self, from: headerData), header["alg"] == "ES256" else { throw .malformed }
        guard let kidText = header["kid"], let kid = Base64URL.decode(kidText), let key = keys[kid] else { throw .unknownKey }
        guard let sig = try? P256.Signing.ECDSASignature(rawRepresentation: signature),
              key.isValidSignature(sig, for: Data("\(parts[0]).\(parts[1])".utf8)) else { throw .badSignature }
        if keys.retiredAt[kid] != nil {
            guard let claims = try? JSONDecoder().decode([String: JSONValue].self, from: payload), let iat = claims["iat"]?.number, abs(iat) < 1e15,
                  keys.signed(kid, at: Int(iat)) else { throw .retiredKey }
        }
        return (header, payload)
    }
}
