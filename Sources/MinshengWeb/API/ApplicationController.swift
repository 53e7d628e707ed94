import MinshengCore
import MinshengStore
import Vapor

/// `/api/v1/applications` for citizens, `/api/v1/officer/queue` and `/api/v1/officer/applications` for officers.
struct ApplicationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let citizen = routes.grouped("api", "v1", "applications")
        citizen.post(use: submit)
        citizen.get(use: index)
        citizen.get(":applicationID", use: show)
        citizen.post(":applicationID", "actions", use: citizenAction)
        let officer = routes.grouped("api", "v1", "officer")
        officer.get("queue", use: queue)
        officer.get("applications", ":applicationID", use: officerShow)
        officer.post("applications", ":applicationID", "actions", use: officerAction)
        officer.post("applications", ":applicationID", "claim", use: claim)
        officer.delete("applications", ":applicationID", "claim", use: release)
    }

    /// Takes the application into the officer's hands: others in the unit cannot act on it until it is released.
    func claim(req: Request) async throws -> ApplicationDTO {
        let officer = try await req.requireOfficer()
        let application = try await ApplicationFlows.forOfficer(try OfficerController.uuidParameter("applicationID", req), officer: officer, on: req)
        let claimed = try await ApplicationFlows.claim(application, for: officer.policeNumber, officer: officer, on: req)
        return ApplicationDTO(claimed, service: req.services.catalog.service(code: claimed.serviceCode), actor: .officer(officer.principal, roles: officer.roles))
    }

    /// Releases a claim: the holder's own, or anyone's for an admin.
    func release(req: Request) async throws -> ApplicationDTO {
        let officer = try await req.requireOfficer()
        let application = try await ApplicationFlows.forOfficer(try OfficerController.uuidParameter("applicationID", req), officer: officer, on: req)
        let released = try await ApplicationFlows.claim(application, for: nil, officer: officer, on: req)
        return ApplicationDTO(released, service: req.services.catalog.service(code: released.serviceCode), actor: .officer(officer.principal, roles: officer.roles))
    }

    func submit(req: Request) async throws -> Response {
        let body = try req.strictBody(SubmitApplicationBody.self)
        let service = try ApplicationFlows.service(code: body.service, on: req)
        // `system` is the platform's own (proactive renewal); a citizen's request never claims it.
        let channel = ServiceChannel(rawValue: body.channel ?? "pc").flatMap { $0 == .system ? nil : $0 } ?? .pc
        let (application, created) = try await ApplicationFlows.submit(service: service, form: body.form, idempotencyKey: body.idempotencyKey, channel: channel,
                                                                        vault: body.materials ?? [:], on: req)
        return try await ApplicationDTO(application, service: service, actor: .applicant(.citizen(application.applicantAccountID)))
            .encodeResponse(status: created ? .created : .ok, for: req)
    }

    func index(req: Request) async throws -> [ApplicationDTO] {
        let account = try await req.requireCitizen()
        return try await ApplicationFlows.repository(req).applications(accountID: account.id, on: req.db).map {
            ApplicationDTO($0, service: req.services.catalog.service(code: $0.serviceCode), actor: .applicant(.citizen(account.id)))
        }
    }

    func show(req: Request) async throws -> ApplicationDTO {
        let (application, account) = try await ApplicationFlows.own(try OfficerController.uuidParameter("applicationID", req), on: req)
        return ApplicationDTO(application, service: req.services.catalog.service(code: application.serviceCode), actor: .applicant(.citizen(account.id)))
    }

    func citizenAction(req: Request) async throws -> ApplicationDTO {
        let (application, account) = try await ApplicationFlows.own(try OfficerController.uuidParameter("applicationID", req), on: req)
        let action = try req.strictBody(ApplicationActionBody.self).workflowAction()
        let actor = WorkflowActor.applicant(.citizen(account.id))
        let updated = try await ApplicationFlows.act(action, on: application, by: actor, on: req)
        return ApplicationDTO(updated, service: req.services.catalog.service(code: updated.serviceCode), actor: actor)
    }

    func queue(req: Request) async throws -> [QueueItemDTO] {
        let officer = try await req.requireOfficer()
        let today = CivilDate.today()
        return try await ApplicationFlows.queue(for: officer, on: req).map {
            QueueItemDTO($0, service: req.services.catalog.service(code: $0.serviceCode), today: today)
        }
    }

    func officerShow(req: Request) async throws -> ApplicationDTO {
        let officer = try await req.requireOfficer()
        let application = try await ApplicationFlows.forOfficer(try OfficerController.uuidParameter("applicationID", req), officer: officer, on: req)
        try await ApplicationFlows.auditView(application, officer: officer, on: req)
        return ApplicationDTO(application, service: req.services.catalog.service(code: application.serviceCode), actor: .officer(officer.principal, roles: officer.roles))
    }

    func officerAction(req: Request) async throws -> ApplicationDTO {
        let officer = try await req.requireOfficer()
        let application = try await ApplicationFlows.forOfficer(try OfficerController.uuidParameter("applicationID", req), officer: officer, on: req)
        let action = try req.strictBody(ApplicationActionBody.self).workflowAction()
        let actor = WorkflowActor.officer(officer.principal, roles: officer.roles)
        let updated = try await ApplicationFlows.act(action, on: application, by: actor, on: req)
        return ApplicationDTO(updated, service: req.services.catalog.service(code: updated.serviceCode), actor: actor)
    }
}
