import FluentKit
import Foundation
import MinshengCore

/// Units and officers.
public struct OfficerRepository: Sendable {
    public init() {}

    /// Creates a unit, or returns the existing one with this code.
    public func ensureUnit(code: String, nameZh: String, nameEn: String, jurisdiction: Jurisdiction, actor: Principal,
                           at time: Date = Date(), on database: any Database) async throws -> PoliceUnit {
        try await database.transaction { db in
            if let existing = try await UnitRow.query(on: db).filter(\.$code == code).first() {
                return try decode(existing)
            }
            let row = UnitRow()
            row.id = UUID()
            row.code = code
            row.nameZh = nameZh
            row.nameEn = nameEn
            row.jurisdiction = jurisdiction.divisionCodes.joined(separator: ",")
            row.createdAt = time
            try await row.create(on: db)
            try await AuditChain.append(
                AuditEvent(actor: actor, action: "unit.created", subject: "unit:\(code)", purpose: "administration",
                           detail: ["jurisdiction": row.jurisdiction]),
                at: time, on: db
            )
            return try decode(row)
        }
    }

    public func unit(code: String, on database: any Database) async throws -> PoliceUnit? {
        try await UnitRow.query(on: database).filter(\.$code == code).first().map(decode)
    }

    /// Creates an officer. The password must already be hashed.
    public func addOfficer(policeNumber: String, name: String, unitCode: String, roles: Set<OfficerRole>, passwordHash: String,
                           actor: Principal, at time: Date = Date(), on database: any Database) async throws -> Officer {
        try await database.transaction { db in
            guard let unitRow = try await UnitRow.query(on: db).filter(\.$code == unitCode).first() else { throw StoreError.unitNotFound }
            if try await OfficerRow.query(on: db).filter(\.$policeNumber == policeNumber).first() != nil { throw StoreError.duplicateOfficer }
            let row = OfficerRow()
            row.id = UUID()
            row.policeNumber = policeNumber
            row.name = name
            row.unitID = unitRow.id!
            row.roles = roles.sorted().map(\.rawValue).joined(separator: ",")
            row.passwordHash = passwordHash
            row.active = true
            row.createdAt = time
            try await row.create(on: db)
            try await AuditChain.append(
                AuditEvent(actor: actor, action: "officer.created", subject: "officer:\(policeNumber)", purpose: "administration",
                           detail: ["unit": unitCode, "roles": row.roles]),
                at: time, on: db
            )
            return try decode(row, unit: unitRow)
        }
    }

    /// The officer and password hash, by police number.
    public func credentials(policeNumber: String, on database: any Database) async throws -> (Officer, String)? {
        guard let row = try await OfficerRow.query(on: database).filter(\.$policeNumber == policeNumber).first(),
              let unit = try await UnitRow.find(row.unitID, on: database) else { return nil }
        return (try decode(row, unit: unit), row.passwordHash)
    }

    public func officer(id: UUID, on database: any Database) async throws -> Officer? {
        guard let row = try await OfficerRow.find(id, on: database),
              let unit = try await UnitRow.find(row.unitID, on: database) else { return nil }
        return try decode(row, unit: unit)
    }

    func decode(_ row: UnitRow) throws -> PoliceUnit {
        guard let id = row.id else { throw StoreError.corruptRecord("unit without id") }
        let codes = row.jurisdiction.split(separator: ",").map(String.init)
        return PoliceUnit(id: id, code: row.code, nameZh: row.nameZh, nameEn: row.nameEn, jurisdiction: Jurisdiction(divisionCodes: codes))
    }

    func decode(_ row: OfficerRow, unit: UnitRow) throws -> Officer {
        guard let id = row.id, case .success(let roles) = OfficerRole.parseList(row.roles) else {
            throw StoreError.corruptRecord("officer \(row.policeNumber)")
        }
        return Officer(id: id, policeNumber: row.policeNumber, name: row.name, unit: try decode(unit), roles: roles, active: row.active)
    }
}
