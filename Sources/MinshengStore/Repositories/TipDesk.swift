import Crypto
import FluentKit
import FluentSQL
import Foundation
import MinshengCore

/// Why a report, a follow-up or a step is refused.
public enum TipError: Error, Equatable, Sendable {
    case unknownCategory
    case text
    case place
    case evidence(index: Int, EvidenceProblem)
    case notFound
    case workflow(TipWorkflowError)
    case nothingToClaim
    case unknownClaimCode
    case notAllowed

    public var message: LocalizedText {
        switch self {
        case .unknownCategory: LocalizedText(zh: "请选择举报类别", en: "Choose what kind of crime it is")
        case .text: LocalizedText(zh: "请用 10 至 5000 字描述发生了什么", en: "Describe what happened in 10 to 5000 characters")
        case .place: LocalizedText(zh: "请选择发生地所在的区，或给出有效的经纬度", en: "Choose the district where it happened, or give valid coordinates")
        case .evidence(let index, let problem): LocalizedText(zh: "第 \(index + 1) 个文件：\(problem.message.zh)", en: "File \(index + 1): \(problem.message.en)")
        case .notFound: LocalizedText(zh: "举报编号或查询密码不正确", en: "The tip code or secret is wrong")
        case .workflow(let error): error.message
        case .nothingToClaim: LocalizedText(zh: "该举报暂无可领取的奖励", en: "There is no reward to claim for this report")
        case .unknownClaimCode: LocalizedText(zh: "领奖码无效或已使用", en: "The claim code is not valid or has been used")
        case .notAllowed: LocalizedText(zh: "无权执行此操作", en: "You may not do this")
        }
    }
}

/// How the tip secret and claim codes are hashed: slowly (bcrypt, from the web layer), never kept in clear.
public protocol SecretHasher: Sendable {
    func hash(_ secret: String) async throws -> String
    func verify(_ secret: String, against hash: String) async -> Bool
    /// The work of one `verify`, spent when there is nothing to verify against (an unknown code), so that an unknown
    /// code and a wrong secret take the same time.
    func spendVerifyWork() async
}

/// Rewarded crime reporting: reports with evidence, the dialogue by code and secret, the officers' workflow, rewards
/// claimed without the platform ever linking them to a person.
public struct TipDesk: Sendable {
    public struct Place: Codable, Hashable, Sendable {
        public var divisionCode: String
        public var address: String?
        public var latitude: Double?
        public var longitude: Double?
        public init(divisionCode: String, address: String? = nil, latitude: Double? = nil, longitude: Double? = nil) {
            self.divisionCode = divisionCode
            self.address = address
            self.latitude = latitude
            self.longitude = longitude
        }
    }

    /// A real-name informant, as sealed under the informant-protection key.
    public struct Informant: Codable, Hashable, Sendable {
        public var accountID: UUID
        public var name: String?
        public var idNumber: String?
        public var phone: String?
        public init(accountID: UUID, name: String?, idNumber: String?, phone: String?) {
            self.accountID = accountID
            self.name = name
            self.idNumber = idNumber
            self.phone = phone
        }
    }

    public struct Submission: Sendable {
        public var category: String
        public var text: String
        public var place: Place
        public var keepLocation: Bool
        public var files: [[UInt8]]
        public var informant: Informant?
        public init(category: String, text: String, place: Place, keepLocation: Bool = false, files: [[UInt8]] = [], informant: Informant? = nil) {
            self.category = category
            self.text = text
            self.place = place
            self.keepLocation = keepLocation
            self.files = files
            self.informant = informant
        }
    }

    /// What the informant is shown once.
    public struct Receipt: Sendable {
        public var id: UUID
        public var code: String
        public var secret: String
    }

    public struct Message: Sendable, Hashable {
        public var author: String
        public var text: String
        public var at: Date
    }

    public struct Step: Sendable, Hashable {
        public var action: String
        public var state: TipState
        public var actor: String
        public var note: String?
        public var at: Date
    }

    public struct Evidence: Sendable, Hashable {
        public var id: UUID
        public var kind: EvidenceKind
        public var bytes: Int
        public var sha256: String
        public var stripped: Bool
    }

    /// A report as its informant sees it (by code and secret) or an officer (with a purpose).
    public struct Report: Sendable {
        public var id: UUID
        public var code: String
        public var category: TipCategory
        public var state: TipState
        public var anonymous: Bool
        public var text: String
        public var place: Place
        public var keepLocation: Bool
        public var unitCode: String?
        public var assignedTo: String?
        public var duplicateOf: String?
        public var outcome: String?
        public var rewardYuan: Int?
        public var evidence: [Evidence]
        public var messages: [Message]
        public var steps: [Step]
        public var createdAt: Date
    }

    public let cipher: FieldCipher
    /// The informant-protection key: real-name identities and the originals of stripped evidence, never the data key.
    public let informantCipher: FieldCipher
    public let categories: TipCategoryCatalog
    public let directory: String
    public let hasher: any SecretHasher

    public init(cipher: FieldCipher, informantCipher: FieldCipher, categories: TipCategoryCatalog, directory: String, hasher: any SecretHasher) {
        self.cipher = cipher
        self.informantCipher = informantCipher
        self.categories = categories
        self.directory = directory
        self.hasher = hasher
    }

    // MARK: the informant

    /// Files a report. The evidence is checked by its bytes and written (sealed) before the transaction; the report,
    /// its evidence rows and its first step in one transaction. Duplicates (same evidence, or near-identical text in
    /// the same category within 90 days) are flagged for the officers, not refused.
    public func submit(_ s: Submission, at time: Date = Date(), on database: any Database) async throws -> Receipt {
        guard let category = categories[s.category] else { throw TipError.unknownCategory }
        let text = s.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (10...5000).contains(text.count) else { throw TipError.text }
        guard Division.byCode(s.place.divisionCode)?.isShenzhen == true else { throw TipError.place }
        if let lat = s.place.latitude, let lon = s.place.longitude {
            guard (-90...90).contains(lat), (-180...180).contains(lon) else { throw TipError.place }
        } else if (s.place.latitude == nil) != (s.place.longitude == nil) { throw TipError.place }
        guard s.files.count <= 9 else { throw TipError.evidence(index: 9, .tooMany) }
        var files: [(kind: EvidenceKind, original: [UInt8], view: [UInt8], stripped: Bool)] = []
        for (i, bytes) in s.files.enumerated() {
            let kind: EvidenceKind
            switch EvidenceKind.check(bytes) {
            case .success(let k): kind = k
            case .failure(let p): throw TipError.evidence(index: i, p)
            }
            let view: [UInt8]
            if s.keepLocation { view = bytes } else {
                switch EvidenceMetadata.stripped(bytes, kind: kind) {
                case .success(let v): view = v
                case .failure(let p): throw TipError.evidence(index: i, p)
                }
            }
            files.append((kind, bytes, view, view != bytes))
        }
        var rng = SystemRandomNumberGenerator()
        let secret = TipCode.newSecret(using: &rng)
        let secretHash = try await hasher.hash(TipCode.normalise(secret)!)
        let fingerprint = DuplicateText.shingles(text)
        // Files are content-addressed under a keyed digest: a failed transaction leaves at most an unreferenced file.
        var evidenceRows: [TipEvidenceRow] = []
        for file in files {
            let digest = Data(SHA256.hash(data: Data(file.original))).hexString
            let viewDigest = Data(SHA256.hash(data: Data(file.view))).hexString
            try write(cipher.seal(Data(file.view)), name: "view-\(cipher.blindIndex(viewDigest, domain: "tip-file"))")
            // The original, when its metadata was taken out: sealed for the informant-protection role alone.
            if file.stripped { try write(informantCipher.seal(Data(file.original)), name: "original-\(cipher.blindIndex(digest, domain: "tip-file"))") }
            let row = TipEvidenceRow()
            row.kind = file.kind.rawValue
            row.bytes = file.original.count
            row.sha256 = digest
            row.viewSHA256 = viewDigest
            row.stripped = file.stripped
            row.createdAt = time
            evidenceRows.append(row)
        }
        let evidenceDigests = evidenceRows.map(\.sha256)
        let newRows = evidenceRows
        return try await database.transaction { db in
            var rng = SystemRandomNumberGenerator()
            try await SQLiteWriteLock.take(on: db)
            // Duplicates: the same evidence file, or near-identical text in the category within 90 days.
            var duplicate: UUID?
            if !evidenceDigests.isEmpty, let same = try await TipEvidenceRow.query(on: db).filter(\.$sha256 ~~ evidenceDigests).first() { duplicate = same.tipID }
            if duplicate == nil {
                let decoder = JSONDecoder()
                let recent = try await TipReportRow.query(on: db).filter(\.$category == category.id).filter(\.$createdAt >= time.addingTimeInterval(-90 * 86_400))
                    .sort(\.$createdAt, .descending).limit(2000).all()
                for row in recent {
                    let other = try decoder.decode(Set<Int>.self, from: try cipher.open(row.fingerprintSealed))
                    if DuplicateText.similarity(fingerprint, other) >= DuplicateText.threshold { duplicate = row.id; break }
                }
            }
            let row = TipReportRow()
            row.id = UUID()
            var code = TipCode.newCode(using: &rng)
            while try await TipReportRow.query(on: db).filter(\.$code == code).count() > 0 { code = TipCode.newCode(using: &rng) }
            row.code = code
            row.secretHash = secretHash
            row.category = category.id
            row.state = TipState.received.rawValue
            row.anonymous = s.informant == nil
            row.textSealed = cipher.seal(text)
            row.fingerprintSealed = cipher.seal(try JSONEncoder().encode(fingerprint))
            row.placeSealed = cipher.seal(try JSONEncoder().encode(s.place))
            row.divisionCode = s.place.divisionCode
            row.keepLocation = s.keepLocation
            if let informant = s.informant {
                row.informantSealed = informantCipher.seal(try JSONEncoder().encode(informant))
                row.informantIndex = informantCipher.blindIndex(informant.accountID.lowercasedText, domain: "tip-informant")
            }
            // The unit that handles the district where it happened (its station before the city office).
            row.unitCode = try await OfficerRepository().unit(covering: s.place.divisionCode, on: db)?.code
            row.duplicateOf = duplicate
            row.createdAt = time
            row.updatedAt = time
            try await row.create(on: db)
            for evidence in newRows {
                evidence.tipID = row.id!
                try await evidence.create(on: db)
            }
            try await step(row, action: "receive", actor: "system:tips", note: duplicate.map { "duplicate-of:\($0.lowercasedText)" }, at: time, on: db)
            // The audit names the report, never who made it.
            try await AuditChain.append(
                AuditEvent(actor: .system("tips"), action: "tip.received", subject: "tip:\(code)", purpose: "rewarded crime reporting",
                           detail: ["category": category.id, "files": "\(newRows.count)", "anonymous": "\(row.anonymous)", "duplicate": duplicate == nil ? "no" : "yes"]),
                at: time, on: db)
            return Receipt(id: row.id!, code: code, secret: secret)
        }
    }

    /// The report behind a code and secret, or `.notFound` (the same answer for a wrong code and a wrong secret).
    public func follow(code typed: String, secret: String, on database: any Database) async throws -> Report {
        try await decode(try await authenticate(code: typed, secret: secret, on: database), on: database)
    }

    /// The informant answers (or adds to) the dialogue.
    public func answer(code typed: String, secret: String, text raw: String, at time: Date = Date(), on database: any Database) async throws -> Report {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...2000).contains(text.count) else { throw TipError.text }
        let row = try await authenticate(code: typed, secret: secret, on: database)
        try await database.transaction { db in
            let message = TipMessageRow()
            message.tipID = row.id!
            message.author = "informant"
            message.textSealed = cipher.seal(text)
            message.createdAt = time
            try await message.create(on: db)
            row.updatedAt = time
            try await row.update(on: db)
        }
        return try await decode(row, on: database)
    }

    /// The informant asks for the approved reward: a one-time claim code to show at any police station, shown once and
    /// kept only as a keyed digest (60 random bits behind the data key). Asking again replaces the code (a lost code is
    /// not lost money).
    public func claim(code typed: String, secret: String, at time: Date = Date(), on database: any Database) async throws -> (claimCode: String, yuan: Int) {
        let row = try await authenticate(code: typed, secret: secret, on: database)
        guard row.state == TipState.rewardClaimable.rawValue, let yuan = row.rewardYuan else { throw TipError.nothingToClaim }
        var rng = SystemRandomNumberGenerator()
        let claimCode = TipCode.newClaimCode(using: &rng)
        row.claimCodeHash = cipher.blindIndex(claimCode, domain: "tip-claim")
        row.claimIssuedAt = time
        row.updatedAt = time
        try await database.transaction { db in
            try await row.update(on: db)
            try await step(row, action: "claim-code-issued", actor: "informant", note: nil, at: time, on: db)
        }
        return (claimCode, yuan)
    }

    /// A real-name informant's reports, found through the keyed index (signed in).
    public func reports(accountID: UUID, on database: any Database) async throws -> [(code: String, state: TipState, category: String, at: Date)] {
        try await TipReportRow.query(on: database).filter(\.$informantIndex == informantCipher.blindIndex(accountID.lowercasedText, domain: "tip-informant"))
            .sort(\.$createdAt, .descending).all().map { ($0.code, TipState(rawValue: $0.state) ?? .received, $0.category, $0.createdAt) }
    }

    func authenticate(code typed: String, secret: String, on database: any Database) async throws -> TipReportRow {
        guard let code = TipCode.tipCode(typed), let normalised = TipCode.normalise(secret),
              let row = try await TipReportRow.query(on: database).filter(\.$code == code).first() else {
            // The same work and answer as a wrong secret, so a code's existence is not revealed.
            await hasher.spendVerifyWork()
            throw TipError.notFound
        }
        guard await hasher.verify(normalised, against: row.secretHash) else { throw TipError.notFound }
        return row
    }

    // MARK: officers

    /// The queue: a unit's reports (every unit's for an admin), newest first, with no text or identity.
    public func queue(officer: Officer, states: Set<TipState>? = nil, on database: any Database) async throws -> [TipReportRow] {
        var query = TipReportRow.query(on: database).sort(\.$createdAt, .descending)
        if !officer.roles.contains(.admin) { query = query.filter(\.$unitCode == officer.unit.code) }
        if let states { query = query.filter(\.$state ~~ states.map(\.rawValue)) }
        return try await query.limit(500).all()
    }

    /// A report opened by an officer with a purpose, audited.
    public func open(_ id: UUID, officer: Officer, purpose: String, at time: Date = Date(), on database: any Database) async throws -> Report {
        let row = try await officerRow(id, officer: officer, on: database)
        try await AuditChain.append(
            AuditEvent(actor: officer.principal, action: "tip.read", subject: "tip:\(row.code)", purpose: purpose, detail: ["unit": officer.unit.code]),
            at: time, on: database)
        return try await decode(row, on: database)
    }

    /// The copy of an evidence file officers view (metadata taken out unless the informant kept the location), audited.
    public func evidenceFile(_ fileID: UUID, officer: Officer, at time: Date = Date(), on database: any Database) async throws -> (EvidenceKind, Data) {
        guard let file = try await TipEvidenceRow.find(fileID, on: database), let kind = EvidenceKind(rawValue: file.kind) else { throw TipError.notFound }
        let row = try await officerRow(file.tipID, officer: officer, on: database)
        let sealed = try Data(contentsOf: URL(fileURLWithPath: path("view-\(cipher.blindIndex(file.viewSHA256, domain: "tip-file"))")))
        try await AuditChain.append(
            AuditEvent(actor: officer.principal, action: "tip.evidence-viewed", subject: "tip:\(row.code)", purpose: "evidence review", detail: ["sha256": file.sha256]),
            at: time, on: database)
        return (kind, try cipher.open(sealed))
    }

    /// A real-name informant's identity, for the informant-protection role only, with a purpose; every opening
    /// audited. An anonymous report has none to open.
    public func revealInformant(_ id: UUID, officer: Officer, purpose: String, at time: Date = Date(), on database: any Database) async throws -> Informant? {
        guard officer.roles.contains(.informantProtection) else { throw TipError.notAllowed }
        guard let row = try await TipReportRow.find(id, on: database) else { throw TipError.notFound }
        // Only for a report of the officer's own unit or of a unit inside the officer's jurisdiction (the city office's).
        let handling = try await row.unitCode.asyncMap { try await OfficerRepository().unit(code: $0, on: database) } ?? nil
        guard row.unitCode == officer.unit.code || handling.map({ !$0.jurisdiction.divisionCodes.isEmpty && $0.jurisdiction.divisionCodes.allSatisfy(officer.unit.jurisdiction.covers) }) == true else {
            try await AuditChain.append(
                AuditEvent(actor: officer.principal, action: "tip.informant-opened-refused", subject: "tip:\(row.code)", purpose: purpose,
                           detail: ["reason": "outside-jurisdiction", "unit": officer.unit.code]),
                at: time, on: database)
            throw TipError.notAllowed
        }
        try await AuditChain.append(
            AuditEvent(actor: officer.principal, action: "tip.informant-opened", subject: "tip:\(row.code)", purpose: purpose, detail: ["anonymous": "\(row.anonymous)"]),
            at: time, on: database)
        guard let sealed = row.informantSealed else { return nil }
        return try JSONDecoder().decode(Informant.self, from: try informantCipher.open(sealed))
    }

    /// An officer's step, checked by the pure workflow, recorded and audited; the informant sees the new state by code
    /// (and, when real-name, gets an in-app notice).
    public func act(_ action: TipAction, on id: UUID, officer: Officer, outcome: String? = nil, at time: Date = Date(), on database: any Database) async throws -> Report {
        try await database.transaction { db in
            try await SQLiteWriteLock.take(on: db)
            try await Self.lockRow(id, on: db)
            let row = try await officerRow(id, officer: officer, on: db)
            guard let state = TipState(rawValue: row.state), let category = categories[row.category] else { throw TipError.notFound }
            // The approver approves the sum they read: one assessed again since (by another officer, at the same time) is not.
            if case .approveReward(let seen) = action, state == .rewardAssessed, let now = row.rewardYuan, now != seen {
                throw TipError.workflow(.rewardChanged(seen: seen, now: now))
            }
            let next = try TipWorkflow.next(action, from: state, category: category, actor: officer.policeNumber,
                                            isApprover: officer.roles.contains(.approver), assessedBy: row.rewardAssessedBy).mapError(TipError.workflow).get()
            var note: String?
            switch action {
            case .assign(let number): row.assignedTo = number; note = "assigned-to:\(number)"
            case .substantiate(let text): note = text
            case .unsubstantiate(let reason): note = reason
            case .transfer(let unit, let reason):
                // Only to a unit that exists: a report sent nowhere would sit where no officer can see it.
                guard try await UnitRow.query(on: db).filter(\.$code == unit).first() != nil else { throw StoreError.unitNotFound }
                row.unitCode = unit; note = "\(unit): \(reason)"
            case .assessReward(let yuan): row.rewardYuan = yuan; row.rewardAssessedBy = officer.policeNumber; note = "\(yuan)"
            case .approveReward: row.rewardApprovedBy = officer.policeNumber
            case .pay: break
            case .startVerifying: break
            }
            if let outcome = outcome?.trimmingCharacters(in: .whitespacesAndNewlines), !outcome.isEmpty { row.outcomeSealed = cipher.seal(outcome) }
            row.state = next.rawValue
            row.updatedAt = time
            try await row.update(on: db)
            try await step(row, action: action.kind, actor: officer.principal.description, note: note, at: time, on: db)
            try await AuditChain.append(
                AuditEvent(actor: officer.principal, action: "tip.\(action.kind)", subject: "tip:\(row.code)", purpose: "rewarded crime reporting",
                           detail: ["state": next.rawValue, "unit": officer.unit.code]),
                at: time, on: db)
            try await notifyInformant(row, at: time, on: db)
            return try await decode(row, on: db)
        }
    }

    /// An officer's question to the informant.
    public func ask(_ id: UUID, officer: Officer, text raw: String, at time: Date = Date(), on database: any Database) async throws -> Report {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...2000).contains(text.count) else { throw TipError.text }
        return try await database.transaction { db in
            // Reads, then writes: on SQLite a background job's commit in between would fail the upgrade (a 500 in fuzzing).
            try await SQLiteWriteLock.take(on: db)
            let row = try await officerRow(id, officer: officer, on: db)
            let message = TipMessageRow()
            message.tipID = row.id!
            message.author = "officer"
            message.officer = officer.policeNumber
            message.textSealed = cipher.seal(text)
            message.createdAt = time
            try await message.create(on: db)
            row.updatedAt = time
            try await row.update(on: db)
            try await AuditChain.append(
                AuditEvent(actor: officer.principal, action: "tip.question", subject: "tip:\(row.code)", purpose: "rewarded crime reporting", detail: ["unit": officer.unit.code]),
                at: time, on: db)
            try await notifyInformant(row, at: time, on: db)
            return try await decode(row, on: db)
        }
    }

    /// The station pays against a claim code: the report is found by the code's keyed digest (the code itself names no
    /// report), marked paid, and the code cannot be used again.
    public func pay(claimCode typed: String, officer: Officer, at time: Date = Date(), on database: any Database) async throws -> (code: String, yuan: Int) {
        guard let claimCode = TipCode.claimCode(typed) else { throw TipError.unknownClaimCode }
        return try await database.transaction { db in
            try await SQLiteWriteLock.take(on: db)
            guard let found = try await TipReportRow.query(on: db).filter(\.$claimCodeHash == cipher.blindIndex(claimCode, domain: "tip-claim")).first() else {
                throw TipError.unknownClaimCode
            }
            try await Self.lockRow(found.id!, on: db)
            guard let row = try await TipReportRow.find(found.id!, on: db), row.claimCodeHash == found.claimCodeHash,
                  let yuan = row.rewardYuan, let state = TipState(rawValue: row.state), let category = categories[row.category] else { throw TipError.unknownClaimCode }
            // The same workflow as every other step: only a claimable reward is paid, and not by the officer who assessed it.
            switch TipWorkflow.next(.pay, from: state, category: category, actor: officer.policeNumber,
                                    isApprover: officer.roles.contains(.approver), assessedBy: row.rewardAssessedBy) {
            case .failure(.assessorCannotPay): throw TipError.workflow(.assessorCannotPay)
            case .failure: throw TipError.unknownClaimCode
            case .success: break
            }
            let next = TipState.paid
            row.state = next.rawValue
            row.paidAt = time
            row.paidBy = officer.policeNumber
            row.claimCodeHash = nil
            row.updatedAt = time
            try await row.update(on: db)
            try await step(row, action: TipAction.pay.kind, actor: officer.principal.description, note: "\(yuan)", at: time, on: db)
            try await AuditChain.append(
                AuditEvent(actor: officer.principal, action: "tip.reward-paid", subject: "tip:\(row.code)", purpose: "rewarded crime reporting",
                           detail: ["yuan": "\(yuan)", "unit": officer.unit.code]),
                at: time, on: db)
            return (row.code, yuan)
        }
    }

    /// Reports by category and state, and the rewards paid (no key needed: counts only).
    public static func statistics(on database: any Database) async throws -> (byCategory: [String: [TipState: Int]], paidCount: Int, paidYuan: Int) {
        var by: [String: [TipState: Int]] = [:]
        var paid = 0
        var yuan = 0
        for row in try await TipReportRow.query(on: database).field(\.$id).field(\.$category).field(\.$state).field(\.$rewardYuan).all() {
            let state = TipState(rawValue: row.state) ?? .received
            by[row.category, default: [:]][state, default: 0] += 1
            if state == .paid { paid += 1; yuan += row.rewardYuan ?? 0 }
        }
        return (by, paid, yuan)
    }

    // MARK: helpers

    func officerRow(_ id: UUID, officer: Officer, on db: any Database) async throws -> TipReportRow {
        guard let row = try await TipReportRow.find(id, on: db) else { throw TipError.notFound }
        guard officer.roles.contains(.admin) || row.unitCode == officer.unit.code else { throw TipError.notAllowed }
        return row
    }

    func step(_ row: TipReportRow, action: String, actor: String, note: String?, at time: Date, on db: any Database) async throws {
        let step = TipStepRow()
        step.tipID = row.id!
        step.action = action
        step.state = row.state
        step.actor = actor
        // An empty note is no note (the cipher does not seal empty text).
        step.noteSealed = note.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : cipher.seal($0) }
        step.createdAt = time
        try await step.create(on: db)
    }

    /// A real-name informant's notice (the identity opened by the system for this alone, never shown): the same words
    /// for every report and step, naming neither the tip code nor the category, under its own topic, so that the
    /// notices table and an SMS, WeChat or e-mail (sent only when the informant subscribed to this topic) link the
    /// account to a report no more than "has reported something".
    func notifyInformant(_ row: TipReportRow, at time: Date, on db: any Database) async throws {
        guard let sealed = row.informantSealed else { return }
        let informant = try JSONDecoder().decode(Informant.self, from: try informantCipher.open(sealed))
        try await NotificationOutbox().enqueue(accountID: informant.accountID, topic: .tip, subjectRef: "tip", titleZh: Self.noticeText.zh,
                                               titleEn: Self.noticeText.en, at: time, on: db)
    }

    /// The one text of every notice to a real-name informant.
    public static let noticeText = LocalizedText(zh: "您有一条举报回复，请凭举报编号查看", en: "There is a reply to a report of yours; look it up with your tip code")

    /// Locks a report's row for the rest of the transaction on PostgreSQL (`FOR UPDATE`); SQLite's write lock, taken
    /// first, already serialises the writers there.
    static func lockRow(_ id: UUID, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        guard sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT id FROM \(ident: TipReportRow.schema) WHERE id = \(bind: id) FOR UPDATE").run()
    }

    func decode(_ row: TipReportRow, on db: any Database) async throws -> Report {
        let decoder = JSONDecoder()
        let evidence = try await TipEvidenceRow.query(on: db).filter(\.$tipID == row.id!).sort(\.$createdAt).all().map {
            Evidence(id: $0.id!, kind: EvidenceKind(rawValue: $0.kind) ?? .jpeg, bytes: $0.bytes, sha256: $0.sha256, stripped: $0.stripped)
        }
        let messages = try await TipMessageRow.query(on: db).filter(\.$tipID == row.id!).sort(\.$createdAt).all().map {
            Message(author: $0.author, text: try cipher.openString($0.textSealed), at: $0.createdAt)
        }
        let steps = try await TipStepRow.query(on: db).filter(\.$tipID == row.id!).sort(\.$createdAt).all().map {
            Step(action: $0.action, state: TipState(rawValue: $0.state) ?? .received, actor: $0.actor, note: try $0.noteSealed.map { try cipher.openString($0) }, at: $0.createdAt)
        }
        var duplicate: String?
        if let other = row.duplicateOf { duplicate = try await TipReportRow.find(other, on: db)?.code }
        return Report(
            id: row.id!, code: row.code, category: categories[row.category] ?? TipCategory(id: row.category, name: .init(zh: row.category, en: row.category), rewardMin: 0, rewardMax: nil, source: ""),
            state: TipState(rawValue: row.state) ?? .received, anonymous: row.anonymous, text: try cipher.openString(row.textSealed),
            place: try decoder.decode(Place.self, from: try cipher.open(row.placeSealed)), keepLocation: row.keepLocation, unitCode: row.unitCode,
            assignedTo: row.assignedTo, duplicateOf: duplicate, outcome: try row.outcomeSealed.map { try cipher.openString($0) }, rewardYuan: row.rewardYuan,
            evidence: evidence, messages: messages, steps: steps,
            createdAt: row.createdAt)
    }

    func path(_ name: String) -> String { "\(directory)/tips/\(name.prefix(12).suffix(2))/\(name)" }

    private func write(_ sealed: Data, name: String) throws {
        try SealedFiles.writeOnce(sealed, to: path(name), what: "an evidence file")
    }
}
