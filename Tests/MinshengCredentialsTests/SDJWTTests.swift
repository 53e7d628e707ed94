import Crypto
import Foundation
import MinshengCore
import MinshengCredentials
import Testing

@Suite("SD-JWT (RFC 9901): the RFC's own example, issuance, key binding and refusals")
struct SDJWTTests {
    struct Example: Decodable {
        struct Key: Decodable { var x: String; var y: String; var d: String? }
        var issuerKey: Key
        var holderKey: Key
        var issuerSignedJWT: String
        var disclosures: [String: String]
        var presentation52: [String]
    }

    static let example: Example = {
        let url = Bundle.module.url(forResource: "rfc9901-section5", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(Example.self, from: Data(contentsOf: url))
    }()

    static func publicKey(_ k: Example.Key) -> P256.Signing.PublicKey {
        try! P256.Signing.PublicKey(rawRepresentation: Base64URL.decode(k.x)! + Base64URL.decode(k.y)!)
    }

    static var issuerKeys: TrustedKeys { [Data([1]): publicKey(example.issuerKey)] }
    static var holder: P256.Signing.PrivateKey { try! P256.Signing.PrivateKey(rawRepresentation: Base64URL.decode(example.holderKey.d!)!) }
    static let verifier = "https://verifier.example.org"

    /// The presentation with a key-binding JWT for `verifier` and nonce `n`, made just before `rfcTime`.
    static func bound(_ sd: String, nonce: String = "1234567890") async throws -> String {
        sd + (try await SDJWT.keyBinding(for: sd, holder: holder, audience: verifier, nonce: nonce, issuedAt: 1_683_000_050))
    }
    /// Between the example's iat (2023-05-02) and exp (2029-09).
    static let rfcTime = Date(timeIntervalSince1970: 1_683_000_100)

    static func presentation(_ names: [String]) -> String {
        ([example.issuerSignedJWT] + names.map { example.disclosures[$0]! }).joined(separator: "~") + "~"
    }

    @Test("section 5.2's presentation verifies with the example issuer key and yields exactly the disclosed claims")
    func rfcPresentation() async throws {
        let verified = try await SDJWT.verify(try await Self.bound(Self.presentation(Self.example.presentation52)), issuerKeys: Self.issuerKeys,
                                              audience: Self.verifier, nonce: "1234567890", now: Self.rfcTime)
        #expect(verified.header["typ"] == "example+sd-jwt")
        #expect(verified.claims["given_name"] == .string("John") && verified.claims["family_name"] == .string("Doe"))
        #expect(verified.claims["address"]?["locality"] == .string("Anytown"))
        #expect(verified.claims["nationalities"] == .array([.string("US")]))
        #expect(verified.claims["iss"] == .string("https://issuer.example.com") && verified.claims["sub"] == .string("user_42"))
        for hidden in ["email", "phone_number", "phone_number_verified", "birthdate", "updated_at", "_sd", "_sd_alg"] {
            #expect(verified.claims[hidden] == nil, "\(hidden) should not be visible")
        }
        let all = try await SDJWT.verify(try await Self.bound(Self.presentation(Array(Self.example.disclosures.keys))), issuerKeys: Self.issuerKeys,
                                         audience: Self.verifier, nonce: "1234567890", now: Self.rfcTime)
        #expect(all.claims["phone_number_verified"] == .bool(true) && all.claims["updated_at"] == .number(1_570_000_000))
        #expect(all.claims["nationalities"]?.array?.count == 2)
    }

    @Test("key binding with the example holder key: accepted for the right audience and nonce, refused otherwise")
    func keyBinding() async throws {
        let holder = try P256.Signing.PrivateKey(rawRepresentation: Base64URL.decode(Self.example.holderKey.d!)!)
        #expect(holder.publicKey.rawRepresentation == Self.publicKey(Self.example.holderKey).rawRepresentation)
        let sd = Self.presentation(Self.example.presentation52)
        let kb = try await SDJWT.keyBinding(for: sd, holder: holder, audience: "https://verifier.example.org", nonce: "1234567890", issuedAt: 1_683_000_050)
        let bound = try await SDJWT.verify(sd + kb, issuerKeys: Self.issuerKeys, audience: "https://verifier.example.org", nonce: "1234567890", now: Self.rfcTime)
        #expect(bound.keyBound)
        await #expect(throws: SDJWT.Failure.keyBindingInvalid("aud is not this verifier")) {
            try await SDJWT.verify(sd + kb, issuerKeys: Self.issuerKeys, audience: "https://other.example", nonce: "1234567890", now: Self.rfcTime)
        }
        await #expect(throws: SDJWT.Failure.keyBindingInvalid("nonce does not match")) {
            try await SDJWT.verify(sd + kb, issuerKeys: Self.issuerKeys, audience: "https://verifier.example.org", nonce: "other", now: Self.rfcTime)
        }
        await #expect(throws: SDJWT.Failure.keyBindingMissing) {
            try await SDJWT.verify(sd, issuerKeys: Self.issuerKeys, audience: "https://verifier.example.org", nonce: "1234567890", now: Self.rfcTime)
        }
        // Dropping a disclosure after binding changes sd_hash.
        let fewer = Self.presentation(Array(Self.example.presentation52.dropLast()))
        await #expect(throws: SDJWT.Failure.keyBindingInvalid("sd_hash does not match the presentation")) {
            try await SDJWT.verify(fewer + kb, issuerKeys: Self.issuerKeys, audience: "https://verifier.example.org", nonce: "1234567890", now: Self.rfcTime)
        }
        let stranger = try await SDJWT.keyBinding(for: sd, holder: P256.Signing.PrivateKey(), audience: "https://verifier.example.org", nonce: "1234567890", issuedAt: 1_683_000_050)
        await #expect(throws: SDJWT.Failure.keyBindingInvalid("signature is not the holder's")) {
            try await SDJWT.verify(sd + stranger, issuerKeys: Self.issuerKeys, audience: "https://verifier.example.org", nonce: "1234567890", now: Self.rfcTime)
        }
    }

    @Test("a credential with cnf is never accepted unbound: no audience or nonce, no key-binding JWT, or a binding checked without a nonce all fail")
    func holderBoundNeedsBinding() async throws {
        let sd = Self.presentation(Self.example.presentation52)
        let kb = try await SDJWT.keyBinding(for: sd, holder: Self.holder, audience: Self.verifier, nonce: "1234567890", issuedAt: 1_683_000_050)
        // The verifier asks for nothing: before issue 16 this was accepted, unbound, because the example carries cnf.
        await #expect(throws: SDJWT.Failure.challengeMissing) { try await SDJWT.verify(sd, issuerKeys: Self.issuerKeys, now: Self.rfcTime) }
        await #expect(throws: SDJWT.Failure.challengeMissing) { try await SDJWT.verify(sd + kb, issuerKeys: Self.issuerKeys, now: Self.rfcTime) }
        // An audience without a nonce would accept a binding replayed from an earlier check.
        await #expect(throws: SDJWT.Failure.challengeMissing) {
            try await SDJWT.verify(sd + kb, issuerKeys: Self.issuerKeys, audience: Self.verifier, now: Self.rfcTime)
        }
        await #expect(throws: SDJWT.Failure.challengeMissing) {
            try await SDJWT.verify(sd + kb, issuerKeys: Self.issuerKeys, audience: Self.verifier, nonce: "", now: Self.rfcTime)
        }
        await #expect(throws: SDJWT.Failure.keyBindingMissing) {
            try await SDJWT.verify(sd, issuerKeys: Self.issuerKeys, audience: Self.verifier, nonce: "1234567890", now: Self.rfcTime)
        }
        let bound = try await SDJWT.verify(sd + kb, issuerKeys: Self.issuerKeys, audience: Self.verifier, nonce: "1234567890", now: Self.rfcTime)
        #expect(bound.keyBound)
    }

    @Test("a retired issuer key verifies only what it signed before its retirement")
    func retiredIssuerKey() async throws {
        let sd = try await Self.bound(Self.presentation(["given_name"]))
        let id = Data([1])
        // The example was signed at iat 1683000000.
        let retiredAfter = TrustedKeys(keys: [id: Self.publicKey(Self.example.issuerKey)], retiredAt: [id: 1_683_000_000])
        let verified = try await SDJWT.verify(sd, issuerKeys: retiredAfter, audience: Self.verifier, nonce: "1234567890", now: Self.rfcTime)
        #expect(verified.claims["given_name"] == .string("John"))
        let retiredBefore = TrustedKeys(keys: [id: Self.publicKey(Self.example.issuerKey)], retiredAt: [id: 1_682_999_999])
        await #expect(throws: SDJWT.Failure.retiredKey) {
            try await SDJWT.verify(sd, issuerKeys: retiredBefore, audience: Self.verifier, nonce: "1234567890", now: Self.rfcTime)
        }
    }

    @Test("refusals: a forged signature, an unknown key, an unreferenced or repeated disclosure, expiry, garbage")
    func refusals() async throws {
        let sd = Self.presentation(["given_name"])
        let forged = sd.replacingOccurrences(of: "MczwjBFGtzf", with: "XczwjBFGtzf")
        await #expect(throws: SDJWT.Failure.badSignature) { try await SDJWT.verify(forged, issuerKeys: Self.issuerKeys, now: Self.rfcTime) }
        await #expect(throws: SDJWT.Failure.badSignature) {
            try await SDJWT.verify(sd, issuerKeys: [Data([1]): P256.Signing.PrivateKey().publicKey], now: Self.rfcTime)
        }
        let unreferenced = try SDJWT.disclosure(salt: "dummysalt", name: "foo", value: .string("bar"))
        await #expect(throws: SDJWT.Failure.unreferencedDisclosure) {
            try await SDJWT.verify(sd.dropLast() + "~" + unreferenced + "~", issuerKeys: Self.issuerKeys, now: Self.rfcTime)
        }
        await #expect(throws: SDJWT.Failure.duplicateDisclosure) {
            try await SDJWT.verify(Self.presentation(["given_name", "given_name"]), issuerKeys: Self.issuerKeys, now: Self.rfcTime)
        }
        await #expect(throws: SDJWT.Failure.expired) {
            try await SDJWT.verify(sd, issuerKeys: Self.issuerKeys, now: Date(timeIntervalSince1970: 1_883_000_001))
        }
        await #expect(throws: SDJWT.Failure.malformed("not an SD-JWT: no ~")) { try await SDJWT.verify("abc", issuerKeys: Self.issuerKeys) }
    }

    @Test("our issuance: every claim selectively disclosable, dc+sd-jwt, kid; a holder shows only some")
    func issuance() async throws {
        let key = IssuerKey()
        let holder = P256.Signing.PrivateKey()
        let raw = holder.publicKey.rawRepresentation
        let cnf: JSONValue = .object(["jwk": .object(["kty": .string("EC"), "crv": .string("P-256"), "x": .string(Base64URL.encode(raw.prefix(32))), "y": .string(Base64URL.encode(raw.suffix(32)))])])
        let issued = try await SDJWT.issue(disclosable: ["name": .string("李明"), "address": .string("深圳市福田区深南大道6008号"), "id_number": .string("440304199001010011")],
                                           fixed: ["iss": .string("https://minsheng.example"), "vct": .string("urn:minsheng:credential:id-card"), "iat": .number(1_800_000_000), "cnf": cnf],
                                           key: key)
        let parts = issued.split(separator: "~", omittingEmptySubsequences: false)
        #expect(parts.count == 5)  // JWT, three disclosures, the empty tail
        #expect(!String(parts[0]).contains("李明"))
        let keys: TrustedKeys = [key.id: key.publicKey]
        let everythingKB = try await SDJWT.keyBinding(for: issued, holder: holder, audience: "hotel", nonce: "n0", issuedAt: 1_800_000_090)
        let everything = try await SDJWT.verify(issued + everythingKB, issuerKeys: keys, audience: "hotel", nonce: "n0", now: Date(timeIntervalSince1970: 1_800_000_100))
        #expect(everything.header["typ"] == "dc+sd-jwt" && everything.header["kid"] == key.idText)
        #expect(everything.claims["name"] == .string("李明"))
        // The holder keeps only the name disclosure and binds it for a hotel.
        let nameOnly = parts.enumerated().filter { i, p in i == 0 || p.isEmpty || (Base64URL.decode(String(p)).map { String(decoding: $0, as: UTF8.self).contains("\"name\"") } ?? false) }
            .map { String($0.1) }.joined(separator: "~")
        let kb = try await SDJWT.keyBinding(for: nameOnly, holder: holder, audience: "hotel", nonce: "n1", issuedAt: 1_800_000_090)
        let shown = try await SDJWT.verify(nameOnly + kb, issuerKeys: keys, audience: "hotel", nonce: "n1", now: Date(timeIntervalSince1970: 1_800_000_100))
        #expect(shown.keyBound && shown.claims["name"] == .string("李明") && shown.claims["address"] == nil && shown.claims["id_number"] == nil)
    }
}
