import Foundation
import MinshengCore
import MinshengStore
import MinshengTesting
import Testing
import Vapor
import VaporTesting

@Suite("The materials vault")
struct MaterialVaultAPITests {
    static let pdf = Data("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
    static let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46, 0])

    func upload(_ t: TestApp, _ bytes: Data, name: String, token: String) async throws -> TestingHTTPResponse {
        var result: TestingHTTPResponse?
        try await t.app.testing().test(.POST, "/api/v1/me/materials?name=\(name.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)", beforeRequest: { req in
            req.body = ByteBuffer(data: bytes)
            req.headers.replaceOrAdd(name: .contentType, value: "application/octet-stream")
            req.headers.bearerAuthorization = BearerAuthorization(token: token)
        }, afterResponse: { result = $0 })
        return result!
    }

    @Test("files are checked by their bytes, kept once, sealed on disk, private to their owner", arguments: DatabaseKind.available)
    func vault(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let token = try await t.citizenToken()
            let first = try await upload(t, Self.pdf, name: "结婚证.pdf", token: token)
            #expect(first.status == .created, "\(first.text)")
            #expect(first.object["kind"] as? String == "pdf")
            #expect(first.object["name"] as? String == "结婚证.pdf")
            let id = try #require(first.object["id"] as? String)
            // The same bytes under another name are the same item.
            let again = try await upload(t, Self.pdf, name: "copy.pdf", token: token)
            #expect(again.status == .ok)
            #expect(again.object["id"] as? String == id)
            #expect(try await upload(t, Self.png, name: "photo.png", token: token).status == .created)
            #expect(try await upload(t, Self.jpeg, name: "../../etc/passwd.jpg", token: token).object["name"] as? String == "passwd.jpg")

            // Names do not decide the type; the limit is 10 MiB; empty files are refused.
            let renamed = try await upload(t, Data("MZ\u{90}\u{0}this is a program".utf8), name: "scan.pdf", token: token)
            #expect(renamed.status == .unsupportedMediaType)
            #expect(renamed.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            var big = Self.pdf
            big.append(Data(count: MaterialKind.maxBytes))
            #expect(try await upload(t, big, name: "big.pdf", token: token).status == .payloadTooLarge)
            #expect(try await upload(t, Data(), name: "empty.pdf", token: token).status == .unprocessableEntity)

            let list = try await t.send(.GET, "/api/v1/me/materials", token: token)
            #expect(list.array.count == 3)
            let content = try await t.send(.GET, "/api/v1/me/materials/\(id)/content", token: token)
            #expect(content.status == .ok)
            #expect(Data(content.body.readableBytesView) == Self.pdf)
            #expect(content.headers.contentType?.description == "application/pdf")
            #expect(content.headers.first(name: "X-Content-Type-Options") == "nosniff")

            // On disk the file is sealed: neither its bytes nor its plain SHA-256 name appear.
            let files = FileManager.default.enumerator(atPath: t.materialsDirectory)?.allObjects as? [String] ?? []
            #expect(files.filter { $0.count > 10 }.count == 3)
            for file in files where file.count > 10 {
                let stored = try Data(contentsOf: URL(fileURLWithPath: t.materialsDirectory + "/" + file))
                #expect(stored.range(of: Data("%PDF".utf8)) == nil)
            }

            // Another citizen sees none of it.
            let other = try await t.citizenToken(phone: "13700137000")
            #expect(try await t.send(.GET, "/api/v1/me/materials/\(id)/content", token: other).status == .notFound)
            #expect(try await t.send(.GET, "/api/v1/me/materials", token: other).array.isEmpty)
            #expect(try await t.send(.DELETE, "/api/v1/me/materials/\(id)", token: other).status == .notFound)
            #expect(try await t.send(.GET, "/api/v1/me/materials", token: token).array.count == 3)
        }
    }

    @Test("a vault file attached to two applications counts as a material saved the second time; officers' reads are audited",
          arguments: DatabaseKind.available)
    func reuse(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let citizen = try await ApplicationAPITests().l3Citizen(t)
            let stored = try await upload(t, Self.pdf, name: "情况说明.pdf", token: citizen)
            let itemID = try #require(stored.object["id"] as? String)
            let body = { (key: String, name: String) in
                #"{"service":"HZ-02","form":{"formerName":"\#(name)"},"materials":{"written-application":"\#(itemID)"},"idempotencyKey":"\#(key)"}"#
            }
            let first = try await t.send(.POST, "/api/v1/applications", json: body("vault-reuse-0001", "李小明"), token: citizen)
            #expect(first.status == .created, "\(first.text)")
            let materials = first.object["materials"] as? [[String: Any]] ?? []
            #expect(materials.contains { $0["source"] as? String == "vault" && $0["reference"] as? String == "vault:\(itemID.lowercased())" })
            let second = try await t.send(.POST, "/api/v1/applications", json: body("vault-reuse-0002", "李晓明"), token: citizen)
            #expect(second.status == .created, "\(second.text)")

            let officer = try await t.officerToken("010001")
            let stats = try await t.send(.GET, "/api/v1/officer/statistics", token: officer)
            let registryRefs = (materials.filter { ["registry", "e-certificate"].contains($0["source"] as? String ?? "") }.count) * 2
            #expect(stats.object["materialsSaved"] as? Int == registryRefs + 1, "\(stats.text)")

            // Removing it from the vault keeps it for the applications; officers of the unit read it, audited.
            #expect(try await t.send(.DELETE, "/api/v1/me/materials/\(itemID)", token: citizen).status == .noContent)
            #expect(try await t.send(.GET, "/api/v1/me/materials", token: citizen).array.isEmpty)
            let id = try #require(first.object["id"] as? String)
            let read = try await t.send(.GET, "/api/v1/officer/applications/\(id)/materials/\(itemID)/content", token: officer)
            #expect(read.status == .ok)
            #expect(Data(read.body.readableBytesView) == Self.pdf)
            let audit = try await AuditChain.latest(limit: 5, on: t.app.db)
            #expect(audit.contains { $0.action == "material.read" && $0.actor == "officer:010001" })

            // A vault id that is not the citizen's, or a material the service does not have, is refused by field.
            let bad = #"{"service":"HZ-02","form":{"formerName":"李明明"},"materials":{"written-application":"\#(UUID().uuidString)","nonsense":"x"},"idempotencyKey":"vault-reuse-0003"}"#
            let refused = try await t.send(.POST, "/api/v1/applications", json: bad, token: citizen)
            #expect(refused.status == .unprocessableEntity)
            #expect(Set(refused.problemFields) == ["materials.written-application", "materials.nonsense"])
        }
    }
}
