import Foundation
import MinshengCore
import MinshengStore
import MinshengTesting
import Testing
import Vapor
import VaporTesting

/// Household-level effects through the API on both databases: an application is submitted, taken through its steps by
/// the unit's officers, and the registry shows the change with a version pointing at the application.
@Suite("Registry effects of approved applications")
struct RegistryEffectsAPITests {
    /// A citizen linked to a resident and raised to L3 at the counter.
    func l3Citizen(_ t: TestApp, phone: String = "13800138000", resident: Resident) async throws -> String {
        let token = try await t.citizenToken(phone: phone)
        let linked = try await t.send(.POST, "/api/v1/me/identity", json: #"{"name":"\#(resident.name.value)","idNumber":"\#(resident.idNumber.value)"}"#, token: token)
        #expect(linked.status == .ok, "\(linked.text)")
        let officer = try await t.officerToken()
        let raised = try await t.send(.POST, "/api/v1/officer/residents/\(resident.id.uuidString)/in-person-verification",
                                      json: #"{"purpose":"窗口核验","idCardChecked":true}"#, token: officer)
        #expect(raised.status == .ok)
        return token
    }

    /// Submits and takes the application through whatever steps its service has, as the unit's officers; returns the
    /// reference and the last response (completed, or the refusal).
    func apply(_ t: TestApp, token: String, service: String, form: [String: String]) async throws -> (String, TestingHTTPResponse) {
        let body = try JSONSerialization.data(withJSONObject: ["service": service, "form": form, "idempotencyKey": "effects-\(service)-\(UUID().uuidString.prefix(8))"])
        let submitted = try await t.send(.POST, "/api/v1/applications", json: String(decoding: body, as: UTF8.self), token: token)
        #expect(submitted.status == .created, "\(service): \(submitted.text)")
        let id = try #require(submitted.object["id"] as? String, "\(service): \(submitted.text)")
        let reference = try #require(submitted.object["reference"] as? String)
        // Separation of duties: the officer who accepts does not approve, so an intake-only item needs a second intake officer.
        if try await OfficerRepository().credentials(policeNumber: "010004", on: t.app.db) == nil {
            _ = try await OfficerRepository().addOfficer(policeNumber: "010004", name: "何警官", unitCode: "FT", roles: [.intake],
                                                         passwordHash: try Bcrypt.hash(TestApp.officerPassword, cost: 4), actor: .system("test"), on: t.app.db)
        }
        let officers = [try await t.officerToken("010001"), try await t.officerToken("010002"), try await t.officerToken("010004")]
        var last = submitted
        for _ in 0..<8 {
            var acted = false
            for officer in officers {
                let view = try await t.send(.GET, "/api/v1/officer/applications/\(id)", token: officer)
                let actions = view.object["availableActions"] as? [String] ?? []
                guard let next = ["accept", "start-review", "forward-for-approval", "approve"].first(where: actions.contains) else { continue }
                last = try await t.send(.POST, "/api/v1/officer/applications/\(id)/actions", json: #"{"action":"\#(next)","comment":"核查无误"}"#, token: officer)
                if last.status != .ok { return (reference, last) }
                acted = true
                break
            }
            if !acted || last.object["state"] as? String == "completed" { break }
        }
        return (reference, last)
    }

    /// The household a seeded resident was registered into.
    func householdID(_ t: TestApp, _ resident: Resident) async throws -> UUID {
        try #require(try await t.registry.resident(id: resident.id, on: t.app.db)?.householdID)
    }

    func id(_ region: String, _ birth: String, _ sequence: Int) -> IDNumber {
        IDNumber.make(regionCode: region, birthDate: CivilDate(iso: birth)!, sequence: sequence)!
    }

    @Test("a spouse new to the registry joins the household (夫妻投靠)", arguments: DatabaseKind.available)
    func spouseJoins(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let token = try await l3Citizen(t, resident: t.liMing)
            let spouse = id("110101", "1992-03-03", 2)
            let (reference, done) = try await apply(t, token: token, service: "HZ-18", form: [
                "subjectIdNumber": spouse.value, "subjectName": "孙丽", "subjectGender": "female", "subjectBirthDate": "1992-03-03",
                "subjectEthnicity": "01", "relation": "spouse", "marriageDate": "2020-05-20", "originDivision": "110101",
            ])
            #expect(done.object["state"] as? String == "completed", "\(done.text)")
            let joined = try #require(try await t.registry.resident(idNumber: spouse, on: t.app.db))
            #expect(joined.name.value == "孙丽")
            #expect(joined.householdID == (try await householdID(t, t.liMing)))
            #expect(joined.relation == .spouse)
            #expect(joined.divisionCode == "440304")
            #expect(joined.status == .active)
            let versions = try await t.registry.versions(residentID: joined.id, on: t.app.db)
            #expect(versions.map(\.number) == [1])
            #expect(versions.first?.applicationReference == reference)
            #expect(versions.first?.actor == .officer("010002"))
        }
    }

    @Test("a newborn gets a record and an ID number with the household's region and the sex's parity (出生登记)", arguments: DatabaseKind.available)
    func birth(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let token = try await l3Citizen(t, resident: t.liMing)
            let born = CivilDate.today().adding(days: -10)
            let (reference, done) = try await apply(t, token: token, service: "HZ-21", form: [
                "childName": "李小满", "childGender": "male", "childBirthDate": born.description, "childEthnicity": "01",
                "birthplace": "440304", "fatherIdNumber": t.liMing.idNumber.value, "motherIdNumber": t.wangFang.idNumber.value,
                "relation": "child", "birthCertificateNumber": "Q440012345",
            ])
            #expect(done.object["state"] as? String == "completed", "\(done.text)")
            let (_, members) = try #require(try await t.registry.household(id: try await householdID(t, t.liMing), on: t.app.db))
            let child = try #require(members.first { $0.name.value == "李小满" })
            #expect(child.idNumber.regionCode == "440304")
            #expect(child.idNumber.birthDate == born)
            #expect(child.idNumber.gender == .male)
            #expect(child.relation == .child)
            #expect(child.birthplace == "440304")
            #expect(try await t.registry.versions(residentID: child.id, on: t.app.db).first?.applicationReference == reference)
        }
    }

    @Test("the head changes; the move-in date is corrected; the whole household moves within the city", arguments: DatabaseKind.available)
    func moveHeadAndMoveIn(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let token = try await l3Citizen(t, resident: t.liMing)
            let home = try await householdID(t, t.liMing)
            var (reference, done) = try await apply(t, token: token, service: "HZ-09", form: [
                "subjectIdNumber": t.wangFang.idNumber.value, "subjectName": "王芳", "reason": "agreement",
            ])
            #expect(done.object["state"] as? String == "completed", "\(done.text)")
            var (household, members) = try #require(try await t.registry.household(id: home, on: t.app.db))
            #expect(household.headID == t.wangFang.id)
            #expect(members.first { $0.id == t.wangFang.id }?.relation == .head)
            #expect(members.first { $0.id == t.liMing.id }?.relation == .spouse)

            (reference, done) = try await apply(t, token: token, service: "HZ-06", form: [
                "correctMoveInDate": "2012-09-01", "correctMoveInReason": "工作调动",
            ])
            #expect(done.object["state"] as? String == "completed", "\(done.text)")
            let li = try #require(try await t.registry.resident(id: t.liMing.id, on: t.app.db))
            #expect(li.moveInDate == CivilDate(iso: "2012-09-01"))
            #expect(li.moveInReason == "工作调动")
            let last = try await t.registry.versions(residentID: t.liMing.id, on: t.app.db).last
            #expect(last?.changedFields == ["moveInDate", "moveInReason"])
            #expect(last?.applicationReference == reference)
            (reference, done) = try await apply(t, token: token, service: "HZ-29", form: [
                "newAddress": "深圳市南山区科技园科苑路15号", "newDivision": "440305", "scope": "household",
            ])
            #expect(done.object["state"] as? String == "completed", "\(done.text)")
            (household, members) = try #require(try await t.registry.household(id: home, on: t.app.db))
            #expect(household.address == "深圳市南山区科技园科苑路15号")
            #expect(household.divisionCode == "440305")
            #expect(members.allSatisfy { $0.divisionCode == "440305" })
            #expect(try await t.registry.versions(residentID: t.wangFang.id, on: t.app.db).last?.applicationReference == reference)
            // The household is now in 南山: a new application goes to 南山's queue, not 福田's.
            let body = #"{"service":"HZ-07","form":{"field":"education","newValue":"研究生"},"idempotencyKey":"after-move-0001"}"#
            let later = try await t.send(.POST, "/api/v1/applications", json: body, token: token)
            let laterID = try #require(later.object["id"] as? String, "\(later.text)")
            let queue = try await t.send(.GET, "/api/v1/officer/queue", token: try await t.officerToken("010001"))
            #expect(!queue.array.contains { $0["id"] as? String == laterID })
            #expect(try await t.send(.GET, "/api/v1/officer/applications/\(laterID)", token: try await t.officerToken("010001")).status == .notFound)
        }
    }

    @Test("a member splits off with a child; a head cannot leave members behind, and nothing changes when refused", arguments: DatabaseKind.available)
    func splitAndRefusal(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let home = try await householdID(t, t.liMing)
            // A grown child of 李明's household, who splits off with their own child.
            let son = Resident(idNumber: id("440304", "2000-02-02", 11), name: try PersonName("李强"), gender: .male, ethnicity: .han,
                               birthDate: CivilDate(iso: "2000-02-02")!, relation: .child, divisionCode: "440304")
            let grandchild = Resident(idNumber: id("440304", "2022-06-06", 21), name: try PersonName("李安"), gender: .female, ethnicity: .han,
                                      birthDate: CivilDate(iso: "2022-06-06")!, relation: .grandchild, divisionCode: "440304")
            for member in [son, grandchild] {
                var joined = member
                joined.householdID = home
                _ = try await t.registry.create(resident: joined, actor: .system("test"), reason: "test", applicationReference: nil, on: t.app.db)
            }
            try await AgencyRecords().record("ownsHousingInShenzhen", residentID: son.id, source: "test", on: t.app.db)
            try await AgencyRecords().record("ownsHousingInShenzhen", residentID: t.liMing.id, source: "test", on: t.app.db)

            // The head may not establish a new household and leave the others without one; the refusal changes nothing.
            let head = try await l3Citizen(t, resident: t.liMing)
            let (_, refused) = try await apply(t, token: head, service: "HZ-38", form: [
                "address": "深圳市福田区福华三路100号", "division": "440304", "propertyCertificateNumber": "粤2024深圳市不动产权第0000001号",
            ])
            #expect(refused.status == .unprocessableEntity, "\(refused.text)")
            #expect(refused.text.contains("户主变更"))
            #expect(try await t.registry.household(id: home, on: t.app.db)?.1.count == 4)
            #expect(try await t.registry.versions(residentID: t.liMing.id, on: t.app.db).count == 1)

            let token = try await l3Citizen(t, phone: "13700137000", resident: son)
            let (reference, done) = try await apply(t, token: token, service: "HZ-37", form: [
                "address": "深圳市福田区梅林路8号", "division": "440304", "membersLeaving": grandchild.idNumber.value,
            ])
            #expect(done.object["state"] as? String == "completed", "\(done.text)")
            let moved = try #require(try await t.registry.resident(id: son.id, on: t.app.db))
            #expect(moved.householdID != home)
            #expect(moved.relation == .head)
            let (household, members) = try #require(try await t.registry.household(id: moved.householdID!, on: t.app.db))
            #expect(household.headID == son.id)
            #expect(household.address == "深圳市福田区梅林路8号")
            #expect(members.map(\.name.value) == ["李强", "李安"])
            #expect(members.last?.relation == .child)
            #expect(try await t.registry.household(id: home, on: t.app.db)?.1.count == 2)
            #expect(try await t.registry.versions(residentID: grandchild.id, on: t.app.db).last?.applicationReference == reference)
        }
    }

    @Test("a moved-out member is restored into a named household; a graduate settles into another household", arguments: DatabaseKind.available)
    func restoreAndSettle(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            try await t.registry.update(residentID: t.wangFang.id, actor: .system("test"), reason: "迁出", on: t.app.db) { $0.status = .movedOut }
            let token = try await l3Citizen(t, resident: t.liMing)
            var (reference, done) = try await apply(t, token: token, service: "HZ-12", form: [
                "subjectIdNumber": t.wangFang.idNumber.value, "subjectName": "王芳", "targetHouseholdNumber": "440304000000001",
                "destination": "未落户",
            ])
            #expect(done.object["state"] as? String == "completed", "\(done.text)")
            let wang = try #require(try await t.registry.resident(id: t.wangFang.id, on: t.app.db))
            #expect(wang.status == .active)
            #expect(try await t.registry.versions(residentID: t.wangFang.id, on: t.app.db).last?.applicationReference == reference)

            let graduate = id("430102", "2002-08-08", 35)
            (reference, done) = try await apply(t, token: token, service: "HZ-32", form: [
                "subjectIdNumber": graduate.value, "subjectName": "周文", "subjectGender": "male", "subjectBirthDate": "2002-08-08",
                "subjectEthnicity": "01", "relation": "other", "targetHouseholdNumber": "440306000000001", "school": "湖南大学",
                "approvalNumber": "深人社2026-0001",
            ])
            #expect(done.object["state"] as? String == "completed", "\(done.text)")
            let settled = try #require(try await t.registry.resident(idNumber: graduate, on: t.app.db))
            #expect(settled.householdID == (try await householdID(t, t.otherDistrict)))
            #expect(settled.divisionCode == "440306")

            // A household number that does not exist is refused with the reason, and nothing is registered.
            let stranger = id("430102", "2001-01-01", 37)
            let (_, refused) = try await apply(t, token: token, service: "HZ-32", form: [
                "subjectIdNumber": stranger.value, "subjectName": "吴迪", "subjectGender": "male", "subjectBirthDate": "2001-01-01",
                "subjectEthnicity": "01", "relation": "other", "targetHouseholdNumber": "440306999999999", "school": "湖南大学",
                "approvalNumber": "深人社2026-0002",
            ])
            #expect(refused.status == .unprocessableEntity, "\(refused.text)")
            #expect(try await t.registry.resident(idNumber: stranger, on: t.app.db) == nil)
        }
    }
}
