import Foundation
import MinshengCore
import Testing

/// The 2017 policy as `Resources/points/2017.yaml` gives it (the catalog tests check the file itself).
extension PointsPolicy {
    static func sample(quota: Int = 3) -> PointsPolicy {
        let s = "test"
        return PointsPolicy(
            year: 2017, name: LocalizedText(zh: "积分入户", en: "Points"), basis: "test",
            conditions: .init(maxAgeMale: .init(55, source: s), maxAgeFemale: .init(50, source: s), residencePermit: .init(true, source: s),
                              minHousingMonths: .init(60, source: s), minPensionMonths: .init(60, source: s), contributingAtDeadline: .init(true, source: s),
                              noBannedOrganisation: .init(true, source: s), familyPlanningFeesPaid: .init(true, source: s)),
            points: .init(ownedHousingPerMonth: .init(Points(1), source: s), rentedHousingPerMonth: .init(Points(tenths: 2), source: s),
                          pensionPerMonth: .init(Points(tenths: 15), source: s), oneHousingIndicator: .init(true, source: s), minOwnershipShare: .init(50, source: s)),
            deductions: .init(creditUnder90Days: .init(Points(-15), source: s), credit90DaysOrMore: .init(Points(-30), source: s),
                              courtDefaulter: .init(Points(-100), source: s), criminalRecord: .init(Points(-200), source: s), drugRecord: .init(Points(-150), source: s)),
            cap: .init(nil, source: s), quota: .init(quota, source: "assumed: test"),
            window: .init(opens: .init("06-25", source: s), closes: .init("09-30", source: s)),
            objectionDays: .init(7, source: s), tieBreak: .init([.pensionMonths, .residencePermitStart, .submittedAt], source: "assumed: test"))
    }
}

@Suite("Points scoring: months, ages, housing, deductions, eligibility dates, ranking")
struct PointsScorerTests {
    static let scorer = PointsScorer(policy: .sample())
    static func d(_ s: String) -> CivilDate { CivilDate(iso: s)! }
    static func m(_ s: String) -> YearMonth { YearMonth(iso: s)! }

    /// Regular contributions for every month from `from` to `to` inclusive.
    static func pension(_ from: String, _ to: String, except: Set<String> = [], backPaid: Set<String> = []) -> [PointsEvidence.PensionMonth] {
        (m(from).index...m(to).index).compactMap { index in
            let month = YearMonth(index: index)
            if except.contains(month.description) { return nil }
            return .init(month: month, backPaid: backPaid.contains(month.description))
        }
    }

    /// A 35-year-old man with a valid permit, a lease and contributions from `since` to the 2017 deadline.
    static func applicant(since: String = "2012-10", leaseFrom: String = "2012-10-01", birth: String = "1982-05-01", gender: Gender = .male) -> PointsEvidence {
        PointsEvidence(gender: gender, birthDate: d(birth), pension: pension(since, "2017-09"),
                       leases: [.init(reference: "ZL-1", startsOn: d(leaseFrom), endsOn: d("2019-12-31"))],
                       residencePermits: [.init(number: "440300201200001", issuedOn: d("2012-06-01"), expiresOn: d("2018-05-31"))])
    }

    static func condition(_ a: PointsAssessment, _ id: PointsAssessment.ConditionID) -> PointsAssessment.Condition { a.conditions.first { $0.id == id }! }
    static func item(_ a: PointsAssessment, _ id: PointsAssessment.ItemID) -> PointsAssessment.Item? { (a.items + a.deductions).first { $0.id == id && $0.counted } }

    @Test("a month counts only when the period holds all of it; across year ends too")
    func fullMonths() {
        #expect(YearMonth.fullMonths(from: Self.d("2017-06-15"), through: Self.d("2017-09-30")) == Self.m("2017-07").index...Self.m("2017-09").index)
        #expect(YearMonth.fullMonths(from: Self.d("2017-06-01"), through: Self.d("2017-09-29")) == Self.m("2017-06").index...Self.m("2017-08").index)
        #expect(YearMonth.fullMonths(from: Self.d("2016-12-01"), through: Self.d("2017-01-31"))?.count == 2)
        #expect(YearMonth.fullMonths(from: Self.d("2017-02-02"), through: Self.d("2017-02-28")) == nil)
        #expect(YearMonth.fullMonths(from: Self.d("2016-02-01"), through: Self.d("2016-02-29"))?.count == 1)
        #expect(YearMonth(iso: "2017-13") == nil && YearMonth(iso: "17-01") == nil && Self.m("2016-12").adding(1) == Self.m("2017-01"))
    }

    @Test("exactly 60 months meets the five years; a one-month gap does not; a back-paid month does not count")
    func pensionMonths() {
        let exactly = Self.scorer.assess(Self.applicant(), year: 2017)
        #expect(exactly.pensionMonths == 60 && Self.condition(exactly, .pension).met)
        #expect(exactly.eligible)
        var gap = Self.applicant()
        gap.pension = Self.pension("2012-10", "2017-09", except: ["2014-03"])
        let withGap = Self.scorer.assess(gap, year: 2017)
        #expect(withGap.pensionMonths == 59 && !Self.condition(withGap, .pension).met)
        #expect(Self.item(withGap, .pension)?.sources == ["养老保险 2012-10–2014-02（17 个月）", "养老保险 2014-04–2017-09（42 个月）"])
        var backPaid = Self.applicant()
        backPaid.pension = Self.pension("2012-10", "2017-09", backPaid: ["2014-03"])
        let paidLate = Self.scorer.assess(backPaid, year: 2017)
        #expect(paidLate.pensionMonths == 59)
        #expect(Self.item(paidLate, .pension)?.note?.zh.contains("2014-03") == true)
        // 59 months × 1.5 + 59 months rented × 0.2 (the lease from 2012-10 gives 60 months; housing counts 60).
        #expect(Self.item(paidLate, .pension)?.points == Points(tenths: 885))
        // A month on record both regular and back-paid counts once, as regular.
        var both = Self.applicant()
        both.pension += [.init(month: Self.m("2015-01"), backPaid: true)]
        #expect(Self.scorer.assess(both, year: 2017).pensionMonths == 60)
    }

    @Test("age on the deadline to the day: a man turning 55 on 30 September is no longer under 55; women under 50")
    func ages() {
        #expect(!Self.condition(Self.scorer.assess(Self.applicant(birth: "1962-09-30"), year: 2017), .age).met)
        #expect(Self.condition(Self.scorer.assess(Self.applicant(birth: "1962-10-01"), year: 2017), .age).met)
        #expect(!Self.condition(Self.scorer.assess(Self.applicant(birth: "1967-09-30", gender: .female), year: 2017), .age).met)
        #expect(Self.condition(Self.scorer.assess(Self.applicant(birth: "1967-10-01", gender: .female), year: 2017), .age).met)
        #expect(Self.condition(Self.scorer.assess(Self.applicant(birth: "1967-10-01", gender: .female), year: 2017), .age).reason.en == "Aged 49 on 2017-09-30 (women must be under 50)")
    }

    @Test("owned and rented in the same months: housing counts each month once, and only the housing item worth more scores")
    func housing() {
        var e = Self.applicant(since: "2010-01", leaseFrom: "2010-01-01")
        e.properties = [.init(reference: "FC-9", registeredOn: Self.d("2014-03-10"), sharePercent: 50)]
        let a = Self.scorer.assess(e, year: 2017)
        #expect(a.housingMonths == 93)  // 2010-01 … 2017-09
        let owned = a.items.first { $0.id == .ownedHousing }!
        let rented = a.items.first { $0.id == .rentedHousing }!
        #expect(owned.quantity == 42 && rented.quantity == 93)  // owned from 2014-04 (March not whole)
        #expect(owned.counted && !rented.counted)  // 42 > 18.6
        #expect(rented.note?.en.contains("Only one") == true)
        #expect(a.total == Points(42) + Points(tenths: 15) * 93)
        // A 49% share does not count as owned; the lease does.
        e.properties[0].sharePercent = 49
        let minority = Self.scorer.assess(e, year: 2017)
        #expect(minority.items.first { $0.id == .rentedHousing }!.counted && minority.items.first { $0.id == .ownedHousing }!.quantity == 0)
        // Sold before the deadline: owned housing does not count at all (a property must be held at the deadline).
        e.properties = [.init(reference: "FC-9", registeredOn: Self.d("2011-01-01"), endedOn: Self.d("2016-01-01"))]
        let sold = Self.scorer.assess(e, year: 2017)
        #expect(sold.items.first { $0.id == .ownedHousing }!.counted == false)
        #expect(sold.items.first { $0.id == .ownedHousing }!.note?.en.contains("No property held") == true)
    }

    @Test("deductions: overdue under and over 90 days, repaid before the deadline, a lifted listing, a criminal and a drug record")
    func deductions() {
        var e = Self.applicant()
        e.credit = [.init(reference: "XY-1", overdueSince: Self.d("2016-01-01"), overdueDays: 89),
                    .init(reference: "XY-2", overdueSince: Self.d("2016-01-01"), overdueDays: 90),
                    .init(reference: "XY-3", overdueSince: Self.d("2016-01-01"), overdueDays: 200, repaidOn: Self.d("2017-09-30")),
                    .init(reference: "XY-4", overdueSince: Self.d("2016-01-01"), overdueDays: 30, repaidOn: Self.d("2017-10-01"))]
        e.courtDefaulter = [.init(reference: "SX-1", since: Self.d("2015-01-01"), until: Self.d("2017-09-01"))]
        let a = Self.scorer.assess(e, year: 2017)
        #expect(Self.item(a, .creditUnder90)?.quantity == 2)  // XY-1, and XY-4 repaid only after the deadline
        #expect(Self.item(a, .credit90OrMore)?.quantity == 1)
        #expect(Self.item(a, .courtDefaulter) == nil)
        #expect(a.deductions.contains { !$0.counted && $0.sources.first?.contains("XY-3") == true })
        e.criminal = [.init(reference: "XS-1", since: Self.d("2008-05-01"))]
        e.drug = [.init(reference: "XD-1", since: Self.d("2009-05-01"))]
        e.courtDefaulter = [.init(reference: "SX-2", since: Self.d("2017-01-01"))]
        let b = Self.scorer.assess(e, year: 2017)
        let base = Points(tenths: 15) * 60 + Points(tenths: 2) * 60
        #expect(b.total == base - Points(15) * 2 - Points(30) - Points(100) - Points(200) - Points(150))
        #expect(b.eligible)  // deductions lower the score; they are not conditions
    }

    @Test("still contributing: the deadline's month or the one before; the permit must be valid on the deadline")
    func contributingAndPermit() {
        var e = Self.applicant(since: "2011-01")
        e.pension = Self.pension("2011-01", "2017-08")
        #expect(Self.condition(Self.scorer.assess(e, year: 2017), .contributing).met)
        e.pension = Self.pension("2011-01", "2017-07")
        #expect(!Self.condition(Self.scorer.assess(e, year: 2017), .contributing).met)
        var p = Self.applicant()
        p.residencePermits = [.init(number: "440300201200001", issuedOn: Self.d("2012-06-01"), expiresOn: Self.d("2017-09-29"))]
        #expect(!Self.condition(Self.scorer.assess(p, year: 2017), .residencePermit).met)
    }

    @Test("eligible from: 48 months now is eligible in a year's batch; a banned organisation or the age limit is never")
    func eligibleFrom() {
        let today = Self.d("2017-07-01")
        let short = Self.applicant(since: "2013-08", leaseFrom: "2013-08-01")
        #expect(Self.scorer.eligibleFrom(short, today: today) == .year(2018, deadline: Self.d("2018-09-30")))
        // Counted to today (1 July) the 60 months are not there yet; by the deadline they are.
        #expect(Self.scorer.eligibleFrom(Self.applicant(), today: today) == .year(2017, deadline: Self.d("2017-09-30")))
        #expect(Self.scorer.eligibleFrom(Self.applicant(), today: Self.d("2017-09-30")) == .now)
        var banned = Self.applicant()
        banned.bannedOrganisation = "FJ-1"
        if case .never = Self.scorer.eligibleFrom(banned, today: today) {} else { Issue.record("a banned organisation is not fixed by waiting") }
        let old = Self.applicant(since: "2013-08", leaseFrom: "2013-08-01", birth: "1963-03-01")
        if case .never(let why) = Self.scorer.eligibleFrom(old, today: today) { #expect(why.en.contains("age")) } else { Issue.record("the age limit comes first") }
        // What-if: twelve more months of the same.
        let later = Self.scorer.assess(short.projected(months: 15, from: today), year: 2018)
        #expect(later.eligible && later.pensionMonths == 62)
    }

    @Test("ranking: total, then more pension months, then the earlier permit, then the earlier submission; the quota cuts")
    func ranking() {
        let t = Date(timeIntervalSince1970: 1_500_000_000)
        let ids = (0..<5).map { _ in UUID() }
        let entries = [
            RankEntry(applicationID: ids[0], total: Points(150), pensionMonths: 60, residencePermitStart: Self.d("2012-01-01"), submittedAt: t),
            RankEntry(applicationID: ids[1], total: Points(150), pensionMonths: 70, residencePermitStart: Self.d("2013-01-01"), submittedAt: t),
            RankEntry(applicationID: ids[2], total: Points(150), pensionMonths: 60, residencePermitStart: Self.d("2011-01-01"), submittedAt: t.addingTimeInterval(9)),
            RankEntry(applicationID: ids[3], total: Points(150), pensionMonths: 60, residencePermitStart: Self.d("2011-01-01"), submittedAt: t),
            RankEntry(applicationID: ids[4], total: Points(tenths: 1502), pensionMonths: 10, residencePermitStart: nil, submittedAt: t),
        ]
        let ranked = PointsRanking.rank(entries.shuffled(), tieBreak: PointsPolicy.sample().tieBreak.value, quota: 3)
        #expect(ranked.map(\.entry.applicationID) == [ids[4], ids[1], ids[3], ids[2], ids[0]])
        #expect(ranked.map(\.rank) == [1, 2, 3, 4, 5] && ranked.map(\.admitted) == [true, true, true, false, false])
        #expect(PointsRanking.rank(entries.reversed(), tieBreak: [.pensionMonths, .residencePermitStart, .submittedAt], quota: 3) == ranked)
    }

    @Test("the published list's canonical text reads back; points parse with one decimal at most")
    func listAndPoints() {
        let list = PublishedList(year: 2017, quota: 2, lines: [.init(rank: 1, maskedName: "陈*华", maskedIDNumber: "4305**********0019", score: Points(tenths: 1502), admitted: true),
                                                                .init(rank: 2, maskedName: "李*", maskedIDNumber: "4301**********002X", score: Points(102), admitted: false)])
        #expect(PublishedList(canonicalText: list.canonicalText) == list)
        #expect(list.cutoff == Points(tenths: 1502))
        #expect(PublishedList(canonicalText: list.canonicalText.replacingOccurrences(of: "count=2", with: "count=3")) == nil)
        #expect(Points(text: "0.2") == Points(tenths: 2) && Points(text: "-15") == Points(-15) && Points(text: "1.5")?.description == "1.5")
        #expect(Points(text: "0.25") == nil && Points(text: "abc") == nil && Points(text: "") == nil && Points(tenths: -2).description == "-0.2")
        #expect(PointsPolicy.validate(.sample()).isEmpty)
        var broken = PointsPolicy.sample()
        broken.deductions.criminalRecord = .init(Points(200), source: "")
        broken.tieBreak = .init([.pensionMonths, .pensionMonths], source: "x")
        #expect(PointsPolicy.validate(broken).count == 3)
    }

    @Test("the numbers-only score the batch ranks with agrees with the traced assessment on 3 000 varied applicants")
    func quickAgrees() {
        var rng = SplitMix64(seed: 7)
        func r(_ n: UInt64) -> Int { Int(rng.next() % n) }
        for i in 0..<3000 {
            let start = Self.m("2004-01").adding(r(160))
            var pension: [PointsEvidence.PensionMonth] = []
            for index in start.index...Self.m("2017-12").index where r(30) != 0 { pension.append(.init(month: YearMonth(index: index), backPaid: r(40) == 0)) }
            if r(5) == 0, let first = pension.first { pension.append(.init(month: first.month, backPaid: true)) }
            var e = PointsEvidence(gender: r(2) == 0 ? .male : .female, birthDate: Self.d("1960-01-01").adding(days: r(12000)), pension: pension)
            for k in 0..<r(3) {
                e.leases.append(.init(reference: "L\(k)", startsOn: Self.d("2005-01-01").adding(days: r(4500)), endsOn: Self.d("2012-01-01").adding(days: r(4000))))
            }
            for k in 0..<r(3) {
                let from = Self.d("2006-01-01").adding(days: r(4400))
                e.properties.append(.init(reference: "P\(k)", registeredOn: from, endedOn: r(3) == 0 ? from.adding(days: r(2000)) : nil, sharePercent: 30 + r(71)))
            }
            for k in 0..<r(3) {
                e.credit.append(.init(reference: "C\(k)", overdueSince: Self.d("2014-01-01").adding(days: r(1700)), overdueDays: r(200),
                                      repaidOn: r(2) == 0 ? Self.d("2016-01-01").adding(days: r(900)) : nil))
            }
            if r(20) == 0 { e.courtDefaulter = [.init(reference: "D", since: Self.d("2015-01-01"), until: r(2) == 0 ? Self.d("2017-06-01").adding(days: r(300)) : nil)] }
            if r(30) == 0 { e.criminal = [.init(reference: "X", since: Self.d("2010-01-01"))] }
            if r(30) == 0 { e.drug = [.init(reference: "Y", since: Self.d("2018-01-01").adding(days: -r(2000)))] }
            if r(6) != 0 { e.residencePermits = [.init(number: "R", issuedOn: start.first, expiresOn: Self.d("2016-06-01").adding(days: r(900)))] }
            if r(50) == 0 { e.bannedOrganisation = "B" }
            let full = Self.scorer.assess(e, year: 2017)
            let quick = Self.scorer.quickScore(e, year: 2017)
            #expect(quick.total == full.total && quick.eligible == full.eligible && quick.pensionMonths == full.pensionMonths
                    && quick.housingMonths == full.housingMonths && quick.residencePermitStart == full.residencePermitStart, "applicant \(i)")
            if quick.total != full.total || quick.eligible != full.eligible { break }
        }
    }
}
