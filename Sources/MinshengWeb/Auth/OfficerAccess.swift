import Fluent
import MinshengCore
import MinshengStore
import Vapor

/// Officer reads of personal data: jurisdiction checked, a purpose required, every read (and every refusal) audited.
enum OfficerAccess {
    static func validPurpose(_ raw: String?) throws -> String {
        let purpose = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...200).contains(purpose.count), !purpose.contains(where: { $0.isNewline }) else {
            throw Problem.validation([FieldProblem(field: "purpose", reasonZh: "请填写查询事由（2–200 字）", reasonEn: "give the purpose of this access (2–200 characters)")])
        }
        return purpose
    }

    /// Finds a resident by ID number for an officer.
    static func lookup(idNumber raw: String, purpose rawPurpose: String?, officer: Officer, on request: Request) async throws -> Resident {
        let purpose = try validPurpose(rawPurpose)
        guard case .success(let idNumber) = CitizenFlows.parseIDNumber(raw) else {
            if case .failure(let p) = CitizenFlows.parseIDNumber(raw) { throw Problem.validation([p]) }
            throw Problem.validation([])
        }
        guard let resident = try await request.services.registry.resident(idNumber: idNumber, on: request.db) else {
            try await AuditChain.append(AuditEvent(actor: officer.principal, action: "resident.lookup-miss", subject: "registry", purpose: purpose), on: request.db)
            throw Problem.from(StoreError.residentNotFound)
        }
        return try await authorise(resident, action: "resident.read", purpose: purpose, officer: officer, on: request)
    }

    /// Reads a resident by registry id for an officer.
    static func read(residentID: UUID, purpose rawPurpose: String?, action: String = "resident.read", officer: Officer, on request: Request) async throws -> Resident {
        let purpose = try validPurpose(rawPurpose)
        guard let resident = try await request.services.registry.resident(id: residentID, on: request.db) else {
            throw Problem.from(StoreError.residentNotFound)
        }
        return try await authorise(resident, action: action, purpose: purpose, officer: officer, on: request)
    }

    private static func authorise(_ resident: Resident, action: String, purpose: String, officer: Officer, on request: Request) async throws -> Resident {
        let subject = "resident:\(resident.id.uuidString.lowercased())"
        // A resident registered elsewhere who lives here on a residence permit (流动人口) is in the jurisdiction of the
        // station covering the permit's district.
        guard try await OfficerScope(cipher: request.services.cipher).covers(resident, officer: officer, on: request.db) else {
            try await AuditChain.append(AuditEvent(actor: officer.principal, action: "\(action)-refused", subject: subject, purpose: purpose,
                                                   detail: ["reason": "outside-jurisdiction", "unit": officer.unit.code]), on: request.db)
            throw Problem.outsideJurisdiction()
        }
        try await AuditChain.append(AuditEvent(actor: officer.principal, action: action, subject: subject, purpose: purpose,
                                               residentID: resident.id, detail: ["unit": officer.unit.code]), on: request.db)
        return resident
    }
}
