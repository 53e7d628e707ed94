import FluentKit
import FluentSQL
import Foundation
import MinshengCore
import MinshengMessaging
import MinshengStore
import MinshengTesting
import MinshengWeb
import Testing
import Vapor
import VaporTesting

@Suite("Notification channels: subscriptions, SMS and WeChat through the outbox fakes, e-mail through a real SMTP server")
struct NotificationChannelTests {
    static let today = CivilDate.today()

    static func outbox() -> String { NSTemporaryDirectory() + "minsheng-outbox-\(UUID().uuidString)" }

    /// 李明 signed in and linked (L2); his e-ID recorded to expire in `days`.
    static func liMing(_ t: TestApp, expiresIn days: Int = 60) async throws -> String {
        let token = try await t.citizenToken()
        _ = try await t.send(.POST, "/api/v1/me/identity", json: #"{"name":"李明","idNumber":"440304199001010011"}"#, token: token)
        let credentials = CredentialRepository(cipher: t.registry.cipher)
        try await credentials.record(DocumentRecord(type: .idCard, number: t.liMing.idNumber.value, issuedOn: today.adding(years: -10), expiresOn: today.adding(days: days)),
                                     residentID: t.liMing.id, on: t.app.db)
        try await credentials.sync(residentID: t.liMing.id, on: t.app.db)
        return token
    }

    static func decodeWords(_ header: String) -> String {
        header.components(separatedBy: "=?UTF-8?B?").dropFirst().compactMap { part in
            part.components(separatedBy: "?=").first.flatMap { Data(base64Encoded: $0) }.flatMap { String(data: $0, encoding: .utf8) }
        }.joined()
    }

    /// The headers (unfolded) and the decoded text of a message the sink received.
    static func parse(_ raw: String) -> (headers: [String: String], body: String) {
        let text = raw.replacingOccurrences(of: "\r\n", with: "\n")
        let split = text.range(of: "\n\n")!
        let unfolded = String(text[..<split.lowerBound]).replacingOccurrences(of: "\n ", with: " ")
        var headers: [String: String] = [:]
        for line in unfolded.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[String(line[..<colon]).lowercased()] = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        let base64 = text[split.upperBound...].filter { !$0.isWhitespace }
        return (headers, Data(base64Encoded: String(base64)).flatMap { String(data: $0, encoding: .utf8) } ?? "")
    }

    /// Confirms the saved address of `channel` with the code in the text sent to it.
    static func confirm(_ t: TestApp, token: String, channel: String, sent text: String) async throws {
        let code = try #require(text.firstMatch(of: /[0-9]{6}/)?.output, "no code in \(text)")
        let res = try await t.send(.POST, "/api/v1/me/notification-settings/confirmations", json: #"{"channel":"\#(channel)","code":"\#(code)"}"#, token: token)
        #expect(res.status == .ok, "\(res.body.string)")
    }

    @Test("a reminder reaches the channels subscribed to on its topic, once: SMS and WeChat as provider requests, e-mail through SMTP",
          arguments: DatabaseKind.available)
    func deliveries(kind: DatabaseKind) async throws {
        let sink = try SMTPSink.start()
        defer { sink.stop() }
        let outbox = Self.outbox()
        defer { try? FileManager.default.removeItem(atPath: outbox) }
        try await TestApp.with(kind, smtpURL: sink.url, outbox: outbox) { t in
            let token = try await Self.liMing(t)
            let before = try await t.send(.GET, "/api/v1/me/notification-settings", token: token).object
            #expect((before["subscriptions"] as? [String]) == [])
            #expect(((before["channels"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String } == ["sms", "wechat", "email"])
            let saved = try await t.send(.PUT, "/api/v1/me/notification-settings", json: #"""
                {"email":"li.ming@example.cn","wechatOpenID":"oMinsheng0123456789abcdefghi","subscriptions":["certificate:sms","certificate:email","certificate:wechat","application:email"]}
                """#, token: token)
            #expect(saved.status == .ok)
            #expect((saved.object["subscriptions"] as? [String]) == ["application:email", "certificate:sms", "certificate:wechat", "certificate:email"])
            #expect(saved.object["wechatBound"] as? Bool == true)
            #expect(saved.object["emailConfirmed"] as? Bool == false && saved.object["wechatConfirmed"] as? Bool == false)
            // Each new address got a code and nothing else; confirmed, they get the notices.
            try await Self.confirm(t, token: token, channel: "wechat", sent: try OutboxFileTransport.requests(channel: "wechat", in: outbox).first?.parameters["first"] ?? "")
            try await Self.confirm(t, token: token, channel: "email", sent: Self.parse(sink.messages().first ?? "").body)

            let (sweep, _) = try await CertificateJobs.nightly(t.app, today: Self.today)
            #expect(sweep.notified == 1)
            let pending = try await DeliveryRow.query(on: t.app.db).all()
            #expect(pending.map(\.channel).sorted() == ["email", "sms", "wechat"])
            #expect(pending.allSatisfy { $0.state == "pending" && $0.topic == "certificate" })

            let report = try await DeliveryJobs.run(t.app)
            #expect(report.sent == 3 && report.retried == 0 && report.failed == 0)
            let sms = try OutboxFileTransport.requests(channel: "sms", in: outbox)
            #expect(sms.count == 1)
            #expect(sms.first?.to == "13800138000" && sms.first?.template == SMSTemplateGateway.template && sms.first?.sign == "深圳公安")
            #expect(sms.first?.parameters["title"]?.contains("将于 \(Self.today.adding(days: 60)) 到期") == true)
            #expect(sms.first?.reference == pending.first { $0.channel == "sms" }?.id?.uuidString.lowercased())
            let wechat = try OutboxFileTransport.requests(channel: "wechat", in: outbox)
            #expect(wechat.count == 2 && wechat.last?.to == "oMinsheng0123456789abcdefghi" && wechat.last?.parameters["keyword1"] == NoticeTopic.certificate.name.zh)
            let mails = sink.messages()
            #expect(mails.count == 2)
            let (headers, body) = Self.parse(mails.last ?? "")
            #expect(headers["to"] == "<li.ming@example.cn>")
            #expect(Self.decodeWords(headers["subject"] ?? "").contains("到期"))
            #expect(headers["message-id"] == "<\(pending.first { $0.channel == "email" }!.id!.uuidString.lowercased())@minsheng.localhost>")
            #expect(body.contains("您的电子身份证将于") && body.contains("Your e-ID card expires on"))

            // A second run sends nothing more; every row is sent with the provider's reference.
            let again = try await DeliveryJobs.run(t.app)
            #expect(again == DispatchReport())
            let sent = try await DeliveryRow.query(on: t.app.db).all()
            #expect(sent.allSatisfy { $0.state == "sent" && $0.providerRef != nil && $0.attempts == 1 })
            let smsAgain = try OutboxFileTransport.requests(channel: "sms", in: outbox)
            #expect(sink.messages().count == 2 && smsAgain.count == 1)
            let listed = try await t.send(.GET, "/api/v1/me/notification-settings", token: token).object
            #expect(((listed["deliveries"] as? [[String: Any]]) ?? []).filter { $0["state"] as? String == "sent" }.count == 3)

            // The 30-day window queues new deliveries; unsubscribing before they go cancels them.
            _ = try await CertificateJobs.nightly(t.app, today: Self.today.adding(days: 35))
            #expect(try await DeliveryRow.query(on: t.app.db).filter(\.$state == "pending").count() == 3)
            let off = try await t.send(.PUT, "/api/v1/me/notification-settings", json: #"{"subscriptions":["application:email"],"email":"li.ming@example.cn"}"#, token: token)
            #expect(off.status == .ok)
            let cancelled = try await DeliveryJobs.run(t.app)
            #expect(cancelled.cancelled == 3 && cancelled.sent == 0)
            #expect(sink.messages().count == 2)
            // Unsubscribed topics queue nothing at all; the audit has each change of settings.
            _ = try await CertificateJobs.nightly(t.app, today: Self.today.adding(days: 55))
            #expect(try await DeliveryRow.query(on: t.app.db).filter(\.$state == "pending").count() == 0)
            #expect(try await AuditEntryRow.query(on: t.app.db).filter(\.$action == "account.notification-settings").count() == 2)
        }
    }

    @Test("settings are checked: a bad address, a channel not bound or not offered, in-app, an unknown key — each a 422 with its field",
          arguments: DatabaseKind.available)
    func refusals(kind: DatabaseKind) async throws {
        try await TestApp.with(kind, smtpURL: "smtp://127.0.0.1:1", outbox: Self.outbox()) { t in
            let token = try await t.citizenToken()
            for (body, field) in [
                (#"{"email":"not an address","subscriptions":[]}"#, "email"),
                (#"{"subscriptions":["certificate:email"]}"#, "email"),
                (#"{"subscriptions":["certificate:wechat"]}"#, "wechatOpenID"),
                (#"{"subscriptions":["certificate:in-app"]}"#, "subscriptions"),
                (#"{"subscriptions":["weather:sms"]}"#, "subscriptions"),
                (#"{"wechatOpenID":"short","subscriptions":[]}"#, "wechatOpenID"),
            ] {
                let response = try await t.send(.PUT, "/api/v1/me/notification-settings", json: body, token: token)
                #expect(response.status == .unprocessableEntity, "\(body)")
                #expect(response.problemFields.contains(field), "\(body): \(response.problemFields)")
            }
            let unknown = try await t.send(.PUT, "/api/v1/me/notification-settings", json: #"{"subscriptions":[],"phone":"13900000000"}"#, token: token)
            #expect(unknown.status == .unprocessableEntity || unknown.status == .badRequest)
            let anonymous = try await t.send(.GET, "/api/v1/me/notification-settings")
            #expect(anonymous.status == .unauthorized)
        }
        // Without an SMTP relay, e-mail is not offered.
        try await TestApp.with(kind, outbox: Self.outbox()) { t in
            let token = try await t.citizenToken()
            let listed = try await t.send(.GET, "/api/v1/me/notification-settings", token: token).object
            #expect(((listed["channels"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String } == ["sms", "wechat"])
            let refused = try await t.send(.PUT, "/api/v1/me/notification-settings", json: #"{"email":"a@example.cn","subscriptions":["order:email"]}"#, token: token)
            #expect(refused.status == .unprocessableEntity && refused.problemFields == ["subscriptions"])
        }
    }

    @Test("a relay that does not answer is retried after 1, 5, 30 minutes, 2 and 12 hours, then given up with the reason",
          arguments: DatabaseKind.available)
    func retries(kind: DatabaseKind) async throws {
        try await TestApp.with(kind, smtpURL: "smtp://127.0.0.1:1", outbox: Self.outbox()) { t in
            let token = try await t.citizenToken()
            #expect(try await t.send(.PUT, "/api/v1/me/notification-settings", json: #"{"email":"li.ming@example.cn","subscriptions":["application:email"]}"#, token: token).status == .ok)
            // The relay never took the code; the address counts as confirmed here, as if it had.
            try await (t.app.db as! any SQLDatabase).update(NotificationSettingsRow.schema).set("email_confirmed_at", to: Date()).run()
            let account = try #require(try await CitizenAccountRow.query(on: t.app.db).first())
            let start = Date()
            try await NotificationOutbox().enqueue(accountID: account.id!, topic: .application, subjectRef: "HZ-TEST", titleZh: "测试", titleEn: "Test", at: start, on: t.app.db)
            var now = start
            for (attempt, wait) in DeliveryDispatcher.backoff.enumerated() {
                let report = try await DeliveryJobs.run(t.app, at: now)
                #expect(report.retried == 1, "attempt \(attempt + 1)")
                let row = try #require(try await DeliveryRow.query(on: t.app.db).first())
                #expect(row.state == "pending" && row.attempts == attempt + 1 && row.lastError?.hasPrefix("smtp") == true)
                #expect(abs(row.nextAttemptAt.timeIntervalSince(now) - wait) < 1)
                // Not due yet: nothing is tried.
                #expect(try await DeliveryJobs.run(t.app, at: now.addingTimeInterval(wait - 5)) == DispatchReport())
                now = now.addingTimeInterval(wait + 1)
            }
            let last = try await DeliveryJobs.run(t.app, at: now)
            #expect(last.failed == 1)
            let row = try #require(try await DeliveryRow.query(on: t.app.db).first())
            #expect(row.state == "failed" && row.attempts == DeliveryDispatcher.maxAttempts && row.sentAt == nil)
            #expect(try await DeliveryJobs.run(t.app, at: now.addingTimeInterval(86400)) == DispatchReport())
            // The in-app notice is there whatever happened to the e-mail.
            #expect(try await t.send(.GET, "/api/v1/me/notifications", token: token).array.count == 1)
        }
    }

    @Test("two dispatchers at once send each of 300 deliveries exactly once", arguments: DatabaseKind.available)
    func concurrentDispatchers(kind: DatabaseKind) async throws {
        let outbox = Self.outbox()
        defer { try? FileManager.default.removeItem(atPath: outbox) }
        try await TestApp.with(kind, outbox: outbox) { t in
            let token = try await t.citizenToken()
            #expect(try await t.send(.PUT, "/api/v1/me/notification-settings", json: #"{"subscriptions":["order:sms"]}"#, token: token).status == .ok)
            let account = try #require(try await CitizenAccountRow.query(on: t.app.db).first())
            try await t.app.db.transaction { db in
                for i in 0..<300 {
                    try await NotificationOutbox().enqueue(accountID: account.id!, topic: .order, subjectRef: "order:\(i)", titleZh: "邮件 \(i)", titleEn: "Mail \(i)", on: db)
                }
            }
            let gateway = SMSTemplateGateway(transport: OutboxFileTransport(directory: outbox))
            let dispatcher = DeliveryDispatcher(cipher: t.registry.cipher, gateways: [gateway], batchSize: 25)
            async let a = dispatcher.run(on: t.app.db)
            async let b = dispatcher.run(on: t.app.db)
            let (ra, rb) = try await (a, b)
            #expect(ra.sent + rb.sent == 300)
            let requests = try OutboxFileTransport.requests(channel: "sms", in: outbox)
            #expect(requests.count == 300 && Set(requests.map(\.reference)).count == 300)
            #expect(try await DeliveryRow.query(on: t.app.db).filter(\.$state == "sent").count() == 300)
        }
    }

    @Test("two re-issues of one holder at once leave one current certificate per type; a second current row is refused",
          arguments: DatabaseKind.available)
    func oneCurrentCertificate(kind: DatabaseKind) async throws {
        try await TestApp.with(kind, outbox: Self.outbox()) { t in
            let credentials = CredentialRepository(cipher: t.registry.cipher)
            try await credentials.record(DocumentRecord(type: .drivingLicence, number: "D1", issuedOn: Self.today.adding(years: -3), expiresOn: Self.today.adding(years: 3),
                                                        details: ["licence_class": "C1", "points_status": "正常"]), residentID: t.wangFang.id, on: t.app.db)
            for _ in 0..<4 {
                async let a = credentials.sync(residentID: t.wangFang.id, on: t.app.db)
                async let b = credentials.sync(residentID: t.wangFang.id, on: t.app.db)
                let (ra, rb) = try await (a, b)
                #expect(Set(ra.map(\.id)) == Set(rb.map(\.id)))
            }
            let rows = try await CredentialRow.query(on: t.app.db).filter(\.$holderID == t.wangFang.id).all()
            for type in Set(rows.map(\.type)) {
                #expect(rows.filter { $0.type == type && $0.status == "valid" }.count == 1, "\(type)")
            }
            let copy = CredentialRow()
            let original = try #require(rows.first { $0.status == "valid" })
            copy.id = UUID(); copy.type = original.type; copy.holderID = original.holderID; copy.claimsSealed = original.claimsSealed
            copy.issuedOn = original.issuedOn; copy.expiresOn = original.expiresOn; copy.status = "valid"; copy.statusList = 0; copy.statusIndex = 999_999
            copy.createdAt = Date(); copy.updatedAt = Date()
            await #expect(throws: (any Error).self) { try await copy.create(on: t.app.db) }
        }
    }

    @Test("e-mail text: UTF-8 subject in encoded words of at most 75 characters, base64 body, no bare LF")
    func mime() throws {
        let message = OutboundMessage(id: UUID(), channel: .email, address: "a@example.cn", topic: .certificate,
                                      titleZh: String(repeating: "您的电子身份证将于到期", count: 6), titleEn: "Your e-ID expires", createdAt: Date(), link: "/me")
        let text = MIMEMessage.notice(message, from: "noreply@minsheng.localhost", fromName: "深圳公安民生警务", baseURL: "https://minsheng.example").rendered()
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 78 })
        let subject = lines.drop { !$0.hasPrefix("Subject:") }.prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }.joined(separator: "\r\n")
        #expect(Self.decodeWords(subject) == "【深圳公安民生警务】" + message.titleZh)
        #expect(Self.parse(text).body.contains("https://minsheng.example/me"))
        #expect(MIMEMessage.encodedWord("plain ASCII") == "plain ASCII")
        #expect(!SMTPMailer.isSafeAddress("a@b.cn>\r\nRCPT TO:<x@y.cn") && SMTPMailer.isSafeAddress("a@b.cn"))
    }
}
