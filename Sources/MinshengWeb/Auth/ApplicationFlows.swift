import Fluent
import MinshengCore
import MinshengStore
import Vapor

/// Applying for a service and taking workflow steps: shared by the API and the pages.
enum ApplicationFlows {
    static func repository(_ req: Request) -> ApplicationRepository {
        ApplicationRepository(cipher: req.services.cipher, registry: req.services.registry, noCriminalRecord: req.services.noCriminalRecord)
    }

    static func service(code: String, on req: Request) throws -> ServiceDefinition {
        guard let service = req.services.catalog.service(code: code) else {
            throw Problem.validation([FieldProblem(field: "service", reasonZh: "未找到该事项", reasonEn: "no such service")])
        }
        return service
    }

    static func problems(_ issues: [FormIssue]) -> [FieldProblem] {
        issues.map { FieldProblem(field: "form.\($0.field)", reasonZh: $0.reasonZh, reasonEn: $0.reasonEn) }
    }

    /// Validates the form, finds the person concerned, checks every condition, attaches what the platform holds, and submits.
    static func submit(service: ServiceDefinition, form raw: [String: String], idempotencyKey rawKey: String, channel: ServiceChannel,
                       vault choices: [String: String] = [:], on req: Request) async throws -> (ServiceApplication, Bool) {
        let account = try await req.requireCitizen()
        let key = rawKey.trimmingCharacters(in: .whitespaces)
        guard (8...100).contains(key.count) else {
            throw Problem.validation([FieldProblem(field: "idempotencyKey", reasonZh: "请提供 8–100 个字符的防重复提交标识", reasonEn: "give an idempotency key of 8–100 characters")])
        }
        guard service.online else {
            throw Problem(.unprocessableEntity, slug: "offline-service", zh: "本事项须到派出所现场办理，请预约", en: "This service is handled in person; book an appointment")
        }
        guard let residentID = account.residentID, let applicant = try await req.services.registry.resident(id: residentID, on: req.db) else {
            throw Problem.levelRequired(AssuranceLevel.l2.code)
        }
        let today = CivilDate.today()
        let cleaned: (values: [String: String], facts: RuleFacts)
        switch FormValidator.validate(service.form, values: raw, today: today) {
        case .success(let result): cleaned = result
        case .failure(let issues): throw Problem.validation(problems(issues.issues))
        }
        // The person concerned: the applicant, or a member of the applicant's household named by ID number; for services
        // that register someone new (a spouse moving in, a newborn), whoever the form names, with or without a record.
        let newPerson = RegistryPlanner.takesNewPerson(service)
        var subject: Resident? = applicant
        if newPerson {
            subject = nil
            if let other = cleaned.values["subjectIdNumber"], let id = try? IDNumber(other) {
                subject = try await req.services.registry.resident(idNumber: id, on: req.db)
            }
        } else if let other = cleaned.values["subjectIdNumber"], other != applicant.idNumber.value {
            guard let id = try? IDNumber(other), let found = try await req.services.registry.resident(idNumber: id, on: req.db),
                  found.householdID != nil, found.householdID == applicant.householdID else {
                throw Problem.validation([FieldProblem(field: "form.subjectIdNumber", reasonZh: "该人员不在您的户内，请到窗口办理",
                                                       reasonEn: "that person is not in your household; apply at a counter")])
            }
            subject = found
        }
        let facts = try await EligibilityFacts.build(account: account, subject: subject, newPerson: newPerson, form: cleaned.facts,
                                                     formValues: cleaned.values, on: req)
        let report = RuleEvaluator.evaluate(service.eligibility, facts: facts, today: today)
        guard report.isEligible else {
            throw Problem(.unprocessableEntity, slug: "not-eligible", zh: "您暂不符合办理条件", en: "You do not meet the conditions for this service",
                          errors: report.failures.map { FieldProblem(field: "eligibility.\($0.ruleID)", reasonZh: $0.reasonZh, reasonEn: $0.reasonEn) })
        }
        let materials = try await attach(service, choices: choices, account: account, reference: "resident:\((subject ?? applicant).id.uuidString.lowercased())", on: req)
        // The unit of the person's registration; for someone new, of the applicant's (the household they join).
        let unit = try await req.services.officers.unit(covering: (newPerson ? applicant : subject ?? applicant).divisionCode, on: req.db)
        // The no-criminal-record certificate asks the criminal-records connector now: proceedings still open need an
        // investigation and the longer time limit; the outcome goes to the audit (the officer sees it again when deciding).
        var timeLimit: Int? = nil
        var check: [String: String] = [:]
        if service.outputs.contains(where: { $0.kind == .noCriminalRecord }) {
            let outcome = try await NoCriminalRecordDesk(cipher: req.services.cipher, policy: req.services.noCriminalRecord).check(residentID: applicant.id, on: req.db)
            check["criminalRecordsCheck"] = outcome.rawValue
            if outcome == .needsInvestigation { timeLimit = req.services.noCriminalRecord.investigationTimeLimit }
        }
        return try await repository(req).submit(
            service: service, account: account, subject: subject, form: cleaned.values, materials: materials, channel: channel,
            unitCode: unit?.code, idempotencyKey: key, timeLimit: timeLimit, check: check, today: today, on: req.db
        )
    }

    /// What goes with the application: registry references for what the platform holds, the vault items the citizen
    /// chose, and — for the rest — originals shown at the window after pre-review (the 2017 flow).
    static func attach(_ service: ServiceDefinition, choices: [String: String], account: CitizenAccount, reference: String,
                       on req: Request) async throws -> [AttachedMaterial] {
        var problems: [FieldProblem] = []
        for key in choices.keys where !service.materials.contains(where: { $0.id == key }) {
            problems.append(FieldProblem(field: "materials.\(key)", reasonZh: "本事项没有这项材料", reasonEn: "this service has no such material"))
        }
        var attached: [AttachedMaterial] = []
        // The applicant's own e-ID and e-household register stand for the card and the booklet.
        var held: [CredentialType: Credential] = [:]
        if let residentID = account.residentID, service.materials.contains(where: { CredentialType(materialID: $0.id) != nil }) {
            for credential in try await req.services.credentials.sync(residentID: residentID, on: req.db) where credential.status == .valid {
                held[credential.type] = credential
            }
        }
        for material in service.materials {
            if material.providedByPlatform {
                if let type = CredentialType(materialID: material.id), let credential = held[type], reference == "resident:\(residentText(account))" {
                    attached.append(AttachedMaterial(materialID: material.id, source: .eCertificate, reference: "credential:\(credential.id.uuidString.lowercased())"))
                } else {
                    attached.append(AttachedMaterial(materialID: material.id, source: material.sources[0], reference: reference))
                }
                continue
            }
            guard let choice = choices[material.id]?.trimmingCharacters(in: .whitespaces), !choice.isEmpty else {
                attached.append(AttachedMaterial(materialID: material.id, source: .upload, reference: "at-window"))
                continue
            }
            guard material.sources.contains(.vault) || material.sources.contains(.upload) else {
                problems.append(FieldProblem(field: "materials.\(material.id)", reasonZh: "这项材料须到窗口提交原件", reasonEn: "this material must be shown in original at the window"))
                continue
            }
            guard let id = UUID(uuidString: choice), let item = try await req.services.vault.item(id: id, accountID: account.id, on: req.db), !item.deleted else {
                problems.append(FieldProblem(field: "materials.\(material.id)", reasonZh: "未在您的材料库中找到所选文件", reasonEn: "the chosen file is not in your materials"))
                continue
            }
            attached.append(AttachedMaterial(materialID: material.id, source: .vault, reference: "vault:\(item.id.uuidString.lowercased())"))
        }
        if !problems.isEmpty { throw Problem.validation(problems) }
        return attached
    }

    static func residentText(_ account: CitizenAccount) -> String { account.residentID?.uuidString.lowercased() ?? "" }

    /// The application if the signed-in citizen owns it.
    static func own(_ id: UUID, on req: Request) async throws -> (ServiceApplication, CitizenAccount) {
        let account = try await req.requireCitizen()
        guard let application = try await repository(req).application(id: id, on: req.db), application.applicantAccountID == account.id else {
            throw Problem(.notFound, slug: "application-not-found", zh: "未找到该申请", en: "No such application")
        }
        return (application, account)
    }

    /// Refuses an officer without a role that handles applications (a unit admin or informant protection alone).
    static func requireCasework(_ officer: Officer) throws {
        guard officer.roles.contains(.admin) || !officer.roles.isDisjoint(with: OfficerRole.casework) else { throw Problem.forbidden }
    }

    /// The application if it belongs to the officer's unit (admins: any) and the officer handles applications.
    static func forOfficer(_ id: UUID, officer: Officer, on req: Request) async throws -> ServiceApplication {
        try requireCasework(officer)
        guard let application = try await repository(req).application(id: id, on: req.db),
              officer.roles.contains(.admin) || application.unitCode == officer.unit.code else {
            throw Problem(.notFound, slug: "application-not-found", zh: "未找到该申请", en: "No such application")
        }
        return application
    }

    /// Records an officer's view of an application. The registry read beside it is audited on its own, but an
    /// application for someone new to the registry has none, so the view itself is always recorded.
    static func auditView(_ application: ServiceApplication, officer: Officer, on req: Request) async throws {
        try await AuditChain.append(AuditEvent(actor: officer.principal, action: "application.read", subject: "application:\(application.reference)",
                                               purpose: "application review", residentID: application.subjectResidentID ?? application.applicantResidentID,
                                               detail: ["unit": officer.unit.code]), on: req.db)
    }

    /// The officer's work queue: the unit's open applications (every unit's for admins), overdue first, then by due date.
    static func queue(for officer: Officer, on req: Request) async throws -> [QueueItem] {
        try requireCasework(officer)
        let unit = officer.roles.contains(.admin) ? nil : officer.unit.code
        return try await repository(req).queue(unitCode: unit, today: .today(), on: req.db)
    }

    /// Claims (or, with nil, releases) an application for an officer; an admin may release anyone's claim.
    static func claim(_ application: ServiceApplication, for number: String?, officer: Officer, on req: Request) async throws -> ServiceApplication {
        do {
            return try await repository(req).claim(application.id, for: number, by: officer.principal, force: number == nil && officer.roles.contains(.admin), on: req.db)
        } catch ApplicationStoreError.claimedByAnother(let holder) {
            throw claimedProblem(holder)
        } catch ApplicationStoreError.concurrentChange {
            throw Problem(.conflict, slug: "concurrent-change", zh: "申请已被他人处理，请刷新", en: "Someone else acted on this application; reload it")
        }
    }

    static func claimedProblem(_ holder: String) -> Problem {
        Problem(.conflict, slug: "claimed", zh: "该申请正由民警 \(holder) 办理", en: "Officer \(holder) is handling this application")
    }

    /// Takes a workflow step, mapping refusals to problems.
    static func act(_ action: ApplicationAction, on application: ServiceApplication, by actor: WorkflowActor, on req: Request) async throws -> ServiceApplication {
        guard let service = req.services.catalog.service(code: application.serviceCode) else { throw Problem.internalError }
        do {
            return try await repository(req).act(action, on: application.id, by: actor, service: service, today: .today(), on: req.db)
        } catch WorkflowError.acceptedBySameOfficer {
            let error = WorkflowError.acceptedBySameOfficer
            throw Problem(.forbidden, slug: "separation-of-duties", zh: error.reasonZh, en: error.reasonEn)
        } catch let error as WorkflowError {
            throw Problem(.conflict, slug: "workflow", zh: error.reasonZh, en: error.reasonEn)
        } catch let error as EffectError {
            throw Problem(.unprocessableEntity, slug: "effect", zh: error.reasonZh, en: error.reasonEn)
        } catch ApplicationStoreError.concurrentChange {
            throw Problem(.conflict, slug: "concurrent-change", zh: "申请已被他人处理，请刷新", en: "Someone else acted on this application; reload it")
        } catch ApplicationStoreError.claimedByAnother(let holder) {
            throw claimedProblem(holder)
        } catch ApplicationStoreError.criminalRecordFound {
            throw Problem(.conflict, slug: "criminal-record-found", zh: "犯罪记录查询发现记录，不能出具证明；请以不予出具通知书的理由作出不予批准决定",
                          en: "The criminal-records check found a record, so the certificate cannot be issued; refuse it with the notice's wording")
        }
    }
}
