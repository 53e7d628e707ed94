import Foundation

/// The numbers a ranking needs, without the trace.
public struct QuickScore: Hashable, Sendable {
    public var eligible: Bool
    public var total: Points
    public var pensionMonths: Int
    public var housingMonths: Int
    public var residencePermitStart: CivilDate?
}

extension PointsScorer {
    /// The same decision and total as `assess` (a test compares them applicant by applicant), counted with bit sets
    /// and no text: what the batch ranks 100 000 applicants with. The trace for each applicant stays `assess`'s job.
    public func quickScore(_ evidence: PointsEvidence, year: Int) -> QuickScore {
        let deadline = policy.deadline(in: year)
        let deadlineMonth = YearMonth(deadline)
        let lastCountable = deadline == deadlineMonth.last ? deadlineMonth.index : deadlineMonth.index - 1
        // Month indexes from 100 years before the deadline: one bit each.
        let base = lastCountable - 1199
        var regular = MonthBits(), housing = MonthBits(), rented = MonthBits()
        for record in evidence.pension where !record.backPaid && record.month.index <= lastCountable && record.month.index >= base {
            regular.insert(record.month.index - base)
        }
        let share = policy.points.minOwnershipShare.value
        var ownsAtDeadline = false
        var longest = 0
        for p in evidence.properties where p.sharePercent >= share && p.registeredOn <= deadline {
            if p.endedOn == nil || p.endedOn! > deadline { ownsAtDeadline = true }
            let end = min(p.endedOn.map { $0.adding(days: -1) } ?? deadline, deadline)
            guard let range = YearMonth.fullMonths(from: p.registeredOn, through: end) else { continue }
            longest = max(longest, range.count)
            let lo = max(base, range.lowerBound), hi = min(lastCountable, range.upperBound)
            if lo <= hi { housing.insert(range: (lo - base)...(hi - base)) }
        }
        for lease in evidence.leases where lease.startsOn <= deadline {
            guard let range = YearMonth.fullMonths(from: lease.startsOn, through: min(lease.endsOn, deadline)), range.lowerBound <= lastCountable,
                  range.upperBound >= base else { continue }
            let lo = max(base, range.lowerBound), hi = min(lastCountable, range.upperBound)
            guard lo <= hi else { continue }
            rented.insert(range: (lo - base)...(hi - base))
            housing.insert(range: (lo - base)...(hi - base))
        }
        let rates = policy.points
        let ownedMonths = ownsAtDeadline ? longest : 0
        let ownedPoints = rates.ownedHousingPerMonth.value * ownedMonths
        let rentedPoints = rates.rentedHousingPerMonth.value * rented.count
        var total: Points
        if rates.oneHousingIndicator.value {
            total = ownedPoints >= rentedPoints ? ownedPoints : rentedPoints
        } else {
            total = ownedPoints + rentedPoints
        }
        let pensionMonths = regular.count
        total = total + rates.pensionPerMonth.value * pensionMonths
        let d = policy.deductions
        for c in evidence.credit where c.overdueSince <= deadline && (c.repaidOn == nil || c.repaidOn! > deadline) {
            total = total + (c.overdueDays < 90 ? d.creditUnder90Days.value : d.credit90DaysOrMore.value)
        }
        if evidence.courtDefaulter.contains(where: { $0.since <= deadline && ($0.until == nil || $0.until! > deadline) }) { total = total + d.courtDefaulter.value }
        if evidence.criminal.contains(where: { $0.since <= deadline }) { total = total + d.criminalRecord.value }
        if evidence.drug.contains(where: { $0.since <= deadline }) { total = total + d.drugRecord.value }
        if let cap = policy.cap.value, total > cap { total = cap }

        let c = policy.conditions
        let limit = evidence.gender == .male ? c.maxAgeMale.value : c.maxAgeFemale.value
        var eligible = evidence.birthDate.age(on: deadline) < limit
            && housing.count >= c.minHousingMonths.value && pensionMonths >= c.minPensionMonths.value
        if eligible, c.residencePermit.value { eligible = evidence.residencePermits.contains { $0.issuedOn <= deadline && $0.expiresOn >= deadline } }
        if eligible, c.contributingAtDeadline.value {
            eligible = regular.contains(deadlineMonth.index - base) || regular.contains(deadlineMonth.index - 1 - base)
        }
        if eligible, c.noBannedOrganisation.value { eligible = evidence.bannedOrganisation == nil }
        if eligible, c.familyPlanningFeesPaid.value { eligible = evidence.familyPlanningFeeUnpaid == nil }
        return QuickScore(eligible: eligible, total: total, pensionMonths: pensionMonths, housingMonths: housing.count,
                          residencePermitStart: evidence.residencePermits.map(\.issuedOn).min())
    }
}

/// 1 200 months (100 years) as bits, on the stack.
struct MonthBits {
    var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    private(set) var count = 0

    mutating func insert(_ bit: Int) {
        guard bit >= 0, bit < 1216 else { return }
        let added = withUnsafeMutableBytes(of: &words) { raw -> Bool in
            let w = raw.bindMemory(to: UInt64.self)
            let mask: UInt64 = 1 << UInt64(bit & 63)
            guard w[bit >> 6] & mask == 0 else { return false }
            w[bit >> 6] |= mask
            return true
        }
        if added { count += 1 }
    }

    mutating func insert(range: ClosedRange<Int>) {
        for bit in range { insert(bit) }
    }

    func contains(_ bit: Int) -> Bool {
        guard bit >= 0, bit < 1216 else { return false }
        return withUnsafeBytes(of: words) { $0.load(fromByteOffset: (bit >> 6) * 8, as: UInt64.self) & (1 << UInt64(bit & 63)) != 0 }
    }
}
