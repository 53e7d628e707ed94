import FluentKit
import FluentSQL
import Foundation
import MinshengCore
import MinshengMessaging
import MinshengStore
import MinshengTesting
import MinshengWeb
import NIOCore
import Testing
import Vapor
import VaporTesting

/// Issue 16, items 1, 3, 4 and 15: the identity link, lockouts that hold under parallel requests, the client address
/// behind proxies, what an unknown account costs, and where a tip may be transferred.
@Suite("Account security")
struct AccountSecurityTests {
    static let liMing = #"{"name":"李明","idNumber":"440304199001010011"}"#
    static let wangFang = #"{"name":"王芳","idNumber":"440303198506150027"}"#
    static let wrongNames = ["李强", "李刚", "李华", "李伟", "李军"]

    func level(_ t: TestApp, _ token: String) async throws -> String? {
        try await t.send(.GET, "/api/v1/me", token: token).object["level"] as? String
    }

    /// Registers 李明, links him (L2) and has an officer check him in person (L3).
    func l3LiMing(_ t: TestApp) async throws -> String {
        let token = try await t.citizenToken()
        #expect(try await t.send(.POST, "/api/v1/me/identity", json: Self.liMing, token: token).status == .ok)
        let checked = try await t.send(.POST, "/api/v1/officer/residents/\(t.liMing.id.uuidString)/in-person-verification",
                                       json: #"{"purpose":"窗口核验","idCardChecked":true}"#, token: try await t.officerToken())
        #expect(checked.status == .ok && checked.object["level"] as? String == "L3", "\(checked.text)")
        return token
    }

    // MARK: Item 1

    @Test("register, link A, in-person check (L3), link B: refused, still A at L3; linking A again changes nothing", arguments: DatabaseKind.available)
    func relinkRefused(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let token = try await l3LiMing(t)
            let relink = try await t.send(.POST, "/api/v1/me/identity", json: Self.wangFang, token: token)
            #expect(relink.status == .unprocessableEntity)
            #expect(relink.object["type"] as? String == "/problems/identity-link-refused")
            #expect(try await level(t, token) == "L3")
            let record = try await t.send(.GET, "/api/v1/me/record", token: token)
            #expect(record.object["name"] as? String == "李明" && record.object["idNumber"] as? String == "440304199001010011")
            let refusal = try await AuditEntryRow.query(on: t.app.db).filter(\.$action == "account.identity-link-refused").all()
            #expect(refusal.count == 1 && refusal[0].detail.contains("account-already-linked"))

            let again = try await t.send(.POST, "/api/v1/me/identity", json: Self.liMing, token: token)
            #expect(again.status == .ok && again.object["level"] as? String == "L3")
            // 王芳 is still free for her own account.
            let hers = try await t.citizenToken(phone: "13900139000")
            #expect(try await t.send(.POST, "/api/v1/me/identity", json: Self.wangFang, token: hers).object["level"] as? String == "L2")
        }
    }

    @Test("a row linked to another resident than the one its level was proven for reads as L1", arguments: DatabaseKind.available)
    func levelBoundToResident(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let token = try await l3LiMing(t)
            let sql = t.app.db as! any SQLDatabase
            try await sql.update(CitizenAccountRow.schema).set("resident_id", to: t.wangFang.id).run()
            #expect(try await level(t, token) == "L1")
            #expect(try await t.send(.GET, "/api/v1/me/record", token: token).status == .forbidden)
        }
    }

    // MARK: Item 3

    @Test("every failed identity link gets a byte-identical answer; the reason is only in the audit", arguments: DatabaseKind.available)
    func oneAnswer(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            try await t.registry.update(residentID: t.otherDistrict.id, actor: .system("test"), reason: "test", on: t.app.db) { $0.status = .cancelled(.emigrated) }
            let holder = try await t.citizenToken()
            #expect(try await t.send(.POST, "/api/v1/me/identity", json: Self.liMing, token: holder).status == .ok)
            let prober = try await t.citizenToken(phone: "13900139000")
            let attempts = [
                (prober, #"{"name":"李强","idNumber":"440304199001010011"}"#, "no-match"),
                (prober, #"{"name":"阿依古丽·买买提","idNumber":"44030119800101123X"}"#, "not-active"),
                (prober, Self.liMing, "already-linked"),
                (holder, Self.wangFang, "account-already-linked"),
            ]
            var bodies: [String] = []
            for (n, (token, body, _)) in attempts.enumerated() {
                let res = try await t.send(.POST, "/api/v1/me/identity", json: body, token: token, from: "198.51.100.\(n + 1)")
                #expect(res.status == .unprocessableEntity)
                bodies.append(res.body.string ?? "")
            }
            #expect(Set(bodies).count == 1, "\(bodies)")
            let reasons = try await AuditEntryRow.query(on: t.app.db).filter(\.$action == "account.identity-link-refused").sort(\.$seq).all().map(\.detail)
            #expect(reasons.count == 4)
            for ((_, _, reason), detail) in zip(attempts, reasons) { #expect(detail.contains("reason=\(reason)"), "\(detail)") }
        }
    }

    @Test("five failed links lock the account: the 6th is 429 even when right; a unit admin clears it (audited) and the link works",
          arguments: DatabaseKind.available)
    func linkLimit(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let token = try await t.citizenToken()
            for n in 0..<5 {
                let res = try await t.send(.POST, "/api/v1/me/identity", json: #"{"name":"\#(Self.wrongNames[n])","idNumber":"440304199001010011"}"#, token: token, from: "198.51.100.7")
                #expect(res.status == .unprocessableEntity)
            }
            let sixth = try await t.send(.POST, "/api/v1/me/identity", json: Self.liMing, token: token, from: "198.51.100.7")
            #expect(sixth.status == .tooManyRequests && (sixth.body.string ?? "").contains("identity-link-locked"))
            // From another address too: the account itself is locked.
            #expect(try await t.send(.POST, "/api/v1/me/identity", json: Self.liMing, token: token, from: "198.51.100.8").status == .tooManyRequests)
            #expect(try await AuditEntryRow.query(on: t.app.db).filter(\.$action == "account.identity-link-locked").count() == 1)

            let unlock = #"{"phone":"13800138000","purpose":"本人持身份证到窗口申请解锁"}"#
            let intake = try await t.officerToken()
            #expect(try await t.send(.POST, "/api/v1/officer/identity-link-unlocks", json: unlock, token: intake).status == .forbidden)
            _ = try await OfficerRepository().addOfficer(policeNumber: "010009", name: "王所长", unitCode: "FT", roles: [.unitAdmin],
                                                        passwordHash: try Bcrypt.hash(TestApp.officerPassword, cost: 4), actor: .system("test"), on: t.app.db)
            let admin = try await t.officerToken("010009")
            #expect(try await t.send(.POST, "/api/v1/officer/identity-link-unlocks", json: #"{"phone":"13700137000","purpose":"解锁"}"#, token: admin).status == .notFound)
            #expect(try await t.send(.POST, "/api/v1/officer/identity-link-unlocks", json: unlock, token: admin).status == .noContent)
            let audit = try await AuditEntryRow.query(on: t.app.db).filter(\.$action == "account.identity-link-unlocked").all()
            #expect(audit.count == 1 && audit[0].actor == "officer:010009")
            let linked = try await t.send(.POST, "/api/v1/me/identity", json: Self.liMing, token: token, from: "198.51.100.8")
            #expect(linked.status == .ok && (linked.body.string ?? "").contains("\"L2\""))
        }
    }

    @Test("the page route shares the identity link's answer and limit", arguments: DatabaseKind.available)
    func pageLink(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let token = try await t.citizenToken()
            for n in 0..<5 {
                let res = try await t.send(.POST, "/api/v1/me/identity", json: #"{"name":"\#(Self.wrongNames[n])","idNumber":"440304199001010011"}"#, token: token, from: "198.51.100.9")
                #expect(res.status == .unprocessableEntity)
            }
            // The page posts the form with the session cookie and the CSRF token (cookie and field alike).
            let form = "name=%E6%9D%8E%E6%98%8E&idNumber=440304199001010011&_csrf=page-test-token"
            let posted = try await t.send(.POST, "/me/identity", body: form, contentType: "application/x-www-form-urlencoded",
                                          headers: ["Cookie": "minsheng_session=\(token); minsheng_csrf=page-test-token"], from: "198.51.100.10")
            #expect(posted.status == .tooManyRequests, "\(posted.status) \(posted.body.string?.prefix(200) ?? "")")
            let refused = try await t.send(.POST, "/me/identity", body: form.replacingOccurrences(of: "440304199001010011", with: "440303198506150027"),
                                           contentType: "application/x-www-form-urlencoded",
                                           headers: ["Cookie": "minsheng_session=\(try await t.citizenToken(phone: "13900139000")); minsheng_csrf=page-test-token"],
                                           from: "198.51.100.11")
            #expect(refused.status == .unprocessableEntity)
            #expect(try await AuditEntryRow.query(on: t.app.db).filter(\.$action == "account.identity-link-refused").count() == 6)
        }
    }

    // MARK: Item 4

    @Test("20 parallel wrong sign-ins for one account run bcrypt at most 5 times; then the right password waits too", arguments: DatabaseKind.available)
    func parallelSignIns(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            _ = try await t.citizenToken()
            for (path, body) in [("/api/v1/auth/login", #"{"phone":"13800138000","password":"Wrong2017x"}"#),
                                 ("/api/v1/officer/auth/login", #"{"policeNumber":"010002","password":"Wrong2017x"}"#)] {
                let before = t.app.passwordChecks
                let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                    for n in 0..<20 { group.addTask { try await t.send(.POST, path, json: body, from: "192.0.2.\(n + 1)").status } }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                let checked = t.app.passwordChecks - before
                #expect(checked <= 5, "\(path): \(checked) bcrypt checks")
                #expect(statuses.filter { $0 == .unauthorized }.count == checked)
                #expect(statuses.filter { $0 == .tooManyRequests }.count == 20 - checked)
            }
            let right = try await t.send(.POST, "/api/v1/auth/login", json: #"{"phone":"13800138000","password":"Minsheng2017"}"#, from: "192.0.2.99")
            #expect(right.status == .tooManyRequests)
        }
    }

    @Test("right passwords signed in four at a time from one address are never refused", arguments: DatabaseKind.available)
    func parallelRightSignIns(kind: DatabaseKind) async throws {
        // A correct sign-in deletes the account's counter row; one that landed between another request's insert and
        // its reservation used to read as a lock (wrk saw 7 of 77 right sign-ins refused with 429).
        try await TestApp.with(kind) { t in
            _ = try await t.citizenToken()
            let body = #"{"phone":"13800138000","password":"Minsheng2017"}"#
            for _ in 0..<10 {
                let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                    for _ in 0..<4 { group.addTask { try await t.send(.POST, "/api/v1/auth/login", json: body, from: "192.0.2.7").status } }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses == [.ok, .ok, .ok, .ok])
            }
        }
    }

    @Test("20 parallel face answers after 4 failures: at most one is analysed", arguments: DatabaseKind.available)
    func parallelFaceAnswers(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let token = try await FaceAPITests().l2Citizen(t)
            let dogs = FaceAPITests.answer((0..<6).map { FaceAPITests.variant(try! FaceAPITests.fixture("no_face_dogs.jpg"), $0) })
            func issue() async throws -> String {
                let issued = try await t.send(.POST, "/api/v1/identity/face/challenges", token: token)
                return try #require(issued.object["id"] as? String, "\(issued.text)")
            }
            for _ in 0..<4 {
                let verdict = try await t.send(.POST, "/api/v1/identity/face/challenges/\(try await issue())/frames", json: dogs, token: token)
                #expect(verdict.status == .ok && verdict.object["passed"] as? Bool == false)
            }
            var challenges: [String] = []
            for _ in 0..<20 { challenges.append(try await issue()) }
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for id in challenges {
                    group.addTask { try await t.send(.POST, "/api/v1/identity/face/challenges/\(id)/frames", json: dogs, token: token, from: "192.0.2.1").status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .ok }.count <= 1, "\(statuses)")
            #expect(statuses.filter { $0 == .tooManyRequests }.count >= 19)
            #expect(try await AuditEntryRow.query(on: t.app.db).filter(\.$action == "identity.face-failed").count() <= 5)
            #expect(try await t.send(.POST, "/api/v1/identity/face/challenges", token: token).status == .tooManyRequests)
        }
    }

    // MARK: Item 15

    @Test("an unknown phone or police number costs one bcrypt check and the same answer as a wrong password", arguments: DatabaseKind.available)
    func unknownAccountCost(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            _ = try await t.citizenToken()
            var answers: [String] = []
            for (n, (path, body)) in [("/api/v1/auth/login", #"{"phone":"13800138000","password":"Wrong2017x"}"#),
                                      ("/api/v1/auth/login", #"{"phone":"13700137000","password":"Wrong2017x"}"#),
                                      ("/api/v1/officer/auth/login", #"{"policeNumber":"010001","password":"Wrong2017x"}"#),
                                      ("/api/v1/officer/auth/login", #"{"policeNumber":"099999","password":"Wrong2017x"}"#)].enumerated() {
                let before = t.app.passwordChecks
                let res = try await t.send(.POST, path, json: body, from: "192.0.2.\(n + 1)")
                #expect(res.status == .unauthorized)
                #expect(t.app.passwordChecks - before == 1, "\(body)")
                answers.append(res.body.string ?? "")
            }
            #expect(Set(answers).count == 1)
        }
    }

    @Test("X-Forwarded-For is read only from a trusted proxy, taking the rightmost untrusted hop")
    func forwardedFor() throws {
        let proxies = try TrustedProxies.parse("10.0.0.0/8, 2001:db8::/32,192.0.2.10").get()
        #expect(proxies.clientAddress(peer: "203.0.113.9", forwardedFor: ["198.51.100.1"]) == "203.0.113.9")
        #expect(proxies.clientAddress(peer: "10.1.2.3", forwardedFor: []) == "10.1.2.3")
        #expect(proxies.clientAddress(peer: "10.1.2.3", forwardedFor: ["1.1.1.1, 198.51.100.1, 10.9.9.9"]) == "198.51.100.1")
        #expect(proxies.clientAddress(peer: "10.1.2.3", forwardedFor: ["1.1.1.1", "198.51.100.1:5555"]) == "198.51.100.1")
        #expect(proxies.clientAddress(peer: "2001:db8::5", forwardedFor: ["[2001:db9::1]:443"]) == "2001:db9::1")
        #expect(proxies.clientAddress(peer: "::ffff:10.0.0.1", forwardedFor: ["198.51.100.2"]) == "198.51.100.2")
        #expect(proxies.clientAddress(peer: "10.1.2.3", forwardedFor: ["10.2.2.2, 192.0.2.10"]) == "10.2.2.2")
        #expect(proxies.clientAddress(peer: "10.1.2.3", forwardedFor: ["198.51.100.3, garbage, 10.2.2.2"]) == "10.2.2.2")
        #expect(proxies.clientAddress(peer: "192.0.2.11", forwardedFor: ["198.51.100.1"]) == "192.0.2.11")
        // Throttles count an IPv6 client by its /64 (a subscriber holds a whole /64), an IPv4-mapped one as IPv4.
        #expect(TrustedProxies.throttleKey("2001:db8:1:2:aaaa::1") == TrustedProxies.throttleKey("2001:db8:1:2:ffff:1:2:3"))
        #expect(TrustedProxies.throttleKey("2001:db8:1:2::1") == "2001:db8:1:2::/64")
        #expect(TrustedProxies.throttleKey("2001:db8:1:3::1") != TrustedProxies.throttleKey("2001:db8:1:2::1"))
        #expect(TrustedProxies.throttleKey("::ffff:198.51.100.7") == "198.51.100.7")
        #expect(TrustedProxies.throttleKey("198.51.100.7") == "198.51.100.7")
        #expect(TrustedProxies.throttleKey("unknown") == "unknown")
        if case .failure(let bad) = TrustedProxies.parse("10.0.0.0/33, fe80::/129, proxy.local, 10.0.0.0/8") {
            #expect(bad.entries == ["10.0.0.0/33", "fe80::/129", "proxy.local"])
        } else { Issue.record("bad CIDRs were accepted") }
        do {
            _ = try Config.load(environment: ["MINSHENG_DATA_KEY": FieldCipher.generateKey(), "MINSHENG_TRUSTED_PROXIES": "10.0.0.0/8,nonsense"],
                                workingDirectory: (TestApp.resources as NSString).deletingLastPathComponent)
            Issue.record("a bad MINSHENG_TRUSTED_PROXIES was accepted")
        } catch {
            #expect(error.description.contains("MINSHENG_TRUSTED_PROXIES") && error.description.contains("\"nonsense\""))
        }
    }

    @Test("sign-in limits count the forwarded client behind a trusted proxy, and the peer otherwise", arguments: DatabaseKind.available)
    func throttlesUseClientAddress(kind: DatabaseKind) async throws {
        let wrong = { (phone: Int) in #"{"phone":"1380013\#(8100 + phone)","password":"Wrong2017x"}"# }
        try await TestApp.with(kind, trustedProxies: try TrustedProxies.parse("127.0.0.1/32").get()) { t in
            for n in 0..<5 {
                let res = try await t.send(.POST, "/api/v1/auth/login", json: wrong(n), headers: ["X-Forwarded-For": "6.6.6.6, 198.51.100.20"], from: "127.0.0.1")
                #expect(res.status == .unauthorized)
            }
            let same = try await t.send(.POST, "/api/v1/auth/login", json: wrong(9), headers: ["X-Forwarded-For": "7.7.7.7, 198.51.100.20"], from: "127.0.0.1")
            #expect(same.status == .tooManyRequests)
            let other = try await t.send(.POST, "/api/v1/auth/login", json: wrong(9), headers: ["X-Forwarded-For": "198.51.100.21"], from: "127.0.0.1")
            #expect(other.status == .unauthorized)
        }
        try await TestApp.with(kind) { t in
            for n in 0..<5 {
                let res = try await t.send(.POST, "/api/v1/auth/login", json: wrong(n), headers: ["X-Forwarded-For": "198.51.100.\(n)"], from: "203.0.113.50")
                #expect(res.status == .unauthorized)
            }
            let spoofed = try await t.send(.POST, "/api/v1/auth/login", json: wrong(9), headers: ["X-Forwarded-For": "198.51.100.99"], from: "203.0.113.50")
            #expect(spoofed.status == .tooManyRequests)
        }
    }

    @Test("a new e-mail address or openid gets a code and nothing else until confirmed; wrong codes and resends are limited",
          arguments: DatabaseKind.available)
    func channelConfirmation(kind: DatabaseKind) async throws {
        let sink = try SMTPSink.start()
        defer { sink.stop() }
        let outbox = NotificationChannelTests.outbox()
        defer { try? FileManager.default.removeItem(atPath: outbox) }
        try await TestApp.with(kind, smtpURL: sink.url, outbox: outbox) { t in
            let token = try await NotificationChannelTests.liMing(t)
            let wechat = { try OutboxFileTransport.requests(channel: "wechat", in: outbox).map { $0.parameters["first"] ?? "" } }
            let saved = try await t.send(.PUT, "/api/v1/me/notification-settings", json: #"""
                {"email":"li.ming@example.cn","wechatOpenID":"oMinsheng0123456789abcdefghi","subscriptions":["certificate:email","certificate:wechat"]}
                """#, token: token)
            #expect(saved.status == .ok && saved.object["emailConfirmed"] as? Bool == false && saved.object["wechatConfirmed"] as? Bool == false)
            #expect(try wechat().count == 1 && sink.messages().count == 1)
            #expect(try wechat()[0].contains("验证码"))

            // A reminder for unconfirmed addresses is not sent there.
            _ = try await CertificateJobs.nightly(t.app, today: NotificationChannelTests.today)
            let held = try await DeliveryJobs.run(t.app)
            #expect(held.sent == 0 && held.cancelled == 2)
            #expect(try wechat().count == 1 && sink.messages().count == 1)

            // Five wrong codes use the code up: the right one no longer works.
            let sent = try #require(try wechat()[0].firstMatch(of: /[0-9]{6}/)?.output)
            let wrong = sent == "000000" ? "111111" : "000000"
            var answers: Set<String> = []
            for _ in 0..<5 {
                let res = try await t.send(.POST, "/api/v1/me/notification-settings/confirmations", json: #"{"channel":"wechat","code":"\#(wrong)"}"#, token: token)
                #expect(res.status == .unprocessableEntity)
                answers.insert(res.text)
            }
            let late = try await t.send(.POST, "/api/v1/me/notification-settings/confirmations", json: #"{"channel":"wechat","code":"\#(sent)"}"#, token: token)
            #expect(late.status == .unprocessableEntity && answers == [late.text])

            // A new code, then confirmed.
            #expect(try await t.send(.POST, "/api/v1/me/notification-settings/confirmation-codes", json: #"{"channel":"wechat"}"#, token: token).status == .accepted)
            try await NotificationChannelTests.confirm(t, token: token, channel: "wechat", sent: try wechat().last ?? "")
            #expect(try await AuditEntryRow.query(on: t.app.db).filter(\.$action == "account.channel-confirmed").count() == 1)
            #expect(try await t.send(.POST, "/api/v1/me/notification-settings/confirmation-codes", json: #"{"channel":"wechat"}"#, token: token).status == .unprocessableEntity)

            // Five codes an hour per channel: the save sent one, four more go (each replacing the last), the next waits.
            var earlier: Set<String> = []
            for _ in 0..<4 {
                earlier = Set(sink.messages())
                #expect(try await t.send(.POST, "/api/v1/me/notification-settings/confirmation-codes", json: #"{"channel":"email"}"#, token: token).status == .accepted)
            }
            #expect(try await t.send(.POST, "/api/v1/me/notification-settings/confirmation-codes", json: #"{"channel":"email"}"#, token: token).status == .tooManyRequests)
            #expect(sink.messages().count == 5)
            let latest = try #require(sink.messages().first { !earlier.contains($0) })
            try await NotificationChannelTests.confirm(t, token: token, channel: "email", sent: NotificationChannelTests.parse(latest).body)

            // Confirmed, the next reminder goes to both; a changed address is unconfirmed again and gets nothing but its code.
            _ = try await CertificateJobs.nightly(t.app, today: NotificationChannelTests.today.adding(days: 35))
            #expect(try await DeliveryJobs.run(t.app).sent == 2)
            let changed = try await t.send(.PUT, "/api/v1/me/notification-settings", json: #"""
                {"email":"ming.li@example.cn","subscriptions":["certificate:email","certificate:wechat"]}
                """#, token: token)
            #expect(changed.object["emailConfirmed"] as? Bool == false && changed.object["wechatConfirmed"] as? Bool == true)
            _ = try await CertificateJobs.nightly(t.app, today: NotificationChannelTests.today.adding(days: 55))
            let after = try await DeliveryJobs.run(t.app)
            #expect(after.sent == 1 && after.cancelled == 1)
            #expect(!sink.messages().contains { $0.contains("ming.li@example.cn") && !NotificationChannelTests.parse($0).body.contains("验证码") })

            // The destination has had its five codes this hour: another account naming it gets no sixth.
            let other = try await t.citizenToken(phone: "13900139000")
            let mailed = sink.messages().count
            _ = try await t.send(.PUT, "/api/v1/me/notification-settings", json: #"{"email":"Li.Ming@example.cn","subscriptions":[]}"#, token: other)
            #expect(try await t.send(.POST, "/api/v1/me/notification-settings/confirmation-codes", json: #"{"channel":"email"}"#, token: other).status == .tooManyRequests)
            #expect(sink.messages().count == mailed)
        }
    }

    @Test("a tip is transferred only to a unit that exists", arguments: DatabaseKind.available)
    func transferToExistingUnit(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            #expect(try await TipAPITests.report(t, TipAPITests.drugs).status == .created)
            let intake = try await t.officerToken()
            let id = try #require(try await t.send(.GET, "/api/v1/officer/tips", token: intake).array.first?["id"] as? String)
            let nowhere = try await t.send(.POST, "/api/v1/officer/tips/\(id)/actions", json: #"{"action":"transfer","unit":"NOWHERE","reason":"属其他辖区"}"#, token: intake)
            #expect(nowhere.status == .notFound && nowhere.object["type"] as? String == "/problems/unit-not-found")
            let moved = try await t.send(.POST, "/api/v1/officer/tips/\(id)/actions", json: #"{"action":"transfer","unit":"FT","reason":"属本所辖区"}"#, token: intake)
            #expect(moved.status == .ok, "\(moved.text)")
        }
    }
}

extension TestApp {
    /// A request from a given peer address (the in-memory tester sets none), through the application's responder.
    func send(_ method: HTTPMethod, _ path: String, json: String? = nil, body: String? = nil, contentType: String = "application/json",
              token: String? = nil, headers extra: [String: String] = [:], from peer: String) async throws -> Response {
        try await app.asyncBoot()
        var headers = HTTPHeaders()
        let payload = json ?? body
        if payload != nil { headers.replaceOrAdd(name: .contentType, value: contentType) }
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        for (name, value) in extra { headers.add(name: name, value: value) }
        let request = Request(application: app, method: method, url: URI(path: path), headers: headers, collectedBody: payload.map { ByteBuffer(string: $0) },
                              remoteAddress: try SocketAddress(ipAddress: peer, port: 40000), on: app.eventLoopGroup.next())
        return try await app.responder.respond(to: request).get()
    }
}
