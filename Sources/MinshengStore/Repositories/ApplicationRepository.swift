import FluentKit
import FluentSQL
import Foundation
import MinshengCore

/// Applications: submission (idempotent), the workflow's steps, and approval applying the service's effects to the
/// registry — each step, its registry versions and its audit entries in one transaction.
public struct ApplicationRepository: Sendable {
    public let cipher: FieldCipher
    public let registry: RegistryRepository
    /// How no-criminal-record certificates are issued; needed only to approve such an application.
    public let noCriminalRecord: NoCriminalRecordPolicy?

    public init(cipher: FieldCipher, registry: RegistryRepository, noCriminalRecord: NoCriminalRecordPolicy? = nil) {
        self.cipher = cipher
        self.registry = registry
        self.noCriminalRecord = noCriminalRecord
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()

    /// Submits a new application; the same idempotency key from the same account returns the first one instead.
    /// `timeLimit` replaces the service's when a check at submission needs longer (an investigation); `check` is audited.
    public func submit(
        service: ServiceDefinition, account: CitizenAccount, subject: Resident?, form: [String: String], materials: [AttachedMaterial],
        channel: ServiceChannel, unitCode: String?, idempotencyKey: String, timeLimit: Int? = nil, check: [String: String] = [:],
        at time: Date = Date(), today: CivilDate, on database: any Database
    ) async throws -> (ServiceApplication, created: Bool) {
        try await database.transaction { db in
            // Read, then write: on SQLite the write lock first, or a background job's commit in between fails this one.
            try await SQLiteWriteLock.take(on: db)
            if let existing = try await ApplicationRow.query(on: db)
                .filter(\.$applicantAccountID == account.id).filter(\.$idempotencyKey == idempotencyKey).first() {
                return (try decode(existing), false)
            }
            let principal = Principal.citizen(account.id)
            let draft = ApplicationRecord(applicant: principal, steps: service.workflowSteps, timeLimit: timeLimit ?? service.timeLimit)
            let record = try Workflow.apply(.submit, by: .applicant(principal), to: draft, at: time, today: today, calendar: .china).get()
            let row = ApplicationRow()
            row.id = UUID()
            row.reference = ServiceApplication.makeReference(service: service.code, on: today)
            row.serviceCode = service.code
            row.applicantAccountID = account.id
            row.applicantResidentID = account.residentID
            row.subjectResidentID = subject?.id
            row.channel = channel.rawValue
            row.form = cipher.seal(try Self.encoder.encode(form))
            row.materials = String(decoding: try Self.encoder.encode(materials), as: UTF8.self)
            row.unitCode = unitCode
            row.idempotencyKey = idempotencyKey
            row.version = 1
            row.createdAt = time
            let vaultIDs = materials.filter { $0.source == .vault }.compactMap { UUID(uuidString: String($0.reference.dropFirst("vault:".count))) }
            let reused = try await MaterialVault.markUsed(vaultIDs, on: db)
            row.materialsSaved = materials.filter { $0.source == .registry || $0.source == .eCertificate }.count + reused
            try write(record, to: row, at: time)
            try await row.create(on: db)
            try await NotificationOutbox().enqueue(
                accountID: account.id, topic: .application, subjectRef: row.reference,
                titleZh: "您的申请（\(service.name.zh)）已提交，编号 \(row.reference)",
                titleEn: "Your application (\(service.name.en)) was submitted: \(row.reference)", at: time, on: db)
            try await AuditChain.append(
                AuditEvent(actor: principal, action: "application.submitted", subject: "application:\(row.reference)", purpose: service.code,
                           residentID: subject?.id, detail: check.merging(["service": service.code]) { $1 }),
                at: time, on: db
            )
            return (try decode(row), true)
        }
    }

    public func application(id: UUID, on database: any Database) async throws -> ServiceApplication? {
        try await ApplicationRow.find(id, on: database).map(decode)
    }

    /// A citizen's applications, newest first.
    public func applications(accountID: UUID, on database: any Database) async throws -> [ServiceApplication] {
        try await ApplicationRow.query(on: database).filter(\.$applicantAccountID == accountID).sort(\.$createdAt, .descending).all().map(decode)
    }

    /// The open states a queue shows (the partial queue indexes cover exactly these).
    public static let openStates: [ApplicationState] = [.submitted, .accepted, .underReview, .needsSupplement]

    /// A unit's work queue (every unit's when `unitCode` is nil), from plain columns only: overdue first, then by due
    /// date, then those not yet accepted, oldest first. Two index-ordered reads (with and without a due date) of at
    /// most `limit` rows each, so the cost does not grow with the closed applications in the table.
    public func queue(unitCode: String?, limit: Int = 100, today: CivilDate, on database: any Database) async throws -> [QueueItem] {
        let sql = database as! any SQLDatabase
        func page(dated: Bool) async throws -> [QueueItem] {
            var select = sql.select().columns("id", "reference", "service_code", "state", "due_date", "unit_code", "claimed_by", "created_at")
                .from(ApplicationRow.schema)
                // The partial indexes' own predicate, as literal text: SQLite uses a partial index only when the query
                // repeats its WHERE terms with the same constants (bound parameters do not count).
                .where(SQLRaw(AddQueueIndexes.openStates))
            if let unitCode { select = select.where("unit_code", .equal, unitCode) }
            select = dated ? select.where("due_date", .greaterThan, "") : select.where("due_date", .equal, "")
            return try await select.orderBy("due_date").orderBy("created_at").limit(limit).all().map { row in
                guard let state = ApplicationState(rawValue: try row.decode(column: "state", as: String.self)) else {
                    throw StoreError.corruptRecord("application state")
                }
                let due = try row.decode(column: "due_date", as: String.self)
                return QueueItem(
                    id: try row.decode(column: "id", as: UUID.self), reference: try row.decode(column: "reference", as: String.self),
                    serviceCode: try row.decode(column: "service_code", as: String.self), state: state, dueDate: CivilDate(iso: due),
                    unitCode: try row.decode(column: "unit_code", as: String?.self), claimedBy: try row.decode(column: "claimed_by", as: String?.self),
                    submittedAt: try row.decode(column: "created_at", as: Date.self)
                )
            }
        }
        return Array(QueueItem.ordered(try await page(dated: true) + page(dated: false), today: today).prefix(limit))
    }

    /// Takes one workflow step. On approval the service's effects are applied to the subject's registry record (a
    /// version pointing at this application) and the application completes — all in this transaction, or none of it.
    public func act(
        _ action: ApplicationAction, on id: UUID, by actor: WorkflowActor, service: ServiceDefinition, at time: Date = Date(),
        today: CivilDate, on database: any Database
    ) async throws -> ServiceApplication {
        do {
            return try await step(action, on: id, by: actor, service: service, at: time, today: today, on: database)
        } catch WorkflowError.acceptedBySameOfficer {
            // Refused outside the rolled-back transaction, so the attempt stays on the record.
            if let row = try await ApplicationRow.find(id, on: database) {
                try await AuditChain.append(
                    AuditEvent(actor: actor.principal, action: "application.\(action.kind.rawValue)-refused", subject: "application:\(row.reference)", purpose: service.code,
                               residentID: row.subjectResidentID, detail: ["reason": "separation-of-duties"]),
                    at: time, on: database)
            }
            throw WorkflowError.acceptedBySameOfficer
        }
    }

    private func step(
        _ action: ApplicationAction, on id: UUID, by actor: WorkflowActor, service: ServiceDefinition, at time: Date, today: CivilDate, on database: any Database
    ) async throws -> ServiceApplication {
        try await database.transaction { db in
            try await SQLiteWriteLock.take(on: db)
            guard let row = try await ApplicationRow.find(id, on: db) else { throw ApplicationStoreError.notFound }
            var application = try decode(row)
            application.record = application.record.separated(service.separatesDuties)
            // One officer at a time: an application another officer has claimed waits for them (or for its release).
            if actor.isOfficer, case .officer(let number) = actor.principal, let holder = row.claimedBy, holder != number {
                throw ApplicationStoreError.claimedByAnother(holder)
            }
            var record = try Workflow.apply(action, by: actor, to: application.record, at: time, today: today, calendar: .china).get()
            var events: [(String, [String: String])] = [("application.\(action.kind.rawValue)", [:])]
            if record.state == .approved {
                var detail = ["effects": service.effects.map(\.kind.rawValue).joined(separator: ",")]
                let written = try await applyEffects(service, application: application, actor: actor.principal, today: today, at: time, on: db)
                detail["registryVersions"] = written.isEmpty ? "none" : written.joined(separator: ",")
                try await produceOutputs(service, application: application, actor: actor.principal, at: time, on: db)
                record = try Workflow.apply(.complete, by: .system(.system("effects")), to: record, at: time, today: today, calendar: .china).get()
                events.append(("application.completed", detail))
            }
            let oldVersion = row.version
            // The officer who acts keeps the application while its next step forward is theirs; once that step belongs to
            // someone else (an approver, the applicant) it is free.
            let forward: Set<ActionKind> = [.accept, .startReview, .forwardForApproval, .approve]
            if actor.isOfficer, case .officer(let number) = actor.principal, !forward.isDisjoint(with: Workflow.availableActions(for: record, actor: actor)) {
                row.claimedBy = number
            } else {
                row.claimedBy = nil
            }
            try write(record, to: row, at: time)
            row.version = oldVersion + 1
            let sql = db as! any SQLDatabase
            let updated = try await sql.update(ApplicationRow.schema)
                .set("state", to: row.state).set("record", to: row.record).set("due_date", to: row.dueDate)
                .set("claimed_by", to: row.claimedBy).set("version", to: row.version).set("updated_at", to: time)
                .set("working_days", to: row.workingDays)
                .where("id", .equal, id).where("version", .equal, oldVersion)
                .returning("id").all()
            guard updated.count == 1 else { throw ApplicationStoreError.concurrentChange }
            if record.state != application.record.state {
                let extra = record.state == .needsSupplement ? "：" + record.supplementItems.joined(separator: "、") : ""
                let extraEn = record.state == .needsSupplement ? ": " + record.supplementItems.joined(separator: ", ") : ""
                try await NotificationOutbox().enqueue(
                    accountID: application.applicantAccountID, topic: .application, subjectRef: row.reference,
                    titleZh: "您的申请（\(service.name.zh)）\(record.state.nameZh)\(extra)",
                    titleEn: "Your application (\(service.name.en)): \(record.state.nameEn)\(extraEn)", at: time, on: db)
            }
            for (name, detail) in events {
                var all = detail
                if case .requestSupplement(let items) = action { all["items"] = String(items.count) }
                try await AuditChain.append(
                    AuditEvent(actor: actor.principal, action: name, subject: "application:\(row.reference)", purpose: service.code,
                               residentID: application.subjectResidentID, detail: all),
                    at: time, on: db
                )
            }
            return try decode(row)
        }
    }

    /// Claims an application for an officer (nil releases it). Claiming one another officer holds fails unless `force`
    /// (an admin's override); every claim and release is audited.
    public func claim(_ id: UUID, for policeNumber: String?, by actor: Principal, force: Bool = false, at time: Date = Date(),
                      on database: any Database) async throws -> ServiceApplication {
        try await database.transaction { db in
            guard let row = try await ApplicationRow.find(id, on: db) else { throw ApplicationStoreError.notFound }
            let current = row.claimedBy
            if let current, !force, current != policeNumber, case .officer(let number) = actor, current != number {
                throw ApplicationStoreError.claimedByAnother(current)
            }
            guard current != policeNumber else { return try decode(row) }
            let sql = db as! any SQLDatabase
            let updated = try await sql.update(ApplicationRow.schema).set("claimed_by", to: policeNumber).set("version", to: row.version + 1)
                .where("id", .equal, id).where("version", .equal, row.version).returning("id").all()
            guard updated.count == 1 else { throw ApplicationStoreError.concurrentChange }
            row.claimedBy = policeNumber
            row.version += 1
            try await AuditChain.append(
                AuditEvent(actor: actor, action: policeNumber == nil ? "application.released" : "application.claimed", subject: "application:\(row.reference)",
                           purpose: "work queue", residentID: row.subjectResidentID, detail: ["previous": current ?? "", "holder": policeNumber ?? ""]),
                at: time, on: db
            )
            return try decode(row)
        }
    }

    /// Applies the service's effects to the registry: the person concerned (choosing a free ID number when theirs
    /// must change), new persons, new and changed households — each record a version pointing at the application.
    /// Returns the versions written, as "resident id:version".
    private func applyEffects(_ service: ServiceDefinition, application: ServiceApplication, actor: Principal, today: CivilDate, at time: Date,
                              on db: any Database) async throws -> [String] {
        guard service.effects.contains(where: { $0.kind != .none }) else { return [] }
        guard let applicantID = application.applicantResidentID, let applicant = try await registry.resident(id: applicantID, on: db) else {
            throw StoreError.residentNotFound
        }
        var subject: Resident? = nil
        if let subjectID = application.subjectResidentID {
            guard let found = try await registry.resident(id: subjectID, on: db) else { throw StoreError.residentNotFound }
            subject = found
        }
        // Households are read only for effects that touch them; a number is reserved only where one may be created.
        let kinds = Set(service.effects.map(\.kind))
        let householdLevel = !kinds.isDisjoint(with: RegistryPlanner.householdKinds.union([.restore]))
        var applicantHousehold: (Household, [Resident])? = nil
        var subjectHousehold: (Household, [Resident])? = nil
        var named: (Household, [Resident])? = nil
        if householdLevel {
            if let id = applicant.householdID { applicantHousehold = try await registry.household(id: id, on: db) }
            if let id = subject?.householdID { subjectHousehold = id == applicant.householdID ? applicantHousehold : try await registry.household(id: id, on: db) }
            if let number = application.form["targetHouseholdNumber"]?.trimmingCharacters(in: .whitespaces), !number.isEmpty {
                guard let found = try await registry.household(number: number, on: db) else { throw EffectError.householdNotFound }
                named = found
            }
        }
        let division = application.form["newDivision"] ?? application.form["division"] ?? applicant.divisionCode
        let creates = !kinds.isDisjoint(with: [.moveWithinCity, .splitHousehold, .newHousehold])
        let number = creates ? try await registry.freeHouseholdNumber(division: division, on: db) : ""
        let reserved = Household(number: number, kind: .family, divisionCode: division, address: "")
        let context = RegistryContext(applicant: applicant, subject: subject, applicantHousehold: applicantHousehold, subjectHousehold: subjectHousehold,
                                      named: named, newHousehold: reserved, today: today)
        let plan = try RegistryPlanner.plan(service.effects, form: application.form, context: context)
        let reason = "\(service.name.zh) \(service.code)"
        let reference = application.reference
        var written: [String] = []
        for household in plan.createdHouseholds {
            try await registry.create(household: household, actor: actor, reason: reason, applicationReference: reference, at: time, on: db)
        }
        for new in plan.created {
            var resident = new.resident
            for candidate in new.idNumberCandidates where try await registry.resident(idNumber: candidate, on: db) == nil {
                resident.idNumber = candidate
                break
            }
            let stored = try await registry.create(resident: resident, actor: actor, reason: reason, applicationReference: reference, at: time, on: db)
            written.append("\(stored.id.lowercasedText):1")
        }
        for planned in plan.changed {
            var record = planned
            if planned.id == subject?.id {
                for candidate in plan.idNumberCandidates where try await registry.resident(idNumber: candidate, on: db) == nil {
                    record.idNumber = candidate
                    break
                }
            }
            let final = record
            let stored = try await registry.update(
                residentID: final.id, actor: actor, reason: reason, applicationReference: reference, at: time, on: db
            ) { resident in
                let version = resident.version
                resident = final
                resident.version = version
            }
            written.append("\(stored.id.lowercasedText):\(stored.version)")
        }
        for household in plan.changedHouseholds {
            try await registry.update(household: household, actor: actor, reason: reason, applicationReference: reference, at: time, on: db)
        }
        return written
    }

    /// What an approval produces beyond the registry: a new ID card ordered for the person concerned, and the
    /// e-certificates of everyone whose record the effects changed re-issued (the old ones superseded).
    private func produceOutputs(_ service: ServiceDefinition, application: ServiceApplication, actor: Principal, at time: Date, on db: any Database) async throws {
        if service.outputs.contains(where: { $0.kind == .noCriminalRecord }) {
            guard let policy = noCriminalRecord else { throw StoreError.corruptRecord("no policy for no-criminal-record certificates") }
            try await NoCriminalRecordDesk(cipher: cipher, policy: policy).issue(service: service, application: application, actor: actor, at: time, on: db)
            return
        }
        let person = application.subjectResidentID ?? application.applicantResidentID
        if service.outputs.contains(where: { $0.kind == .idCard }), let person {
            try await OrderDesk(cipher: cipher).orderProduction(residentID: person, type: .idCard, applicationID: application.id,
                                                                accountID: application.applicantAccountID, actor: actor, at: time, on: db)
        }
        var touched = Set([application.applicantResidentID, application.subjectResidentID].compactMap { $0 })
        for id in Array(touched) {
            if let householdID = try await registry.resident(id: id, on: db)?.householdID, let (_, members) = try await registry.household(id: householdID, on: db) {
                touched.formUnion(members.map(\.id))
            }
        }
        let credentials = CredentialRepository(cipher: cipher)
        for id in touched.sorted(by: { $0.uuidString < $1.uuidString }) where try await CredentialRow.query(on: db).filter(\.$holderID == id).count() > 0 {
            try await credentials.sync(residentID: id, actor: actor, at: time, on: db)
        }
    }

    private func write(_ record: ApplicationRecord, to row: ApplicationRow, at time: Date) throws {
        if record.state == .completed, let submitted = record.submittedAt {
            row.workingDays = WorkingDayCalendar.china.workingDays(from: .today(now: submitted), to: .today(now: time))
        }
        row.state = record.state.rawValue
        row.record = cipher.seal(try Self.encoder.encode(record))
        row.dueDate = record.dueDate?.description ?? ""
        row.updatedAt = time
    }

    func decode(_ row: ApplicationRow) throws -> ServiceApplication {
        guard let id = row.id, let channel = ServiceChannel(rawValue: row.channel) else { throw StoreError.corruptRecord("application \(row.reference)") }
        let form = try Self.decoder.decode([String: String].self, from: try cipher.open(row.form))
        let record = try Self.decoder.decode(ApplicationRecord.self, from: try cipher.open(row.record))
        let materials = try Self.decoder.decode([AttachedMaterial].self, from: Data(row.materials.utf8))
        return ServiceApplication(
            id: id, reference: row.reference, serviceCode: row.serviceCode, applicantAccountID: row.applicantAccountID,
            applicantResidentID: row.applicantResidentID, subjectResidentID: row.subjectResidentID, channel: channel, form: form,
            materials: materials, unitCode: row.unitCode, claimedBy: row.claimedBy, record: record, createdAt: row.createdAt, updatedAt: row.updatedAt
        )
    }
}
