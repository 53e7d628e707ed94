import FluentKit
import FluentSQL
import Foundation
import Logging
import MinshengCore
import MinshengQR
import MinshengStore
import MinshengTesting
import MinshengWeb
import NIOConcurrencyHelpers
import Testing
import Vapor
import VaporTesting

/// Every log record of this process, kept beside the normal output (bootstrapped once, for the anonymity test). A value
/// type, as swift-log requires: each logger's copy has its own metadata; only the records are shared, under a lock.
struct LogCapture: LogHandler {
    static let records = NIOLockedValueBox<[String]>([])
    static let installed: Bool = {
        LoggingSystem.bootstrap { label in MultiplexLogHandler([StreamLogHandler.standardError(label: label), LogCapture()]) }
        return true
    }()

    var metadata: Logger.Metadata = [:]
    /// Info, like the stream handler beside it: a logger nobody sets a level on must not start logging at trace (it
    /// floods and slows every other suite); the anonymity test's application sets its own level.
    var logLevel: Logger.Level = .info
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        Self.records.withLockedValue { $0.append("\(event.level) \(event.message) \(all) \(event.source) \(event.file)") }
    }
}

@Suite("Rewarded crime reporting: anonymous and real-name reports, evidence without metadata, dialogue by code, the officers' workflow, rewards claimed by code")
struct TipAPITests {
    /// A JPEG whose EXIF segment carries a GPS position and a device serial (as a phone writes them), before a real picture.
    static func photoWithLocation(serial: String = "SN-5F3C9A17") throws -> [UInt8] {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("MinshengFaceTests/Fixtures/biden_1.jpg")
        let picture = Array(try Data(contentsOf: fixture))
        let payload = Array("Exif\0\0GPSLatitude=22.5431;GPSLongitude=114.0579;BodySerialNumber=\(serial)".utf8)
        let length = payload.count + 2
        return [0xFF, 0xD8, 0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload + picture.dropFirst(2)
    }

    static func multipart(_ fields: [(String, String)], files: [(name: String, bytes: [UInt8], type: String)] = []) -> (ByteBuffer, String) {
        let boundary = "----minsheng\(UUID().uuidString)"
        var body = ByteBuffer()
        for (name, value) in fields {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for file in files {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"files[]\"; filename=\"\(file.name)\"\r\nContent-Type: \(file.type)\r\n\r\n")
            body.writeBytes(file.bytes)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        return (body, "multipart/form-data; boundary=\(boundary)")
    }

    static func report(_ t: TestApp, _ fields: [(String, String)], files: [(name: String, bytes: [UInt8], type: String)] = [], token: String? = nil) async throws -> TestingHTTPResponse {
        let (body, type) = multipart(fields, files: files)
        var result: TestingHTTPResponse?
        try await t.app.testing().test(.POST, "/api/v1/tips", beforeRequest: { req in
            req.body = body
            req.headers.replaceOrAdd(name: .contentType, value: type)
            if let token { req.headers.bearerAuthorization = BearerAuthorization(token: token) }
        }, afterResponse: { result = $0 })
        return result!
    }

    static let fraudRealName = [("category", "fraud"), ("text", "有人冒充公安局电话通知我的邻居转账到安全账户"), ("division", "440304"), ("realName", "on")]

    /// 李明 signed in, linked to his record, files a real-name report: his token and the answer.
    static func realNameReport(_ t: TestApp) async throws -> (token: String, filed: TestingHTTPResponse) {
        let token = try await t.citizenToken()
        #expect(try await t.send(.POST, "/api/v1/me/identity", json: #"{"name":"李明","idNumber":"440304199001010011"}"#, token: token).status == .ok)
        return (token, try await report(t, fraudRealName, token: token))
    }

    static let drugs = [("category", "drugs"), ("text", "福田区某小区地下车库每晚十点后有人交易毒品，车牌粤B12345"), ("division", "440304"), ("address", "福田区某小区地下车库")]

    @Test("an anonymous report with a photo: code and secret once, metadata stripped for officers, dialogue, outcome, reward claimed and paid by code; every step audited",
          arguments: DatabaseKind.available)
    func anonymousRoundTrip(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let photo = try Self.photoWithLocation()
            let filed = try await Self.report(t, Self.drugs, files: [("car-park.jpg", photo, "image/jpeg")])
            #expect(filed.status == .created, "\(filed.text)")
            let code = try #require(filed.object["code"] as? String)
            let secret = try #require(filed.object["secret"] as? String)
            #expect(code.hasPrefix("JB-") && secret.count == 24)
            let row = try #require(try await TipReportRow.query(on: t.app.db).filter(\.$code == code).first())
            #expect(row.anonymous && row.informantSealed == nil && row.informantIndex == nil && row.unitCode == "FT")
            #expect(!row.secretHash.contains(secret.replacingOccurrences(of: "-", with: "")) && row.secretHash.hasPrefix("$2"))

            // Officers: the queue, the report opened with a purpose (audited), the photo without its EXIF.
            let intake = try await t.officerToken("010001")
            let approver = try await t.officerToken("010002")
            let queue = try await t.send(.GET, "/api/v1/officer/tips", token: intake).array
            #expect(queue.count == 1 && queue[0]["code"] as? String == code && queue[0]["anonymous"] as? Bool == true)
            let id = try #require(queue[0]["id"] as? String)
            #expect(try await t.send(.GET, "/api/v1/officer/tips/\(id)", token: intake).status == .unprocessableEntity)
            let opened = try await t.send(.GET, "/api/v1/officer/tips/\(id)?purpose=核查线索", token: intake).object
            #expect((opened["text"] as? String)?.contains("粤B12345") == true)
            let evidence = try #require((opened["evidence"] as? [[String: Any]])?.first)
            #expect(evidence["metadataRemoved"] as? Bool == true && evidence["bytes"] as? Int == photo.count)
            let file = try await t.send(.GET, "/api/v1/officer/tips/\(id)/evidence/\(evidence["id"] as! String)", token: intake)
            let viewed = Array(file.body.readableBytesView)
            #expect(file.status == .ok && file.headers.contentType?.description == "image/jpeg")
            #expect(viewed.count < photo.count && !String(decoding: viewed, as: UTF8.self).contains("GPSLatitude"))
            #expect(!String(decoding: viewed, as: UTF8.self).contains("SN-5F3C9A17") && viewed.suffix(2) == [0xFF, 0xD9])
            #expect(try await AuditEntryRow.query(on: t.app.db).filter(\.$action ~~ ["tip.read", "tip.evidence-viewed"]).count() == 2)

            // The dialogue: an officer asks; only the code and secret read and answer it.
            #expect(try await t.send(.POST, "/api/v1/officer/tips/\(id)/questions", json: #"{"text":"交易大约持续多久？"}"#, token: intake).status == .ok)
            let wrong = try await t.send(.POST, "/api/v1/tips/follow", json: #"{"code":"\#(code)","secret":"AAAA-BBBB-CCCC-DDDD-EEEE"}"#)
            #expect(wrong.status == .notFound && (wrong.object["type"] as? String) == "/problems/tips-not-found")
            let unknown = try await t.send(.POST, "/api/v1/tips/follow", json: #"{"code":"JB-0000-0000","secret":"\#(secret)"}"#)
            #expect(unknown.status == .notFound && (unknown.object["type"] as? String) == "/problems/tips-not-found")
            let lower = code.lowercased().replacingOccurrences(of: "-", with: " ")
            let followed = try await t.send(.POST, "/api/v1/tips/follow", json: #"{"code":"\#(lower)","secret":"\#(secret.lowercased())"}"#).object
            #expect((followed["messages"] as? [[String: Any]])?.first?["text"] as? String == "交易大约持续多久？")
            #expect(followed["rewardYuan"] == nil || followed["rewardYuan"] is NSNull)
            let answered = try await t.send(.POST, "/api/v1/tips/messages", json: #"{"code":"\#(code)","secret":"\#(secret)","text":"约三个月，每周三、五最多"}"#)
            #expect(answered.status == .ok && (answered.object["messages"] as? [[String: Any]])?.count == 2)

            // The workflow: assign, verify, substantiate; the reward within the band, by a second officer.
            for body in [#"{"action":"assign"}"#, #"{"action":"verify"}"#, #"{"action":"substantiate","note":"已抓获2人","outcome":"经查属实，已依法处理"}"#] {
                let step = try await t.send(.POST, "/api/v1/officer/tips/\(id)/actions", json: body, token: intake)
                #expect(step.status == .ok, "\(step.text)")
            }
            let early = try await t.send(.POST, "/api/v1/tips/claim", json: #"{"code":"\#(code)","secret":"\#(secret)"}"#)
            #expect(early.status == .conflict)
            let outside = try await t.send(.POST, "/api/v1/officer/tips/\(id)/actions", json: #"{"action":"assess-reward","yuan":50000}"#, token: intake)
            #expect(outside.status == .unprocessableEntity && outside.text.contains("500–20000"))
            #expect(try await t.send(.POST, "/api/v1/officer/tips/\(id)/actions", json: #"{"action":"assess-reward","yuan":3000}"#, token: intake).status == .ok)
            let self_ = try await t.send(.POST, "/api/v1/officer/tips/\(id)/actions", json: #"{"action":"approve-reward","yuan":3000}"#, token: intake)
            #expect(self_.status == .forbidden)
            #expect(try await t.send(.POST, "/api/v1/officer/tips/\(id)/actions", json: #"{"action":"approve-reward","yuan":3000}"#, token: approver).status == .ok)

            // The informant learns the outcome and claims: a one-time code, paid at a station, then void.
            let now = try await t.send(.POST, "/api/v1/tips/follow", json: #"{"code":"\#(code)","secret":"\#(secret)"}"#).object
            #expect(now["outcome"] as? String == "经查属实，已依法处理" && now["rewardYuan"] as? Int == 3000 && now["claimable"] as? Bool == true)
            let claim = try await t.send(.POST, "/api/v1/tips/claim", json: #"{"code":"\#(code)","secret":"\#(secret)"}"#).object
            let claimCode = try #require(claim["claimCode"] as? String)
            #expect(try await t.send(.POST, "/api/v1/officer/tips/payments", json: #"{"claimCode":"LJ-0000-0000-0000"}"#, token: intake).status == .notFound)
            // The officer who assessed the reward does not pay it out; another officer does.
            let byAssessor = try await t.send(.POST, "/api/v1/officer/tips/payments", json: #"{"claimCode":"\#(claimCode)"}"#, token: intake)
            #expect(byAssessor.status == .forbidden && byAssessor.object["type"] as? String == "/problems/tips-assessor-cannot-pay")
            let paid = try await t.send(.POST, "/api/v1/officer/tips/payments", json: #"{"claimCode":"\#(claimCode.lowercased())"}"#, token: approver)
            #expect(paid.status == .ok && paid.object["yuan"] as? Int == 3000 && paid.object["code"] as? String == code)
            #expect(try await t.send(.POST, "/api/v1/officer/tips/payments", json: #"{"claimCode":"\#(claimCode)"}"#, token: approver).status == .notFound)
            let last = try await t.send(.POST, "/api/v1/tips/follow", json: #"{"code":"\#(code)","secret":"\#(secret)"}"#).object
            #expect(last["paid"] as? Bool == true)
            let steps = try await TipStepRow.query(on: t.app.db).sort(\.$createdAt).all().map(\.action)
            #expect(steps == ["receive", "assign", "verify", "substantiate", "assess-reward", "approve-reward", "claim-code-issued", "pay"])
            #expect(try await AuditEntryRow.query(on: t.app.db).filter(\.$action == "tip.reward-paid").count() == 1)
            let stats = try await t.send(.GET, "/api/v1/officer/tips/statistics", token: intake).object
            #expect(stats["rewardsPaidYuan"] as? Int == 3000 && stats["rewardsPaid"] as? Int == 1)
            guard case .intact = try await AuditChain.verify(on: t.app.db) else { Issue.record("the audit chain is broken"); return }
        }
    }

    @Test("bad reports get clear errors and write nothing; duplicates are flagged; real-name needs a sign-in; the address limit refuses with a wait",
          arguments: DatabaseKind.available)
    func refusals(kind: DatabaseKind) async throws {
        try await TestApp.with(kind, tipRate: 6) { t in
            let bad = try await Self.report(t, [("category", "drugs"), ("text", "太短"), ("division", "110101")])
            #expect(bad.status == .unprocessableEntity)
            let notImage = try await Self.report(t, Self.drugs, files: [("x.jpg", Array("GIF89a not really".utf8), "image/jpeg")])
            #expect(notImage.status == .unprocessableEntity && notImage.text.contains("files[0]") && notImage.text.contains("JPEG"))
            #expect(try await TipReportRow.query(on: t.app.db).count() == 0)
            let json = try await t.send(.POST, "/api/v1/tips", json: "{}")
            #expect(json.status == .unsupportedMediaType)
            // The same photo again, and nearly the same words: flagged as duplicates of the first.
            let photo = try Self.photoWithLocation()
            #expect(try await Self.report(t, Self.drugs, files: [("a.jpg", photo, "image/jpeg")]).status == .created)
            #expect(try await Self.report(t, [("category", "drugs"), ("text", "福田区某小区地下车库每晚十点后有人交易毒品。车牌：粤B12345！"), ("division", "440304")]).status == .created)
            let rows = try await TipReportRow.query(on: t.app.db).sort(\.$createdAt).all()
            #expect(rows.count == 2 && rows[1].duplicateOf == rows[0].id)
            // A real-name report without signing in is refused with the way out, and writes nothing.
            let unsigned = try await Self.report(t, Self.drugs + [("realName", "on")])
            #expect(unsigned.status == .unauthorized && unsigned.text.contains("匿名"))
            #expect(try await TipReportRow.query(on: t.app.db).count() == 2)
            // The seventh attempt from one address in the hour is refused with how long to wait.
            let limited = try await Self.report(t, Self.drugs)
            #expect(limited.status == .tooManyRequests && limited.headers.first(name: .retryAfter) != nil && limited.text.contains("110"))
            #expect(try await TipReportRow.query(on: t.app.db).count() == 2)
        }
    }

    @Test("a real-name report: the identity sealed under the informant key, opened only by the protection role with a purpose and audited; in-app notices",
          arguments: DatabaseKind.available)
    func realName(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let (token, filed) = try await Self.realNameReport(t)
            #expect(filed.status == .created, "\(filed.text)")
            let row = try #require(try await TipReportRow.query(on: t.app.db).first())
            #expect(!row.anonymous && row.informantSealed != nil)
            // Not readable with the data key.
            #expect((try? t.registry.cipher.open(row.informantSealed!)) == nil)
            let mine = try await t.send(.GET, "/api/v1/me/tips", token: token).array
            #expect(mine.count == 1 && mine[0]["code"] as? String == filed.object["code"] as? String)
            let hash = try Bcrypt.hash(TestApp.officerPassword, cost: 4)
            _ = try await OfficerRepository().addOfficer(policeNumber: "019999", name: "保护专员", unitCode: "FT", roles: [.informantProtection], passwordHash: hash, actor: .system("test"), on: t.app.db)
            let intake = try await t.officerToken("010001")
            let protector = try await t.officerToken("019999")
            let id = row.id!.uuidString.lowercased()
            let opened = try await t.send(.GET, "/api/v1/officer/tips/\(id)?purpose=核查", token: intake).object
            #expect(opened["anonymous"] as? Bool == false && !(String(describing: opened).contains("440304199001010011")))
            #expect(try await t.send(.POST, "/api/v1/officer/tips/\(id)/informant", json: #"{"purpose":"核实举报人"}"#, token: intake).status == .forbidden)
            #expect(try await t.send(.POST, "/api/v1/officer/tips/\(id)/informant", json: #"{"purpose":""}"#, token: protector).status == .unprocessableEntity)
            let who = try await t.send(.POST, "/api/v1/officer/tips/\(id)/informant", json: #"{"purpose":"为举报人申请保护措施"}"#, token: protector).object
            #expect(who["name"] as? String == "李明" && who["idNumber"] as? String == "440304199001010011")
            let audit = try await AuditEntryRow.query(on: t.app.db).filter(\.$action == "tip.informant-opened").all()
            #expect(audit.count == 1 && audit[0].purpose == "为举报人申请保护措施")
            #expect(try await t.send(.POST, "/api/v1/officer/tips/\(id)/questions", json: #"{"text":"请问对方的电话号码是多少？"}"#, token: intake).status == .ok)
            let notices = try await t.send(.GET, "/api/v1/me/notifications", token: token).array
            #expect(notices.contains { ($0["titleZh"] as? String) == "您有一条举报回复，请凭举报编号查看" })
        }
    }

    @Test("nothing identifying an anonymous informant reaches the database or the logs: no address, user agent or device, even at the most detailed level the server allows")
    func anonymityLeavesNoTrace() async throws {
        _ = LogCapture.installed
        // Asked for trace, the server logs at debug: at trace Vapor would log each request's head.
        try await TestApp.with(.sqlite, logLevel: .trace) { t in
            let agent = "Mozilla/5.0 (Linux; Android 14; PHONE-7QX2) MinshengTest/9.1 device-4b1f7e22"
            let serial = "SN-ANON-8D2E44"
            let (body, type) = Self.multipart(Self.drugs, files: [("p.jpg", try Self.photoWithLocation(serial: serial), "image/jpeg")])
            var status: HTTPStatus?
            var code = ""
            let marker = UUID().uuidString
            try await t.app.testing(method: .running(port: 0)).test(.POST, "/api/v1/tips?m=\(marker)", headers: ["User-Agent": agent, "Content-Type": type, "X-Forwarded-For": "203.0.113.77", "X-Device-Id": "device-4b1f7e22"], body: body) { res in
                status = res.status
                code = (try? JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? [String: Any])?["code"] as? String ?? ""
            }
            #expect(status == .created)
            // The server's own start-up line names the address it listens on, not the client's.
            let records = LogCapture.records.withLockedValue { $0 }.filter { !$0.contains("Server started on") }
            #expect(records.contains { $0.contains("/api/v1/tips") }, "the request was logged, so the capture saw it")
            // (127.0.0.1 is not looked for in the logs: the capture is process-wide, and other suites log local servers' addresses.)
            for needle in ["203.0.113.77", "PHONE-7QX2", "device-4b1f7e22", serial, "MinshengTest/9.1"] {
                #expect(!records.contains { $0.contains(needle) }, "the logs hold \(needle): \(records.filter { $0.contains(needle) }.prefix(2))")
            }
            // Every text and blob of every table, and the evidence files on disk, searched for the same.
            let sql = t.app.db as! any SQLDatabase
            let tables = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all().map { try $0.decode(column: "name", as: String.self) }
            var dump = ""
            for table in tables {
                for row in try await sql.raw("SELECT * FROM \(ident: table)").all() {
                    for column in row.allColumns { dump += ((try? row.decode(column: column, as: String?.self)) ?? nil) ?? ""; dump += " " }
                }
            }
            #expect(dump.contains(code), "the dump holds the report")
            for needle in ["127.0.0.1", "203.0.113.77", "PHONE-7QX2", "device-4b1f7e22", "Mozilla", serial] {
                #expect(!dump.contains(needle), "the database holds \(needle)")
            }
            let row = try #require(try await TipReportRow.query(on: t.app.db).first())
            #expect(row.anonymous && row.informantSealed == nil)
        }
    }
}

/// Issue 16, items 5, 6 and 8: evidence metadata removed from the whole file, notices that name no report, rewards
/// approved for the sum seen and paid by another officer, and no crime reports without the informant key.
extension TipAPITests {
    static func progressivePhoto() throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("MinshengFaceTests/Fixtures/progressive/biden_1_progressive.jpg")))
    }

    static func segment(_ marker: UInt8, _ payload: String) -> [UInt8] {
        let n = payload.utf8.count + 2
        return [0xFF, marker, UInt8(n >> 8), UInt8(n & 0xFF)] + Array(payload.utf8)
    }

    static func box(_ type: String, _ content: [UInt8]) -> [UInt8] {
        let n = content.count + 8
        return [UInt8(n >> 24 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + Array(type.utf8) + content
    }

    @Test("the officers' copy of a phone's photo and a camera's film holds none of the metadata: not between progressive scans, not after the end, not in XMP boxes or a GPS track; the photo still decodes",
          arguments: DatabaseKind.available)
    func evidenceMetadata(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let clean = try Self.progressivePhoto()
            let scans = clean.indices.dropLast().filter { clean[$0] == 0xFF && clean[$0 + 1] == 0xDA }
            let photo = Array(clean[0..<2]) + Self.segment(0xE1, "Exif\0\0GPSLatitude=22.5431 EXIF-FRONT-MARK") + Self.segment(0xE2, "MPF\0MPF-INDEX-MARK")
                + Array(clean[2..<scans[4]]) + Self.segment(0xE1, "http://ns.adobe.com/xap/1.0/\0XMP-BETWEEN-MARK") + Self.segment(0xFE, "COM-BETWEEN-MARK")
                + Self.segment(0xED, "Photoshop 3.0\0IPTC-BETWEEN-MARK") + Array(clean[scans[4]...])
                + [0xFF, 0xD8] + Self.segment(0xE1, "Exif\0\0GPS-SECOND-IMAGE-MARK") + [0xFF, 0xD9] + Self.box("ftyp", Array("mp42MOTION-FILM-MARK".utf8))
                + Array("VENDOR-TRAILER-MARK".utf8)
            // A film: a picture track, and a GPS track whose sample sits in mdat, with XMP in uuid boxes.
            let full = { (type: String, content: [UInt8]) in Self.box(type, [0, 0, 0, 0] + content) }
            func u32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
            func track(_ handler: String, _ name: String, offset: Int, size: Int) -> [UInt8] {
                let stbl = Self.box("stbl", full("stsd", u32(1) + Self.box(handler == "vide" ? "avc1" : "gpmd", [UInt8](repeating: 0, count: 8)))
                    + full("stsc", u32(1) + u32(1) + u32(1) + u32(1)) + full("stsz", u32(0) + u32(1) + u32(size)) + full("stco", u32(1) + u32(offset)))
                return Self.box("trak", full("tkhd", [UInt8](repeating: 0, count: 80)) + Self.box("mdia", full("hdlr", u32(0) + Array(handler.utf8)
                    + [UInt8](repeating: 0, count: 12) + Array(name.utf8) + [0]) + Self.box("minf", stbl)))
            }
            let frame = Array("PICTURE-FRAME".utf8), gps = Array("GPS5 22.5431 114.0579 GPS-TRACK-MARK".utf8)
            let ftyp = Self.box("ftyp", Array("isom\0\0\0\0isommp42".utf8))
            func moov(_ base: Int) -> [UInt8] {
                Self.box("moov", Self.box("mvhd", [UInt8](repeating: 0, count: 100)) + track("vide", "VideoHandler", offset: base, size: frame.count)
                    + track("meta", "GoPro MET", offset: base + frame.count, size: gps.count) + Self.box("uuid", [UInt8](repeating: 7, count: 16) + Array("XMP-MOOV-MARK".utf8)))
            }
            let base = ftyp.count + moov(0).count + 8
            let film = ftyp + moov(base) + Self.box("mdat", frame + gps) + Self.box("uuid", [UInt8](repeating: 0xBE, count: 16) + Array("XMP-TOP-MARK".utf8))

            let filed = try await Self.report(t, Self.drugs, files: [("p.jpg", photo, "image/jpeg"), ("f.mp4", film, "video/mp4")])
            #expect(filed.status == .created, "\(filed.text)")
            let intake = try await t.officerToken("010001")
            let id = try #require(try await TipReportRow.query(on: t.app.db).first()?.id).uuidString.lowercased()
            let evidence = try #require(try await t.send(.GET, "/api/v1/officer/tips/\(id)?purpose=核查线索", token: intake).object["evidence"] as? [[String: Any]])
            #expect(evidence.count == 2 && evidence.allSatisfy { $0["metadataRemoved"] as? Bool == true })
            var copies: [[UInt8]] = []
            for file in evidence {
                let served = try await t.send(.GET, "/api/v1/officer/tips/\(id)/evidence/\(file["id"] as! String)", token: intake)
                #expect(served.status == .ok)
                copies.append(Array(served.body.readableBytesView))
            }
            let marks = ["EXIF-FRONT-MARK", "MPF-INDEX-MARK", "XMP-BETWEEN-MARK", "COM-BETWEEN-MARK", "IPTC-BETWEEN-MARK", "GPS-SECOND-IMAGE-MARK", "MOTION-FILM-MARK",
                         "VENDOR-TRAILER-MARK", "GPS-TRACK-MARK", "22.5431", "GoPro MET", "gpmd", "XMP-MOOV-MARK", "XMP-TOP-MARK"]
            for copy in copies {
                let text = String(decoding: copy, as: UTF8.self)
                for mark in marks { #expect(!text.contains(mark), "the officers' copy holds \(mark)") }
            }
            let jpeg = try #require(copies.first { $0.starts(with: [0xFF, 0xD8]) })
            #expect(jpeg == clean, "the picture itself is untouched")
            // It decodes (dlib reads the whole progressive picture; there is simply no QR code in it).
            #expect(throws: QRReader.Failure.noCode) { try QRReader.read(image: Data(jpeg)) }
            let mp4 = try #require(copies.first { !$0.starts(with: [0xFF, 0xD8]) })
            #expect(mp4.count == film.count && mp4[base..<(base + frame.count)] == film[base..<(base + frame.count)])
        }
    }

    @Test("a notice to a real-name informant names neither the tip code nor the category, has its own topic, and reaches SMS only when the informant subscribed to that topic",
          arguments: DatabaseKind.available)
    func informantNotices(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let (token, filed) = try await Self.realNameReport(t)
            // Subscribed to everything else by SMS, but not to tips.
            let others = NoticeTopic.allCases.filter { $0 != .tip }.map { "\"\($0.rawValue):sms\"" }.joined(separator: ",")
            #expect(try await t.send(.PUT, "/api/v1/me/notification-settings", json: #"{"subscriptions":[\#(others)]}"#, token: token).status == .ok)
            let code = try #require(filed.object["code"] as? String)
            let id = try #require(try await TipReportRow.query(on: t.app.db).first()?.id).uuidString.lowercased()
            let intake = try await t.officerToken("010001")
            #expect(try await t.send(.POST, "/api/v1/officer/tips/\(id)/questions", json: #"{"text":"请问对方的电话号码是多少？"}"#, token: intake).status == .ok)
            #expect(try await t.send(.POST, "/api/v1/officer/tips/\(id)/actions", json: #"{"action":"assign"}"#, token: intake).status == .ok)
            let rows = try await NotificationRow.query(on: t.app.db).all()
            for row in rows {
                let all = [row.subjectRef, row.titleZh, row.titleEn].joined(separator: " ")
                for needle in [code, code.replacingOccurrences(of: "-", with: ""), "fraud", "诈骗", "Fraud", "提问", "分派"] { #expect(!all.contains(needle), "the notice holds \(needle): \(all)") }
            }
            let tipRows = rows.filter { $0.subjectRef == "tip" }
            #expect(tipRows.count == 2 && tipRows.allSatisfy { $0.titleZh == "您有一条举报回复，请凭举报编号查看" && $0.titleEn.contains("tip code") })
            #expect(try await DeliveryRow.query(on: t.app.db).count() == 0, "no SMS without the tip topic")
            // Subscribed to tips by SMS: the next notice is also an SMS, under the tip topic, and says no more.
            #expect(try await t.send(.PUT, "/api/v1/me/notification-settings", json: #"{"subscriptions":["tip:sms"]}"#, token: token).status == .ok)
            #expect(try await t.send(.POST, "/api/v1/officer/tips/\(id)/actions", json: #"{"action":"verify"}"#, token: intake).status == .ok)
            let deliveries = try await DeliveryRow.query(on: t.app.db).all()
            #expect(deliveries.count == 1 && deliveries[0].topic == "tip" && deliveries[0].channel == "sms")
        }
    }

    @Test("a reward is approved only for the sum the approver saw, by an approver who did not assess it, and paid by an officer who did not assess it",
          arguments: DatabaseKind.available)
    func rewardBinding(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            #expect(try await Self.report(t, Self.drugs).status == .created)
            let id = try #require(try await TipReportRow.query(on: t.app.db).first()?.id).uuidString.lowercased()
            let intake = try await t.officerToken("010001")
            let approver = try await t.officerToken("010002")
            for body in [#"{"action":"verify"}"#, #"{"action":"substantiate","note":"属实"}"#, #"{"action":"assess-reward","yuan":3000}"#] {
                #expect(try await t.send(.POST, "/api/v1/officer/tips/\(id)/actions", json: body, token: intake).status == .ok)
            }
            // The approver reads 3000; the assessor raises it to 20000 meanwhile.
            let seen = try await t.send(.GET, "/api/v1/officer/tips/\(id)?purpose=审批奖励", token: approver).object["rewardYuan"] as? Int
            #expect(seen == 3000)
            #expect(try await t.send(.POST, "/api/v1/officer/tips/\(id)/actions", json: #"{"action":"assess-reward","yuan":20000}"#, token: intake).status == .ok)
            let stale = try await t.send(.POST, "/api/v1/officer/tips/\(id)/actions", json: #"{"action":"approve-reward","yuan":3000}"#, token: approver)
            #expect(stale.status == .conflict && stale.object["type"] as? String == "/problems/tips-reward-changed" && stale.text.contains("20000"))
            let unseen = try await t.send(.POST, "/api/v1/officer/tips/\(id)/actions", json: #"{"action":"approve-reward"}"#, token: approver)
            #expect(unseen.status == .unprocessableEntity && unseen.problemFields == ["yuan"])
            let row = try #require(try await TipReportRow.find(UUID(uuidString: id), on: t.app.db))
            #expect(row.state == TipState.rewardAssessed.rawValue && row.rewardApprovedBy == nil)
            // The page's form sends the sum it showed, in a hidden field.
            let page = try await t.send(.GET, "/officer/tips/\(id)?purpose=审批", token: approver)
            #expect(page.status == .ok && page.text.contains(#"name="seenYuan" value="20000""#))
            #expect(try await t.send(.POST, "/api/v1/officer/tips/\(id)/actions", json: #"{"action":"approve-reward","yuan":20000}"#, token: approver).status == .ok)
            #expect(try await AuditEntryRow.query(on: t.app.db).filter(\.$action == "tip.approve-reward").count() == 1)
        }
    }

    @Test("with crime reports on, no informant key means no start: the configuration says why; with them off the server runs without their routes")
    func informantKeyRequired() async throws {
        let root = (TestApp.resources as NSString).deletingLastPathComponent
        // (The audit key only so that the informant key is the one thing missing, whatever else the configuration needs.)
        let base = ["MINSHENG_DATA_KEY": FieldCipher.generateKey(), "MINSHENG_AUDIT_KEY": FieldCipher.generateKey(), "MINSHENG_RESOURCES": TestApp.resources]
        do {
            _ = try Config.load(environment: base, workingDirectory: root)
            Issue.record("a configuration without the informant key was accepted")
        } catch {
            #expect(error.problems == [Config.informantKeyRequired] && error.description.contains("MINSHENG_TIPS=off"))
        }
        let off = try Config.load(environment: base.merging(["MINSHENG_TIPS": "off"]) { $1 }, workingDirectory: root)
        #expect(!off.tipsEnabled && off.informantKey == nil)
        #expect(throws: ConfigError.self) { try Config.load(environment: base.merging(["MINSHENG_TIPS": "maybe"]) { $1 }, workingDirectory: root) }
        // A configuration built in code is held to the same rule when the application is built.
        var config = off
        config.tipsEnabled = true
        config.database = .sqliteInMemory
        await #expect(throws: ConfigError.self) { _ = try await buildApplication(config, environment: .testing) }
        // Off: no crime-report routes, and nothing sealed under the data key.
        try await TestApp.with(.sqlite, informantKey: nil, tipsEnabled: false) { t in
            let filed = try await Self.report(t, Self.drugs)
            let followed = try await t.send(.POST, "/api/v1/tips/follow", json: #"{"code":"JB-0000-0000","secret":"x"}"#)
            #expect(filed.status == .notFound && followed.status == .notFound)
        }
    }
}

/// Issue 16 review: a film whose sample tables claim billions of samples (once ~34 GB asked for, and a loop of 2^32 per
/// chunk) is refused as damaged at once, and the server goes on answering.
extension TipAPITests {
    @Test("a few hundred bytes of film claiming 4 294 967 295 samples: a 422 problem naming the file, nothing written, and the next report is filed",
          arguments: DatabaseKind.available)
    func hostileFilm(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            func u32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
            let full = { (type: String, content: [UInt8]) in Self.box(type, [0, 0, 0, 0] + content) }
            let hdlr = full("hdlr", u32(0) + Array("meta".utf8) + Array(repeating: 0, count: 12) + Array("GPS\0".utf8))
            let stbl = Self.box("stbl", full("stco", u32(1) + u32(0)) + full("stsc", u32(1) + u32(1) + u32(0xFFFF_FFFF) + u32(1))
                + full("stsz", u32(1) + u32(0xFFFF_FFFF)))
            let film = Self.box("ftyp", Array("isom\0\0\0\0isommp42".utf8)) + Self.box("moov", Self.box("trak", Self.box("mdia", hdlr + Self.box("minf", stbl))))
                + Self.box("mdat", Array(repeating: 0x77, count: 64))
            #expect(film.count < 400)
            let refused = try await Self.report(t, Self.drugs, files: [("f.mp4", film, "video/mp4")])
            #expect(refused.status == .unprocessableEntity && refused.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            #expect(refused.problemFields == ["files[0]"] && refused.text.contains("damaged"))
            #expect(try await TipReportRow.query(on: t.app.db).count() == 0)
            // The server is still there: the same report without the film is filed.
            #expect(try await Self.report(t, Self.drugs).status == .created)
            #expect(try await TipReportRow.query(on: t.app.db).count() == 1)
        }
    }
}
