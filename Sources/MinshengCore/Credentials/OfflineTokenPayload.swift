import Foundation

/// What an offline QR token says, before it is signed (COSE_Sign1 carries these bytes): the credential type, the
/// purpose, the claims the purpose may see, the photo's digest, when it was made and when it stops being accepted
/// (≤ 5 minutes later), and where its credential's status bit is. Encoded as a CBOR map with small integer keys.
public struct OfflineTokenPayload: Hashable, Sendable {
    public static let maxLifetime: Int = 300

    public var type: CredentialType
    public var purposeCode: Int
    public var claims: [CredentialClaim: String]
    public var photoDigest: Data?
    /// Unix seconds.
    public var issuedAt: Int
    public var expiresAt: Int
    public var statusList: Int
    public var statusIndex: Int

    public init(type: CredentialType, purposeCode: Int, claims: [CredentialClaim: String], photoDigest: Data?, issuedAt: Int, expiresAt: Int,
                statusList: Int, statusIndex: Int) {
        self.type = type
        self.purposeCode = purposeCode
        self.claims = claims
        self.photoDigest = photoDigest
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.statusList = statusList
        self.statusIndex = statusIndex
    }

    enum Key: Int { case type = 1, purpose, claims, photo, issuedAt, expiresAt, status }

    public var cbor: CBOR {
        var pairs: [CBORPair] = [
            CBORPair(.int(Key.type.rawValue), .int(type.shortCode)),
            CBORPair(.int(Key.purpose.rawValue), .int(purposeCode)),
            CBORPair(.int(Key.claims.rawValue), .map(claims.sorted { $0.key.shortCode < $1.key.shortCode }.map { CBORPair(.int($0.key.shortCode), .text($0.value)) })),
        ]
        if let photoDigest { pairs.append(CBORPair(.int(Key.photo.rawValue), .bytes(photoDigest))) }
        pairs += [
            CBORPair(.int(Key.issuedAt.rawValue), .int(issuedAt)),
            CBORPair(.int(Key.expiresAt.rawValue), .int(expiresAt)),
            CBORPair(.int(Key.status.rawValue), .array([.int(statusList), .int(statusIndex)])),
        ]
        return .map(pairs)
    }

    /// Why a decoded CBOR item is not a payload.
    public struct Invalid: Error, Equatable, Sendable {
        public var reason: String
    }

    public init(cbor: CBOR) throws(Invalid) {
        guard let pairs = cbor.mapValue else { throw Invalid(reason: "payload is not a map") }
        var byKey: [Int: CBOR] = [:]
        for pair in pairs {
            guard let k = pair.key.intValue, Key(rawValue: k) != nil else { throw Invalid(reason: "unknown payload key") }
            byKey[k] = pair.value
        }
        func int(_ key: Key) throws(Invalid) -> Int {
            guard let v = byKey[key.rawValue]?.intValue else { throw Invalid(reason: "payload field \(key) missing or not an integer") }
            return v
        }
        guard let type = CredentialType(shortCode: try int(.type)) else { throw Invalid(reason: "unknown credential type") }
        self.type = type
        purposeCode = try int(.purpose)
        guard let claimPairs = byKey[Key.claims.rawValue]?.mapValue else { throw Invalid(reason: "payload claims missing") }
        var claims: [CredentialClaim: String] = [:]
        for pair in claimPairs {
            guard let code = pair.key.intValue, let claim = CredentialClaim(shortCode: code), let text = pair.value.textValue else {
                throw Invalid(reason: "a claim is unknown or not text")
            }
            claims[claim] = text
        }
        self.claims = claims
        if let photo = byKey[Key.photo.rawValue] {
            guard let digest = photo.bytesValue, digest.count == 32 else { throw Invalid(reason: "photo digest is not 32 bytes") }
            photoDigest = digest
        } else {
            photoDigest = nil
        }
        issuedAt = try int(.issuedAt)
        expiresAt = try int(.expiresAt)
        guard let status = byKey[Key.status.rawValue]?.arrayValue, status.count == 2, let list = status[0].intValue, let index = status[1].intValue,
              list >= 0, index >= 0 else { throw Invalid(reason: "status reference is not [list, index]") }
        statusList = list
        statusIndex = index
        guard expiresAt > issuedAt, expiresAt - issuedAt <= Self.maxLifetime else { throw Invalid(reason: "lifetime is not within 5 minutes") }
    }
}
