import Crypto
import Foundation
import MinshengCore

/// Encrypts personal fields at rest (AES-256-GCM) and derives blind indexes (HMAC-SHA256) for lookups.
///
/// Both keys are derived with HKDF from one 32-byte data key, so one secret protects the store.
public struct FieldCipher: Sendable {
    private let encryptionKey: SymmetricKey
    private let indexKey: SymmetricKey
    /// Sealed boxes start with this byte, so that a later key or algorithm can be told apart.
    private static let formatVersion: UInt8 = 1

    /// Builds a cipher from the raw 32-byte data key.
    public init(dataKey: Data) throws(StoreError) {
        guard dataKey.count == 32 else { throw .badDataKey("the data key must be 32 bytes, got \(dataKey.count)") }
        let master = SymmetricKey(data: dataKey)
        encryptionKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data("minsheng field encryption v1".utf8), outputByteCount: 32)
        indexKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data("minsheng blind index v1".utf8), outputByteCount: 32)
    }

    /// Builds a cipher from the base64 text of `MINSHENG_DATA_KEY`.
    public init(base64Key: String) throws(StoreError) {
        guard let data = Data(base64Encoded: base64Key.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw .badDataKey("the data key is not valid base64")
        }
        try self.init(dataKey: data)
    }

    /// A fresh random data key, base64.
    public static func generateKey() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    /// Encrypts bytes: version byte, 12-byte nonce, ciphertext, 16-byte tag.
    public func seal(_ plaintext: Data) -> Data {
        // AES.GCM.seal only throws for a bad nonce or key size, neither of which can happen here.
        let box = try! AES.GCM.seal(plaintext, using: encryptionKey)
        var out = Data([Self.formatVersion])
        out.append(box.combined!)
        return out
    }

    /// Encrypts a string's UTF-8 bytes.
    public func seal(_ text: String) -> Data { seal(Data(text.utf8)) }

    /// Decrypts what `seal` produced; fails if the bytes were altered or the key differs.
    public func open(_ sealed: Data) throws(StoreError) -> Data {
        guard sealed.count > 1 + 12 + 16, sealed.first == Self.formatVersion else { throw .undecryptable }
        do {
            let box = try AES.GCM.SealedBox(combined: sealed.dropFirst())
            return try AES.GCM.open(box, using: encryptionKey)
        } catch {
            throw .undecryptable
        }
    }

    /// Decrypts to a UTF-8 string.
    public func openString(_ sealed: Data) throws(StoreError) -> String {
        guard let text = String(data: try open(sealed), encoding: .utf8) else { throw .undecryptable }
        return text
    }

    /// A keyed, deterministic digest for finding a value without storing it: hex HMAC-SHA256.
    public func blindIndex(_ value: String, domain: String) -> String {
        var mac = HMAC<SHA256>(key: indexKey)
        mac.update(data: Data(domain.utf8))
        mac.update(data: Data([0]))
        mac.update(data: Data(value.utf8))
        return Data(mac.finalize()).hexString
    }
}
