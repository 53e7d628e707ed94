import FluentKit
import FluentSQL
import Foundation
import MinshengCore

public enum CaseError: Error, Equatable, Sendable {
    case notFound
    case duplicateNumber(String)
    case transitionNotAllowed(from: CaseStage, to: CaseStage)
    case noteRequired(CaseStage)
    case concurrentChange
    case invalid(String)
    /// Another account already follows this party's record; the party asks at the station to move it.
    case subscribedElsewhere
}

/// Cases and their parties (案件信息公开): filing (at the counter, from the case system's connector, or by import),
/// what a party sees with their case number and query code, subscriptions, and officers moving a case on — each
/// step one transaction with its audit entry and the parties' notices.
public struct CaseDesk: Sendable {
    public let cipher: FieldCipher
    public let stages: CaseStages

    public init(cipher: FieldCipher, stages: CaseStages) {
        self.cipher = cipher
        self.stages = stages
    }

    static let codeDomain = "case-query"

    public struct NewParty: Sendable, Hashable, Codable {
        public var role: CasePartyRole
        public var name: String
        /// A query code the case system already printed on the party's receipt; nil: a new one.
        public var code: String?
        public init(role: CasePartyRole, name: String, code: String? = nil) {
            self.role = role
            self.name = name
            self.code = code
        }
    }

    /// A step already taken, for cases that come from the case system with their history.
    public struct PastEvent: Sendable, Hashable, Codable {
        public var stage: CaseStage
        public var on: CivilDate
        public var publicNote: String?
        public var internalNote: String?
        public init(stage: CaseStage, on: CivilDate, publicNote: String? = nil, internalNote: String? = nil) {
            self.stage = stage
            self.on = on
            self.publicNote = publicNote
            self.internalNote = internalNote
        }
    }

    public struct NewCase: Sendable, Hashable {
        /// nil: a new number for the unit's division and the day reported.
        public var number: String?
        public var cause: String
        public var unitCode: String
        public var divisionCode: String
        public var reportedOn: CivilDate
        public var source: String
        public var parties: [NewParty]
        /// Steps after `reported`, oldest first.
        public var history: [PastEvent]

        public init(number: String? = nil, cause: String, unitCode: String, divisionCode: String, reportedOn: CivilDate, source: String,
                    parties: [NewParty], history: [PastEvent] = []) {
            self.number = number
            self.cause = cause
            self.unitCode = unitCode
            self.divisionCode = divisionCode
            self.reportedOn = reportedOn
            self.source = source
            self.parties = parties
            self.history = history
        }
    }

    /// A filed case and each party's query code, shown once (printed on their receipt).
    public struct Filed: Sendable {
        public var id: UUID
        public var number: String
        public var codes: [(role: CasePartyRole, name: String, code: String)]
    }

    /// Checks a new case before anything is written.
    public func problems(_ c: NewCase) -> [String] {
        var problems: [String] = []
        let cause = c.cause.trimmingCharacters(in: .whitespacesAndNewlines)
        if cause.isEmpty || cause.count > 100 { problems.append("cause: 1–100 characters") }
        if c.parties.isEmpty { problems.append("parties: at least one party who may follow the case") }
        for (i, p) in c.parties.enumerated() {
            if p.name.trimmingCharacters(in: .whitespaces).isEmpty || p.name.count > 50 { problems.append("parties.\(i).name: 1–50 characters") }
            if let code = p.code, CaseCode.queryCode(code) == nil { problems.append("parties.\(i).code: 8 letters and digits (Crockford base32)") }
        }
        let given = c.parties.compactMap { $0.code.flatMap(CaseCode.queryCode) }
        if Set(given).count != given.count { problems.append("parties: two parties cannot share a query code") }
        if let number = c.number, CaseCode.caseNumber(number) == nil { problems.append("number: not a case number (A + 6-digit division + date + serial)") }
        if c.divisionCode.range(of: #"^[0-9]{6}$"#, options: .regularExpression) == nil { problems.append("divisionCode: six digits") }
        var stage = CaseStage.reported
        var day = c.reportedOn
        for (i, e) in c.history.enumerated() {
            if !stages.allows(from: stage, to: e.stage) { problems.append("history.\(i): \(stage.rawValue) cannot be followed by \(e.stage.rawValue)") }
            if e.on < day { problems.append("history.\(i): dates must not go back") }
            if stages[e.stage]?.noteRequired == true, (e.publicNote ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append("history.\(i): \(e.stage.rawValue) needs a public note (the reason)")
            }
            stage = e.stage
            day = e.on
        }
        return problems
    }

    /// Files a case with its history and parties; each party gets a query code. A number already on file is refused.
    public func file(_ c: NewCase, actor: Principal, at time: Date = Date(), on database: any Database) async throws -> Filed {
        let problems = problems(c)
        guard problems.isEmpty else { throw CaseError.invalid(problems.joined(separator: "; ")) }
        if database.inTransaction { return try await fileOnce(c, actor: actor, at: time, on: database) }
        for attempt in 0..<5 {
            do {
                return try await database.transaction { db in try await fileOnce(c, actor: actor, at: time, on: db) }
            } catch where StoreError.isUniqueViolation(error) && c.number == nil && attempt < 4 {
                continue
            } catch where StoreError.isUniqueViolation(error) {
                throw CaseError.duplicateNumber(c.number ?? "")
            }
        }
        throw CaseError.concurrentChange
    }

    private func fileOnce(_ c: NewCase, actor: Principal, at time: Date, on db: any Database) async throws -> Filed {
        try await SQLiteWriteLock.take(on: db)
        let number: String
        if let given = c.number.flatMap(CaseCode.caseNumber) {
            if try await CaseRow.query(on: db).filter(\.$number == given).first() != nil { throw CaseError.duplicateNumber(given) }
            number = given
        } else {
            // The day's highest serial plus one (imported numbers may leave gaps a count would fall into).
            let prefix = String(CaseCode.caseNumber(division: c.divisionCode, on: c.reportedOn, serial: 0).dropLast(4))
            let last = try await CaseRow.query(on: db).filter(\.$number >= prefix).filter(\.$number < prefix + "A").sort(\.$number, .descending).first()
            number = CaseCode.caseNumber(division: c.divisionCode, on: c.reportedOn, serial: (last.flatMap { Int($0.number.dropFirst(prefix.count)) } ?? 0) + 1)
        }
        let row = CaseRow()
        row.id = UUID()
        row.number = number
        row.causeSealed = cipher.seal(c.cause.trimmingCharacters(in: .whitespacesAndNewlines))
        row.unitCode = c.unitCode
        row.stage = (c.history.last?.stage ?? .reported).rawValue
        row.reportedOn = c.reportedOn.description
        row.source = c.source
        row.version = 1
        row.createdAt = time
        row.updatedAt = time
        try await row.create(on: db)
        let events = [PastEvent(stage: .reported, on: c.reportedOn)] + c.history
        for (seq, e) in events.enumerated() {
            try await event(caseID: row.id!, seq: seq, e, actor: actor, at: time, on: db)
        }
        var rng = SystemRandomNumberGenerator()
        var codes: [(CasePartyRole, String, String)] = []
        for party in c.parties {
            let code = party.code.flatMap(CaseCode.queryCode) ?? CaseCode.newQueryCode(using: &rng)
            let p = CasePartyRow()
            p.id = UUID()
            p.caseID = row.id!
            p.role = party.role.rawValue
            p.nameSealed = cipher.seal(party.name.trimmingCharacters(in: .whitespaces))
            p.codeHash = codeHash(number: number, code: code)
            p.createdAt = time
            try await p.create(on: db)
            codes.append((party.role, party.name, code))
        }
        try await AuditChain.append(
            AuditEvent(actor: actor, action: "case.filed", subject: "case:\(number)", purpose: "案件信息公开", residentID: nil,
                       detail: ["source": c.source, "stage": row.stage, "parties": String(c.parties.count)]),
            at: time, on: db)
        return Filed(id: row.id!, number: number, codes: codes)
    }

    private func event(caseID: UUID, seq: Int, _ e: PastEvent, actor: Principal, at time: Date, on db: any Database) async throws {
        let row = CaseEventRow()
        row.id = UUID()
        row.caseID = caseID
        row.seq = seq
        row.stage = e.stage.rawValue
        row.onDay = e.on.description
        row.publicNoteSealed = Self.clean(e.publicNote).map { cipher.seal($0) }
        row.internalNoteSealed = Self.clean(e.internalNote).map { cipher.seal($0) }
        row.actor = actor.description
        row.at = time
        try await row.create(on: db)
    }

    static func clean(_ text: String?) -> String? {
        guard let t = text?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
        return t
    }

    func codeHash(number: String, code: String) -> String { cipher.blindIndex("\(number)|\(code)", domain: Self.codeDomain) }

    // MARK: parties

    /// One step as a party sees it.
    public struct PartyStep: Sendable, Hashable {
        public var stage: CaseStage
        public var on: CivilDate
        public var note: String?
    }

    public struct PartyView: Sendable, Hashable {
        public var number: String
        public var cause: String
        public var unitCode: String
        public var stage: CaseStage
        public var reportedOn: CivilDate
        public var role: CasePartyRole
        public var steps: [PartyStep]
        public var subscribed: Bool
    }

    /// What a party sees with the case number and their query code (nil: no such pair). Notes are shown only for the
    /// stages whose rule discloses them; internal notes never.
    public func follow(number typedNumber: String, code typedCode: String, at time: Date = Date(), on database: any Database) async throws -> PartyView? {
        guard let (row, party) = try await find(number: typedNumber, code: typedCode, on: database) else { return nil }
        try await AuditChain.append(
            AuditEvent(actor: .system("case-party"), action: "case.followed", subject: "case:\(row.number)", purpose: "案件信息公开", residentID: nil,
                       detail: ["role": party.role]), at: time, on: database)
        return try await partyView(row, party: party, on: database)
    }

    func find(number typedNumber: String, code typedCode: String, on database: any Database) async throws -> (CaseRow, CasePartyRow)? {
        guard let number = CaseCode.caseNumber(typedNumber), let code = CaseCode.queryCode(typedCode),
              let party = try await CasePartyRow.query(on: database).filter(\.$codeHash == codeHash(number: number, code: code)).first(),
              let row = try await CaseRow.find(party.caseID, on: database), row.number == number else { return nil }
        return (row, party)
    }

    func partyView(_ row: CaseRow, party: CasePartyRow, on database: any Database) async throws -> PartyView {
        let events = try await CaseEventRow.query(on: database).filter(\.$caseID == row.id!).sort(\.$seq).all()
        let steps = try events.map { e -> PartyStep in
            let stage = CaseStage(rawValue: e.stage) ?? .reported
            let note = stages[stage]?.discloseNote == true ? try e.publicNoteSealed.map { try cipher.openString($0) } : nil
            return PartyStep(stage: stage, on: CivilDate(iso: e.onDay) ?? .today(), note: note)
        }
        return PartyView(number: row.number, cause: try cipher.openString(row.causeSealed), unitCode: row.unitCode, stage: CaseStage(rawValue: row.stage) ?? .reported,
                         reportedOn: CivilDate(iso: row.reportedOn) ?? .today(), role: CasePartyRole(rawValue: party.role) ?? .reporter, steps: steps,
                         subscribed: party.accountID != nil)
    }

    /// Links the signed-in citizen's account to their party record, so each change reaches them as a notice (topic
    /// `case`). Returns nil for a wrong number or code; a record another account already follows is refused.
    public func subscribe(number: String, code: String, accountID: UUID, at time: Date = Date(), on database: any Database) async throws -> PartyView? {
        try await database.transaction { db in
            guard let (row, party) = try await find(number: number, code: code, on: db) else { return nil }
            if let other = party.accountID, other != accountID { throw CaseError.subscribedElsewhere }
            if party.accountID != accountID {
                party.accountID = accountID
                try await party.update(on: db)
                try await AuditChain.append(
                    AuditEvent(actor: .citizen(accountID), action: "case.subscribed", subject: "case:\(row.number)", purpose: "案件信息公开", residentID: nil,
                               detail: ["role": party.role]), at: time, on: db)
            }
            return try await partyView(row, party: party, on: db)
        }
    }

    /// The cases a citizen subscribed to, newest first (the personal center).
    public func subscriptions(accountID: UUID, on database: any Database) async throws -> [PartyView] {
        var views: [PartyView] = []
        for party in try await CasePartyRow.query(on: database).filter(\.$accountID == accountID).all() {
            if let row = try await CaseRow.find(party.caseID, on: database) { views.append(try await partyView(row, party: party, on: database)) }
        }
        return views.sorted { $0.reportedOn > $1.reportedOn }
    }

    // MARK: officers

    public struct Summary: Sendable, Hashable {
        public var id: UUID
        public var number: String
        public var cause: String
        public var unitCode: String
        public var stage: CaseStage
        public var reportedOn: CivilDate
        public var updatedAt: Date
    }

    public struct OfficerStep: Sendable, Hashable {
        public var stage: CaseStage
        public var on: CivilDate
        public var publicNote: String?
        public var internalNote: String?
        public var actor: String
    }

    public struct OfficerView: Sendable {
        public var summary: Summary
        public var version: Int
        public var steps: [OfficerStep]
        /// Each party's role, masked name and whether they subscribed.
        public var parties: [(role: CasePartyRole, maskedName: String, subscribed: Bool)]
    }

    /// A unit's cases (every unit's when nil), most recently changed first.
    public func cases(unitCode: String?, limit: Int = 200, on database: any Database) async throws -> [Summary] {
        var query = CaseRow.query(on: database).sort(\.$updatedAt, .descending).limit(limit)
        if let unitCode { query = query.filter(\.$unitCode == unitCode) }
        return try await query.all().map(summary)
    }

    func summary(_ row: CaseRow) throws -> Summary {
        Summary(id: row.id!, number: row.number, cause: try cipher.openString(row.causeSealed), unitCode: row.unitCode,
                stage: CaseStage(rawValue: row.stage) ?? .reported, reportedOn: CivilDate(iso: row.reportedOn) ?? .today(), updatedAt: row.updatedAt)
    }

    /// One case as an officer of its unit sees it; the read is audited.
    public func officerView(id: UUID, unitCode: String?, actor: Principal, at time: Date = Date(), on database: any Database) async throws -> OfficerView {
        guard let row = try await CaseRow.find(id, on: database), unitCode == nil || row.unitCode == unitCode else { throw CaseError.notFound }
        try await AuditChain.append(AuditEvent(actor: actor, action: "case.read", subject: "case:\(row.number)", purpose: "案件办理", residentID: nil), at: time, on: database)
        return try await view(row, on: database)
    }

    /// The officers' view of a case row (the caller audits the access).
    func view(_ row: CaseRow, on database: any Database) async throws -> OfficerView {
        let id = row.id!
        let events = try await CaseEventRow.query(on: database).filter(\.$caseID == id).sort(\.$seq).all()
        let steps = try events.map { e in
            OfficerStep(stage: CaseStage(rawValue: e.stage) ?? .reported, on: CivilDate(iso: e.onDay) ?? .today(),
                        publicNote: try e.publicNoteSealed.map { try cipher.openString($0) }, internalNote: try e.internalNoteSealed.map { try cipher.openString($0) },
                        actor: e.actor)
        }
        let parties = try await CasePartyRow.query(on: database).filter(\.$caseID == id).all().map {
            (role: CasePartyRole(rawValue: $0.role) ?? .reporter, maskedName: Masking.name(try cipher.openString($0.nameSealed)), subscribed: $0.accountID != nil)
        }
        return OfficerView(summary: try summary(row), version: row.version, steps: steps, parties: parties)
    }

    /// Moves a case to its next stage: the transition must be one the stages allow, a stage that needs a reason gets
    /// one, `expectedVersion` guards against two officers at once. Subscribed parties get a notice.
    public func advance(id: UUID, to stage: CaseStage, on day: CivilDate, publicNote: String?, internalNote: String?, unitCode: String?,
                        expectedVersion: Int?, actor: Principal, at time: Date = Date(), on database: any Database) async throws -> OfficerView {
        try await database.transaction { db in
            try await SQLiteWriteLock.take(on: db)
            guard let row = try await CaseRow.find(id, on: db), unitCode == nil || row.unitCode == unitCode else { throw CaseError.notFound }
            if let expectedVersion, expectedVersion != row.version { throw CaseError.concurrentChange }
            let from = CaseStage(rawValue: row.stage) ?? .reported
            guard stages.allows(from: from, to: stage) else { throw CaseError.transitionNotAllowed(from: from, to: stage) }
            if stages[stage]?.noteRequired == true, Self.clean(publicNote) == nil { throw CaseError.noteRequired(stage) }
            if (publicNote?.count ?? 0) > 500 || (internalNote?.count ?? 0) > 2000 { throw CaseError.invalid("notes: public ≤ 500, internal ≤ 2000 characters") }
            let events = try await CaseEventRow.query(on: db).filter(\.$caseID == id).sort(\.$seq, .descending).all()
            if let lastDay = events.first.flatMap({ CivilDate(iso: $0.onDay) }), day < lastDay {
                throw CaseError.invalid("on: not before the last step (\(lastDay))")
            }
            // The version-checked update first: a second officer at once waits on the row here and then finds it changed,
            // instead of colliding on the next event's number.
            let sql = db as! any SQLDatabase
            let updated = try await sql.update(CaseRow.schema).set("stage", to: stage.rawValue).set("version", to: row.version + 1).set("updated_at", to: time)
                .where("id", .equal, id).where("version", .equal, row.version).returning("id").all()
            guard updated.count == 1 else { throw CaseError.concurrentChange }
            try await event(caseID: id, seq: events.count, PastEvent(stage: stage, on: day, publicNote: publicNote, internalNote: internalNote), actor: actor, at: time, on: db)
            let name = stages[stage]?.name ?? LocalizedText(zh: stage.rawValue, en: stage.rawValue)
            for party in try await CasePartyRow.query(on: db).filter(\.$caseID == id).all() {
                guard let accountID = party.accountID else { continue }
                try await NotificationOutbox().enqueue(accountID: accountID, topic: .caseProgress, subjectRef: row.number,
                                                       titleZh: "案件 \(row.number) 进度更新：\(name.zh)", titleEn: "Case \(row.number): \(name.en)", at: time, on: db)
            }
            try await AuditChain.append(
                AuditEvent(actor: actor, action: "case.advanced", subject: "case:\(row.number)", purpose: "案件办理", residentID: nil,
                           detail: ["from": from.rawValue, "to": stage.rawValue]), at: time, on: db)
            // The step's own audit entry covers this read.
            guard let changed = try await CaseRow.find(id, on: db) else { throw CaseError.notFound }
            return try await view(changed, on: db)
        }
    }

    /// Cases by their current stage (the statistics page).
    public func countsByStage(on database: any Database) async throws -> [CaseStage: Int] {
        let rows = try await (database as! any SQLDatabase).raw("SELECT stage, COUNT(*) AS n FROM cases GROUP BY stage").all()
        var counts: [CaseStage: Int] = [:]
        for row in rows {
            if let stage = CaseStage(rawValue: try row.decode(column: "stage", as: String.self)) { counts[stage] = try row.decode(column: "n", as: Int.self) }
        }
        return counts
    }
}
