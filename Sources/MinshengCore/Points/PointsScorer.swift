import Foundation

/// Scores one applicant against a policy: pure, every point traced to the records it comes from.
public struct PointsScorer: Sendable {
    public let policy: PointsPolicy

    public init(policy: PointsPolicy) { self.policy = policy }

    /// Scores `evidence` for `year`'s batch. Months, housing, records and the contribution are counted up to `asOf`
    /// (the simulator's today, an application's submission) or, without it, the batch deadline; the age is always
    /// taken on the deadline.
    public func assess(_ evidence: PointsEvidence, year: Int, asOf: CivilDate? = nil) -> PointsAssessment {
        let batchDeadline = policy.deadline(in: year)
        let deadline = min(asOf ?? batchDeadline, batchDeadline)
        let deadlineMonth = YearMonth(deadline)
        // The months up to the deadline that can count: the deadline's own month only when the deadline is its last day.
        let lastCountable = deadline == deadlineMonth.last ? deadlineMonth.index : deadlineMonth.index - 1

        // Pension: the months paid on time; gaps and back-paid months do not count.
        var regular = Set<Int>()
        var backPaidOnly = Set<Int>()
        for record in evidence.pension where record.month.index <= lastCountable {
            if record.backPaid { backPaidOnly.insert(record.month.index) } else { regular.insert(record.month.index) }
        }
        backPaidOnly.subtract(regular)
        let pensionMonths = regular.count

        // Owned housing: qualifying properties held at some point up to the deadline.
        let share = policy.points.minOwnershipShare.value
        let qualifying = evidence.properties.filter { $0.sharePercent >= share && $0.registeredOn <= deadline }
        func ownedRange(_ p: PointsEvidence.Property) -> ClosedRange<Int>? {
            let end = min(p.endedOn.map { $0.adding(days: -1) } ?? deadline, deadline)
            return YearMonth.fullMonths(from: p.registeredOn, through: end).map { $0.clamped(to: Int.min...lastCountable) }
        }
        let ownsAtDeadline = qualifying.contains { $0.endedOn == nil || $0.endedOn! > deadline }
        let longest = qualifying.map { ($0, ownedRange($0)?.count ?? 0) }.max { a, b in a.1 != b.1 ? a.1 < b.1 : a.0.registeredOn > b.0.registeredOn }
        let ownedMonths = ownsAtDeadline ? (longest?.1 ?? 0) : 0

        // Rented housing: the months covered whole by registered leases, each month once.
        var rented = Set<Int>()
        var leaseSources: [String] = []
        for lease in evidence.leases where lease.startsOn <= deadline {
            guard let range = YearMonth.fullMonths(from: lease.startsOn, through: min(lease.endsOn, deadline)) else { continue }
            let clamped = range.clamped(to: range.lowerBound...max(range.lowerBound, lastCountable))
            guard clamped.lowerBound <= lastCountable else { continue }
            rented.formUnion(clamped)
            leaseSources.append("租赁登记 \(lease.reference) \(lease.startsOn)–\(lease.endsOn)")
        }
        // Housing for the condition: owned or rented, a month counted once.
        var housing = rented
        for p in qualifying { if let range = ownedRange(p), range.lowerBound <= range.upperBound { housing.formUnion(range) } }

        // Points.
        let rates = policy.points
        let ownedPoints = rates.ownedHousingPerMonth.value * ownedMonths
        let rentedPoints = rates.rentedHousingPerMonth.value * rented.count
        let ownedCounts = !rates.oneHousingIndicator.value || ownedPoints >= rentedPoints
        let rentedCounts = !rates.oneHousingIndicator.value || !ownedCounts
        let onlyOne = LocalizedText(zh: "自有住房与租赁住房只计其中分值较高的一项", en: "Only one of owned and rented housing counts: the one worth more")
        var items: [PointsAssessment.Item] = [
            .init(id: .ownedHousing, quantity: ownedMonths, rate: rates.ownedHousingPerMonth.value, points: ownedPoints, counted: ownedCounts && ownedMonths > 0,
                  note: !ownsAtDeadline && !qualifying.isEmpty
                    ? LocalizedText(zh: "截止日已不持有住房，自有住房不计分", en: "No property held at the deadline: owned housing does not count")
                    : (ownedCounts ? nil : onlyOne),
                  sources: ownsAtDeadline ? longest.map { ["不动产登记 \($0.0.reference) 自 \($0.0.registeredOn)" + ($0.0.endedOn.map { " 至 \($0)" } ?? "") + "，份额 \($0.0.sharePercent)%"] } ?? [] : []),
            .init(id: .rentedHousing, quantity: rented.count, rate: rates.rentedHousingPerMonth.value, points: rentedPoints, counted: rentedCounts && !rented.isEmpty,
                  note: rentedCounts ? nil : onlyOne, sources: leaseSources),
        ]
        var pensionNote: LocalizedText?
        if !backPaidOnly.isEmpty {
            let months = backPaidOnly.sorted().map { YearMonth(index: $0).description }
            pensionNote = LocalizedText(zh: "补缴月份不计分：\(Self.runs(months))", en: "Back-paid months do not count: \(Self.runs(months))")
        }
        items.append(.init(id: .pension, quantity: pensionMonths, rate: rates.pensionPerMonth.value, points: rates.pensionPerMonth.value * pensionMonths,
                           counted: pensionMonths > 0, note: pensionNote, sources: Self.monthRuns(regular).map { "养老保险 \($0)" }))

        // Deductions.
        let d = policy.deductions
        var deductions: [PointsAssessment.Item] = []
        let standing = evidence.credit.filter { $0.overdueSince <= deadline && ($0.repaidOn == nil || $0.repaidOn! > deadline) }
        let short = standing.filter { $0.overdueDays < 90 }
        let long = standing.filter { $0.overdueDays >= 90 }
        if !short.isEmpty {
            deductions.append(.init(id: .creditUnder90, quantity: short.count, rate: d.creditUnder90Days.value, points: d.creditUnder90Days.value * short.count,
                                    counted: true, note: nil, sources: short.map { "信用记录 \($0.reference) 逾期 \($0.overdueDays) 天" }))
        }
        if !long.isEmpty {
            deductions.append(.init(id: .credit90OrMore, quantity: long.count, rate: d.credit90DaysOrMore.value, points: d.credit90DaysOrMore.value * long.count,
                                    counted: true, note: nil, sources: long.map { "信用记录 \($0.reference) 逾期 \($0.overdueDays) 天" }))
        }
        let repaid = evidence.credit.filter { $0.overdueSince <= deadline && $0.repaidOn != nil && $0.repaidOn! <= deadline }
        if !repaid.isEmpty {
            deductions.append(.init(id: .creditUnder90, quantity: repaid.count, rate: .zero, points: .zero, counted: false,
                                    note: LocalizedText(zh: "截止日前已还清，不扣分", en: "Repaid before the deadline: not deducted"),
                                    sources: repaid.map { "信用记录 \($0.reference) 逾期 \($0.overdueDays) 天，\($0.repaidOn!) 还清" }))
        }
        let listed = evidence.courtDefaulter.filter { $0.since <= deadline && ($0.until == nil || $0.until! > deadline) }
        if !listed.isEmpty {
            deductions.append(.init(id: .courtDefaulter, quantity: 1, rate: d.courtDefaulter.value, points: d.courtDefaulter.value, counted: true, note: nil,
                                    sources: listed.map { "失信被执行人名单 \($0.reference) 自 \($0.since)" }))
        }
        let crimes = evidence.criminal.filter { $0.since <= deadline }
        if !crimes.isEmpty {
            deductions.append(.init(id: .criminalRecord, quantity: 1, rate: d.criminalRecord.value, points: d.criminalRecord.value, counted: true, note: nil,
                                    sources: crimes.map { "刑事犯罪记录 \($0.reference)" }))
        }
        let drugs = evidence.drug.filter { $0.since <= deadline }
        if !drugs.isEmpty {
            deductions.append(.init(id: .drugRecord, quantity: 1, rate: d.drugRecord.value, points: d.drugRecord.value, counted: true, note: nil,
                                    sources: drugs.map { "吸毒记录 \($0.reference)" }))
        }

        var total = (items + deductions).filter(\.counted).reduce(Points.zero) { $0 + $1.points }
        if let cap = policy.cap.value, total > cap { total = cap }

        // Conditions.
        let c = policy.conditions
        let age = evidence.birthDate.age(on: batchDeadline)
        let limit = evidence.gender == .male ? c.maxAgeMale.value : c.maxAgeFemale.value
        let genderZh = evidence.gender == .male ? "男性" : "女性"
        let genderEn = evidence.gender == .male ? "men" : "women"
        var conditions: [PointsAssessment.Condition] = [
            .init(id: .age, met: age < limit,
                  reason: LocalizedText(zh: "截至 \(batchDeadline) 年满 \(age) 周岁（\(genderZh)须未满 \(limit) 周岁）", en: "Aged \(age) on \(batchDeadline) (\(genderEn) must be under \(limit))"),
                  sources: ["户籍：出生日期 \(evidence.birthDate)"]),
        ]
        if c.residencePermit.value {
            let valid = evidence.residencePermits.first { $0.issuedOn <= deadline && $0.expiresOn >= deadline }
            conditions.append(.init(id: .residencePermit, met: valid != nil,
                                    reason: valid.map { LocalizedText(zh: "居住证有效期至 \($0.expiresOn)", en: "Residence permit valid until \($0.expiresOn)") }
                                        ?? LocalizedText(zh: "截至 \(deadline) 无有效居住证", en: "No residence permit valid on \(deadline)"),
                                    sources: evidence.residencePermits.map { "居住证 \(Masking.idNumber($0.number)) \($0.issuedOn)–\($0.expiresOn)" }))
        }
        let minHousing = c.minHousingMonths.value
        conditions.append(.init(id: .housing, met: housing.count >= minHousing,
                                reason: LocalizedText(zh: "在深住房 \(housing.count) 个月（须满 \(minHousing) 个月）", en: "\(housing.count) months of housing in Shenzhen (\(minHousing) needed)"),
                                sources: items[0].sources + leaseSources))
        let minPension = c.minPensionMonths.value
        conditions.append(.init(id: .pension, met: pensionMonths >= minPension,
                                reason: LocalizedText(zh: "按时缴纳养老保险 \(pensionMonths) 个月（须满 \(minPension) 个月，中断和补缴不计）",
                                                      en: "\(pensionMonths) months of pension insurance paid on time (\(minPension) needed; gaps and back-payments do not count)"),
                                sources: items[2].sources))
        if c.contributingAtDeadline.value {
            let recent = regular.contains(deadlineMonth.index) || regular.contains(deadlineMonth.index - 1)
            conditions.append(.init(id: .contributing, met: recent,
                                    reason: recent ? LocalizedText(zh: "截止日仍在参保", en: "Still contributing at the deadline")
                                        : LocalizedText(zh: "\(deadlineMonth.adding(-1))、\(deadlineMonth) 均无按时缴费记录", en: "No on-time contribution for \(deadlineMonth.adding(-1)) or \(deadlineMonth)"),
                                    sources: []))
        }
        if c.noBannedOrganisation.value {
            conditions.append(.init(id: .bannedOrganisation, met: evidence.bannedOrganisation == nil,
                                    reason: evidence.bannedOrganisation == nil ? LocalizedText(zh: "无记录", en: "No record")
                                        : LocalizedText(zh: "有参加国家禁止的组织或活动的记录", en: "On record as taking part in a banned organisation or activity"),
                                    sources: evidence.bannedOrganisation.map { [$0] } ?? []))
        }
        if c.familyPlanningFeesPaid.value {
            conditions.append(.init(id: .familyPlanning, met: evidence.familyPlanningFeeUnpaid == nil,
                                    reason: evidence.familyPlanningFeeUnpaid == nil ? LocalizedText(zh: "无欠缴记录", en: "Nothing owed")
                                        : LocalizedText(zh: "社会抚养费尚未缴清", en: "A family-planning social-support fee is unpaid"),
                                    sources: evidence.familyPlanningFeeUnpaid.map { [$0] } ?? []))
        }
        return PointsAssessment(year: year, deadline: batchDeadline, countedTo: deadline, conditions: conditions, items: items, deductions: deductions, total: total,
                                pensionMonths: pensionMonths, housingMonths: housing.count,
                                residencePermitStart: evidence.residencePermits.map(\.issuedOn).min())
    }

    /// The year whose batch `today` falls in: this year's until its deadline, then the next.
    public func batchYear(for today: CivilDate) -> Int {
        today <= policy.deadline(in: today.year) ? today.year : today.year + 1
    }

    /// When the applicant would be eligible if contributions and housing carry on, looking up to 20 batches ahead.
    public func eligibleFrom(_ evidence: PointsEvidence, today: CivilDate) -> EligibleFrom {
        let first = batchYear(for: today)
        let now = assess(evidence, year: first, asOf: today)
        if now.eligible { return .now }
        for condition in now.conditions where !condition.met {
            switch condition.id {
            case .bannedOrganisation, .familyPlanning, .age: return .never(condition.reason)
            default: continue
            }
        }
        for year in first...(first + 20) {
            let months = YearMonth(policy.deadline(in: year)).index - YearMonth(today).index
            let future = assess(evidence.projected(months: max(0, months), from: today), year: year)
            if future.eligible { return .year(year, deadline: future.deadline) }
            if let age = future.conditions.first(where: { $0.id == .age && !$0.met }) {
                return .never(LocalizedText(zh: "在满足年限前已超过年龄限制：\(age.reason.zh)", en: "The age limit comes before the years are met: \(age.reason.en)"))
            }
        }
        return .never(LocalizedText(zh: "按目前的住房和参保情况，20 年内无法满足条件（需要在深住房并持续参保）",
                                    en: "With housing and insurance as they stand, the conditions are not met within 20 years (housing in Shenzhen and continued contributions are needed)"))
    }

    /// `2008-01–2012-02`, `2012-05–2017-09`: consecutive months as runs.
    static func monthRuns(_ months: Set<Int>) -> [String] {
        let sorted = months.sorted()
        var runs: [String] = []
        var start = sorted.first
        var previous = sorted.first
        for month in sorted.dropFirst() + [Int.max] {
            if let p = previous, month == p + 1 { previous = month; continue }
            if let s = start, let p = previous {
                runs.append(s == p ? YearMonth(index: s).description : "\(YearMonth(index: s))–\(YearMonth(index: p))（\(p - s + 1) 个月）")
            }
            start = month
            previous = month
        }
        return runs
    }

    static func runs(_ months: [String]) -> String {
        months.count <= 6 ? months.joined(separator: "、") : months.prefix(5).joined(separator: "、") + " 等 \(months.count) 个月"
    }
}
