import MinshengCore
import MinshengStore
import Vapor

/// The citizen's pages: home, registration, sign-in, identity link, my record, who accessed my record.
struct CitizenPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: home)
        routes.get("register", use: registerForm)
        routes.grouped(RequestGate.registration).post("register", use: register)
        routes.get("login", use: loginForm)
        routes.post("login", use: login)
        routes.post("logout", use: logout)
        routes.get("me", use: me)
        routes.get("me", "identity", use: identityForm)
        routes.post("me", "identity", use: linkIdentity)
        routes.get("me", "access-log", use: accessLog)
    }

    struct DepartmentCard: Encodable, Sendable {
        var key: String
        var name: String
        var description: String
        var live: Bool
        var coming: String?
        var planned: [String]
        var serviceCount: Int
        var entry: String?
    }

    func home(req: Request) async throws -> Response {
        let lang = req.language.rawValue
        let catalog = req.services.catalog
        let departments = catalog.departments.map {
            DepartmentCard(key: $0.code.rawValue, name: $0.name.text(lang), description: $0.description.text(lang), live: $0.status == .live,
                           coming: $0.coming?.text(lang), planned: ($0.plannedServices ?? []).map { $0.text(lang) },
                           serviceCount: catalog.services(in: $0.code).count, entry: $0.entry)
        }
        return try await req.page("home", titleKey: "site_name", body: ["departments": departments])
    }

    struct AccountForm: Content {
        var phone: String?
        var password: String?
    }

    struct PhoneBody: Encodable, Sendable { var phone: String }

    func registerForm(req: Request) async throws -> Response {
        try await req.page("register", titleKey: "register_title", body: PhoneBody(phone: ""))
    }

    func register(req: Request) async throws -> Response {
        try req.checkCSRF()
        let form = (try? req.content.decode(AccountForm.self)) ?? AccountForm()
        do {
            _ = try await CitizenFlows.register(phone: form.phone ?? "", password: form.password ?? "", on: req)
            let (_, token, expires) = try await CitizenFlows.signIn(phone: form.phone ?? "", password: form.password ?? "", channel: "page", on: req)
            let response = req.redirect(to: "/me/identity?registered=1")
            response.cookies[SessionCookie.citizen] = req.sessionCookie(token, expires: expires)
            return response
        } catch let problem as Problem {
            return try await req.page("register", titleKey: "register_title", body: PhoneBody(phone: form.phone ?? ""),
                                      errors: problem.errors ?? [FieldProblem(field: "phone", reasonZh: problem.titleZh, reasonEn: problem.title)],
                                      status: problem.httpStatus)
        } catch let error as StoreError {
            let problem = Problem.from(error)
            return try await req.page("register", titleKey: "register_title", body: PhoneBody(phone: form.phone ?? ""),
                                      errors: problem.errors ?? [FieldProblem(field: "phone", reasonZh: problem.titleZh, reasonEn: problem.title)],
                                      status: problem.httpStatus)
        }
    }

    func loginForm(req: Request) async throws -> Response {
        try await req.page("login", titleKey: "login_title", body: PhoneBody(phone: ""))
    }

    func login(req: Request) async throws -> Response {
        try req.checkCSRF()
        let form = (try? req.content.decode(AccountForm.self)) ?? AccountForm()
        do {
            let (_, token, expires) = try await CitizenFlows.signIn(phone: form.phone ?? "", password: form.password ?? "", channel: "page", on: req)
            let response = req.redirect(to: "/me")
            response.cookies[SessionCookie.citizen] = req.sessionCookie(token, expires: expires)
            return response
        } catch let problem as Problem {
            return try await req.page("login", titleKey: "login_title", body: PhoneBody(phone: form.phone ?? ""),
                                      errors: problem.errors ?? [FieldProblem(field: "phone", reasonZh: problem.titleZh, reasonEn: problem.title)],
                                      status: problem.httpStatus)
        }
    }

    func logout(req: Request) async throws -> Response {
        try req.checkCSRF()
        for name in [SessionCookie.citizen, SessionCookie.officer] {
            if let token = req.cookies[name]?.string { try await req.services.sessions.end(token: token, on: req.db) }
        }
        let response = req.redirect(to: "/")
        response.cookies[SessionCookie.citizen] = .expired
        response.cookies[SessionCookie.officer] = .expired
        return response
    }

    struct RecordView: Encodable, Sendable {
        var account: AccountDTO
        var resident: ResidentDTO?
        var household: HouseholdDTO?
        var idNumberMasked: String?
        var linked: Bool
        var notices: [NoticeView] = []
        /// The cases the citizen subscribed to as a party, with their stage.
        var cases: [CaseLine] = []
    }

    struct CaseLine: Encodable, Sendable {
        var number: String
        var cause: String
        var stage: String
    }

    struct NoticeView: Encodable, Sendable {
        var title: String
        var at: String
        var read: Bool
    }

    func me(req: Request) async throws -> Response {
        let account = try await req.requireCitizen()
        var view = RecordView(account: AccountDTO(account), resident: nil, household: nil, idNumberMasked: nil, linked: account.residentID != nil)
        if let id = account.residentID, let resident = try await req.services.registry.resident(id: id, on: req.db) {
            var dto = ResidentDTO(resident)
            dto.idNumber = resident.idNumber.masked
            dto.phone = resident.phone?.masked
            view.resident = dto
            if let householdID = resident.householdID, let (household, members) = try await req.services.registry.household(id: householdID, on: req.db) {
                var dto = HouseholdDTO(household, members: members, maskOthersThan: resident.id, maskAddress: true)
                // Pages mask every ID number, the viewer's own included.
                dto.members = dto.members.map { var m = $0; m.idNumber = Masking.idNumber(m.idNumber); return m }
                view.household = dto
            }
        }
        let zh = req.language == .zh
        view.notices = try await NotificationOutbox().notices(accountID: account.id, limit: 5, on: req.db).map {
            NoticeView(title: zh ? $0.titleZh : $0.titleEn, at: PageFormat.minute($0.at), read: $0.read)
        }
        view.cases = try await CaseController.desk(req).subscriptions(accountID: account.id, on: req.db).map {
            CaseLine(number: $0.number, cause: $0.cause, stage: req.services.caseStages[$0.stage]?.name.text(req.language.rawValue) ?? $0.stage.rawValue)
        }
        let notice = req.query[String.self, at: "linked"] == "1" ? req.language.strings()["linked_ok"] : nil
        return try await req.page("me", titleKey: "my_center", body: view, notice: notice)
    }

    struct IdentityFormBody: Encodable, Sendable {
        var name: String
        var level: String
    }

    struct IdentityForm: Content {
        var name: String?
        var idNumber: String?
    }

    func identityForm(req: Request) async throws -> Response {
        let account = try await req.requireCitizen()
        let notice = req.query[String.self, at: "registered"] == "1" ? req.language.strings()["registered_ok"] : nil
        return try await req.page("identity", titleKey: "identity_title", body: IdentityFormBody(name: "", level: account.level.code), notice: notice)
    }

    func linkIdentity(req: Request) async throws -> Response {
        let account = try await req.requireCitizen()
        try req.checkCSRF()
        let form = (try? req.content.decode(IdentityForm.self)) ?? IdentityForm()
        do {
            _ = try await CitizenFlows.linkIdentity(account: account, name: form.name ?? "", idNumber: form.idNumber ?? "", on: req)
            return req.redirect(to: "/me?linked=1")
        } catch {
            let problem = Problem.from(error)
            guard problem.status < 500 else { throw error }
            return try await req.page("identity", titleKey: "identity_title", body: IdentityFormBody(name: form.name ?? "", level: account.level.code),
                                      errors: problem.errors ?? [FieldProblem(field: "idNumber", reasonZh: problem.titleZh, reasonEn: problem.title)],
                                      status: problem.httpStatus)
        }
    }

    struct AccessRow: Encodable, Sendable {
        var when: String
        var who: String
        var action: String
        var purpose: String
    }

    func accessLog(req: Request) async throws -> Response {
        let account = try await req.requireCitizen()
        guard account.residentID != nil else { return req.redirect(to: "/me/identity") }
        let zh = req.language == .zh
        let rows = try await MeController.accesses(req).map { entry in
            AccessRow(
                when: PageFormat.minute(entry.at),
                who: entry.actor.hasPrefix("officer:") ? (zh ? "民警 " : "Officer ") + entry.actor.dropFirst(8) : entry.actor,
                action: AuditActionNames.name(entry.action, zh: zh),
                purpose: entry.purpose
            )
        }
        return try await req.page("access-log", titleKey: "access_log", body: ["rows": rows])
    }
}

/// Readable names for audit actions shown to citizens.
enum AuditActionNames {
    static func name(_ action: String, zh: Bool) -> String {
        switch action {
        case "resident.read": zh ? "查看户籍信息" : "Read your record"
        case "resident.versions-read": zh ? "查看变更历史" : "Read your record's history"
        case "household.read": zh ? "查看户信息" : "Read your household"
        case "resident.changed": zh ? "修改户籍信息" : "Changed your record"
        case "account.verified-in-person": zh ? "窗口核验身份" : "Checked your identity in person"
        case "account.identity-linked": zh ? "绑定身份" : "Linked your identity"
        default: action
        }
    }
}
