import Crypto
import Foundation
import MinshengCore
import MinshengCredentials
import Testing

@Suite("Offline tokens: base45, COSE_Sign1, status lists, the verifier's reasons")
struct TokenTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func payload(purpose: Int = 3, until: String = "2036-05-01", index: Int = 5, at now: Date = TokenTests.now) -> OfflineTokenPayload {
        let t = Int(now.timeIntervalSince1970)
        return OfflineTokenPayload(type: .idCard, purposeCode: purpose,
                                   claims: [.name: "欧阳娜娜", .idNumber: "44030419900101001X", .gender: "女", .birthDate: "1990-01-01", .validUntil: until],
                                   photoDigest: Data(SHA256.hash(data: Data("photo".utf8))), issuedAt: t, expiresAt: t + 90, statusList: 0, statusIndex: index)
    }

    @Test("base45 matches RFC 9285's examples and refuses bad text")
    func base45() {
        #expect(Base45.encode(Data("AB".utf8)) == "BB8")
        #expect(Base45.encode(Data("Hello!!".utf8)) == "%69 VD92EX0")
        #expect(Base45.encode(Data("base-45".utf8)) == "UJCLQE7W581")
        #expect(Base45.decode("QED8WEX0") == Data("ietf!".utf8))
        #expect(Base45.decode("GGW") == nil)  // 65535 < value
        #expect(Base45.decode("00") == Data([0]))
        #expect(Base45.decode("A") == nil)
        #expect(Base45.decode("ab!") == nil)
    }

    @Test("a signed token verifies with the published key set, stays within 300 bytes, and survives a key rotation")
    func roundTrip() throws {
        let old = IssuerKey(), new = IssuerKey()
        let token = try OfflineToken.make(Self.payload(), key: old)
        let bytes = try #require(OfflineToken.bytes(of: token))
        #expect(bytes.count <= 300)
        // After rotation both keys are published: the old token (signed 2027-01-15) still verifies; the new key signs new tokens.
        let jwks = PublicKeySet(keys: [PublicJWK(old.publicKey, id: old.idText, retired: "2027-01-15T08:00:00Z"), PublicJWK(new.publicKey, id: new.idText)])
        let data = try JSONEncoder().encode(jwks)
        let keys = try JSONDecoder().decode(PublicKeySet.self, from: data).byID()
        #expect(keys.count == 2)
        let verifier = OfflineVerifier(keys: keys, statusLists: [0: StatusList(size: 1024)])
        let accepted = try verifier.verify(token, purposeCode: 3, now: Self.now.addingTimeInterval(30)).get()
        #expect(accepted.payload == Self.payload())
        #expect(accepted.keyID == old.id)
        let second = try OfflineToken.make(Self.payload(), key: new)
        #expect(try verifier.verify(second, now: Self.now).get().keyID == new.id)
    }

    @Test("a retired key verifies only what it signed until its retirement; a bare date or garbage in `retired` is read safely")
    func retiredKey() throws {
        let old = IssuerKey()
        let token = try OfflineToken.make(Self.payload(), key: old)  // iat 1 800 000 000 = 2027-01-15T08:00:00Z
        func verifier(retired: String?) -> OfflineVerifier {
            OfflineVerifier(keys: PublicKeySet(keys: [PublicJWK(old.publicKey, id: old.idText, retired: retired)]).byID(), statusLists: [0: StatusList(size: 1024)])
        }
        #expect((try? verifier(retired: nil).verify(token, now: Self.now).get()) != nil)
        #expect((try? verifier(retired: "2027-01-15T08:00:00Z").verify(token, now: Self.now).get()) != nil)
        // Retired a second before it was signed: someone holding the old private key made it afterwards.
        #expect(verifier(retired: "2027-01-15T07:59:59Z").verify(token, now: Self.now) == .failure(.keyRetired))
        #expect(verifier(retired: "2027-01-01").verify(token, now: Self.now) == .failure(.keyRetired))
        #expect((try? verifier(retired: "2027-02-01").verify(token, now: Self.now).get()) != nil)
        #expect(verifier(retired: "soon").verify(token, now: Self.now) == .failure(.keyRetired))
        // The status list token and any other compact JWS follow the same rule through its `iat`.
        let listToken = try StatusList(size: 8).token(uri: "https://minsheng.example/api/v1/status-lists/0", issuedAt: 1_800_000_000, ttl: 60, key: old)
        #expect(throws: StatusList.Failure.signature(.retiredKey)) {
            try StatusList.verify(token: listToken, keys: TrustedKeys(keys: [old.id: old.publicKey], retiredAt: [old.id: 1_799_999_999]))
        }
        #expect((try? StatusList.verify(token: listToken, keys: TrustedKeys(keys: [old.id: old.publicKey], retiredAt: [old.id: 1_800_000_000]))) != nil)
    }

    @Test("cached status lists: each counts only for the list its sub names and only until its exp")
    func cachedStatusLists() throws {
        let key = IssuerKey()
        let keys: TrustedKeys = [key.id: key.publicKey]
        let token = try OfflineToken.make(Self.payload(), key: key)  // list 0, index 5
        var revoked = StatusList(size: 1024)
        revoked[5] = true
        let list0 = try StatusList.verify(token: try revoked.token(uri: "https://minsheng.example/api/v1/status-lists/0", issuedAt: 1_799_999_000, ttl: 3600, key: key), keys: keys)
        let list1 = try StatusList.verify(token: try StatusList(size: 1024).token(uri: "https://minsheng.example/api/v1/status-lists/1", issuedAt: 1_799_999_000, ttl: 3600, key: key), keys: keys)
        #expect(list0.number == 0 && list1.number == 1)
        #expect(OfflineVerifier(keys: keys, cachedLists: [list0, list1]).verify(token, now: Self.now) == .failure(.revoked))
        // List 1's clean token saved where list 0 belongs (a swapped cache file) does not stand for list 0.
        #expect(OfflineVerifier(keys: keys, cachedLists: [list1]).verify(token, now: Self.now) == .failure(.statusUnknown))
        // After its exp a cached list is refused with its own reason, not read as current.
        let fresh = try StatusList.verify(token: try StatusList(size: 1024).token(uri: "https://minsheng.example/api/v1/status-lists/0", issuedAt: 1_799_999_990, ttl: 5, key: key), keys: keys)
        #expect((try? OfflineVerifier(keys: keys, cachedLists: [fresh]).verify(token, now: Self.now.addingTimeInterval(-6)).get()) != nil)
        #expect(OfflineVerifier(keys: keys, cachedLists: [fresh]).verify(token, now: Self.now.addingTimeInterval(-5)) == .failure(.statusListExpired))
        // Of two tokens for one list the newer counts.
        #expect((try? OfflineVerifier(keys: keys, cachedLists: [fresh, list0]).verify(token, now: Self.now.addingTimeInterval(-6)).get()) != nil)
        #expect(StatusList.number(ofURI: "https://x/api/v1/status-lists/+1") == nil && StatusList.number(ofURI: "https://x/other/1") == nil)
    }

    @Test("every failure names its reason")
    func reasons() throws {
        let key = IssuerKey()
        var list = StatusList(size: 1024)
        let verifier = { (lists: [Int: StatusList]) in OfflineVerifier(keys: [key.id: key.publicKey], statusLists: lists) }
        let token = try OfflineToken.make(Self.payload(), key: key)
        #expect(verifier([0: list]).verify(token, now: Self.now) == .success(.init(payload: Self.payload(), keyID: key.id)))
        #expect(verifier([0: list]).verify(token, now: Self.now.addingTimeInterval(91)) == .failure(.tokenExpired))
        #expect(verifier([0: list]).verify(token, purposeCode: 1, now: Self.now) == .failure(.wrongPurpose))
        #expect(verifier([:]).verify(token, now: Self.now) == .failure(.statusUnknown))
        list[5] = true
        #expect(verifier([0: list]).verify(token, now: Self.now) == .failure(.revoked))
        let expired = try OfflineToken.make(Self.payload(until: "2026-01-01"), key: key)
        #expect(verifier([0: StatusList(size: 1024)]).verify(expired, now: Self.now) == .failure(.expired))
        let stranger = try OfflineToken.make(Self.payload(), key: IssuerKey())
        #expect(verifier([0: list]).verify(stranger, now: Self.now) == .failure(.unknownKey))
        #expect(verifier([0: list]).verify("MS1:hello", now: Self.now) == .failure(.malformed))
        #expect(verifier([0: list]).verify("https://example.org", now: Self.now) == .failure(.malformed))

        // Flip every byte of the signed token in turn: each is refused (never accepted, never a crash).
        let bytes = try #require(OfflineToken.bytes(of: token))
        for i in 0..<bytes.count {
            var tampered = bytes
            tampered[i] ^= 0x01
            let result = verifier([0: StatusList(size: 1024)]).verify(bytes: tampered, now: Self.now)
            guard case .failure(let reason) = result else { Issue.record("byte \(i) flipped was accepted"); continue }
            #expect([.malformed, .badSignature, .unknownKey].contains(reason))
        }
    }

    @Test("the status list token round trips, refuses a forged signature and a zip bomb")
    func statusList() throws {
        let key = IssuerKey()
        var list = StatusList(size: 1 << 20)
        list[0] = true
        list[123_456] = true
        let token = try list.token(uri: "https://minsheng.example/api/v1/status-lists/0", issuedAt: 1_800_000_000, ttl: 86_400, key: key)
        let verified = try StatusList.verify(token: token, keys: [key.id: key.publicKey])
        #expect(verified.list == list)
        #expect(verified.list[123_456] && !verified.list[123_457])
        #expect(verified.expiresAt == 1_800_086_400)
        // The draft's own example bits: status[0]=1, [1]=0, [2..3]=0,1… "eNrbuRgAAhcBXQ" is [0xB9, 0xA3].
        #expect(Zlib.decompress(Base64URL.decode("eNrbuRgAAhcBXQ")!, limit: 16) == Data([0xB9, 0xA3]))
        #expect(throws: StatusList.Failure.signature(.unknownKey)) { try StatusList.verify(token: token, keys: [IssuerKey().id: IssuerKey().publicKey]) }
        var parts = token.split(separator: ".").map(String.init)
        parts[1] = Base64URL.encode(Data("{\"sub\":\"x\",\"iat\":1,\"exp\":2,\"status_list\":{\"bits\":1,\"lst\":\"\"}}".utf8))
        #expect(throws: StatusList.Failure.signature(.badSignature)) { try StatusList.verify(token: parts.joined(separator: "."), keys: [key.id: key.publicKey]) }
        #expect(Zlib.decompress(Zlib.compress(Data(count: 1 << 21)), limit: 1 << 17) == nil)
    }
}
