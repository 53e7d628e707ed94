import FluentKit
import FluentSQL
import Foundation
import MinshengCore
import MinshengStore
import MinshengTesting
import MinshengWeb
import Testing
import Vapor
import VaporTesting

@Suite("Proactive service: reminders once per window, renewal opened, produced, posted and delivered")
struct ProactiveServiceTests {
    static let today = CivilDate.today()

    static func document(_ type: CredentialType, expiresIn days: Int, issuedYearsAgo years: Int = 10, details: [String: String] = [:]) -> DocumentRecord {
        DocumentRecord(type: type, number: "D\(days)", issuedOn: today.adding(years: -years), expiresOn: today.adding(days: days), details: details)
    }

    @Test("the sweep reminds each certificate once per window, never again on a second run; a later window is a new reminder",
          arguments: DatabaseKind.available)
    func reminders(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let token = try await t.citizenToken()
            _ = try await t.send(.POST, "/api/v1/me/identity", json: #"{"name":"李明","idNumber":"440304199001010011"}"#, token: token)
            let credentials = CredentialRepository(cipher: t.registry.cipher)
            try await credentials.record(Self.document(.idCard, expiresIn: 60), residentID: t.liMing.id, on: t.app.db)
            try await credentials.record(Self.document(.drivingLicence, expiresIn: 5, details: ["licence_class": "C1", "points_status": "正常"]), residentID: t.wangFang.id, on: t.app.db)
            try await credentials.record(Self.document(.hkMacauPass, expiresIn: 400), residentID: t.otherDistrict.id, on: t.app.db)
            for resident in [t.liMing, t.wangFang, t.otherDistrict] { try await credentials.sync(residentID: resident.id, on: t.app.db) }

            let (first, _) = try await CertificateJobs.nightly(t.app, today: Self.today)
            #expect(first.reminded == 2)  // 李明's e-ID (90-day window), 王芳's licence (7-day window); the pass is 400 days out
            #expect(first.notified == 1)  // only 李明 has an account
            let (second, _) = try await CertificateJobs.nightly(t.app, today: Self.today)
            #expect(second.reminded == 0 && second.alreadyReminded == 2)
            let notices = try await t.send(.GET, "/api/v1/me/notifications", token: token).array
            #expect(notices.filter { ($0["subject"] as? String) == "certificate:id-card" }.count == 1)
            #expect(notices.contains { ($0["titleEn"] as? String)?.contains("e-ID card expires on \(Self.today.adding(days: 60))") == true })
            // 35 days later the e-ID is in its 30-day window: one more reminder, once.
            let (later, _) = try await CertificateJobs.nightly(t.app, today: Self.today.adding(days: 35))
            #expect(later.reminded == 1)
            let (laterAgain, _) = try await CertificateJobs.nightly(t.app, today: Self.today.adding(days: 35))
            #expect(laterAgain.reminded == 0)
            #expect(try await ReminderRow.query(on: t.app.db).count() == 3)
        }
    }

    @Test("two sweeps at once over 3 000 certificates write each reminder exactly once", arguments: DatabaseKind.available)
    func concurrentSweeps(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let cipher = t.registry.cipher
            let sealed = cipher.seal(Data(#"{"name":"李明"}"#.utf8))
            let now = Date()
            // 3 000 current e-IDs of one holder: the one-current-per-type index (tested in CertificateAPITests) is
            // dropped so that the sweep's sharing of work can be tested without 3 000 residents.
            try await (t.app.db as! any SQLDatabase).raw("DROP INDEX uq_credentials_current").run()
            try await t.app.db.transaction { db in
                for i in 0..<3000 {
                    let row = CredentialRow()
                    row.id = UUID()
                    row.type = "id-card"
                    row.holderID = t.liMing.id
                    row.claimsSealed = sealed
                    row.issuedOn = "2010-01-01"
                    row.expiresOn = Self.today.adding(days: 1 + i % 80).description
                    row.status = "valid"
                    row.statusList = 0
                    row.statusIndex = i
                    row.createdAt = now
                    row.updatedAt = now
                    try await row.create(on: db)
                }
            }
            let policy = ReminderPolicy(rules: [.init(type: .idCard, daysBefore: [90, 30, 7])])
            async let a = ReminderSweep(policy: policy, batchSize: 250).run(today: Self.today, on: t.app.db)
            async let b = ReminderSweep(policy: policy, batchSize: 250).run(today: Self.today, on: t.app.db)
            let (ra, rb) = try await (a, b)
            #expect(ra.reminded + rb.reminded == 3000)
            #expect(try await ReminderRow.query(on: t.app.db).count() == 3000)
            let again = try await ReminderSweep(policy: policy, batchSize: 250).run(today: Self.today, on: t.app.db)
            #expect(again.reminded == 0 && again.alreadyReminded == 3000 && again.scanned == 3000)
        }
    }

    @Test("an opted-in holder's e-ID is renewed: application opened, approved, produced, posted, tracked to delivery, e-ID re-issued",
          arguments: DatabaseKind.available)
    func renewalToDelivery(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let citizen = try await ApplicationAPITests().l3Citizen(t)
            try await t.registry.setPhoto(residentID: t.liMing.id, photo: try FaceAPITests.fixture("obama_1.jpg"), actor: .system("test"), reason: "出入境证件照", on: t.app.db)
            let credentials = CredentialRepository(cipher: t.registry.cipher)
            try await credentials.record(Self.document(.idCard, expiresIn: 60, issuedYearsAgo: 20), residentID: t.liMing.id, on: t.app.db)
            let cards = try await t.send(.GET, "/api/v1/me/certificates", token: citizen).array
            let oldID = try #require(UUID(uuidString: cards.first { $0["type"] as? String == "id-card" }?["id"] as? String ?? ""))

            // Not opted in: reminded, nothing opened.
            let (_, none) = try await CertificateJobs.nightly(t.app, today: Self.today)
            #expect(none.opened.isEmpty && none.refused.values.contains(.notOptedIn))
            let opted = try await t.send(.PUT, "/api/v1/me/renewal", json: #"{"optIn":true}"#, token: citizen)
            #expect(opted.object["optedIn"] as? Bool == true)
            let (_, renewals) = try await CertificateJobs.nightly(t.app, today: Self.today)
            #expect(renewals.opened.count == 1)
            let (_, twice) = try await CertificateJobs.nightly(t.app, today: Self.today)
            #expect(twice.opened.isEmpty)

            let mine = try await t.send(.GET, "/api/v1/applications", token: citizen).array
            let renewal = try #require(mine.first { $0["service"] as? String == "HZ-44" })
            #expect(renewal["channel"] as? String == "system")
            let id = try #require(renewal["id"] as? String)
            let intake = try await t.officerToken(), approver = try await t.officerToken("010002")
            for action in ["accept", "start-review", "forward-for-approval"] {
                #expect(try await t.send(.POST, "/api/v1/officer/applications/\(id)/actions", json: #"{"action":"\#(action)"}"#, token: intake).status == .ok)
            }
            #expect(try await t.send(.POST, "/api/v1/officer/applications/\(id)/actions", json: #"{"action":"approve"}"#, token: approver).status == .ok)

            var state = try await t.send(.GET, "/api/v1/me/renewal", token: citizen).object
            let orders = try #require(state["productionOrders"] as? [[String: Any]])
            #expect(orders.count == 1 && orders[0]["state"] as? String == "queued")
            let orderID = try #require(UUID(uuidString: orders[0]["id"] as! String))
            let desk = OrderDesk(cipher: t.registry.cipher)
            await #expect(throws: OrderError.badTransition(from: "queued", to: "dispatched")) {
                try await desk.advance(orderID, to: .dispatched, actor: .system("card-centre"), on: t.app.db)
            }
            try await desk.advance(orderID, to: .made, actor: .system("card-centre"), on: t.app.db)
            let (_, mail) = try await desk.advance(orderID, to: .dispatched, actor: .system("card-centre"), on: t.app.db)
            let tracking = try #require(mail?.trackingNumber)
            #expect(mail?.address == "深圳市福田区深南大道6008号")
            state = try await t.send(.GET, "/api/v1/me/renewal", token: citizen).object
            let posted = try #require((state["mailOrders"] as? [[String: Any]])?.first)
            #expect(posted["address"] as? String == "深圳市福田区****")
            try await desk.track(tracking, state: .inTransit, actor: .system("ems"), on: t.app.db)
            try await desk.track(tracking, state: .delivered, actor: .system("ems"), on: t.app.db)
            await #expect(throws: OrderError.badTransition(from: "delivered", to: "returned")) {
                try await desk.track(tracking, state: .returned, actor: .system("ems"), on: t.app.db)
            }

            // The new card: issued today, 20 years at 36; the e-ID re-issued and the old one superseded.
            let all = try await credentials.credentials(holderID: t.liMing.id, on: t.app.db).filter { $0.type == .idCard }
            #expect(all.first { $0.id == oldID }?.status == .superseded)
            let current = try #require(all.first { $0.status == .valid })
            #expect(current.issuedOn == Self.today && current.expiresOn == Self.today.adding(years: 20))
            let notices = try await t.send(.GET, "/api/v1/me/notifications", token: citizen).array.compactMap { $0["titleEn"] as? String }
            for step in ["applied for its renewal", "queued for production", "has been made", "has been posted", "on its way", "was delivered"] {
                #expect(notices.contains { $0.contains(step) }, "no notice for \(step)")
            }
        }
    }
}
