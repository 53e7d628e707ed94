import MinshengCore
import MinshengStore
import Vapor

/// The officer console: sign-in, resident lookup, the audited record view, in-person verification.
struct OfficerPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let officer = routes.grouped("officer")
        officer.get("login", use: loginForm)
        officer.post("login", use: login)
        officer.get(use: home)
        officer.post("lookup", use: lookup)
        officer.get("residents", ":residentID", use: resident)
        officer.post("residents", ":residentID", "in-person-verification", use: verifyInPerson)
    }

    struct LoginBody: Encodable, Sendable { var policeNumber: String }
    struct LoginForm: Content {
        var policeNumber: String?
        var password: String?
    }

    func loginForm(req: Request) async throws -> Response {
        try await req.page("officer-login", titleKey: "officer_login_title", body: LoginBody(policeNumber: ""))
    }

    func login(req: Request) async throws -> Response {
        try req.checkCSRF()
        let form = (try? req.content.decode(LoginForm.self)) ?? LoginForm()
        do {
            let (_, token, expires) = try await CitizenFlows.signInOfficer(policeNumber: form.policeNumber ?? "", password: form.password ?? "", channel: "page", on: req)
            let response = req.redirect(to: "/officer")
            response.cookies[SessionCookie.officer] = req.sessionCookie(token, expires: expires)
            return response
        } catch let problem as Problem {
            return try await req.page("officer-login", titleKey: "officer_login_title", body: LoginBody(policeNumber: form.policeNumber ?? ""),
                                      errors: problem.errors ?? [FieldProblem(field: "policeNumber", reasonZh: problem.titleZh, reasonEn: problem.title)],
                                      status: problem.httpStatus)
        }
    }

    struct HomeBody: Encodable, Sendable {
        var officer: OfficerDTO
        var purpose: String
    }

    func home(req: Request) async throws -> Response {
        let officer = try await req.requireOfficer()
        return try await req.page("officer-home", titleKey: "lookup_title", body: HomeBody(officer: OfficerDTO(officer), purpose: ""))
    }

    struct LookupForm: Content {
        var idNumber: String?
        var purpose: String?
    }

    func lookup(req: Request) async throws -> Response {
        let officer = try await req.requireOfficer(anyOf: OfficerRole.casework)
        try req.checkCSRF()
        let form = (try? req.content.decode(LookupForm.self)) ?? LookupForm()
        do {
            let resident = try await OfficerAccess.lookup(idNumber: form.idNumber ?? "", purpose: form.purpose, officer: officer, on: req)
            // The lookup audited this read; render the record straight away rather than redirecting into a second read.
            return try await renderResident(resident, officer: officer, purpose: form.purpose ?? "", notice: nil, on: req)
        } catch {
            let problem = Problem.from(error)
            guard problem.status < 500 else { throw error }
            return try await req.page("officer-home", titleKey: "lookup_title", body: HomeBody(officer: OfficerDTO(officer), purpose: form.purpose ?? ""),
                                      errors: problem.errors ?? [FieldProblem(field: "idNumber", reasonZh: problem.titleZh, reasonEn: problem.title)],
                                      status: problem.httpStatus)
        }
    }

    struct ResidentBody: Encodable, Sendable {
        var resident: ResidentDTO
        var household: HouseholdDTO?
        var versions: [VersionRow]
        var account: AccountDTO?
        var purpose: String
        var mayVerify: Bool
    }

    struct VersionRow: Encodable, Sendable {
        var number: Int
        var at: String
        var actor: String
        var reason: String
        var changed: String
    }

    func resident(req: Request) async throws -> Response {
        let officer = try await req.requireOfficer(anyOf: OfficerRole.casework)
        let id = try OfficerController.uuidParameter("residentID", req)
        let purpose = req.query[String.self, at: "purpose"]
        let resident = try await OfficerAccess.read(residentID: id, purpose: purpose, officer: officer, on: req)
        return try await renderResident(resident, officer: officer, purpose: purpose ?? "", notice: nil, on: req)
    }

    func renderResident(_ resident: Resident, officer: Officer, purpose: String, notice: String?, on req: Request) async throws -> Response {
        let versions = try await req.services.registry.versions(residentID: resident.id, on: req.db).reversed().map {
            VersionRow(number: $0.number, at: PageFormat.minute($0.at), actor: $0.actor.description, reason: $0.reason, changed: $0.changedFields.joined(separator: ", "))
        }
        var household: HouseholdDTO?
        if let householdID = resident.householdID, let (h, members) = try await req.services.registry.household(id: householdID, on: req.db) {
            household = HouseholdDTO(h, members: members, maskOthersThan: resident.id)
        }
        let account = try await req.services.accounts.account(residentID: resident.id, on: req.db)
        let body = ResidentBody(resident: ResidentDTO(resident), household: household, versions: Array(versions), account: account.map(AccountDTO.init),
                                purpose: purpose, mayVerify: officer.roles.contains(.intake) || officer.roles.contains(.admin))
        return try await req.page("officer-resident", titleKey: "lookup_title", body: body, notice: notice)
    }

    struct VerifyForm: Content {
        var purpose: String?
        var idCardChecked: String?
    }

    func verifyInPerson(req: Request) async throws -> Response {
        let officer = try await req.requireOfficer(anyOf: [.intake])
        try req.checkCSRF()
        let id = try OfficerController.uuidParameter("residentID", req)
        let form = (try? req.content.decode(VerifyForm.self)) ?? VerifyForm()
        let resident = try await OfficerAccess.read(residentID: id, purpose: form.purpose, officer: officer, on: req)
        guard form.idCardChecked == "on" || form.idCardChecked == "true" else {
            throw Problem.validation([FieldProblem(field: "idCardChecked", reasonZh: "须当面核验居民身份证原件", reasonEn: "the ID card must be checked in person")])
        }
        guard resident.status == .active else { throw Problem.from(StoreError.residentNotActive) }
        _ = try await req.services.accounts.verifyInPerson(residentID: id, officer: officer, purpose: try OfficerAccess.validPurpose(form.purpose), on: req.db)
        return try await renderResident(resident, officer: officer, purpose: form.purpose ?? "", notice: req.language.strings()["verify_in_person_done"], on: req)
    }
}
