import Foundation
import MinshengCore
import Testing

@Suite("Validity periods, reminder windows and purposes")
struct RulesTests {
    func d(_ s: String) -> CivilDate { CivilDate(iso: s)! }

    @Test("ID card validity by age at issue: 5 / 10 / 20 years / long-term, with the boundaries")
    func idCard() {
        let birth = d("2000-06-15")
        #expect(CredentialValidity.idCardExpiry(issued: d("2016-06-14"), birthDate: birth) == d("2021-06-14"))  // 15
        #expect(CredentialValidity.idCardExpiry(issued: d("2016-06-15"), birthDate: birth) == d("2026-06-15"))  // 16
        #expect(CredentialValidity.idCardExpiry(issued: d("2026-06-14"), birthDate: birth) == d("2036-06-14"))  // 25
        #expect(CredentialValidity.idCardExpiry(issued: d("2026-06-15"), birthDate: birth) == d("2046-06-15"))  // 26
        #expect(CredentialValidity.idCardExpiry(issued: d("2046-06-14"), birthDate: birth) == d("2066-06-14"))  // 45
        #expect(CredentialValidity.idCardExpiry(issued: d("2046-06-15"), birthDate: birth) == nil)  // 46: long-term
        #expect(CredentialValidity.drivingLicenceExpiry(issued: d("2020-01-01"), previous: 0) == d("2026-01-01"))
        #expect(CredentialValidity.drivingLicenceExpiry(issued: d("2026-01-01"), previous: 1) == d("2036-01-01"))
        #expect(CredentialValidity.drivingLicenceExpiry(issued: d("2036-01-01"), previous: 2) == nil)
        #expect(CredentialValidity.hkMacauPassExpiry(issued: d("2020-01-01"), birthDate: d("2005-01-02")) == d("2025-01-01"))
        #expect(CredentialValidity.hkMacauPassExpiry(issued: d("2021-01-02"), birthDate: d("2005-01-02")) == d("2031-01-02"))
        #expect(CredentialValidity.residencePermitAnniversary(start: d("2024-03-10"), today: d("2026-12-01")) == d("2027-03-10"))
        #expect(CredentialValidity.residencePermitAnniversary(start: d("2024-03-10"), today: d("2027-03-10")) == d("2027-03-10"))
    }

    @Test("the reminder due is the tightest window entered; none before the first or after the date")
    func windows() {
        let policy = ReminderPolicy(rules: [.init(type: .idCard, daysBefore: [90, 30, 7])])
        let due = d("2027-03-01")
        #expect(policy.window(for: .idCard, due: due, today: due.adding(days: -91)) == nil)
        #expect(policy.window(for: .idCard, due: due, today: due.adding(days: -90))?.daysBefore == 90)
        #expect(policy.window(for: .idCard, due: due, today: due.adding(days: -31))?.daysBefore == 90)
        #expect(policy.window(for: .idCard, due: due, today: due.adding(days: -25))?.daysBefore == 30)
        #expect(policy.window(for: .idCard, due: due, today: due)?.daysBefore == 7)
        #expect(policy.window(for: .idCard, due: due, today: due.adding(days: 1)) == nil)
        #expect(policy.window(for: .drivingLicence, due: due, today: due) == nil)
        #expect(policy.window(for: .idCard, due: due, today: due.adding(days: -3))?.key == "7d:2027-03-01")
        #expect(ReminderPolicy.validate(ReminderPolicy(rules: [.init(type: .idCard, daysBefore: [0, 30, 30])])).count == 2)
    }

    @Test("a purpose sees only its claims; a badly written purpose is refused with reasons")
    func purposes() {
        let hotel = Purpose(id: "hotel", name: LocalizedText(zh: "酒店入住", en: "Hotel check-in"), types: [.idCard],
                            claims: [.name, .photo, .idNumberMasked, .validUntil], photo: true, code: 1)
        let credential = Credential(type: .idCard, holderResidentID: UUID(),
                                    claims: [.name: "李明", .idNumberMasked: "4403**********0011", .idNumber: "440304199001010011", .address: "深圳市福田区", .validUntil: "2030-01-01"],
                                    photoDigest: Data([1, 2]), issuedOn: d("2010-01-01"), expiresOn: d("2030-01-01"), statusIndex: 0)
        let shown = credential.disclosed(to: hotel)
        #expect(shown.map(\.0) == [.name, .photo, .idNumberMasked, .validUntil])
        #expect(!shown.contains { $0.0 == .address || $0.0 == .idNumber })
        #expect(hotel.claims(of: .idCard) == [.name, .idNumberMasked, .validUntil])
        #expect(PurposeCatalog.validate([hotel]).isEmpty)
        let bad = Purpose(id: "Hotel", name: LocalizedText(zh: "", en: "x"), types: [.vehicleLicence], claims: [.photo], photo: true, code: 300)
        let problems = PurposeCatalog.validate([bad, hotel, hotel])
        #expect(problems.contains { $0.contains("lowercase") })
        #expect(problems.contains { $0.contains("code must be 1–255") })
        #expect(problems.contains { $0.contains("claim photo is carried by none") })
        #expect(problems.contains { $0.contains("used twice") })
    }
}
