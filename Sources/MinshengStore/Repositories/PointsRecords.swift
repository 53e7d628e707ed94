import FluentKit
import FluentSQL
import Foundation
import MinshengCore

/// Where points evidence comes from: the social-insurance, housing, credit, court and police records of one resident.
/// `PointsRecords` answers from this deployment's tables (filled by `minsheng import points` and the demo seed); a
/// real deployment swaps in connectors that call the agencies.
public protocol PointsConnector: Sendable {
    func evidence(residentIDs: [UUID], on database: any Database) async throws -> [UUID: PointsEvidence]
}

/// The local tables behind the points connector.
public struct PointsRecords: PointsConnector {
    public let cipher: FieldCipher

    public init(cipher: FieldCipher) { self.cipher = cipher }

    // MARK: recording (import, demo seed, tests)

    public func recordPension(_ months: [PointsEvidence.PensionMonth], residentID: UUID, on database: any Database) async throws {
        guard !months.isEmpty else { return }
        let sql = database as! any SQLDatabase
        for start in stride(from: 0, to: months.count, by: 500) {
            var insert = SQLQueryString("INSERT INTO pension_months (resident_id, month, back_paid) VALUES ")
            for (i, month) in months[start..<min(months.count, start + 500)].enumerated() {
                if i > 0 { insert.appendInterpolation(unsafeRaw: ", ") }
                insert.appendInterpolation(unsafeRaw: "(")
                insert.appendInterpolation(bind: residentID); insert.appendInterpolation(unsafeRaw: ", ")
                insert.appendInterpolation(bind: month.month.index); insert.appendInterpolation(unsafeRaw: ", ")
                insert.appendInterpolation(bind: month.backPaid); insert.appendInterpolation(unsafeRaw: ")")
            }
            // A month on file twice (a correction) keeps the regular payment.
            insert.appendInterpolation(unsafeRaw: " ON CONFLICT (resident_id, month) DO UPDATE SET back_paid = pension_months.back_paid AND excluded.back_paid")
            try await sql.raw(insert).run()
        }
    }

    public func record(_ property: PointsEvidence.Property, residentID: UUID, on database: any Database) async throws {
        let row = PropertyRecordRow()
        row.residentID = residentID
        row.reference = property.reference
        row.registeredOn = property.registeredOn.description
        row.endedOn = property.endedOn?.description
        row.sharePercent = property.sharePercent
        try await row.create(on: database)
    }

    public func record(_ lease: PointsEvidence.Lease, residentID: UUID, on database: any Database) async throws {
        let row = LeaseRecordRow()
        row.residentID = residentID
        row.reference = lease.reference
        row.startsOn = lease.startsOn.description
        row.endsOn = lease.endsOn.description
        try await row.create(on: database)
    }

    public func record(_ credit: PointsEvidence.CreditRecord, residentID: UUID, on database: any Database) async throws {
        let row = CreditRecordRow()
        row.residentID = residentID
        row.reference = credit.reference
        row.overdueSince = credit.overdueSince.description
        row.overdueDays = credit.overdueDays
        row.repaidOn = credit.repaidOn?.description
        try await row.create(on: database)
    }

    public func record(_ kind: ListingKind, _ listing: PointsEvidence.Listing, residentID: UUID, on database: any Database) async throws {
        let row = ListingRow()
        row.residentID = residentID
        row.kind = kind.rawValue
        row.reference = listing.reference
        row.since = listing.since.description
        row.until = listing.until?.description
        try await row.create(on: database)
    }

    // MARK: reading

    /// `"212,-213,214"`: month indexes, back-paid ones negative.
    static func parseMonths(_ text: String) -> [PointsEvidence.PensionMonth] {
        var months: [PointsEvidence.PensionMonth] = []
        months.reserveCapacity(text.utf8.count / 5)
        var value = 0
        var negative = false
        var any = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                any = true
            case UInt8(ascii: "-"): negative = true
            case UInt8(ascii: ","):
                if any { months.append(.init(month: YearMonth(index: value), backPaid: negative)) }
                value = 0; negative = false; any = false
            default: break
            }
        }
        if any { months.append(.init(month: YearMonth(index: value), backPaid: negative)) }
        return months
    }

    public func evidence(residentID: UUID, on database: any Database) async throws -> PointsEvidence? {
        try await evidence(residentIDs: [residentID], on: database)[residentID]
    }

    /// How many chunks of 1 000 residents are read at once on PostgreSQL outside a transaction: the server folds one
    /// chunk's months while this process parses the one before.
    public var concurrentChunks = 4
    /// Residents per chunk.
    public var chunkSize = 1000

    /// The evidence of many residents at once, a few statements per chunk of 1 000 (the batch and its benchmark). On
    /// PostgreSQL outside a transaction the chunks are read on several pooled connections at once.
    public func evidence(residentIDs: [UUID], on database: any Database) async throws -> [UUID: PointsEvidence] {
        let chunks = stride(from: 0, to: residentIDs.count, by: chunkSize).map { Array(residentIDs[$0..<min(residentIDs.count, $0 + chunkSize)]) }
        let sql = database as! any SQLDatabase
        guard sql.dialect.name == "postgresql", !database.inTransaction, chunks.count > 1, concurrentChunks > 1 else {
            var result: [UUID: PointsEvidence] = [:]
            for chunk in chunks { result.merge(try await read(chunk, on: database)) { first, _ in first } }
            return result
        }
        return try await withThrowingTaskGroup(of: [UUID: PointsEvidence].self) { group in
            var result: [UUID: PointsEvidence] = [:]
            result.reserveCapacity(residentIDs.count)
            var next = 0
            for _ in 0..<min(concurrentChunks, chunks.count) {
                let chunk = chunks[next]; next += 1
                group.addTask { try await read(chunk, on: database) }
            }
            while let part = try await group.next() {
                result.merge(part) { first, _ in first }
                if next < chunks.count {
                    let chunk = chunks[next]; next += 1
                    group.addTask { try await read(chunk, on: database) }
                }
            }
            return result
        }
    }

    /// One chunk's evidence: plain SQL naming only the columns the score needs.
    func read(_ chunk: [UUID], on database: any Database) async throws -> [UUID: PointsEvidence] {
        var result: [UUID: PointsEvidence] = [:]
        result.reserveCapacity(chunk.count)
        let sql = database as! any SQLDatabase
        var inList = SQLQueryString("(")
        for (i, id) in chunk.enumerated() {
            if i > 0 { inList.appendInterpolation(unsafeRaw: ", ") }
            inList.appendInterpolation(bind: id)
        }
        inList.appendInterpolation(unsafeRaw: ")")
        var residents = SQLQueryString("SELECT id, gender, birth_date FROM residents WHERE id IN ")
        residents.appendInterpolation(inList)
        for row in try await sql.raw(residents).all() {
            guard let gender = Gender(rawValue: try row.decode(column: "gender", as: String.self)),
                  let birth = CivilDate(iso: try row.decode(column: "birth_date", as: String.self)) else { continue }
            result[try row.decode(column: "id", as: UUID.self)] = PointsEvidence(gender: gender, birthDate: birth)
        }
        // One row per resident, the months folded on the server (ten years of one applicant is 120 rows): on
        // PostgreSQL as one binary integer array, back-paid months negative; on SQLite as text.
        let postgres = sql.dialect.name == "postgresql"
        var pension = SQLQueryString(postgres
            ? "SELECT resident_id, array_agg(CASE WHEN back_paid THEN -month ELSE month END) AS months FROM pension_months WHERE resident_id IN "
            : "SELECT resident_id, group_concat(CASE WHEN back_paid THEN '-' || month ELSE '' || month END, ',') AS months FROM pension_months WHERE resident_id IN ")
        pension.appendInterpolation(inList)
        pension.appendInterpolation(unsafeRaw: " GROUP BY resident_id")
        for row in try await sql.raw(pension).all() {
            let id = try row.decode(column: "resident_id", as: UUID.self)
            guard result[id] != nil else { continue }
            let months = postgres
                ? try row.decode(column: "months", as: [Int].self).map { PointsEvidence.PensionMonth(month: YearMonth(index: abs($0)), backPaid: $0 < 0) }
                : Self.parseMonths(try row.decode(column: "months", as: String.self))
            result[id]!.pension = months.sorted { $0.month < $1.month }
        }
        for row in try await PropertyRecordRow.query(on: database).filter(\.$residentID ~~ chunk).all() {
            guard let on = CivilDate(iso: row.registeredOn) else { continue }
            result[row.residentID]?.properties.append(.init(reference: row.reference, registeredOn: on, endedOn: row.endedOn.flatMap { CivilDate(iso: $0) }, sharePercent: row.sharePercent))
        }
        for row in try await LeaseRecordRow.query(on: database).filter(\.$residentID ~~ chunk).all() {
            guard let from = CivilDate(iso: row.startsOn), let to = CivilDate(iso: row.endsOn) else { continue }
            result[row.residentID]?.leases.append(.init(reference: row.reference, startsOn: from, endsOn: to))
        }
        for row in try await CreditRecordRow.query(on: database).filter(\.$residentID ~~ chunk).all() {
            guard let since = CivilDate(iso: row.overdueSince) else { continue }
            result[row.residentID]?.credit.append(.init(reference: row.reference, overdueSince: since, overdueDays: row.overdueDays, repaidOn: row.repaidOn.flatMap { CivilDate(iso: $0) }))
        }
        for row in try await ListingRow.query(on: database).filter(\.$residentID ~~ chunk).all() {
            guard let kind = ListingKind(rawValue: row.kind), let since = CivilDate(iso: row.since) else { continue }
            let listing = PointsEvidence.Listing(reference: row.reference, since: since, until: row.until.flatMap { CivilDate(iso: $0) })
            switch kind {
            case .courtDefaulter: result[row.residentID]?.courtDefaulter.append(listing)
            case .criminal: result[row.residentID]?.criminal.append(listing)
            case .drug: result[row.residentID]?.drug.append(listing)
            case .bannedOrganisation: result[row.residentID]?.bannedOrganisation = "\(row.reference)（\(row.since)）"
            case .familyPlanningFee: if row.until == nil { result[row.residentID]?.familyPlanningFeeUnpaid = row.reference }
            }
        }
        let decoder = JSONDecoder()
        for row in try await DocumentRow.query(on: database).filter(\.$residentID ~~ chunk).filter(\.$type == CredentialType.residencePermit.rawValue).all() {
            let document = try decoder.decode(DocumentRecord.self, from: try cipher.open(row.detailsSealed))
            guard let expires = document.expiresOn else { continue }
            result[row.residentID]?.residencePermits.append(.init(number: document.number, issuedOn: document.issuedOn, expiresOn: expires))
        }
        return result
    }
}
