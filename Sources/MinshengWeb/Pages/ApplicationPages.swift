import MinshengCore
import MinshengStore
import Vapor

/// The citizen's application pages (apply, follow, supplement, withdraw) and the officer's queue and decision page.
struct ApplicationPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("services", ":code", "apply", use: applyForm)
        routes.post("services", ":code", "apply", use: apply)
        routes.get("me", "applications", use: mine)
        routes.get("me", "applications", ":applicationID", use: show)
        routes.post("me", "applications", ":applicationID", "actions", use: citizenAction)
        routes.get("officer", "queue", use: queue)
        routes.get("officer", "applications", ":applicationID", use: officerShow)
        routes.post("officer", "applications", ":applicationID", "actions", use: officerAction)
        routes.post("officer", "applications", ":applicationID", "claim", use: officerClaim)
    }

    /// Claims the application for the signed-in officer, or (with `release`) releases it.
    func officerClaim(req: Request) async throws -> Response {
        let officer = try await req.requireOfficer()
        try req.checkCSRF()
        let application = try await ApplicationFlows.forOfficer(try OfficerController.uuidParameter("applicationID", req), officer: officer, on: req)
        let release = (try? req.content.get(String.self, at: "release")) == "1"
        do {
            let updated = try await ApplicationFlows.claim(application, for: release ? nil : officer.policeNumber, officer: officer, on: req)
            return try await renderOfficer(updated, officer: officer, notice: req.language.strings()["action_done"], req: req)
        } catch let problem as Problem where problem.status < 500 {
            return try await renderOfficer(application, officer: officer, notice: req.language == .zh ? problem.titleZh : problem.title, req: req)
        }
    }

    struct FieldView: Encodable, Sendable {
        var name: String
        var label: String
        var hint: String?
        var type: String
        var required: Bool
        var value: String
        var options: [OptionView]
        var error: String?
    }

    struct OptionView: Encodable, Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct ApplyBody: Encodable, Sendable {
        var code: String
        var name: String
        var fields: [FieldView]
        var idempotencyKey: String
        var provided: [String]
        var atWindow: [String]
        /// Materials the citizen may choose from their vault (or show at the window).
        var choices: [MaterialChoiceView]
    }

    struct MaterialChoiceView: Encodable, Sendable {
        var id: String
        var name: String
        var required: Bool
        var options: [OptionView]
        var error: String?
    }

    static func fields(_ service: ServiceDefinition, values: [String: String], errors: [FieldProblem], zh: Bool) -> [FieldView] {
        service.form.map { field in
            let value = values[field.name] ?? ""
            var options = (field.options ?? []).map { OptionView(value: $0.value, label: zh ? $0.label.zh : $0.label.en, selected: $0.value == value) }
            if field.type == .ethnicity {
                options = Ethnicity.all.map { OptionView(value: $0.code, label: zh ? $0.nameZh : $0.nameEn, selected: $0.code == value) }
            }
            let error = errors.first { $0.field == "form.\(field.name)" }.map { zh ? $0.reasonZh : $0.reasonEn }
            return FieldView(name: field.name, label: zh ? field.label.zh : field.label.en, hint: field.hint.map { zh ? $0.zh : $0.en },
                             type: field.type.rawValue, required: field.required, value: value, options: options, error: error)
        }
    }

    func applyBody(_ service: ServiceDefinition, values: [String: String], chosen: [String: String] = [:], vault: [MaterialVault.Item],
                   errors: [FieldProblem], key: String, zh: Bool) -> ApplyBody {
        let choosable = service.materials.filter { !$0.providedByPlatform && ($0.sources.contains(.vault) || $0.sources.contains(.upload)) }
        let choices = choosable.map { material in
            MaterialChoiceView(
                id: material.id, name: zh ? material.name.zh : material.name.en, required: material.required,
                options: vault.map { item in
                    let id = item.id.uuidString.lowercased()
                    return OptionView(value: id, label: "\(item.name)（\(PageFormat.minute(item.createdAt))）", selected: chosen[material.id] == id)
                },
                error: errors.first { $0.field == "materials.\(material.id)" }.map { zh ? $0.reasonZh : $0.reasonEn }
            )
        }
        return ApplyBody(code: service.code, name: zh ? service.name.zh : service.name.en, fields: Self.fields(service, values: values, errors: errors, zh: zh),
                         idempotencyKey: key, provided: service.materials.filter(\.providedByPlatform).map { zh ? $0.name.zh : $0.name.en },
                         atWindow: service.materials.filter { m in !m.providedByPlatform && !choosable.contains { $0.id == m.id } }.map { zh ? $0.name.zh : $0.name.en },
                         choices: choices)
    }

    func applyForm(req: Request) async throws -> Response {
        let account = try await req.requireCitizen()
        let service = try CatalogController.service(req)
        let key = UUID().uuidString
        let vault = try await req.services.vault.items(accountID: account.id, on: req.db)
        return try await req.page("apply", titleKey: service.name.text(req.language.rawValue),
                                  body: applyBody(service, values: [:], vault: vault, errors: [], key: key, zh: req.language == .zh))
    }

    func apply(req: Request) async throws -> Response {
        let account = try await req.requireCitizen()
        try req.checkCSRF()
        let service = try CatalogController.service(req)
        let posted = (try? req.content.decode([String: String].self)) ?? [:]
        let key = posted["idempotencyKey"] ?? ""
        let form = posted.filter { name, _ in service.form.contains { $0.name == name } }
        // `material.<id>` selects a vault item for a material; empty means the original at the window.
        let chosen = posted.reduce(into: [String: String]()) { result, entry in
            if entry.key.hasPrefix("material."), !entry.value.isEmpty { result[String(entry.key.dropFirst("material.".count))] = entry.value }
        }
        do {
            let (application, _) = try await ApplicationFlows.submit(service: service, form: form, idempotencyKey: key, channel: .mobile,
                                                                     vault: chosen, on: req)
            return req.redirect(to: "/me/applications/\(application.id.uuidString.lowercased())?submitted=1")
        } catch let problem as Problem where problem.status < 500 {
            let errors = problem.errors ?? [FieldProblem(field: "form", reasonZh: problem.titleZh, reasonEn: problem.title)]
            let vault = try await req.services.vault.items(accountID: account.id, on: req.db)
            return try await req.page("apply", titleKey: service.name.text(req.language.rawValue),
                                      body: applyBody(service, values: form, chosen: chosen, vault: vault, errors: errors, key: key, zh: req.language == .zh),
                                      errors: errors, status: problem.httpStatus)
        }
    }

    struct ListRow: Encodable, Sendable {
        var id: String
        var reference: String
        var service: String
        var state: String
        var stateCode: String
        var due: String?
        var overdue: Bool
        var claimedBy: String?
    }

    static func rows(_ items: [QueueItem], req: Request) -> [ListRow] {
        let zh = req.language == .zh
        let today = CivilDate.today()
        return items.map { a in
            let service = req.services.catalog.service(code: a.serviceCode)
            return ListRow(id: a.id.uuidString.lowercased(), reference: a.reference,
                           service: service.map { zh ? $0.name.zh : $0.name.en } ?? a.serviceCode,
                           state: zh ? a.state.nameZh : a.state.nameEn, stateCode: a.state.rawValue,
                           due: a.dueDate?.description, overdue: a.isOverdue(today: today), claimedBy: a.claimedBy)
        }
    }

    func mine(req: Request) async throws -> Response {
        let account = try await req.requireCitizen()
        let applications = try await ApplicationFlows.repository(req).applications(accountID: account.id, on: req.db)
        let all = Self.rows(applications.map(QueueItem.init), req: req)
        let inProgress = all.filter { !["completed", "withdrawn", "refused", "not-accepted"].contains($0.stateCode) }
        let done = all.filter { ["completed", "withdrawn", "refused", "not-accepted"].contains($0.stateCode) }
        return try await req.page("applications", titleKey: "my_applications", body: ["inProgress": inProgress, "done": done])
    }

    struct EventView: Encodable, Sendable {
        var at: String
        var who: String
        var action: String
        var state: String
        var comment: String?
        var items: [String]
    }

    struct DetailBody: Encodable, Sendable {
        var id: String
        var reference: String
        var service: String
        var serviceCode: String
        var state: String
        var stateCode: String
        var due: String?
        var overdue: Bool
        var form: [FieldValueView]
        var supplementItems: [String]
        var events: [EventView]
        var actions: [ActionView]
        var resident: ResidentDTO?
        var officerView: Bool
        var materials: [AttachedView]
        var claimedBy: String?
        /// The criminal-records check of a no-criminal-record application (officers only).
        var recordsCheck: RecordsCheckView? = nil
    }

    struct RecordsCheckView: Encodable, Sendable {
        var outcome: String
        var label: String
        var refusal: String?
        var timeLimit: Int
    }

    struct AttachedView: Encodable, Sendable {
        var name: String
        var source: String
        var link: String?
    }

    struct ActionView: Encodable, Sendable {
        var code: String
        var label: String
    }

    struct FieldValueView: Encodable, Sendable {
        var label: String
        var value: String
    }

    static func detail(_ a: ServiceApplication, actor: WorkflowActor, resident: Resident?, officerView: Bool, req: Request) -> DetailBody {
        let zh = req.language == .zh
        let service = req.services.catalog.service(code: a.serviceCode)
        let form = (service?.form ?? []).compactMap { field -> FieldValueView? in
            guard let value = a.form[field.name] else { return nil }
            let shown = field.options?.first { $0.value == value }.map { zh ? $0.label.zh : $0.label.en }
                ?? (field.type == .ethnicity ? Ethnicity.byCode(value).map { zh ? $0.nameZh : $0.nameEn } : nil)
                ?? (field.type == .idNumber && !officerView ? Masking.idNumber(value) : value)
            return FieldValueView(label: zh ? field.label.zh : field.label.en, value: shown)
        }
        let events = a.record.events.map { e in
            EventView(at: PageFormat.minute(e.at),
                      who: { switch e.actor { case .citizen: zh ? "申请人" : "Applicant"
                                              case .officer(let n): (zh ? "民警 " : "Officer ") + n
                                              case .system: zh ? "系统" : "System" } }(),
                      action: zh ? e.action.nameZh : e.action.nameEn, state: zh ? e.to.nameZh : e.to.nameEn, comment: e.comment, items: e.items)
        }
        return DetailBody(
            id: a.id.uuidString.lowercased(), reference: a.reference, service: service.map { zh ? $0.name.zh : $0.name.en } ?? a.serviceCode,
            serviceCode: a.serviceCode, state: zh ? a.record.state.nameZh : a.record.state.nameEn, stateCode: a.record.state.rawValue,
            due: a.record.dueDate?.description, overdue: a.record.isOverdue(today: .today()), form: form, supplementItems: a.record.supplementItems,
            events: events,
            actions: Workflow.availableActions(for: a.record, actor: actor).filter { $0 != .complete }.map { ActionView(code: $0.rawValue, label: zh ? $0.nameZh : $0.nameEn) },
            resident: resident.map { ResidentDTO($0) }, officerView: officerView,
            materials: attachedViews(a, service: service, officerView: officerView, req: req), claimedBy: a.claimedBy
        )
    }

    /// Each attached material with where it came from and, for vault files, a link (the officer's link is audited).
    static func attachedViews(_ a: ServiceApplication, service: ServiceDefinition?, officerView: Bool, req: Request) -> [AttachedView] {
        let strings = req.language.strings()
        let zh = req.language == .zh
        return a.materials.map { m in
            let name = service?.materials.first { $0.id == m.materialID }.map { zh ? $0.name.zh : $0.name.en } ?? m.materialID
            switch m.source {
            case .vault:
                let id = String(m.reference.dropFirst("vault:".count))
                let link = officerView ? "/officer/applications/\(a.id.uuidString.lowercased())/materials/\(id)" : "/me/materials/\(id)"
                return AttachedView(name: name, source: strings["source_vault"] ?? "", link: link)
            case .registry, .eCertificate:
                return AttachedView(name: name, source: strings["source_registry"] ?? "", link: nil)
            case .upload:
                return AttachedView(name: name, source: strings["source_window"] ?? "", link: nil)
            }
        }
    }

    func show(req: Request) async throws -> Response {
        let (application, account) = try await ApplicationFlows.own(try OfficerController.uuidParameter("applicationID", req), on: req)
        let notice = req.query[String.self, at: "submitted"] == "1" ? req.language.strings()["submitted_ok"] : nil
        return try await req.page("application", titleKey: "application_title",
                                  body: Self.detail(application, actor: .applicant(.citizen(account.id)), resident: nil, officerView: false, req: req), notice: notice)
    }

    struct ActionForm: Content {
        var action: String?
        var reason: String?
        var comment: String?
        var items: String?
    }

    static func action(from form: ActionForm) throws -> ApplicationAction {
        let items = (form.items ?? "").split(whereSeparator: \.isNewline).map(String.init)
        return try ApplicationActionBody(action: form.action ?? "", reason: form.reason, items: items, comment: form.comment).workflowAction()
    }

    func citizenAction(req: Request) async throws -> Response {
        let (application, account) = try await ApplicationFlows.own(try OfficerController.uuidParameter("applicationID", req), on: req)
        try req.checkCSRF()
        let form = (try? req.content.decode(ActionForm.self)) ?? ActionForm()
        _ = try await ApplicationFlows.act(try Self.action(from: form), on: application, by: .applicant(.citizen(account.id)), on: req)
        return req.redirect(to: "/me/applications/\(application.id.uuidString.lowercased())")
    }

    func queue(req: Request) async throws -> Response {
        let officer = try await req.requireOfficer()
        let sorted = try await ApplicationFlows.queue(for: officer, on: req)
        return try await req.page("queue", titleKey: "queue_title", body: ["rows": Self.rows(sorted, req: req)])
    }

    func officerShow(req: Request) async throws -> Response {
        let officer = try await req.requireOfficer()
        let application = try await ApplicationFlows.forOfficer(try OfficerController.uuidParameter("applicationID", req), officer: officer, on: req)
        try await ApplicationFlows.auditView(application, officer: officer, on: req)
        return try await renderOfficer(application, officer: officer, notice: nil, req: req)
    }

    func renderOfficer(_ application: ServiceApplication, officer: Officer, notice: String?, req: Request) async throws -> Response {
        // The application with the registry record beside it: that view is audited.
        var resident: Resident?
        if let subjectID = application.subjectResidentID {
            resident = try await OfficerAccess.read(residentID: subjectID, purpose: "审查申请 \(application.reference)", action: "application.review-read", officer: officer, on: req)
        }
        var body = Self.detail(application, actor: .officer(officer.principal, roles: officer.roles), resident: resident, officerView: true, req: req)
        // A no-criminal-record application shows the connector's answer as it stands now; the look-up is audited.
        if let service = req.services.catalog.service(code: application.serviceCode), service.outputs.contains(where: { $0.kind == .noCriminalRecord }),
           let applicantID = application.applicantResidentID {
            let policy = req.services.noCriminalRecord
            let outcome = try await NoCriminalRecordDesk(cipher: req.services.cipher, policy: policy).check(residentID: applicantID, on: req.db)
            try await AuditChain.append(AuditEvent(actor: officer.principal, action: "criminal-records.checked", subject: "application:\(application.reference)",
                                                   purpose: "审查申请 \(application.reference)", residentID: applicantID, detail: ["outcome": outcome.rawValue]), on: req.db)
            let lang = req.language.rawValue
            body.recordsCheck = RecordsCheckView(outcome: outcome.rawValue, label: outcome.label.text(lang),
                                                 refusal: outcome == .recordFound ? policy.refusal.text(lang) : nil, timeLimit: application.record.timeLimit)
        }
        return try await req.page("officer-application", titleKey: "application_title", body: body, notice: notice)
    }

    func officerAction(req: Request) async throws -> Response {
        let officer = try await req.requireOfficer()
        try req.checkCSRF()
        let application = try await ApplicationFlows.forOfficer(try OfficerController.uuidParameter("applicationID", req), officer: officer, on: req)
        let form = (try? req.content.decode(ActionForm.self)) ?? ActionForm()
        do {
            let updated = try await ApplicationFlows.act(try Self.action(from: form), on: application, by: .officer(officer.principal, roles: officer.roles), on: req)
            return try await renderOfficer(updated, officer: officer, notice: req.language.strings()["action_done"], req: req)
        } catch let problem as Problem where problem.status < 500 {
            return try await renderOfficer(application, officer: officer, notice: req.language == .zh ? problem.titleZh : problem.title, req: req)
        }
    }
}
