import MinshengCore
import MinshengStore
import Vapor

/// `/api/v1/me`: the signed-in citizen's account, identity link, record, household and data tracker.
struct MeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let me = routes.grouped("api", "v1", "me")
        me.get(use: show)
        me.post("identity", use: linkIdentity)
        me.get("record", use: record)
        me.get("household", use: household)
        me.get("access-log", use: accessLog)
        me.get("notifications", use: notifications)
        me.post("notifications", "read", use: markRead)
    }

    func show(req: Request) async throws -> AccountDTO {
        AccountDTO(try await req.requireCitizen())
    }

    func linkIdentity(req: Request) async throws -> AccountDTO {
        let account = try await req.requireCitizen()
        let body = try req.strictBody(IdentityBody.self)
        return AccountDTO(try await CitizenFlows.linkIdentity(account: account, name: body.name, idNumber: body.idNumber, on: req))
    }

    static func ownResident(_ req: Request) async throws -> Resident {
        let account = try await req.requireCitizen(level: .l2)
        guard let id = account.residentID, let resident = try await req.services.registry.resident(id: id, on: req.db) else {
            throw Problem.from(StoreError.residentNotFound)
        }
        return resident
    }

    func record(req: Request) async throws -> ResidentDTO {
        ResidentDTO(try await Self.ownResident(req))
    }

    func household(req: Request) async throws -> HouseholdDTO {
        let resident = try await Self.ownResident(req)
        guard let householdID = resident.householdID,
              let (household, members) = try await req.services.registry.household(id: householdID, on: req.db) else {
            throw Problem.from(StoreError.householdNotFound)
        }
        return HouseholdDTO(household, members: members, maskOthersThan: resident.id)
    }

    static func accesses(_ req: Request) async throws -> [AuditEntry] {
        let account = try await req.requireCitizen(level: .l2)
        guard let residentID = account.residentID else { return [] }
        let own = Principal.citizen(account.id).description
        return try await AuditChain.accesses(toResident: residentID, on: req.db).filter { $0.actor != own }
    }

    struct NoticeDTO: Content {
        var id: UUID
        var subject: String
        var titleZh: String
        var titleEn: String
        var read: Bool
        var at: Date
    }

    func notifications(req: Request) async throws -> [NoticeDTO] {
        let account = try await req.requireCitizen()
        return try await NotificationOutbox().notices(accountID: account.id, on: req.db).map {
            NoticeDTO(id: $0.id, subject: $0.subjectRef, titleZh: $0.titleZh, titleEn: $0.titleEn, read: $0.read, at: $0.at)
        }
    }

    func markRead(req: Request) async throws -> HTTPStatus {
        let account = try await req.requireCitizen()
        try await NotificationOutbox().markAllRead(accountID: account.id, on: req.db)
        return .noContent
    }

    func accessLog(req: Request) async throws -> [AccessDTO] {
        try await Self.accesses(req).map(AccessDTO.init)
    }
}
