import MinshengCore
import MinshengStore
import Vapor

/// `/api/v1/officer`: resident lookup within jurisdiction, versions, households, in-person verification.
struct OfficerController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let officer = routes.grouped("api", "v1", "officer")
        officer.get("me", use: me)
        officer.post("resident-lookups", use: lookup)
        officer.get("residents", ":residentID", use: show)
        officer.get("residents", ":residentID", "versions", use: versions)
        officer.post("residents", ":residentID", "in-person-verification", use: verifyInPerson)
        officer.get("households", ":householdID", use: household)
        officer.post("identity-link-unlocks", use: clearIdentityLinkLock)
    }

    func me(req: Request) async throws -> OfficerDTO {
        OfficerDTO(try await req.requireOfficer())
    }

    func lookup(req: Request) async throws -> ResidentDTO {
        let officer = try await req.requireOfficer(anyOf: OfficerRole.casework)
        let body = try req.strictBody(ResidentLookupBody.self)
        return ResidentDTO(try await OfficerAccess.lookup(idNumber: body.idNumber, purpose: body.purpose, officer: officer, on: req))
    }

    static func uuidParameter(_ name: String, _ req: Request) throws -> UUID {
        guard let raw = req.parameters.get(name), let id = UUID(uuidString: raw) else {
            throw Problem.badRequest("编号格式错误", "The id in the path is not a UUID", errors: [FieldProblem(field: name, reasonZh: "应为 UUID", reasonEn: "must be a UUID")])
        }
        return id
    }

    func show(req: Request) async throws -> ResidentDTO {
        let officer = try await req.requireOfficer(anyOf: OfficerRole.casework)
        let id = try Self.uuidParameter("residentID", req)
        return ResidentDTO(try await OfficerAccess.read(residentID: id, purpose: req.query[String.self, at: "purpose"], officer: officer, on: req))
    }

    func versions(req: Request) async throws -> [VersionDTO] {
        let officer = try await req.requireOfficer(anyOf: OfficerRole.casework)
        let id = try Self.uuidParameter("residentID", req)
        _ = try await OfficerAccess.read(residentID: id, purpose: req.query[String.self, at: "purpose"], action: "resident.versions-read", officer: officer, on: req)
        return try await req.services.registry.versions(residentID: id, on: req.db).map(VersionDTO.init)
    }

    func household(req: Request) async throws -> HouseholdDTO {
        let officer = try await req.requireOfficer(anyOf: OfficerRole.casework)
        let id = try Self.uuidParameter("householdID", req)
        let purpose = try OfficerAccess.validPurpose(req.query[String.self, at: "purpose"])
        guard let (household, members) = try await req.services.registry.household(id: id, on: req.db) else {
            throw Problem.from(StoreError.householdNotFound)
        }
        guard officer.mayAccess(divisionCode: household.divisionCode) else {
            // Refused like a resident read: on record, without the members.
            try await AuditChain.append(AuditEvent(actor: officer.principal, action: "household.read-refused", subject: "household:\(id.uuidString.lowercased())",
                                                   purpose: purpose, detail: ["reason": "outside-jurisdiction", "unit": officer.unit.code]), on: req.db)
            throw Problem.outsideJurisdiction()
        }
        try await req.db.transaction { db in
            for member in members {
                try await AuditChain.append(AuditEvent(actor: officer.principal, action: "household.read", subject: "household:\(id.uuidString.lowercased())",
                                                       purpose: purpose, residentID: member.id, detail: ["unit": officer.unit.code]), on: db)
            }
        }
        return HouseholdDTO(household, members: members)
    }

    func verifyInPerson(req: Request) async throws -> AccountDTO {
        let officer = try await req.requireOfficer(anyOf: [.intake])
        let id = try Self.uuidParameter("residentID", req)
        let body = try req.strictBody(InPersonBody.self)
        guard body.idCardChecked else {
            throw Problem.validation([FieldProblem(field: "idCardChecked", reasonZh: "须当面核验居民身份证原件", reasonEn: "the ID card must be checked in person")])
        }
        let purpose = try OfficerAccess.validPurpose(body.purpose)
        let resident = try await OfficerAccess.read(residentID: id, purpose: purpose, officer: officer, on: req)
        guard resident.status == .active else { throw Problem.from(StoreError.residentNotActive) }
        return AccountDTO(try await req.services.accounts.verifyInPerson(residentID: id, officer: officer, purpose: purpose, on: req.db))
    }

    struct IdentityUnlockBody: StrictBody {
        static let fields: Set<String> = ["phone", "purpose"]
        var phone: String
        var purpose: String
    }

    /// A unit admin or admin clears an account's identity-link lock after checking the citizen in person (audited).
    func clearIdentityLinkLock(req: Request) async throws -> HTTPStatus {
        let officer = try await req.requireOfficer(anyOf: [.unitAdmin])
        let body = try req.strictBody(IdentityUnlockBody.self)
        let purpose = try OfficerAccess.validPurpose(body.purpose)
        guard case .success(let phone) = CitizenFlows.parsePhone(body.phone) else {
            throw Problem.validation([FieldProblem(field: "phone", reasonZh: "请输入正确的手机号", reasonEn: "enter a valid mobile number")])
        }
        guard let (account, _) = try await req.services.accounts.credentials(phone: phone, on: req.db) else { throw Problem.from(StoreError.accountNotFound) }
        try await req.db.transaction { db in
            try await req.services.identityAccountThrottle.clear(keys: [CitizenFlows.identityLinkKey(account.id)], on: db)
            try await AuditChain.append(
                AuditEvent(actor: officer.principal, action: "account.identity-link-unlocked", subject: "account:\(account.id.uuidString.lowercased())",
                           purpose: purpose, detail: ["unit": officer.unit.code]),
                on: db)
        }
        return .noContent
    }
}
