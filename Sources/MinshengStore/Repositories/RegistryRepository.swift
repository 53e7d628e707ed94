import FluentKit
import FluentPostgresDriver
import FluentSQL
import Foundation
import MinshengCore

/// Reads and changes the population registry. Every change writes a version and an audit entry in
/// the same transaction; nothing is overwritten without a version.
public struct RegistryRepository: Sendable {
    public let cipher: FieldCipher

    public init(cipher: FieldCipher) { self.cipher = cipher }

    /// The blind index under which an ID number is found.
    public func index(of idNumber: IDNumber) -> String {
        cipher.blindIndex(idNumber.value, domain: "id-number")
    }

    // MARK: Reading

    /// A resident by registry id.
    public func resident(id: UUID, on database: any Database) async throws -> Resident? {
        try await selectResident(where: "id", equals: id, on: database)
    }

    /// A resident by ID number, through the blind index.
    public func resident(idNumber: IDNumber, on database: any Database) async throws -> Resident? {
        try await selectResident(where: "id_number_index", equals: index(of: idNumber), on: database)
    }

    /// One resident by a unique column, reading only the columns a record needs (not the photo's bytes) with plain SQL:
    /// the lookup every officer query and every sign-in makes, kept lean.
    private func selectResident(where column: String, equals value: some Encodable & Sendable, on database: any Database) async throws -> Resident? {
        let sql = database as! any SQLDatabase
        guard let row = try await sql.select()
            .columns("id", "personal", "gender", "ethnicity", "birth_date", "birthplace", "education", "marital_status", "occupation",
                     "status", "status_reason", "household_id", "relation", "division_code", "version")
            .column(SQLRaw("CASE WHEN photo IS NULL THEN 0 ELSE 1 END"), as: "has_photo")
            .from(ResidentRow.schema)
            .where(SQLIdentifier(column), .equal, SQLBind(value))
            .limit(1)
            .first()
        else { return nil }
        let personal = try PersonalFields(serialized: cipher.openString(try row.decode(column: "personal", as: Data.self)))
        let id = try row.decode(column: "id", as: UUID.self)
        guard let gender = Gender(rawValue: try row.decode(column: "gender", as: String.self)),
              let ethnicity = Ethnicity.byCode(try row.decode(column: "ethnicity", as: String.self)),
              let birthDate = CivilDate(iso: try row.decode(column: "birth_date", as: String.self)),
              let status = ResidentStatus(code: try row.decode(column: "status", as: String.self), reason: try row.decode(column: "status_reason", as: String?.self))
        else { throw StoreError.corruptRecord("resident \(id.uuidString) has an unreadable field") }
        return Resident(
            id: id, idNumber: personal.idNumber, name: personal.name, formerNames: personal.formerNames, gender: gender,
            ethnicity: ethnicity, birthDate: birthDate, birthplace: try row.decode(column: "birthplace", as: String?.self),
            education: try row.decode(column: "education", as: String?.self), maritalStatus: try row.decode(column: "marital_status", as: String?.self),
            occupation: try row.decode(column: "occupation", as: String?.self), phone: personal.phone, status: status,
            householdID: try row.decode(column: "household_id", as: UUID?.self),
            relation: try row.decode(column: "relation", as: String?.self).flatMap(HouseholdRelation.init(rawValue:)),
            divisionCode: try row.decode(column: "division_code", as: String.self),
            hasPhoto: try row.decode(column: "has_photo", as: Int.self) != 0, version: try row.decode(column: "version", as: Int.self),
            moveInDate: personal.moveInDate, moveInReason: personal.moveInReason
        )
    }

    /// A household and its members, head first.
    public func household(id: UUID, on database: any Database) async throws -> (Household, [Resident])? {
        guard let row = try await HouseholdRow.find(id, on: database) else { return nil }
        let household = try decode(row)
        let members = try await ResidentRow.query(on: database).filter(\.$householdID == id).all().map { try decode($0) }
        let ordered = members.sorted { a, b in
            if a.id == household.headID { return true }
            if b.id == household.headID { return false }
            return a.birthDate < b.birthDate
        }
        return (household, ordered)
    }

    /// A household by its number (户号), with its members.
    public func household(number: String, on database: any Database) async throws -> (Household, [Resident])? {
        guard let row = try await HouseholdRow.query(on: database).filter(\.$number == number).first(), let id = row.id else { return nil }
        return try await household(id: id, on: database)
    }

    /// A household number not yet in use in the division: the division code and nine digits.
    public func freeHouseholdNumber(division: String, on database: any Database) async throws -> String {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let number = division + "9" + String(format: "%08d", Int.random(in: 0..<100_000_000, using: &generator))
            if try await HouseholdRow.query(on: database).filter(\.$number == number).count() == 0 { return number }
        }
        throw StoreError.corruptRecord("no free household number in \(division)")
    }

    /// The decrypted ID photo, if the registry holds one.
    public func photo(residentID: UUID, on database: any Database) async throws -> Data? {
        guard let row = try await ResidentRow.find(residentID, on: database), let sealed = row.photo else { return nil }
        return try cipher.open(sealed)
    }

    /// Every version of a resident's record, oldest first.
    public func versions(residentID: UUID, on database: any Database) async throws -> [ResidentVersion] {
        let rows = try await ResidentVersionRow.query(on: database)
            .filter(\.$residentID == residentID)
            .sort(\.$number)
            .all()
        let decoder = JSONDecoder()
        return try rows.map { row in
            let after = try decoder.decode(Resident.self, from: try cipher.open(row.after))
            let before = try row.before.map { try decoder.decode(Resident.self, from: try cipher.open($0)) }
            guard let actor = Principal(text: row.actor) else { throw StoreError.corruptRecord("version actor \(row.actor)") }
            return ResidentVersion(
                residentID: row.residentID, number: row.number, before: before, after: after, actor: actor,
                reason: row.reason, applicationReference: row.applicationRef, at: row.createdAt
            )
        }
    }

    /// How many residents the registry holds.
    public func count(on database: any Database) async throws -> Int {
        try await ResidentRow.query(on: database).count()
    }

    // MARK: Changing

    /// Registers a new household with its members, writing version 1 of each and one audit entry.
    public func register(
        household: Household, members: [Resident], photos: [UUID: Data] = [:], actor: Principal, reason: String,
        applicationReference: String? = nil, at time: Date = Date(), on database: any Database
    ) async throws {
        try await database.transaction { db in
            try await insert([(household, members)], photos: photos, actor: actor, reason: reason, applicationReference: applicationReference, at: time, on: db)
            try await AuditChain.append(
                AuditEvent(actor: actor, action: "household.registered", subject: "household:\(household.id.uuidString.lowercased())",
                           purpose: reason, detail: ["members": String(members.count)]),
                at: time, on: db
            )
        }
    }

    /// Bulk import (the demo seed, `minsheng import`): many households in one transaction with multi-row inserts,
    /// version 1 for every resident, and one audit entry for the batch.
    public func importBatch(
        _ batch: [(Household, [Resident])], actor: Principal, reason: String, at time: Date = Date(), on database: any Database
    ) async throws {
        try await database.transaction { db in
            try await insert(batch, photos: [:], actor: actor, reason: reason, applicationReference: nil, at: time, on: db)
            let residents = batch.reduce(0) { $0 + $1.1.count }
            try await AuditChain.append(
                AuditEvent(actor: actor, action: "registry.imported", subject: "registry", purpose: reason,
                           detail: ["households": String(batch.count), "residents": String(residents)]),
                at: time, on: db
            )
        }
    }

    static let residentColumns: [String] = [
        "id", "id_number_index", "personal", "gender", "ethnicity", "birth_date", "birthplace", "education",
        "marital_status", "occupation", "status", "status_reason", "household_id", "relation", "division_code",
        "photo", "version", "created_at", "updated_at",
    ]
    static let householdColumns = ["id", "number", "kind", "division_code", "address", "head_id", "created_at", "updated_at"]
    static let versionColumns = ["id", "resident_id", "number", "before", "after", "changed", "actor", "reason", "application_ref", "created_at"]

    private func insert(
        _ batch: [(Household, [Resident])], photos: [UUID: Data], actor: Principal, reason: String,
        applicationReference: String?, at time: Date, on db: any Database
    ) async throws {
        // Every record as stored: household set, division from the household, version 1.
        var members: [(Resident, Data?)] = []
        for (household, residents) in batch {
            for member in residents {
                var resident = member
                resident.householdID = household.id
                resident.divisionCode = household.divisionCode
                resident.version = 1
                let photo = photos[resident.id]
                resident.hasPhoto = photo != nil
                members.append((resident, photo.map { cipher.seal($0) }))
            }
        }
        do {
            if let postgres = db.postgres {
                try await copyInsert(batch, members: members, actor: actor, reason: reason, applicationReference: applicationReference,
                                     at: time, into: postgres, logger: db.logger)
            } else {
                try await sqlInsert(batch, members: members, actor: actor, reason: reason, applicationReference: applicationReference,
                                    at: time, on: db as! any SQLDatabase)
            }
        } catch {
            if StoreError.isUniqueViolation(error) { throw StoreError.duplicateIDNumber }
            throw error
        }
    }

    /// PostgreSQL: three COPY streams in the caller's transaction.
    private func copyInsert(
        _ batch: [(Household, [Resident])], members: [(Resident, Data?)], actor: Principal, reason: String,
        applicationReference: String?, at time: Date, into postgres: any PostgresDatabase, logger: Logger
    ) async throws {
        let stamp = CopyTextRows.timestamp(time)
        var households = CopyTextRows()
        for (household, _) in batch {
            households.uuid(household.id); households.text(household.number); households.text(household.kind.rawValue)
            households.text(household.divisionCode); households.bytes(cipher.seal(household.address)); households.uuid(household.headID)
            households.text(stamp); households.text(stamp); households.endRow()
        }
        var residents = CopyTextRows()
        var versions = CopyTextRows()
        var ids = RandomUUIDs()
        for (r, photo) in members {
            let personal = PersonalFields(r)
            residents.uuid(r.id); residents.text(index(of: r.idNumber)); residents.bytes(cipher.seal(personal.serialized))
            residents.text(r.gender.rawValue); residents.text(r.ethnicity.code); residents.text(r.birthDate.description)
            residents.text(r.birthplace); residents.text(r.education); residents.text(r.maritalStatus); residents.text(r.occupation)
            residents.text(r.status.code); residents.text(r.status.reasonCode); residents.uuid(r.householdID); residents.text(r.relation?.rawValue)
            residents.text(r.divisionCode); residents.bytes(photo); residents.int(r.version); residents.text(stamp); residents.text(stamp)
            residents.endRow()
            versions.uuid(ids.next()); versions.uuid(r.id); versions.int(1); versions.bytes(nil)
            versions.bytes(cipher.seal(ResidentJSON.encode(r))); versions.text("created"); versions.text(actor.description)
            versions.text(reason); versions.text(applicationReference); versions.text(stamp); versions.endRow()
        }
        try await PostgresCopy.copy(households, into: HouseholdRow.schema, columns: Self.householdColumns, on: postgres, logger: logger)
        try await PostgresCopy.copy(residents, into: ResidentRow.schema, columns: Self.residentColumns, on: postgres, logger: logger)
        try await PostgresCopy.copy(versions, into: ResidentVersionRow.schema, columns: Self.versionColumns, on: postgres, logger: logger)
    }

    /// SQLite (and any other SQL database): multi-row INSERTs.
    private func sqlInsert(
        _ batch: [(Household, [Resident])], members: [(Resident, Data?)], actor: Principal, reason: String,
        applicationReference: String?, at time: Date, on sql: any SQLDatabase
    ) async throws {
        for chunk in batch.chunked(into: 500) {
            let households = sql.insert(into: HouseholdRow.schema).columns(Self.householdColumns)
            for (household, _) in chunk {
                households.values([
                    SQLBind(household.id), SQLBind(household.number), SQLBind(household.kind.rawValue),
                    SQLBind(household.divisionCode), SQLBind(cipher.seal(household.address)), SQLBind(household.headID),
                    SQLBind(time), SQLBind(time),
                ])
            }
            try await households.run()
        }
        // Bound parameters per statement are limited (SQLite 32 766, PostgreSQL 65 535): 19 columns × 1000 rows stays under.
        for rows in members.chunked(into: 1000) {
            let residents = sql.insert(into: ResidentRow.schema).columns(Self.residentColumns)
            let versions = sql.insert(into: ResidentVersionRow.schema).columns(Self.versionColumns)
            for (resident, photo) in rows {
                residents.values(residentBinds(resident, photo: photo, at: time))
                versions.values([
                    SQLBind(UUID()), SQLBind(resident.id), SQLBind(1), SQLBind(Data?.none),
                    SQLBind(cipher.seal(ResidentJSON.encode(resident))), SQLBind("created"), SQLBind(actor.description),
                    SQLBind(reason), SQLBind(applicationReference), SQLBind(time),
                ])
            }
            try await residents.run()
            try await versions.run()
        }
    }

    private func residentBinds(_ r: Resident, photo: Data?, at time: Date) -> [any SQLExpression] {
        let personal = PersonalFields(r)
        return [
            SQLBind(r.id), SQLBind(index(of: r.idNumber)), SQLBind(cipher.seal(personal.serialized)),
            SQLBind(r.gender.rawValue), SQLBind(r.ethnicity.code), SQLBind(r.birthDate.description), SQLBind(r.birthplace),
            SQLBind(r.education), SQLBind(r.maritalStatus), SQLBind(r.occupation), SQLBind(r.status.code),
            SQLBind(r.status.reasonCode), SQLBind(r.householdID), SQLBind(r.relation?.rawValue), SQLBind(r.divisionCode),
            SQLBind(photo), SQLBind(r.version), SQLBind(time), SQLBind(time),
        ]
    }

    /// Changes one resident: applies `change` to the current record, checks the optimistic version if given,
    /// writes the new row, a version with before and after, and an audit entry — all in one transaction.
    @discardableResult
    public func update(
        residentID: UUID, expectedVersion: Int? = nil, actor: Principal, reason: String, applicationReference: String? = nil,
        at time: Date = Date(), on database: any Database, change: @escaping @Sendable (inout Resident) throws -> Void
    ) async throws -> Resident {
        try await database.transaction { db in
            guard let row = try await ResidentRow.find(residentID, on: db) else { throw StoreError.residentNotFound }
            let before = try decode(row)
            if let expectedVersion, expectedVersion != before.version { throw StoreError.versionConflict }
            var after = before
            try change(&after)
            after.id = before.id
            after.version = before.version + 1
            if after.idNumber != before.idNumber,
               try await ResidentRow.query(on: db).filter(\.$idNumberIndex == index(of: after.idNumber)).first() != nil {
                throw StoreError.duplicateIDNumber
            }
            apply(after, to: row, at: time)
            // The version check in the WHERE clause stops two concurrent changes from both applying.
            let sql = db as! any SQLDatabase
            let personal = PersonalFields(after)
            let updated = try await sql.update(ResidentRow.schema)
                .set("id_number_index", to: row.idNumberIndex)
                .set("personal", to: cipher.seal(personal.serialized))
                .set("gender", to: row.gender).set("ethnicity", to: row.ethnicity).set("birth_date", to: row.birthDate)
                .set("birthplace", to: row.birthplace).set("education", to: row.education)
                .set("marital_status", to: row.maritalStatus).set("occupation", to: row.occupation)
                .set("status", to: row.status).set("status_reason", to: row.statusReason)
                .set("household_id", to: row.householdID).set("relation", to: row.relation)
                .set("division_code", to: row.divisionCode).set("version", to: after.version).set("updated_at", to: time)
                .where("id", .equal, residentID).where("version", .equal, before.version)
                .returning("version")
                .all()
            guard updated.count == 1 else { throw StoreError.versionConflict }
            let version = ResidentVersion(residentID: residentID, number: after.version, before: before, after: after, actor: actor,
                                          reason: reason, applicationReference: applicationReference, at: time)
            let versionRow = ResidentVersionRow()
            versionRow.residentID = residentID
            versionRow.number = after.version
            versionRow.before = cipher.seal(ResidentJSON.encode(before))
            versionRow.after = cipher.seal(ResidentJSON.encode(after))
            versionRow.changed = version.changedFields.joined(separator: ",")
            versionRow.actor = actor.description
            versionRow.reason = reason
            versionRow.applicationRef = applicationReference
            versionRow.createdAt = time
            try await versionRow.create(on: db)
            try await AuditChain.append(
                AuditEvent(actor: actor, action: "resident.changed", subject: "resident:\(residentID.uuidString.lowercased())",
                           purpose: reason, residentID: residentID,
                           detail: ["version": String(after.version), "fields": versionRow.changed]),
                at: time, on: db
            )
            return after
        }
    }

    /// Adds one new resident to an existing household (a birth, someone moving in): version 1 and an audit entry.
    public func create(
        resident new: Resident, actor: Principal, reason: String, applicationReference: String?, at time: Date = Date(), on database: any Database
    ) async throws -> Resident {
        try await database.transaction { db in
            var resident = new
            resident.version = 1
            resident.hasPhoto = false
            if try await ResidentRow.query(on: db).filter(\.$idNumberIndex == index(of: resident.idNumber)).first() != nil {
                throw StoreError.duplicateIDNumber
            }
            let sql = db as! any SQLDatabase
            try await sql.insert(into: ResidentRow.schema).columns(Self.residentColumns).values(residentBinds(resident, photo: nil, at: time)).run()
            try await sql.insert(into: ResidentVersionRow.schema).columns(Self.versionColumns).values([
                SQLBind(UUID()), SQLBind(resident.id), SQLBind(1), SQLBind(Data?.none),
                SQLBind(cipher.seal(ResidentJSON.encode(resident))), SQLBind("created"), SQLBind(actor.description),
                SQLBind(reason), SQLBind(applicationReference), SQLBind(time),
            ]).run()
            try await AuditChain.append(
                AuditEvent(actor: actor, action: "resident.registered", subject: "resident:\(resident.id.lowercasedText)", purpose: reason,
                           residentID: resident.id, detail: ["household": resident.householdID?.lowercasedText ?? "", "application": applicationReference ?? ""]),
                at: time, on: db
            )
            return resident
        }
    }

    /// Creates an empty household (its members join through `create` or `update`), with an audit entry.
    public func create(household: Household, actor: Principal, reason: String, applicationReference: String?, at time: Date = Date(),
                       on database: any Database) async throws {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.insert(into: HouseholdRow.schema).columns(Self.householdColumns).values([
                SQLBind(household.id), SQLBind(household.number), SQLBind(household.kind.rawValue), SQLBind(household.divisionCode),
                SQLBind(cipher.seal(household.address)), SQLBind(household.headID), SQLBind(time), SQLBind(time),
            ]).run()
            try await AuditChain.append(
                AuditEvent(actor: actor, action: "household.registered", subject: "household:\(household.id.lowercasedText)", purpose: reason,
                           detail: ["number": household.number, "division": household.divisionCode, "application": applicationReference ?? ""]),
                at: time, on: db
            )
        }
    }

    /// Changes a household's head, address or division, with an audit entry naming what changed.
    public func update(household: Household, actor: Principal, reason: String, applicationReference: String?, at time: Date = Date(),
                       on database: any Database) async throws {
        try await database.transaction { db in
            guard let row = try await HouseholdRow.find(household.id, on: db) else { throw StoreError.corruptRecord("household \(household.id) is gone") }
            let before = try decode(row)
            var fields: [String] = []
            if before.headID != household.headID { fields.append("head") }
            if before.address != household.address { fields.append("address") }
            if before.divisionCode != household.divisionCode { fields.append("division") }
            if before.kind != household.kind { fields.append("kind") }
            guard !fields.isEmpty else { return }
            row.headID = household.headID
            row.address = cipher.seal(household.address)
            row.divisionCode = household.divisionCode
            row.kind = household.kind.rawValue
            row.updatedAt = time
            try await row.update(on: db)
            try await AuditChain.append(
                AuditEvent(actor: actor, action: "household.changed", subject: "household:\(household.id.lowercasedText)", purpose: reason,
                           detail: ["fields": fields.joined(separator: ","), "application": applicationReference ?? ""]),
                at: time, on: db
            )
        }
    }

    /// Stores (or replaces) the ID photo, as a version of the record.
    public func setPhoto(residentID: UUID, photo: Data, actor: Principal, reason: String, on database: any Database) async throws {
        try await database.transaction { db in
            try await update(residentID: residentID, actor: actor, reason: reason, on: db) { $0.hasPhoto = true }
            let sql = db as! any SQLDatabase
            try await sql.update(ResidentRow.schema).set("photo", to: cipher.seal(photo)).where("id", .equal, residentID).run()
        }
    }

    // MARK: Rows ⇄ Core

    private func apply(_ r: Resident, to row: ResidentRow, at time: Date) {
        row.idNumberIndex = index(of: r.idNumber)
        row.gender = r.gender.rawValue
        row.ethnicity = r.ethnicity.code
        row.birthDate = r.birthDate.description
        row.birthplace = r.birthplace
        row.education = r.education
        row.maritalStatus = r.maritalStatus
        row.occupation = r.occupation
        row.status = r.status.code
        row.statusReason = r.status.reasonCode
        row.householdID = r.householdID
        row.relation = r.relation?.rawValue
        row.divisionCode = r.divisionCode
        row.version = r.version
        row.updatedAt = time
    }

    func decode(_ row: ResidentRow) throws -> Resident {
        let personal = try PersonalFields(serialized: cipher.openString(row.personal))
        guard let id = row.id,
              let gender = Gender(rawValue: row.gender),
              let ethnicity = Ethnicity.byCode(row.ethnicity),
              let birthDate = CivilDate(iso: row.birthDate),
              let status = ResidentStatus(code: row.status, reason: row.statusReason)
        else { throw StoreError.corruptRecord("resident \(row.id?.uuidString ?? "?") has an unreadable field") }
        return Resident(
            id: id, idNumber: personal.idNumber, name: personal.name, formerNames: personal.formerNames, gender: gender,
            ethnicity: ethnicity, birthDate: birthDate, birthplace: row.birthplace, education: row.education,
            maritalStatus: row.maritalStatus, occupation: row.occupation, phone: personal.phone, status: status,
            householdID: row.householdID, relation: row.relation.flatMap(HouseholdRelation.init(rawValue:)),
            divisionCode: row.divisionCode, hasPhoto: row.photo != nil, version: row.version,
            moveInDate: personal.moveInDate, moveInReason: personal.moveInReason
        )
    }

    func decode(_ row: HouseholdRow) throws -> Household {
        guard let id = row.id, let kind = HouseholdKind(rawValue: row.kind) else {
            throw StoreError.corruptRecord("household \(row.id?.uuidString ?? "?") has an unreadable field")
        }
        return Household(id: id, number: row.number, kind: kind, divisionCode: row.divisionCode,
                         address: try cipher.openString(row.address), headID: row.headID)
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
