import Foundation

/// The records a points assessment stands on, as the agencies' connectors give them for one applicant. Each record
/// has the reference the agency knows it by, so that every point can be traced to its source.
public struct PointsEvidence: Codable, Hashable, Sendable {
    /// One month of Shenzhen pension insurance. A back-paid month (补缴) is on record but does not count.
    public struct PensionMonth: Codable, Hashable, Sendable {
        public var month: YearMonth
        public var backPaid: Bool
        public init(month: YearMonth, backPaid: Bool = false) {
            self.month = month
            self.backPaid = backPaid
        }
    }

    /// A legal-title residential property in Shenzhen (不动产登记).
    public struct Property: Codable, Hashable, Sendable {
        public var reference: String
        public var registeredOn: CivilDate
        /// When it was sold or transferred; nil while held.
        public var endedOn: CivilDate?
        /// The applicant's and spouse's share together, in percent.
        public var sharePercent: Int
        public init(reference: String, registeredOn: CivilDate, endedOn: CivilDate? = nil, sharePercent: Int = 100) {
            self.reference = reference
            self.registeredOn = registeredOn
            self.endedOn = endedOn
            self.sharePercent = sharePercent
        }
    }

    /// A registered tenancy (租赁登记), as the housing office recognises it.
    public struct Lease: Codable, Hashable, Sendable {
        public var reference: String
        public var startsOn: CivilDate
        public var endsOn: CivilDate
        public init(reference: String, startsOn: CivilDate, endsOn: CivilDate) {
            self.reference = reference
            self.startsOn = startsOn
            self.endsOn = endsOn
        }
    }

    /// A bad-credit record (overdue loan, fee or tax) from the personal credit system.
    public struct CreditRecord: Codable, Hashable, Sendable {
        public var reference: String
        public var overdueSince: CivilDate
        public var overdueDays: Int
        /// When it was repaid; repaid before the deadline means no deduction.
        public var repaidOn: CivilDate?
        public init(reference: String, overdueSince: CivilDate, overdueDays: Int, repaidOn: CivilDate? = nil) {
            self.reference = reference
            self.overdueSince = overdueSince
            self.overdueDays = overdueDays
            self.repaidOn = repaidOn
        }
    }

    /// A listing by a court (失信被执行人), a criminal record or a drug record: a reference and its dates.
    public struct Listing: Codable, Hashable, Sendable {
        public var reference: String
        public var since: CivilDate
        /// When the listing was lifted (court defaulters only); nil while it stands.
        public var until: CivilDate?
        public init(reference: String, since: CivilDate, until: CivilDate? = nil) {
            self.reference = reference
            self.since = since
            self.until = until
        }
    }

    /// A Shenzhen residence permit (居住证) and its validity.
    public struct ResidencePermit: Codable, Hashable, Sendable {
        public var number: String
        public var issuedOn: CivilDate
        public var expiresOn: CivilDate
        public init(number: String, issuedOn: CivilDate, expiresOn: CivilDate) {
            self.number = number
            self.issuedOn = issuedOn
            self.expiresOn = expiresOn
        }
    }

    public var gender: Gender
    public var birthDate: CivilDate
    public var pension: [PensionMonth]
    public var properties: [Property]
    public var leases: [Lease]
    public var credit: [CreditRecord]
    public var courtDefaulter: [Listing]
    public var criminal: [Listing]
    public var drug: [Listing]
    public var residencePermits: [ResidencePermit]
    /// Reference of a record of taking part in a banned organisation or activity, if any.
    public var bannedOrganisation: String?
    /// Reference of an unpaid family-planning social-support fee, if any.
    public var familyPlanningFeeUnpaid: String?

    public init(gender: Gender, birthDate: CivilDate, pension: [PensionMonth] = [], properties: [Property] = [], leases: [Lease] = [],
                credit: [CreditRecord] = [], courtDefaulter: [Listing] = [], criminal: [Listing] = [], drug: [Listing] = [],
                residencePermits: [ResidencePermit] = [], bannedOrganisation: String? = nil, familyPlanningFeeUnpaid: String? = nil) {
        self.gender = gender
        self.birthDate = birthDate
        self.pension = pension
        self.properties = properties
        self.leases = leases
        self.credit = credit
        self.courtDefaulter = courtDefaulter
        self.criminal = criminal
        self.drug = drug
        self.residencePermits = residencePermits
        self.bannedOrganisation = bannedOrganisation
        self.familyPlanningFeeUnpaid = familyPlanningFeeUnpaid
    }

    /// The records as they would stand `months` months after `today` if contributions and housing carried on: a regular
    /// contribution every month, the current property still held, the current lease renewed, the permit renewed.
    public func projected(months: Int, from today: CivilDate) -> PointsEvidence {
        guard months > 0 else { return self }
        var future = self
        let current = YearMonth(today)
        let end = current.adding(months).last
        let paid = Set(pension.map(\.month.index))
        let lastPaid = pension.filter { !$0.backPaid }.map(\.month).max()
        if let lastPaid, lastPaid.index >= current.index - 2, lastPaid.index < current.index + months {
            for index in (lastPaid.index + 1)...(current.index + months) where !paid.contains(index) {
                future.pension.append(PensionMonth(month: YearMonth(index: index)))
            }
        }
        future.leases = leases.map { lease in
            var l = lease
            if lease.endsOn >= today { l.endsOn = max(lease.endsOn, end) }
            return l
        }
        future.residencePermits = residencePermits.map { permit in
            var p = permit
            if permit.expiresOn >= today { p.expiresOn = max(permit.expiresOn, end) }
            return p
        }
        return future
    }
}
