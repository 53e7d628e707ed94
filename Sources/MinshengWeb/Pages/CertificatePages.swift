import MinshengCore
import MinshengStore
import Vapor

/// The certificate centre (`/me/certificates`), the code page that refreshes every minute, and the verifier page
/// (`/verify`) where a registered organisation scans or pastes a code.
struct CertificatePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("me", "certificates", use: center)
        routes.get("me", "certificates", ":credentialID", "show", use: show)
        routes.post("me", "renewal", use: renewal)
        routes.get("verify", use: verifyForm)
        routes.grouped(RequestGate(maxBytes: "8mb", throttle: { $0.publicUploadThrottle })).on(.POST, "verify", body: .collect(maxSize: "8mb"), use: verify)
    }

    struct Card: Encodable, Sendable {
        var id: String
        var name: String
        var status: String
        var statusLabel: String
        var valid: Bool
        var until: String
        var daysLeft: Int?
        var summary: [Line]
        var purposes: [Option]
        /// A certificate with a printable page and a public verification code (the no-criminal-record certificate).
        var printable: Bool
    }

    struct Line: Encodable, Sendable {
        var label: String
        var value: String
    }

    struct Option: Encodable, Sendable {
        var id: String
        var name: String
    }

    struct CheckRow: Encodable, Sendable {
        var organisation: String
        var purpose: String
        var mode: String
        var outcome: String
        var valid: Bool
        var at: String
    }

    struct CenterBody: Encodable, Sendable {
        var cards: [Card]
        var checks: [CheckRow]
        var optedIn: Bool
        var orders: [Line]
    }

    func center(req: Request) async throws -> Response {
        let (_, residentID) = try await CertificateController.holder(req)
        let lang = req.language
        let strings = lang.strings()
        let purposes = req.services.credentialPolicies.purposes
        let today = CivilDate.today()
        let cards = try await CertificateController.current(req, residentID: residentID).map { c -> Card in
            var summary: [Line] = []
            let dto = CertificateController.dto(c, purposes: purposes, today: today)
            for (key, claim) in [("name", CredentialClaim.name), ("idNumber", .idNumberMasked), ("documentNumber", .documentNumber), ("householdNumber", .householdNumber)] {
                if let value = dto.summary[key] { summary.append(Line(label: claim.label.text(lang.rawValue), value: value)) }
            }
            return Card(id: c.id.uuidString.lowercased(), name: c.type.name.text(lang.rawValue), status: c.status.rawValue, statusLabel: c.status.label.text(lang.rawValue),
                        valid: c.status == .valid && !c.isExpired(on: today), until: c.expiresOn?.description ?? strings["long_term"] ?? "", daysLeft: dto.daysToExpiry,
                        summary: summary, purposes: purposes.purposes(for: c.type).map { Option(id: $0.id, name: $0.name.text(lang.rawValue)) },
                        printable: c.type == .noCriminalRecord)
        }
        let checks = try await req.services.presentations.checks(holderID: residentID, limit: 20, on: req.db).map {
            CheckRow(organisation: $0.organisation, purpose: purposes[$0.purpose]?.name.text(lang.rawValue) ?? $0.purpose,
                     mode: strings["mode_\($0.mode)"] ?? $0.mode, outcome: Self.outcome($0.outcome, lang: lang), valid: $0.outcome == "valid", at: PageFormat.minute($0.at))
        }
        let state = try await CertificateController.renewalState(req, residentID: residentID)
        var orders = state.productionOrders.map { Line(label: CredentialType(rawValue: $0.type)?.name.text(lang.rawValue) ?? $0.type, value: $0.state) }
        orders += state.mailOrders.map { Line(label: "\(strings["tracking"] ?? "") \($0.carrier) \($0.trackingNumber)", value: $0.state) }
        let notice = req.query[String.self, at: "renewal"].map { $0 == "on" ? strings["auto_renewal_on"] : strings["auto_renewal_off"] } ?? nil
        return try await req.page("certificates", titleKey: "my_certificates", body: CenterBody(cards: cards, checks: checks, optedIn: state.optedIn, orders: orders), notice: notice)
    }

    static func outcome(_ outcome: String, lang: Language) -> String {
        if outcome == "valid" { return lang.strings()["verify_valid"] ?? outcome }
        return VerificationFailure(rawValue: outcome)?.message.text(lang.rawValue) ?? outcome
    }

    struct ShowBody: Encodable, Sendable {
        var id: String
        var name: String
        var purpose: String
        var purposeID: String
        var mode: String
        var svg: String
        var payload: String
        var expires: String
        var shown: [String]
    }

    func show(req: Request) async throws -> Response {
        let id = try OfficerController.uuidParameter("credentialID", req)
        let purposeID = req.query[String.self, at: "purpose"] ?? ""
        let mode = req.query[String.self, at: "mode"] ?? "online"
        let presentation = try await CertificateController.presentation(req, credentialID: id, purposeID: purposeID, mode: mode)
        let lang = req.language
        let purpose = req.services.credentialPolicies.purposes[purposeID]!
        let credential = try await req.services.credentials.credential(id: id, on: req.db)!
        var shown = purpose.claims(of: credential.type).map { $0.label.text(lang.rawValue) }
        if purpose.photo, mode == "online" { shown.insert(CredentialClaim.photo.label.text(lang.rawValue), at: 0) }
        let body = ShowBody(id: id.uuidString.lowercased(), name: credential.type.name.text(lang.rawValue), purpose: purpose.name.text(lang.rawValue), purposeID: purpose.id,
                            mode: mode, svg: presentation.svg, payload: presentation.payload, expires: PageFormat.time(presentation.expiresAt), shown: shown)
        return try await req.page("certificate-show", titleKey: "code_title", body: body)
    }

    struct RenewalForm: Content {
        var optIn: String?
    }

    func renewal(req: Request) async throws -> Response {
        let (account, residentID) = try await CertificateController.holder(req)
        try req.checkCSRF()
        let on = (try? req.content.decode(RenewalForm.self))?.optIn == "on"
        try await RenewalEngine(cipher: req.services.cipher, policy: req.services.credentialPolicies.reminders)
            .setOptIn(on, residentID: residentID, accountID: account.id, on: req.db)
        return req.redirect(to: "/me/certificates?renewal=\(on ? "on" : "off")")
    }

    struct VerifyBody: Encodable, Sendable {
        var done: Bool
        var valid: Bool
        var headline: String
        var reason: String
        var type: String
        var purpose: String
        var mode: String
        var claims: [Line]
        var photo: String?
        var offline: Bool
        var payload: String
    }

    func verifyForm(req: Request) async throws -> Response {
        try await req.page("verify", titleKey: "verify_title", body: VerifyBody(done: false, valid: false, headline: "", reason: "", type: "", purpose: "", mode: "",
                                                                                claims: [], photo: nil, offline: false, payload: ""))
    }

    struct VerifyForm: Content {
        var apiKey: String?
        var payload: String?
        var photo: File?
    }

    func verify(req: Request) async throws -> Response {
        let form = (try? req.content.decode(VerifyForm.self)) ?? VerifyForm()
        let lang = req.language
        let strings = lang.strings()
        func again(_ problems: [FieldProblem], status: HTTPResponseStatus) async throws -> Response {
            try await req.page("verify", titleKey: "verify_title", body: VerifyBody(done: false, valid: false, headline: "", reason: "", type: "", purpose: "", mode: "",
                                                                                    claims: [], photo: nil, offline: false, payload: form.payload ?? ""),
                               errors: problems, status: status)
        }
        let organisation: VerifierOrg
        do {
            organisation = try await VerificationController.organisation(req, key: form.apiKey ?? "")
        } catch let problem as Problem {
            return try await again([FieldProblem(field: "apiKey", reasonZh: problem.titleZh, reasonEn: problem.title)], status: problem.httpStatus)
        }
        var text = form.payload?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if let photo = form.photo, photo.data.readableBytes > 0 {
            do {
                text = try VerificationController.readImage(Data(photo.data.readableBytesView))
            } catch let problem as Problem {
                let field = problem.errors?.first ?? FieldProblem(field: "photo", reasonZh: problem.titleZh, reasonEn: problem.title)
                return try await again([FieldProblem(field: "photo", reasonZh: field.reasonZh, reasonEn: field.reasonEn)], status: .unprocessableEntity)
            }
        }
        guard !text.isEmpty, text.utf8.count <= 2048 else {
            return try await again([FieldProblem(field: "payload", reasonZh: "请拍摄二维码或粘贴其内容", reasonEn: "take a photo of the code or paste its text")], status: .unprocessableEntity)
        }
        let answer = try await VerificationController.decide(text, organisation: organisation, on: req)
        let purposes = req.services.credentialPolicies.purposes
        let body = VerifyBody(
            done: true, valid: answer.valid, headline: strings[answer.valid ? "verify_valid" : "verify_invalid"] ?? "",
            reason: answer.failure?.message.text(lang.rawValue) ?? "", type: answer.type?.name.text(lang.rawValue) ?? "",
            purpose: purposes[answer.purpose]?.name.text(lang.rawValue) ?? "", mode: strings["mode_\(answer.mode)"] ?? answer.mode,
            claims: answer.claims.map { Line(label: $0.0.label.text(lang.rawValue), value: $0.1) },
            photo: answer.photo.map { "data:\(Self.imageType($0));base64,\($0.base64EncodedString())" }, offline: answer.mode == "offline", payload: "")
        return try await req.page("verify", titleKey: "verify_title", body: body)
    }

    static func imageType(_ bytes: Data) -> String { bytes.starts(with: [0x89, 0x50]) ? "image/png" : "image/jpeg" }
}
