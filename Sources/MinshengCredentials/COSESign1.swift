import Crypto
import Foundation
import MinshengCore

/// COSE_Sign1 (RFC 9052 §4.2) with ES256 (alg −7) and the key id in the protected header: what the offline QR carries.
public enum COSESign1 {
    static let tag: UInt64 = 18

    public static func sign(payload: Data, key: IssuerKey) throws -> Data {
        let protected = CBOR.map([CBORPair(.int(1), .int(-7)), CBORPair(.int(4), .bytes(key.id))]).encoded
        let signature = try key.sign(toBeSigned(protected: protected, payload: payload))
        return CBOR.tagged(tag, .array([.bytes(protected), .map([]), .bytes(payload), .bytes(signature)])).encoded
    }

    /// The Sig_structure: ["Signature1", protected, external_aad (empty), payload].
    static func toBeSigned(protected: Data, payload: Data) -> Data {
        CBOR.array([.text("Signature1"), .bytes(protected), .bytes(Data()), .bytes(payload)]).encoded
    }

    /// A parsed message, before its signature is checked.
    public struct Message: Sendable {
        public var keyID: Data
        public var protected: Data
        public var payload: Data
        public var signature: Data

        public func verify(with key: P256.Signing.PublicKey) -> Bool {
            guard let sig = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(sig, for: COSESign1.toBeSigned(protected: protected, payload: payload))
        }
    }

    public enum ParseError: Error, Equatable, Sendable {
        case cbor(CBORError)
        case structure(String)
    }

    public static let decoder = CBORDecoder(maxBytes: 512, maxDepth: 4, maxItems: 64)

    public static func parse(_ data: Data) throws(ParseError) -> Message {
        let item: CBOR
        do { item = try decoder.decode(data) } catch { throw .cbor(error) }
        var body = item
        if case .tagged(let t, let inner) = item {
            guard t == tag else { throw .structure("tag \(t) is not COSE_Sign1") }
            body = inner
        }
        guard let parts = body.arrayValue, parts.count == 4, let protected = parts[0].bytesValue, parts[1].mapValue != nil,
              let payload = parts[2].bytesValue, let signature = parts[3].bytesValue else { throw .structure("not a COSE_Sign1 array") }
        let header: CBOR
        do { header = try CBORDecoder(maxBytes: 64, maxDepth: 1, maxItems: 8).decode(protected) } catch { throw .cbor(error) }
        guard header[.int(1)]?.intValue == -7 else { throw .structure("algorithm is not ES256") }
        guard let kid = header[.int(4)]?.bytesValue, !kid.isEmpty else { throw .structure("no key id") }
        guard signature.count == 64 else { throw .structure("signature is not 64 bytes") }
        return Message(keyID: kid, protected: protected, payload: payload, signature: signature)
    }
}

/// The Sig_structure of a parsed message, for the benchmark's raw-verify baseline (the same bytes the verifier checks).
public enum COSESign1Bench {
    public static func toBeSigned(_ message: COSESign1.Message) -> Data {
        COSESign1.toBeSigned(protected: message.protected, payload: message.payload)
    }
}
