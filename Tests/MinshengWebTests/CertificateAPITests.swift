import Crypto
import FluentKit
import Foundation
import MinshengCore
import MinshengCredentials
import MinshengQR
import MinshengStore
import MinshengTesting
import Testing
import Vapor
import VaporTesting

@Suite("Electronic certificates: centre, online and offline presentation, verifiers, re-issue")
struct CertificateAPITests {
    /// 李明 at L3 with an ID card issued at 26 (20 years) and a registry photo.
    static func holder(_ t: TestApp) async throws -> String {
        let token = try await ApplicationAPITests().l3Citizen(t)
        try await t.registry.setPhoto(residentID: t.liMing.id, photo: try FaceAPITests.fixture("obama_1.jpg"), actor: .system("test"), reason: "证件照", on: t.app.db)
        let issued = CivilDate(year: 2016, month: 12, day: 20)!
        try await CredentialRepository(cipher: t.registry.cipher).record(
            DocumentRecord(type: .idCard, number: t.liMing.idNumber.value, issuedOn: issued,
                           expiresOn: CredentialValidity.idCardExpiry(issued: issued, birthDate: t.liMing.birthDate), details: ["issuer": "深圳市公安局福田分局"]),
            residentID: t.liMing.id, on: t.app.db)
        return token
    }

    static func org(_ t: TestApp, _ name: String, _ purposes: [String]) async throws -> String {
        try await VerifierDirectory().register(name: name, purposes: purposes, actor: .system("test"), on: t.app.db).apiKey
    }

    func verify(_ t: TestApp, _ body: String, key: String?) async throws -> TestingHTTPResponse {
        var result: TestingHTTPResponse?
        try await t.app.testing().test(.POST, "/api/v1/verifications", beforeRequest: { req in
            req.body = ByteBuffer(string: body)
            req.headers.contentType = .json
            if let key { req.headers.bearerAuthorization = BearerAuthorization(token: key) }
        }, afterResponse: { result = $0 })
        return result!
    }

    @Test("hotel check-in online: the hotel sees name, photo, masked ID number — not the address — once; the holder sees the check",
          arguments: DatabaseKind.available)
    func hotelOnline(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let citizen = try await Self.holder(t)
            let list = try await t.send(.GET, "/api/v1/me/certificates", token: citizen)
            #expect(list.status == .ok)
            let cards = list.array
            #expect(Set(cards.compactMap { $0["type"] as? String }) == ["id-card", "household-register"])
            let eid = try #require(cards.first { $0["type"] as? String == "id-card" })
            #expect(eid["expiresOn"] as? String == "2036-12-20")
            #expect((eid["purposes"] as? [String])?.contains("hotel") == true)
            let id = try #require(eid["id"] as? String)

            let shown = try await t.send(.POST, "/api/v1/me/certificates/\(id)/presentations", json: #"{"purpose":"hotel"}"#, token: citizen)
            #expect(shown.status == .ok)
            let payload = try #require(shown.object["payload"] as? String)
            #expect(payload.hasPrefix("MSR:"))
            #expect((shown.object["svg"] as? String)?.hasPrefix("<svg") == true)
            #expect(!payload.contains("李明") && !payload.contains("440304"))

            let hotel = try await Self.org(t, "深圳湾酒店", ["hotel"])
            let answer = try await verify(t, #"{"payload":"\#(payload)"}"#, key: hotel)
            #expect(answer.status == .ok)
            #expect(answer.object["valid"] as? Bool == true)
            let claims = Dictionary(uniqueKeysWithValues: ((answer.object["claims"] as? [[String: Any]]) ?? []).map { ($0["claim"] as! String, $0["value"] as! String) })
            #expect(claims["name"] == "李明")
            #expect(claims["id_number_masked"] == "4403**********0011")
            #expect(claims["valid_until"] == "2036-12-20")
            #expect(claims["address"] == nil && claims["id_number"] == nil)
            #expect(Data(base64Encoded: answer.object["photo"] as? String ?? "") == (try FaceAPITests.fixture("obama_1.jpg")))

            // Single use: the same code again is a replay, and says so.
            let again = try await verify(t, #"{"payload":"\#(payload)"}"#, key: hotel)
            #expect(again.object["valid"] as? Bool == false)
            #expect(again.object["reason"] as? String == "replayed-reference")

            // An organisation not registered for the purpose learns nothing.
            let fresh = try await t.send(.POST, "/api/v1/me/certificates/\(id)/presentations", json: #"{"purpose":"hotel"}"#, token: citizen)
            let police = try await Self.org(t, "交警支队", ["traffic"])
            let wrong = try await verify(t, #"{"payload":"\#(fresh.object["payload"] as! String)"}"#, key: police)
            #expect(wrong.object["reason"] as? String == "wrong-purpose")
            #expect((wrong.object["claims"] as? [Any])?.isEmpty == true)

            // The holder sees who checked, for which purpose.
            let checks = try await t.send(.GET, "/api/v1/me/verifications", token: citizen)
            let rows = checks.array
            #expect(rows.count == 3)
            #expect(rows.contains { $0["organisation"] as? String == "深圳湾酒店" && $0["purpose"] as? String == "hotel" && $0["outcome"] as? String == "valid" })
            #expect(rows.contains { $0["organisation"] as? String == "交警支队" && $0["outcome"] as? String == "wrong-purpose" })

            // A photo of the QR (the page's upload) verifies like its text.
            let third = try await t.send(.POST, "/api/v1/me/certificates/\(id)/presentations", json: #"{"purpose":"hotel"}"#, token: citizen)
            let png = try QRCode(encoding: third.object["payload"] as! String).png(scale: 5)
            let byImage = try await verify(t, #"{"image":"\#(png.base64EncodedString())"}"#, key: hotel)
            #expect(byImage.object["valid"] as? Bool == true)
        }
    }

    @Test("bad input: no key, a wrong key, garbage, an image that is not one, a purpose the card is not for, a citizen below L3",
          arguments: DatabaseKind.available)
    func refusals(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let citizen = try await Self.holder(t)
            let hotel = try await Self.org(t, "深圳湾酒店", ["hotel"])
            #expect(try await verify(t, #"{"payload":"MSR:AAAA"}"#, key: nil).status == .unauthorized)
            #expect(try await verify(t, #"{"payload":"MSR:AAAA"}"#, key: "msv_" + String(repeating: "0", count: 64)).status == .unauthorized)
            let garbage = try await verify(t, #"{"payload":"hello"}"#, key: hotel)
            #expect(garbage.status == .ok && garbage.object["reason"] as? String == "malformed")
            let unknown = try await verify(t, #"{"payload":"MSR:ABCDEFGHIJKLMNOPQRSTUVWXYZ"}"#, key: hotel)
            #expect(unknown.object["reason"] as? String == "unknown-reference")
            let notImage = try await verify(t, #"{"image":"\#(Data("plain".utf8).base64EncodedString())"}"#, key: hotel)
            #expect(notImage.status == .unprocessableEntity && notImage.problemFields == ["image"])
            let extra = try await verify(t, #"{"payload":"x","extra":1}"#, key: hotel)
            #expect(extra.status == .unprocessableEntity && extra.problemFields == ["extra"])
            let cards = try await t.send(.GET, "/api/v1/me/certificates", token: citizen).array
            let register = try #require(cards.first { $0["type"] as? String == "household-register" }?["id"] as? String)
            let wrongPurpose = try await t.send(.POST, "/api/v1/me/certificates/\(register)/presentations", json: #"{"purpose":"hotel"}"#, token: citizen)
            #expect(wrongPurpose.status == .unprocessableEntity && wrongPurpose.problemFields == ["purpose"])
            let badMode = try await t.send(.POST, "/api/v1/me/certificates/\(register)/presentations", json: #"{"purpose":"generic","mode":"carrier-pigeon"}"#, token: citizen)
            #expect(badMode.status == .unprocessableEntity && badMode.problemFields == ["mode"])
            let l1 = try await t.citizenToken(phone: "13900139000")
            #expect(try await t.send(.GET, "/api/v1/me/certificates", token: l1).status == .forbidden)
        }
    }

    @Test("border offline: the token verifies with only the published keys and the downloaded status list; revoked fails with the reason; keys rotate without breaking it",
          arguments: DatabaseKind.available)
    func borderOffline(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let citizen = try await Self.holder(t)
            let cards = try await t.send(.GET, "/api/v1/me/certificates", token: citizen).array
            let id = try #require(cards.first { $0["type"] as? String == "id-card" }?["id"] as? String)
            let shown = try await t.send(.POST, "/api/v1/me/certificates/\(id)/presentations", json: #"{"purpose":"border","mode":"offline"}"#, token: citizen)
            #expect(shown.status == .ok)
            let token = try #require(shown.object["payload"] as? String)
            #expect(token.hasPrefix("MS1:"))
            #expect(try #require(OfflineToken.bytes(of: token)).count <= 300)
            #expect(try #require(shown.object["qrVersion"] as? Int) <= 12)

            // What the border post downloaded while online.
            let keysResponse = try await t.send(.GET, "/.well-known/minsheng/keys.json")
            #expect(keysResponse.headers.contentType?.subType == "jwk-set+json")
            let keys = try JSONDecoder().decode(PublicKeySet.self, from: Data(keysResponse.body.readableBytesView)).byID()
            let listToken = try await t.send(.GET, "/api/v1/status-lists/0")
            #expect(listToken.headers.contentType?.subType == "statuslist+jwt")
            let list = try StatusList.verify(token: listToken.text, keys: keys)
            let accepted = try OfflineVerifier(keys: keys, statusLists: [0: list.list]).verify(token, purposeCode: 3).get()
            #expect(accepted.payload.claims[.name] == "李明")
            #expect(accepted.payload.claims[.address] == nil)
            #expect(accepted.payload.photoDigest != nil)

            // Rotation: the old token still verifies against the new key set; new tokens use the new key.
            let before = try #require(OfflineToken.bytes(of: token))
            try await IssuerKeyStore(cipher: t.registry.cipher).rotate(actor: .system("test"), on: t.app.db)
            let rotated = try JSONDecoder().decode(PublicKeySet.self, from: Data(try await t.send(.GET, "/.well-known/minsheng/keys.json").body.readableBytesView))
            #expect(rotated.keys.count == 2 && rotated.keys.filter { $0.retired != nil }.count == 1)
            #expect(OfflineVerifier(keys: rotated.byID(), statusLists: [0: list.list]).verify(bytes: before).isSuccess)

            // Revoked: the next list carries the bit; offline says revoked, the API too.
            try await CredentialRepository(cipher: t.registry.cipher).setStatus(UUID(uuidString: id)!, to: .revoked, actor: .officer("010001"), reason: "test", on: t.app.db)
            let after = try StatusList.verify(token: try await t.send(.GET, "/api/v1/status-lists/0").text, keys: rotated.byID())
            #expect(OfflineVerifier(keys: rotated.byID(), statusLists: [0: after.list]).verify(token) == .failure(.revoked))
            let border = try await Self.org(t, "皇岗边检站", ["border"])
            let online = try await verify(t, #"{"payload":"\#(token)"}"#, key: border)
            #expect(online.object["valid"] as? Bool == false && online.object["reason"] as? String == "revoked")
            let refused = try await t.send(.POST, "/api/v1/me/certificates/\(id)/presentations", json: #"{"purpose":"border"}"#, token: citizen)
            // A revoked card is replaced by a fresh one at the next sync (the record still backs it) — the old id is gone.
            #expect(refused.status == .notFound)
            #expect(try await t.send(.GET, "/api/v1/status-lists/99").status == .notFound)
        }
    }

    @Test("a retired issuer key verifies only what it signed before it retired: a token signed after is refused online and offline",
          arguments: DatabaseKind.available)
    func retiredKey(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let citizen = try await Self.holder(t)
            let cards = try await t.send(.GET, "/api/v1/me/certificates", token: citizen).array
            let id = try #require(cards.first { $0["type"] as? String == "id-card" }?["id"] as? String)
            let shown = try await t.send(.POST, "/api/v1/me/certificates/\(id)/presentations", json: #"{"purpose":"border","mode":"offline"}"#, token: citizen)
            let token = try #require(shown.object["payload"] as? String)
            // As if the key had been retired an hour ago and someone holding it signed this code afterwards.
            try await IssuerKeyStore(cipher: t.registry.cipher).rotate(actor: .system("test"), at: Date(timeIntervalSinceNow: -3600), on: t.app.db)
            let border = try await Self.org(t, "皇岗边检站", ["border"])
            let online = try await verify(t, #"{"payload":"\#(token)"}"#, key: border)
            #expect(online.object["valid"] as? Bool == false && online.object["reason"] as? String == "key-retired", "\(online.text)")
            let keys = try JSONDecoder().decode(PublicKeySet.self, from: Data(try await t.send(.GET, "/.well-known/minsheng/keys.json").body.readableBytesView)).byID()
            let list = try StatusList.verify(token: try await t.send(.GET, "/api/v1/status-lists/0").text, keys: keys)
            #expect(OfflineVerifier(keys: keys, cachedLists: [list]).verify(token) == .failure(.keyRetired))
            // A code signed by the new key passes.
            let fresh = try #require(try await t.send(.POST, "/api/v1/me/certificates/\(id)/presentations", json: #"{"purpose":"border","mode":"offline"}"#,
                                                     token: citizen).object["payload"] as? String)
            #expect(OfflineVerifier(keys: keys, cachedLists: [list]).verify(fresh).isSuccess)
        }
    }

    @Test("a tiny PNG or JPEG photo declaring a 60000×60000 canvas is refused from its header (422), never decoded",
          arguments: DatabaseKind.available)
    func hugeCanvas(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let hotel = try await Self.org(t, "深圳湾酒店", ["hotel"])
            for image in [try Self.pngDeclaring(side: 60_000), Self.jpegDeclaring(side: 60_000)] {
                #expect(image.count < 2000)
                let answer = try await verify(t, #"{"image":"\#(image.base64EncodedString())"}"#, key: hotel)
                #expect(answer.status == .unprocessableEntity && answer.problemFields == ["image"], "\(answer.text)")
                #expect(answer.text.contains("too large"))
            }
        }
    }

    /// A small PNG (a QR code) whose header is changed to declare `side`×`side` (its checksum left stale: the header
    /// check must refuse it before any decoder reads that far).
    static func pngDeclaring(side: Int) throws -> Data {
        var png = try QRCode(encoding: "MS1:X").png(scale: 1)
        let size = withUnsafeBytes(of: UInt32(side).bigEndian) { [UInt8]($0) }
        png.replaceSubrange(16..<20, with: size)
        png.replaceSubrange(20..<24, with: size)
        return png
    }

    /// A JPEG that is only a start, a baseline frame header declaring `side`×`side` and an end.
    static func jpegDeclaring(side: Int) -> Data {
        Data([0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, UInt8(side >> 8), UInt8(side & 0xFF), UInt8(side >> 8), UInt8(side & 0xFF), 0x01, 0x01, 0x11, 0x00, 0xFF, 0xD9])
    }

    @Test("a name change approved re-issues the e-ID and the e-household register with the new name; the old ones are superseded",
          arguments: DatabaseKind.available)
    func reissue(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let citizen = try await Self.holder(t)
            let before = try await t.send(.GET, "/api/v1/me/certificates", token: citizen).array
            let oldID = try #require(before.first { $0["type"] as? String == "id-card" }?["id"] as? String)
            let body = #"{"service":"HZ-01","form":{"newName":"李明远","reason":"homophone","reasonDetail":"与他人同名"},"idempotencyKey":"name-change-cert"}"#
            let submitted = try await t.send(.POST, "/api/v1/applications", json: body, token: citizen)
            #expect(submitted.status == .created)
            let application = try #require(submitted.object["id"] as? String)
            // The ID card and household register materials come from the e-certificates now.
            let materials = (submitted.object["materials"] as? [[String: Any]]) ?? []
            #expect(materials.contains { $0["source"] as? String == "e-certificate" && ($0["reference"] as? String)?.hasPrefix("credential:") == true })
            let intake = try await t.officerToken(), approver = try await t.officerToken("010002")
            for action in ["accept", "start-review", "forward-for-approval"] {
                #expect(try await t.send(.POST, "/api/v1/officer/applications/\(application)/actions", json: #"{"action":"\#(action)"}"#, token: intake).status == .ok)
            }
            #expect(try await t.send(.POST, "/api/v1/officer/applications/\(application)/actions", json: #"{"action":"approve"}"#, token: approver).status == .ok)
            let credentials = CredentialRepository(cipher: t.registry.cipher)
            let all = try await credentials.credentials(holderID: t.liMing.id, on: t.app.db)
            let old = try #require(all.first { $0.id == UUID(uuidString: oldID) })
            #expect(old.status == .superseded)
            let current = all.filter { $0.status == .valid }
            #expect(current.count == 2)
            #expect(current.allSatisfy { $0.claims[.name] == "李明远" })
            #expect(current.first { $0.type == .idCard }?.supersedes == old.id)
            // The superseded card's bit is set in the published list.
            let list = try #require(try await credentials.statusList(old.statusList, on: t.app.db))
            #expect(list[old.statusIndex])
        }
    }

    @Test("SD-JWT VC: exported bound to a wallet key, presented with only some claims and a key-binding JWT, checked by a relying party; revoked fails",
          arguments: DatabaseKind.available)
    func sdJwt(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let citizen = try await Self.holder(t)
            let cards = try await t.send(.GET, "/api/v1/me/certificates", token: citizen).array
            let id = try #require(cards.first { $0["type"] as? String == "id-card" }?["id"] as? String)
            let wallet = P256.Signing.PrivateKey()
            let raw = wallet.publicKey.rawRepresentation
            let jwk = #"{"kty":"EC","crv":"P-256","x":"\#(Base64URL.encode(raw.prefix(32)))","y":"\#(Base64URL.encode(raw.suffix(32)))"}"#
            let bad = try await t.send(.POST, "/api/v1/me/certificates/\(id)/sd-jwt", json: #"{"holderKey":{"kty":"EC","crv":"P-256","x":"AA","y":"BB"}}"#, token: citizen)
            #expect(bad.status == .unprocessableEntity && bad.problemFields == ["holderKey"])
            let exported = try await t.send(.POST, "/api/v1/me/certificates/\(id)/sd-jwt", json: #"{"holderKey":\#(jwk)}"#, token: citizen)
            #expect(exported.status == .ok)
            let sdJwt = try #require(exported.object["sdJwt"] as? String)
            #expect(exported.object["vct"] as? String == "urn:minsheng:credential:id-card")
            let parts = sdJwt.split(separator: "~", omittingEmptySubsequences: false).map(String.init)
            #expect(!parts[0].contains("李明"))
            // The wallet keeps the name, the masked number and the validity, and binds them for the hotel's site.
            let keep = ["\"name\"", "\"id_number_masked\"", "\"valid_until\""]
            let chosen = parts.dropFirst().dropLast().filter { d in keep.contains { String(decoding: Base64URL.decode(d) ?? Data(), as: UTF8.self).contains($0) } }
            #expect(chosen.count == 3)
            let presentation = ([parts[0]] + chosen).joined(separator: "~") + "~"
            let (hotelOrg, hotel) = try await VerifierDirectory().register(name: "深圳湾酒店", purposes: ["hotel"], actor: .system("test"), on: t.app.db)
            #expect(hotelOrg.audience == "urn:minsheng:verifier:\(hotelOrg.id.uuidString.lowercased())")
            let kb = try await SDJWT.keyBinding(for: presentation, holder: wallet, audience: hotelOrg.audience, nonce: "n-2026", issuedAt: Int(Date().timeIntervalSince1970))
            let body = { (p: String) in #"{"sdJwt":"\#(p)","audience":"\#(hotelOrg.audience)","nonce":"n-2026"}"# }
            let answer = try await verify(t, body(presentation + kb), key: hotel)
            #expect(answer.object["valid"] as? Bool == true, "\(answer.text)")
            #expect(answer.object["mode"] as? String == "sd-jwt")
            let claims = ((answer.object["claims"] as? [[String: Any]]) ?? []).compactMap { $0["claim"] as? String }
            #expect(Set(claims) == ["name", "id_number_masked", "valid_until"])
            let noBinding = try await verify(t, body(presentation), key: hotel)
            #expect(noBinding.object["valid"] as? Bool == false && noBinding.object["reason"] as? String == "key-binding")
            // The audience may be left out (it is the organisation's); a nonce may not.
            let implied = try await verify(t, #"{"sdJwt":"\#(presentation + kb)","nonce":"n-2026"}"#, key: hotel)
            #expect(implied.object["valid"] as? Bool == true)
            for unbound in [presentation, presentation + kb] {
                let noNonce = try await verify(t, #"{"sdJwt":"\#(unbound)","audience":"\#(hotelOrg.audience)"}"#, key: hotel)
                #expect(noNonce.status == .unprocessableEntity && noNonce.problemFields == ["nonce"], "\(noNonce.text)")
                #expect(noNonce.object["type"] as? String == "/problems/sd-jwt-nonce-required")
                #expect((noNonce.object["titleZh"] as? String)?.contains("nonce") == true && (noNonce.object["title"] as? String)?.contains("nonce") == true)
            }
            // A presentation bound for another verifier is refused through this one's key, whatever audience it claims.
            let (_, airline) = try await VerifierDirectory().register(name: "航空公司", purposes: ["hotel"], actor: .system("test"), on: t.app.db)
            let elsewhere = try await verify(t, #"{"sdJwt":"\#(presentation + kb)","nonce":"n-2026"}"#, key: airline)
            #expect(elsewhere.object["valid"] as? Bool == false && elsewhere.object["reason"] as? String == "key-binding")
            let claimed = try await verify(t, body(presentation + kb), key: airline)
            #expect(claimed.status == .unprocessableEntity && claimed.problemFields == ["audience"])
            try await CredentialRepository(cipher: t.registry.cipher).setStatus(UUID(uuidString: id)!, to: .revoked, actor: .officer("010001"), reason: "test", on: t.app.db)
            let revoked = try await verify(t, body(presentation + kb), key: hotel)
            #expect(revoked.object["reason"] as? String == "revoked")
            let checks = try await t.send(.GET, "/api/v1/me/verifications", token: citizen).array
            #expect(checks.contains { $0["mode"] as? String == "sd-jwt" && $0["outcome"] as? String == "valid" })
        }
    }
}

extension Result {
    var isSuccess: Bool { if case .success = self { true } else { false } }
}
