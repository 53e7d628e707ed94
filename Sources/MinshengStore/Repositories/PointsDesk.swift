import Crypto
import FluentKit
import FluentSQL
import Foundation
import MinshengCore
import MinshengCredentials

/// Why a points step could not be taken.
public enum PointsError: Error, Equatable, Sendable {
    case noPolicy(year: Int)
    case outsideWindow(opens: CivilDate, closes: CivilDate)
    case notInRegistry
    case notFound
    case workflow(WorkflowError)
    case batchNotDue(deadline: CivilDate)
    case undecided(count: Int)
    case noBatch
    case objectionClosed(until: String)
    case objectionsOpen(count: Int)
    case objectionPeriodRunning(until: String)
    case alreadyFinalized
    /// The applicant lives outside the officer's jurisdiction (registration or residence-permit district).
    case outsideJurisdiction

    public var message: LocalizedText {
        switch self {
        case .noPolicy(let year): LocalizedText(zh: "\(year) 年没有积分入户政策", en: "There is no points policy for \(year)")
        case .outsideWindow(let opens, let closes):
            LocalizedText(zh: "积分入户申请受理时间为 \(opens) 至 \(closes)，现在不在受理期内", en: "Applications are accepted from \(opens) to \(closes); this is outside that window")
        case .notInRegistry: LocalizedText(zh: "未找到您的人口信息", en: "Your registry record was not found")
        case .notFound: LocalizedText(zh: "未找到该积分入户申请", en: "No such points application")
        case .workflow(let error): LocalizedText(zh: error.reasonZh, en: error.reasonEn)
        case .batchNotDue(let deadline): LocalizedText(zh: "申请期至 \(deadline) 截止，截止后才能排名", en: "The window closes on \(deadline); the batch can only be ranked after it")
        case .undecided(let count): LocalizedText(zh: "还有 \(count) 件申请未审核完毕，全部审结后才能排名", en: "\(count) applications are still being reviewed; every one must be decided before ranking")
        case .noBatch: LocalizedText(zh: "该年度尚未排名公示", en: "That year's batch has not been ranked and published")
        case .objectionClosed(let until): LocalizedText(zh: "异议期已于 \(until) 结束", en: "The objection period ended on \(until)")
        case .objectionsOpen(let count): LocalizedText(zh: "还有 \(count) 件异议未处理", en: "\(count) objections are still to be decided")
        case .objectionPeriodRunning(let until): LocalizedText(zh: "异议期至 \(until) 结束，之后才能发放准迁", en: "The objection period runs until \(until); permissions are issued after it")
        case .alreadyFinalized: LocalizedText(zh: "该年度已发放准迁", en: "That year's permissions have already been issued")
        case .outsideJurisdiction: LocalizedText(zh: "该申请人不在本单位辖区内", en: "This applicant is outside your unit's jurisdiction")
        }
    }
}

/// A points application as the personal center and the officer see it.
public struct PointsApplication: Sendable, Hashable {
    public var id: UUID
    public var reference: String
    public var year: Int
    public var accountID: UUID
    public var residentID: UUID
    public var record: ApplicationRecord
    public var evidence: PointsEvidence
    public var assessment: PointsAssessment
    public var rank: Int?
    public var admitted: Bool?
    public var permissionNumber: String?
    public var settlementApplicationID: UUID?
    public var submittedAt: Date
}

/// A year's published batch.
public struct PointsBatch: Sendable, Hashable {
    public var year: Int
    public var state: String
    public var list: PublishedList
    public var listText: String
    public var digest: String
    public var signature: String
    public var publishedAt: Date
    public var objectionUntil: CivilDate
    public var finalizedAt: Date?
}

/// Points-based household registration: the simulator, applications with evidence frozen at submission, officer
/// review through the services workflow, the annual batch (freeze, score, rank within the quota, publish a signed
/// list), objections, and the move-in permissions with their HZ-34 settlement applications.
public struct PointsDesk: Sendable {
    public let cipher: FieldCipher
    public let policies: PointsPolicies
    public let records: PointsRecords
    public static let timeLimit = 20

    public init(cipher: FieldCipher, policies: PointsPolicies) {
        self.cipher = cipher
        self.policies = policies
        records = PointsRecords(cipher: cipher)
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = .sortedKeys
        return e
    }()

    // MARK: simulator

    /// The assessment for this year's batch (or the batch `months` ahead), and when the applicant would be eligible.
    public func simulate(residentID: UUID, today: CivilDate, months: Int = 0, on database: any Database) async throws -> (PointsAssessment, EligibleFrom, PointsPolicy) {
        guard let evidence = try await records.evidence(residentID: residentID, on: database) else { throw PointsError.notInRegistry }
        let day = months == 0 ? today : YearMonth(today).adding(months).last
        guard let policy = policies.policy(for: day.year) ?? policies.all.last else { throw PointsError.noPolicy(year: day.year) }
        let scorer = PointsScorer(policy: policy)
        let year = scorer.batchYear(for: day)
        let assessment = scorer.assess(evidence.projected(months: months, from: today), year: year, asOf: day)
        return (assessment, scorer.eligibleFrom(evidence, today: today), policy)
    }

    // MARK: applications

    /// Applies for this year's batch inside the window: the evidence is read from the agencies and frozen, scored, and
    /// the application enters the workflow. A second submission for the same year returns the first.
    public func apply(account: CitizenAccount, today: CivilDate, at time: Date = Date(), on database: any Database) async throws -> (PointsApplication, created: Bool) {
        guard let residentID = account.residentID else { throw PointsError.notInRegistry }
        guard let policy = policies.policy(for: today.year) else { throw PointsError.noPolicy(year: today.year) }
        guard let window = policy.window(in: today.year) else { throw PointsError.noPolicy(year: today.year) }
        guard window.contains(today) else { throw PointsError.outsideWindow(opens: window.lowerBound, closes: window.upperBound) }
        return try await database.transaction { db in
            if let existing = try await PointsApplicationRow.query(on: db).filter(\.$year == today.year).filter(\.$residentID == residentID).first() {
                return (try decode(existing), false)
            }
            guard let evidence = try await records.evidence(residentID: residentID, on: db) else { throw PointsError.notInRegistry }
            let assessment = PointsScorer(policy: policy).assess(evidence, year: today.year, asOf: today)
            let principal = Principal.citizen(account.id)
            let draft = ApplicationRecord(applicant: principal, steps: .intakeAndApproval, timeLimit: Self.timeLimit)
            let record = try Workflow.apply(.submit, by: .applicant(principal), to: draft, at: time, today: today, calendar: .china).mapError(PointsError.workflow).get()
            let row = PointsApplicationRow()
            row.id = UUID()
            row.reference = ServiceApplication.makeReference(service: "JF", on: today)
            row.year = today.year
            row.accountID = account.id
            row.residentID = residentID
            row.submittedAt = time
            row.createdAt = time
            try write(record: record, evidence: evidence, assessment: assessment, to: row, at: time)
            try await row.create(on: db)
            try await AuditChain.append(
                AuditEvent(actor: principal, action: "points.submitted", subject: "points:\(row.reference)", purpose: "points-based household registration",
                           residentID: residentID, detail: ["year": "\(today.year)", "total": assessment.total.description, "eligible": "\(assessment.eligible)"]),
                at: time, on: db)
            try await NotificationOutbox().enqueue(
                accountID: account.id, topic: .application, subjectRef: row.reference,
                titleZh: "您的 \(today.year) 年积分入户申请已提交（\(row.reference)），测评 \(assessment.total) 分", titleEn: "Your \(today.year) points application is in (\(row.reference)): \(assessment.total) points",
                at: time, on: db)
            return (try decode(row), true)
        }
    }

    /// An officer's step (accept, ask for a supplement, approve for the ranking, refuse) through the services workflow.
    public func act(_ action: ApplicationAction, on id: UUID, officer: Officer, today: CivilDate, at time: Date = Date(), on database: any Database) async throws -> PointsApplication {
        guard let found = try await PointsApplicationRow.find(id, on: database) else { throw PointsError.notFound }
        try await authorise(found, officer: officer, action: "points.\(action.kind.rawValue)", purpose: "points review", today: today, at: time, on: database)
        return try await database.transaction { db in
            guard let row = try await PointsApplicationRow.find(id, on: db) else { throw PointsError.notFound }
            let current = try decode(row)
            let record = try Workflow.apply(action, by: .officer(officer.principal, roles: officer.roles), to: current.record, at: time, today: today, calendar: .china)
                .mapError(PointsError.workflow).get()
            try write(record: record, evidence: current.evidence, assessment: current.assessment, to: row, at: time)
            try await row.update(on: db)
            try await AuditChain.append(
                AuditEvent(actor: officer.principal, action: "points.\(action.kind.rawValue)", subject: "points:\(row.reference)", purpose: "points review",
                           residentID: row.residentID, detail: ["state": record.state.rawValue, "unit": officer.unit.code]),
                at: time, on: db)
            let (zh, en) = Self.noticeText(record.state, reference: row.reference, action: action)
            try await NotificationOutbox().enqueue(accountID: row.accountID, topic: .application, subjectRef: row.reference, titleZh: zh, titleEn: en, at: time, on: db)
            return try decode(row)
        }
    }

    /// The applicant answers a supplement request: the records are read again (an agency may have corrected one),
    /// frozen anew and scored again.
    public func supplement(_ id: UUID, account: CitizenAccount, today: CivilDate, at time: Date = Date(), on database: any Database) async throws -> PointsApplication {
        try await database.transaction { db in
            guard let row = try await PointsApplicationRow.find(id, on: db), row.accountID == account.id else { throw PointsError.notFound }
            let current = try decode(row)
            let record = try Workflow.apply(.supplement, by: .applicant(.citizen(account.id)), to: current.record, at: time, today: today, calendar: .china)
                .mapError(PointsError.workflow).get()
            guard let evidence = try await records.evidence(residentID: row.residentID, on: db), let policy = policies.policy(for: row.year) else { throw PointsError.notInRegistry }
            let assessment = PointsScorer(policy: policy).assess(evidence, year: row.year, asOf: today)
            try write(record: record, evidence: evidence, assessment: assessment, to: row, at: time)
            try await row.update(on: db)
            try await AuditChain.append(
                AuditEvent(actor: .citizen(account.id), action: "points.supplemented", subject: "points:\(row.reference)", purpose: "points-based household registration",
                           residentID: row.residentID, detail: ["total": assessment.total.description]),
                at: time, on: db)
            return try decode(row)
        }
    }

    /// An officer opens an application's evidence: audited, with the purpose.
    public func review(_ id: UUID, officer: Officer, purpose: String, at time: Date = Date(), on database: any Database) async throws -> PointsApplication {
        guard let row = try await PointsApplicationRow.find(id, on: database) else { throw PointsError.notFound }
        try await authorise(row, officer: officer, action: "points.evidence-read", purpose: purpose, today: CivilDate.today(), at: time, on: database)
        try await AuditChain.append(
            AuditEvent(actor: officer.principal, action: "points.evidence-read", subject: "points:\(row.reference)", purpose: purpose,
                       residentID: row.residentID, detail: ["unit": officer.unit.code]),
            at: time, on: database)
        return try decode(row)
    }

    /// Refuses (and audits, as a resident look-up outside the jurisdiction is) an officer whose unit does not cover the
    /// applicant: the district of their registration or of their residence permit.
    private func authorise(_ row: PointsApplicationRow, officer: Officer, action: String, purpose: String, today: CivilDate, at time: Date,
                           on database: any Database) async throws {
        guard try await !OfficerScope(cipher: cipher).covers(residentID: row.residentID, officer: officer, today: today, on: database) else { return }
        try await AuditChain.append(
            AuditEvent(actor: officer.principal, action: "\(action)-refused", subject: "points:\(row.reference)", purpose: purpose,
                       detail: ["reason": "outside-jurisdiction", "unit": officer.unit.code]),
            at: time, on: database)
        throw PointsError.outsideJurisdiction
    }

    public func application(_ id: UUID, on database: any Database) async throws -> PointsApplication? {
        try await PointsApplicationRow.find(id, on: database).map(decode)
    }

    public func applications(accountID: UUID, on database: any Database) async throws -> [PointsApplication] {
        try await PointsApplicationRow.query(on: database).filter(\.$accountID == accountID).sort(\.$year, .descending).all().map(decode)
    }

    /// A year's applications in submission order (the officers' queue), optionally only those in some states; for an
    /// officer, only the applicants their unit covers (an admin's: all).
    public func applications(year: Int, states: Set<ApplicationState>? = nil, for officer: Officer? = nil, on database: any Database) async throws -> [PointsApplication] {
        var query = PointsApplicationRow.query(on: database).filter(\.$year == year)
        if let states { query = query.filter(\.$state ~~ states.map(\.rawValue)) }
        var rows = try await query.sort(\.$submittedAt).all()
        if let officer, !officer.roles.contains(.admin) {
            let scope = OfficerScope(cipher: cipher)
            let today = CivilDate.today()
            var covered: [UUID: Bool] = [:]
            for residentID in Set(rows.map(\.residentID)) {
                covered[residentID] = try await scope.covers(residentID: residentID, officer: officer, today: today, on: database)
            }
            rows = rows.filter { covered[$0.residentID] == true }
        }
        return try rows.map(decode)
    }

    // MARK: the batch

    /// Freezes, scores and ranks a year's approved applications within the quota, and publishes the list signed with
    /// the issuer key. Needs the window closed and every application decided. Running it again returns the batch as
    /// published: the same result.
    public func runBatch(year: Int, actor: Principal, today: CivilDate, at time: Date = Date(), on database: any Database) async throws -> PointsBatch {
        guard let policy = policies.policy(for: year) else { throw PointsError.noPolicy(year: year) }
        if let existing = try await PointsBatchRow.find(year, on: database) { return try decode(existing) }
        let deadline = policy.deadline(in: year)
        guard today > deadline else { throw PointsError.batchNotDue(deadline: deadline) }
        let open = [ApplicationState.submitted, .accepted, .underReview, .needsSupplement].map(\.rawValue)
        @Sendable func undecided(on db: any Database) async throws -> Int {
            try await PointsApplicationRow.query(on: db).filter(\.$year == year).filter(\.$state ~~ open).count()
        }
        // Refused early, before the records of a whole year are read; checked again inside the transaction.
        let waiting = try await undecided(on: database)
        guard waiting == 0 else { throw PointsError.undecided(count: waiting) }
        // The agencies' records are read before the transaction, on several connections at once (a year's batch is
        // 100 000 applicants); whoever was approved meanwhile is read inside it.
        let approvedResidents = try await PointsApplicationRow.query(on: database).filter(\.$year == year).filter(\.$state == ApplicationState.approved.rawValue).all(\.$residentID)
        let prefetched = try await records.evidence(residentIDs: approvedResidents, on: database)
        return try await database.transaction { db in
            if let existing = try await PointsBatchRow.find(year, on: db) { return try decode(existing) }
            let stillWaiting = try await undecided(on: db)
            guard stillWaiting == 0 else { throw PointsError.undecided(count: stillWaiting) }
            // The freeze: every approved application's records read once more, counted to the deadline (S42: all
            // indicators up to 30 September), kept beside the submission's.
            let approvedRows = try await PointsApplicationRow.query(on: db).filter(\.$year == year).filter(\.$state == ApplicationState.approved.rawValue).all()
            var fresh = prefetched
            let missing = approvedRows.map(\.residentID).filter { fresh[$0] == nil }
            if !missing.isEmpty { fresh.merge(try await records.evidence(residentIDs: missing, on: db)) { first, _ in first } }
            for row in approvedRows {
                guard let evidence = fresh[row.residentID] else { continue }
                try freeze(evidence, policy: policy, into: row, at: time)
                try await row.update(on: db)
            }
            let (list, ranked) = try await rank(year: year, policy: policy, on: db)
            try await store(ranked, on: db)
            let key = try await IssuerKeyStore(cipher: cipher).signingKey(on: db)
            let text = list.canonicalText
            let digest = Self.digest(text)
            let row = PointsBatchRow()
            row.id = year
            row.state = "published"
            row.frozenAt = time
            row.publishedAt = time
            row.objectionUntil = today.adding(days: policy.objectionDays.value).description
            row.listText = text
            row.digest = digest
            row.signature = try Self.sign(year: year, digest: digest, list: list, at: time, key: key)
            row.applicants = list.lines.count
            row.quota = list.quota
            row.cutoffTenths = list.cutoff?.tenths
            row.runBy = actor.description
            try await row.create(on: db)
            try await AuditChain.append(
                AuditEvent(actor: actor, action: "points.batch-published", subject: "points-batch:\(year)", purpose: "points-based household registration",
                           detail: ["applicants": "\(list.lines.count)", "quota": "\(list.quota)", "digest": digest, "cutoff": list.cutoff?.description ?? "-",
                                    "notEligibleAtDeadline": "\(approvedRows.count - ranked.count)"]),
                at: time, on: db)
            // Approved applicants whose records no longer meet a condition at the deadline are not ranked; each is
            // told which condition and why, and the audit keeps the count.
            let rankedIDs = Set(ranked.map(\.entry.applicationID))
            let scorer = PointsScorer(policy: policy)
            for app in approvedRows where !rankedIDs.contains(app.id!) {
                let failed = scorer.assess(try frozenEvidence(app), year: year).conditions.filter { !$0.met }
                app.rank = nil
                app.admitted = false
                try await app.update(on: db)
                try await NotificationOutbox().enqueue(
                    accountID: app.accountID, topic: .application, subjectRef: app.reference,
                    titleZh: "\(year) 年积分入户排名已公示：截至 \(deadline) 您的记录不再符合条件，未参加排名（\(failed.map { "\($0.id.name.zh)：\($0.reason.zh)" }.joined(separator: "；"))）；异议期至 \(row.objectionUntil)",
                    titleEn: "The \(year) points ranking is published: on \(deadline) your records no longer meet the conditions, so you were not ranked (\(failed.map { "\($0.id.name.en): \($0.reason.en)" }.joined(separator: "; "))); objections until \(row.objectionUntil)",
                    at: time, on: db)
            }
            for entry in ranked {
                guard let app = try await PointsApplicationRow.find(entry.entry.applicationID, on: db) else { continue }
                try await NotificationOutbox().enqueue(
                    accountID: app.accountID, topic: .application, subjectRef: app.reference,
                    titleZh: "\(year) 年积分入户排名已公示：您 \(entry.entry.total) 分，第 \(entry.rank) 名，\(entry.admitted ? "在" : "不在")指标内；异议期至 \(row.objectionUntil)",
                    titleEn: "The \(year) points ranking is published: \(entry.entry.total) points, rank \(entry.rank), \(entry.admitted ? "within" : "outside") the quota; objections until \(row.objectionUntil)",
                    at: time, on: db)
            }
            return try decode(row)
        }
    }

    /// The ranking as the frozen evidence gives it now: pure but for reading the rows (used by the batch, re-publication
    /// and the check that a re-run gives the same list).
    public func rank(year: Int, policy: PointsPolicy, on db: any Database) async throws -> (PublishedList, [RankedEntry]) {
        let approved = try await PointsApplicationRow.query(on: db).filter(\.$year == year).filter(\.$state ~~ [ApplicationState.approved.rawValue, ApplicationState.completed.rawValue]).all()
        let scorer = PointsScorer(policy: policy)
        var entries: [RankEntry] = []
        var residents: [UUID: UUID] = [:]
        for row in approved {
            let assessment = scorer.quickScore(try frozenEvidence(row), year: year)
            guard assessment.eligible else { continue }
            entries.append(RankEntry(applicationID: row.id!, total: assessment.total, pensionMonths: assessment.pensionMonths,
                                     residencePermitStart: assessment.residencePermitStart, submittedAt: row.submittedAt))
            residents[row.id!] = row.residentID
        }
        let ranked = PointsRanking.rank(entries, tieBreak: policy.tieBreak.value, quota: policy.quota.value)
        let registry = RegistryRepository(cipher: cipher)
        var lines: [PublishedList.Line] = []
        for entry in ranked {
            guard let residentID = residents[entry.entry.applicationID], let resident = try await registry.resident(id: residentID, on: db) else { continue }
            lines.append(.init(rank: entry.rank, maskedName: Masking.name(resident.name.value), maskedIDNumber: resident.idNumber.masked, score: entry.entry.total, admitted: entry.admitted))
        }
        return (PublishedList(year: year, quota: policy.quota.value, lines: lines), ranked)
    }

    /// The evidence a ranking counts: frozen at the batch, or at submission when the batch found no newer records.
    private func frozenEvidence(_ row: PointsApplicationRow) throws -> PointsEvidence {
        try Self.decoder.decode(PointsEvidence.self, from: try cipher.open(row.finalEvidenceSealed ?? row.evidenceSealed))
    }

    private func store(_ ranked: [RankedEntry], on db: any Database) async throws {
        for entry in ranked {
            guard let row = try await PointsApplicationRow.find(entry.entry.applicationID, on: db) else { continue }
            row.rank = entry.rank
            row.admitted = entry.admitted
            try await row.update(on: db)
        }
    }

    /// The SHA-256 of a list's canonical text, in hex: what is signed, published and checked.
    public static func digest(_ text: String) -> String { Data(SHA256.hash(data: Data(text.utf8))).hexString }

    static func sign(year: Int, digest: String, list: PublishedList, at time: Date, key: IssuerKey) throws -> String {
        let payload = try encoder.encode(SignedListClaims(year: year, sha256: digest, applicants: list.lines.count, quota: list.quota,
                                                          cutoff: list.cutoff?.description, iat: Int(time.timeIntervalSince1970)))
        return try CompactJWS.sign(header: ["typ": "minsheng-points-list+jwt"], payload: payload, key: key)
    }

    public func batch(year: Int, on database: any Database) async throws -> PointsBatch? {
        try await PointsBatchRow.find(year, on: database).map(decode)
    }

    public func batches(on database: any Database) async throws -> [PointsBatch] {
        try await PointsBatchRow.query(on: database).sort(\.$id, .descending).all().map(decode)
    }

    // MARK: objections

    /// An applicant objects to the published list, inside the objection period.
    public func object(_ id: UUID, account: CitizenAccount, text: String, today: CivilDate, at time: Date = Date(), on database: any Database) async throws -> UUID {
        try await database.transaction { db in
            guard let app = try await PointsApplicationRow.find(id, on: db), app.accountID == account.id else { throw PointsError.notFound }
            guard let batch = try await PointsBatchRow.find(app.year, on: db) else { throw PointsError.noBatch }
            guard batch.state == "published", today.description <= batch.objectionUntil else { throw PointsError.objectionClosed(until: batch.objectionUntil) }
            let row = PointsObjectionRow()
            row.id = UUID()
            row.applicationID = id
            row.accountID = account.id
            row.textSealed = cipher.seal(text)
            row.state = "open"
            row.createdAt = time
            try await row.create(on: db)
            try await AuditChain.append(
                AuditEvent(actor: .citizen(account.id), action: "points.objection", subject: "points:\(app.reference)", purpose: "points-based household registration",
                           residentID: app.residentID), at: time, on: db)
            return row.id!
        }
    }

    /// An officer decides an objection. Upheld: the applicant's records are read again (the agency corrected them),
    /// frozen anew and the year re-ranked and re-published (a new digest and signature). Dismissed: nothing changes.
    public func decideObjection(_ id: UUID, upheld: Bool, reason: String, officer: Officer, today: CivilDate, at time: Date = Date(), on database: any Database) async throws -> PointsBatch {
        guard let objection = try await PointsObjectionRow.find(id, on: database), let app = try await PointsApplicationRow.find(objection.applicationID, on: database) else {
            throw PointsError.notFound
        }
        try await authorise(app, officer: officer, action: "points.objection-decision", purpose: "points objection", today: today, at: time, on: database)
        return try await database.transaction { db in
            guard let objection = try await PointsObjectionRow.find(id, on: db), objection.state == "open",
                  let app = try await PointsApplicationRow.find(objection.applicationID, on: db),
                  let batchRow = try await PointsBatchRow.find(app.year, on: db), let policy = policies.policy(for: app.year) else { throw PointsError.notFound }
            objection.state = upheld ? "upheld" : "dismissed"
            objection.decidedBy = officer.principal.description
            objection.decisionReason = reason
            objection.decidedAt = time
            try await objection.update(on: db)
            if upheld {
                guard let evidence = try await records.evidence(residentID: app.residentID, on: db) else { throw PointsError.notInRegistry }
                try freeze(evidence, policy: policy, into: app, at: time)
                try await app.update(on: db)
                let (list, ranked) = try await rank(year: app.year, policy: policy, on: db)
                try await store(ranked, on: db)
                let text = list.canonicalText
                batchRow.listText = text
                batchRow.digest = Self.digest(text)
                batchRow.signature = try Self.sign(year: app.year, digest: batchRow.digest, list: list, at: time, key: try await IssuerKeyStore(cipher: cipher).signingKey(on: db))
                batchRow.applicants = list.lines.count
                batchRow.cutoffTenths = list.cutoff?.tenths
                batchRow.publishedAt = time
                try await batchRow.update(on: db)
            }
            try await AuditChain.append(
                AuditEvent(actor: officer.principal, action: upheld ? "points.objection-upheld" : "points.objection-dismissed", subject: "points:\(app.reference)",
                           purpose: "points objection", residentID: app.residentID, detail: ["reason": reason, "digest": batchRow.digest]),
                at: time, on: db)
            try await NotificationOutbox().enqueue(
                accountID: app.accountID, topic: .application, subjectRef: app.reference,
                titleZh: "您对积分入户排名的异议\(upheld ? "已受理并更正，名单已重新公示" : "未予支持")：\(reason)",
                titleEn: "Your objection to the points ranking was \(upheld ? "upheld and the list re-published" : "dismissed"): \(reason)", at: time, on: db)
            return try decode(batchRow)
        }
    }

    public func objections(year: Int, on database: any Database) async throws -> [(id: UUID, reference: String, text: String, state: String)] {
        let apps = try await PointsApplicationRow.query(on: database).filter(\.$year == year).all()
        let byID = Dictionary(uniqueKeysWithValues: apps.map { ($0.id!, $0.reference) })
        return try await PointsObjectionRow.query(on: database).filter(\.$applicationID ~~ Array(byID.keys)).sort(\.$createdAt).all().map {
            ($0.id!, byID[$0.applicationID] ?? "", try cipher.openString($0.textSealed), $0.state)
        }
    }

    // MARK: permissions

    /// After the objection period: each admitted applicant gets the move-in permission (准迁) and an HZ-34 settlement
    /// application is opened for them (channel `system`), to their residence-permit address.
    public func finalize(year: Int, settlement: ServiceDefinition, actor: Principal, today: CivilDate, at time: Date = Date(), on database: any Database) async throws -> [String] {
        try await database.transaction { db in
            guard let batch = try await PointsBatchRow.find(year, on: db) else { throw PointsError.noBatch }
            guard batch.state == "published" else { throw PointsError.alreadyFinalized }
            guard today.description > batch.objectionUntil else { throw PointsError.objectionPeriodRunning(until: batch.objectionUntil) }
            let apps = try await PointsApplicationRow.query(on: db).filter(\.$year == year).all()
            let open = try await PointsObjectionRow.query(on: db).filter(\.$applicationID ~~ apps.map { $0.id! }).filter(\.$state == "open").count()
            guard open == 0 else { throw PointsError.objectionsOpen(count: open) }
            let registry = RegistryRepository(cipher: cipher)
            let accounts = AccountRepository(cipher: cipher)
            let applications = ApplicationRepository(cipher: cipher, registry: registry)
            let credentials = CredentialRepository(cipher: cipher)
            var opened: [String] = []
            for app in apps.filter({ $0.admitted == true }).sorted(by: { ($0.rank ?? 0) < ($1.rank ?? 0) }) {
                guard let resident = try await registry.resident(id: app.residentID, on: db), let account = try await accounts.account(id: app.accountID, on: db) else { continue }
                let number = String(format: "ZQ%04d%06d", year, app.rank ?? 0)
                let permit = try await credentials.documents(residentID: resident.id, on: db).filter { $0.type == .residencePermit }.max { $0.issuedOn < $1.issuedOn }
                let form = [
                    "subjectIdNumber": resident.idNumber.value, "subjectName": resident.name.value, "subjectGender": resident.gender.rawValue,
                    "subjectBirthDate": resident.birthDate.description, "subjectEthnicity": resident.ethnicity.code, "relation": "head",
                    "settlementAddress": permit?.details["address"] ?? "", "quotaNumber": number,
                ]
                let materials = settlement.materials.map { material -> AttachedMaterial in
                    if material.id == "quota-or-permit" { return AttachedMaterial(materialID: material.id, source: .registry, reference: "points:\(app.reference):\(number)") }
                    return AttachedMaterial(materialID: material.id, source: .registry, reference: "on-file:resident:\(resident.id.lowercasedText)")
                }
                let (application, _) = try await applications.submit(
                    service: settlement, account: account, subject: resident, form: form, materials: materials, channel: .system,
                    unitCode: nil, idempotencyKey: "points:\(year):\(app.id!.lowercasedText)", at: time, today: today, on: db)
                app.permissionNumber = number
                app.settlementApplicationID = application.id
                app.updatedAt = time
                try await app.update(on: db)
                try await NotificationOutbox().enqueue(
                    accountID: app.accountID, topic: .application, subjectRef: app.reference,
                    titleZh: "恭喜！您已获得 \(year) 年积分入户指标（准迁编号 \(number)），平台已为您开通落户申请 \(application.reference)",
                    titleEn: "You have a \(year) points settlement quota (permission \(number)); the settlement application \(application.reference) has been opened for you",
                    at: time, on: db)
                opened.append(application.reference)
            }
            batch.state = "finalized"
            batch.finalizedAt = time
            try await batch.update(on: db)
            try await AuditChain.append(
                AuditEvent(actor: actor, action: "points.permissions-issued", subject: "points-batch:\(year)", purpose: "points-based household registration",
                           detail: ["permissions": "\(opened.count)"]),
                at: time, on: db)
            return opened
        }
    }

    // MARK: rows

    static let decoder = JSONDecoder()

    private func write(record: ApplicationRecord, evidence: PointsEvidence, assessment: PointsAssessment, to row: PointsApplicationRow, at time: Date) throws {
        row.state = record.state.rawValue
        row.recordSealed = cipher.seal(try Self.encoder.encode(record))
        row.evidenceSealed = cipher.seal(try Self.encoder.encode(evidence))
        try score(assessment, into: row, at: time)
    }

    /// The assessment and the figures the queue and the ranking read from it.
    private func score(_ assessment: PointsAssessment, into row: PointsApplicationRow, at time: Date) throws {
        row.assessmentSealed = cipher.seal(try Self.encoder.encode(assessment))
        row.totalTenths = assessment.total.tenths
        row.pensionMonths = assessment.pensionMonths
        row.permitStart = assessment.residencePermitStart?.description
        row.eligible = assessment.eligible
        row.updatedAt = time
    }

    /// The batch's view of an application: its records counted to the deadline.
    private func freeze(_ evidence: PointsEvidence, policy: PointsPolicy, into row: PointsApplicationRow, at time: Date) throws {
        let assessment = PointsScorer(policy: policy).assess(evidence, year: row.year)
        row.finalEvidenceSealed = cipher.seal(try Self.encoder.encode(evidence))
        try score(assessment, into: row, at: time)
    }

    func decode(_ row: PointsApplicationRow) throws -> PointsApplication {
        PointsApplication(
            id: row.id!, reference: row.reference, year: row.year, accountID: row.accountID, residentID: row.residentID,
            record: try Self.decoder.decode(ApplicationRecord.self, from: try cipher.open(row.recordSealed)),
            evidence: try frozenEvidence(row),
            assessment: try Self.decoder.decode(PointsAssessment.self, from: try cipher.open(row.assessmentSealed)),
            rank: row.rank, admitted: row.admitted, permissionNumber: row.permissionNumber, settlementApplicationID: row.settlementApplicationID,
            submittedAt: row.submittedAt)
    }

    func decode(_ row: PointsBatchRow) throws -> PointsBatch {
        guard let list = PublishedList(canonicalText: row.listText), let until = CivilDate(iso: row.objectionUntil) else { throw StoreError.corruptRecord("points batch \(row.id ?? 0)") }
        return PointsBatch(year: row.id!, state: row.state, list: list, listText: row.listText, digest: row.digest, signature: row.signature,
                           publishedAt: row.publishedAt, objectionUntil: until, finalizedAt: row.finalizedAt)
    }

    static func noticeText(_ state: ApplicationState, reference: String, action: ApplicationAction) -> (String, String) {
        switch action {
        case .requestSupplement(let items):
            return ("您的积分入户申请（\(reference)）需要补正：\(items.joined(separator: "；"))", "Your points application (\(reference)) needs more: \(items.joined(separator: "; "))")
        case .refuse(let reason):
            return ("您的积分入户申请（\(reference)）不予通过：\(reason)", "Your points application (\(reference)) was refused: \(reason)")
        case .approve:
            return ("您的积分入户申请（\(reference)）审核通过，将参加年度排名", "Your points application (\(reference)) passed review and joins the year's ranking")
        default:
            return ("您的积分入户申请（\(reference)）\(state.nameZh)", "Your points application (\(reference)): \(state.rawValue)")
        }
    }
}

/// What the list's signature covers.
public struct SignedListClaims: Codable, Hashable, Sendable {
    public var year: Int
    public var sha256: String
    public var applicants: Int
    public var quota: Int
    public var cutoff: String?
    public var iat: Int
}
