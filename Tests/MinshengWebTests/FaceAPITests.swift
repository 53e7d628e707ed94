import Foundation
import MinshengCore
import MinshengStore
import MinshengTesting
import Testing
import Vapor
import VaporTesting

/// Real-person authentication through the API with the fixture photos: the registry photo is obama_1, the frames are
/// a print of another photo of him moved in perspective (Fixtures/warped), so these answers fail on the depth check.
@Suite("Face authentication through the API")
struct FaceAPITests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("MinshengFaceTests/Fixtures")

    static func fixture(_ name: String) throws -> Data { try Data(contentsOf: fixtures.appendingPathComponent(name)) }

    /// The same JPEG with a comment segment after SOI: other bytes, the same picture.
    static func variant(_ jpeg: Data, _ n: Int) -> Data {
        let comment = Array("frame \(n)".utf8)
        var out = Data(jpeg.prefix(2))
        out.append(contentsOf: [0xFF, 0xFE, 0x00, UInt8(comment.count + 2)] + comment)
        out.append(jpeg.dropFirst(2))
        return out
    }

    static func answer(_ frames: [Data]) -> String {
        let list = frames.enumerated().map { n, data in #"{"millis":\#(n * 300 + 100),"image":"\#(data.base64EncodedString())"}"# }
        return #"{"frames":[\#(list.joined(separator: ","))]}"#
    }

    func l2Citizen(_ t: TestApp, photo: Bool = true) async throws -> String {
        if photo { try await t.registry.setPhoto(residentID: t.liMing.id, photo: try Self.fixture("obama_1.jpg"), actor: .system("test"), reason: "证件照", on: t.app.db) }
        let token = try await t.citizenToken()
        let linked = try await t.send(.POST, "/api/v1/me/identity", json: #"{"name":"李明","idNumber":"440304199001010011"}"#, token: token)
        #expect(linked.status == .ok)
        return token
    }

    @Test("a challenge of two movements; the frames are matched to the registry photo, a still photo fails the movements, a challenge is answered once",
          arguments: DatabaseKind.available)
    func challenge(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let token = try await l2Citizen(t)
            let issued = try await t.send(.POST, "/api/v1/identity/face/challenges", token: token)
            #expect(issued.status == .created, "\(issued.text)")
            let id = try #require(issued.object["id"] as? String)
            let actions = issued.object["actions"] as? [[String: Any]] ?? []
            #expect(actions.count == 2 && actions.allSatisfy { ($0["instructionZh"] as? String)?.isEmpty == false })

            // Malformed answers are refused without using the challenge up.
            #expect(try await t.send(.POST, "/api/v1/identity/face/challenges/\(id)/frames", json: #"{"frames":[{"millis":1,"image":"bm90IGFuIGltYWdl"}]}"#, token: token).problemFields == ["frames[0].image"])
            #expect(try await t.send(.POST, "/api/v1/identity/face/challenges/\(id)/frames", json: #"{"frames":[]}"#, token: token).problemFields == ["frames"])

            // A print of another photo of him, moved in perspective to fake the two movements drawn: the match and the
            // movements pass, the depth check does not.
            let codes = actions.compactMap { $0["code"] as? String }
            let names = ["warped/still_1.jpg", "warped/still_2.jpg", "warped/still_3.jpg"] + codes.map { "warped/\($0.replacingOccurrences(of: "-", with: "_")).jpg" } + ["warped/still_4.jpg"]
            let frames = try names.map(Self.fixture)
            let verdict = try await t.send(.POST, "/api/v1/identity/face/challenges/\(id)/frames", json: Self.answer(frames), token: token)
            #expect(verdict.status == .ok, "\(verdict.text)")
            #expect(verdict.object["passed"] as? Bool == false)
            let checks = Dictionary(uniqueKeysWithValues: (verdict.object["checks"] as? [[String: Any]] ?? []).map { ($0["id"] as! String, $0["passed"] as! Bool) })
            #expect(checks.filter { !$0.value }.map(\.key) == ["depth"], "\(verdict.text)")
            #expect((verdict.object["distances"] as? [Double])?.allSatisfy { $0 < 0.6 } == true)
            #expect(try await t.send(.GET, "/api/v1/me", token: token).object["level"] as? String == "L2")

            // Once answered, never again.
            #expect(try await t.send(.POST, "/api/v1/identity/face/challenges/\(id)/frames", json: Self.answer(frames), token: token).status == .conflict)
            let audit = try await AuditChain.latest(limit: 20, on: t.app.db)
            #expect(audit.contains { $0.action == "identity.face-failed" && $0.detail.contains("depth") && $0.detail.contains("flatFits") })
            // The registry photo's descriptor is kept sealed, not recomputed.
            #expect(try await FaceTemplateRow.query(on: t.app.db).count() == 1)

            // Someone else's face fails the match; a replayed frame fails the repeat check.
            let other = try await t.send(.POST, "/api/v1/identity/face/challenges", token: token)
            let otherID = try #require(other.object["id"] as? String)
            let biden = try Self.fixture("biden_1.jpg")
            var replay = (0..<5).map { Self.variant(biden, $0) }
            replay.append(replay[0])
            let refused = try await t.send(.POST, "/api/v1/identity/face/challenges/\(otherID)/frames", json: Self.answer(replay), token: token)
            let failed = (refused.object["checks"] as? [[String: Any]] ?? []).filter { $0["passed"] as? Bool == false }.compactMap { $0["id"] as? String }
            #expect(Set(failed).isSuperset(of: ["match", "no-repeats", "actions"]), "\(failed)")

            // A challenge past its 60 seconds cannot be answered, and the late answer is not analysed.
            let late = try await t.send(.POST, "/api/v1/identity/face/challenges", token: token)
            let lateText = try #require(late.object["id"] as? String)
            let lateID = try #require(UUID(uuidString: lateText))
            let row = try #require(try await FaceChallengeRow.find(lateID, on: t.app.db))
            row.expiresAt = Date().addingTimeInterval(-1)
            try await row.save(on: t.app.db)
            let expired = try await t.send(.POST, "/api/v1/identity/face/challenges/\(lateID.uuidString)/frames", json: Self.answer(frames), token: token)
            #expect(expired.status == .conflict && (expired.object["titleZh"] as? String)?.contains("过期") == true, "\(expired.text)")
        }
    }

    @Test("five failures lock face authentication until an officer unlocks it; no registry photo and no models are clear refusals",
          arguments: DatabaseKind.available)
    func lockAndRefusals(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let token = try await l2Citizen(t)
            let dogs = try Self.fixture("no_face_dogs.jpg")
            for round in 0..<5 {
                let issued = try await t.send(.POST, "/api/v1/identity/face/challenges", token: token)
                let id = try #require(issued.object["id"] as? String, "round \(round): \(issued.text)")
                let verdict = try await t.send(.POST, "/api/v1/identity/face/challenges/\(id)/frames", json: Self.answer((0..<6).map { Self.variant(dogs, $0) }), token: token)
                #expect(verdict.object["passed"] as? Bool == false)
            }
            let locked = try await t.send(.POST, "/api/v1/identity/face/challenges", token: token)
            #expect(locked.status == .tooManyRequests)
            #expect((locked.object["titleZh"] as? String)?.contains("24 小时") == true)
            let officer = try await t.officerToken()
            #expect(try await t.send(.POST, "/api/v1/officer/residents/\(t.liMing.id.uuidString)/face-unlock", json: #"{"purpose":"窗口核验后解锁"}"#, token: officer).status == .noContent)
            #expect(try await t.send(.POST, "/api/v1/identity/face/challenges", token: token).status == .created)
        }
        try await TestApp.with(kind) { t in
            let token = try await l2Citizen(t, photo: false)
            #expect(try await t.send(.POST, "/api/v1/identity/face/challenges", token: token).status == .unprocessableEntity)
        }
        try await TestApp.with(kind, models: "/nonexistent") { t in
            let token = try await l2Citizen(t)
            let response = try await t.send(.POST, "/api/v1/identity/face/challenges", token: token)
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers.contentType?.description.hasPrefix("application/problem+json") == true)
        }
    }
}
