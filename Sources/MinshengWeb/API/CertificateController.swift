import MinshengCore
import MinshengCredentials
import MinshengQR
import MinshengStore
import Vapor

/// `/api/v1/me/certificates`: the holder's electronic certificates, their presentation codes per purpose, who
/// checked them, automatic renewal and the orders it made. L3 (face-verified) only: a code stands for the person.
struct CertificateController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let me = routes.grouped("api", "v1", "me")
        me.get("certificates", use: list)
        me.post("certificates", ":credentialID", "presentations", use: present)
        me.post("certificates", ":credentialID", "sd-jwt", use: exportSDJWT)
        me.get("verifications", use: checks)
        me.get("renewal", use: renewal)
        me.put("renewal", use: setRenewal)
    }

    struct CertificateDTO: Content {
        var id: UUID
        var type: String
        var name: String
        var nameEn: String
        var status: String
        var issuedOn: String
        /// nil for long-term.
        var expiresOn: String?
        var daysToExpiry: Int?
        /// Masked claims, for the card face.
        var summary: [String: String]
        var purposes: [String]
    }

    /// The signed-in L3 citizen and their resident id.
    static func holder(_ req: Request) async throws -> (CitizenAccount, UUID) {
        let account = try await req.requireCitizen(level: .l3)
        guard let residentID = account.residentID else { throw Problem.from(StoreError.residentNotFound) }
        return (account, residentID)
    }

    /// The holder's current certificates, brought in line with the registry first.
    static func current(_ req: Request, residentID: UUID) async throws -> [Credential] {
        try await req.services.credentials.sync(residentID: residentID, on: req.db)
    }

    static func dto(_ c: Credential, purposes: PurposeCatalog, today: CivilDate) -> CertificateDTO {
        var summary: [String: String] = [:]
        if let name = c.claims[.name] { summary["name"] = Masking.name(name) }
        if let id = c.claims[.idNumberMasked] { summary["idNumber"] = id }
        if let number = c.claims[.documentNumber] { summary["documentNumber"] = Masking.idNumber(number) }
        if let household = c.claims[.householdNumber] { summary["householdNumber"] = household }
        return CertificateDTO(id: c.id, type: c.type.rawValue, name: c.type.name.zh, nameEn: c.type.name.en, status: c.status.rawValue,
                              issuedOn: c.issuedOn.description, expiresOn: c.expiresOn?.description, daysToExpiry: c.daysToExpiry(from: today),
                              summary: summary, purposes: purposes.purposes(for: c.type).map(\.id))
    }

    func list(req: Request) async throws -> [CertificateDTO] {
        let (_, residentID) = try await Self.holder(req)
        let today = CivilDate.today()
        return try await Self.current(req, residentID: residentID).map { Self.dto($0, purposes: req.services.credentialPolicies.purposes, today: today) }
    }

    struct PresentBody: StrictBody {
        static let fields: Set<String> = ["purpose", "mode"]
        var purpose: String
        var mode: String?
    }

    struct PresentationDTO: Content {
        var mode: String
        var purpose: String
        /// The QR's text: `MSR:` + reference (online) or `MS1:` + base45 token (offline).
        var payload: String
        var expiresAt: Date
        var qrVersion: Int
        var svg: String
    }

    /// A presentation code for one purpose: online (a single-use reference) unless `mode` is `offline`.
    static func presentation(_ req: Request, credentialID: UUID, purposeID: String, mode: String) async throws -> PresentationDTO {
        let (_, residentID) = try await holder(req)
        let credentials = try await current(req, residentID: residentID)
        guard let credential = credentials.first(where: { $0.id == credentialID }) else {
            throw Problem(.notFound, slug: "certificate-not-found", zh: "未找到该证照，或它已更新", en: "No such certificate, or it was replaced")
        }
        guard let purpose = req.services.credentialPolicies.purposes[purposeID], purpose.types.contains(credential.type) else {
            throw Problem.validation([FieldProblem(field: "purpose", reasonZh: "该证照不能用于这个核验用途", reasonEn: "this certificate cannot be shown for that purpose")])
        }
        guard credential.status == .valid, !credential.isExpired(on: CivilDate.today()) else {
            throw Problem(.conflict, slug: "certificate-not-valid", zh: "证照已失效，不能出示", en: "The certificate is no longer valid and cannot be shown")
        }
        let now = Date()
        let payload: String
        let expires: Date
        switch mode {
        case "online":
            (payload, expires) = try await req.services.presentations.onlineReference(credential: credential, purpose: purpose, at: now, on: req.db)
        case "offline":
            payload = try await req.services.presentations.offlineToken(credential: credential, purpose: purpose, at: now, on: req.db)
            expires = now.addingTimeInterval(TimeInterval(PresentationService.offlineLifetime))
        default:
            throw Problem.validation([FieldProblem(field: "mode", reasonZh: "出示方式须为 online 或 offline", reasonEn: "mode must be online or offline")])
        }
        let code = try QRCode(encoding: payload)
        let label = req.language == .zh ? "\(credential.type.name.zh)出示码（\(purpose.name.zh)）" : "\(credential.type.name.en) code (\(purpose.name.en))"
        return PresentationDTO(mode: mode, purpose: purpose.id, payload: payload, expiresAt: expires, qrVersion: code.version, svg: code.svg(title: label))
    }

    func present(req: Request) async throws -> PresentationDTO {
        let id = try OfficerController.uuidParameter("credentialID", req)
        let body = try req.strictBody(PresentBody.self)
        return try await Self.presentation(req, credentialID: id, purposeID: body.purpose, mode: body.mode ?? "online")
    }

    /// The certificate as an SD-JWT VC bound to the wallet's key.
    func exportSDJWT(req: Request) async throws -> SDJWTExport.Response {
        let id = try OfficerController.uuidParameter("credentialID", req)
        let body = try req.strictBody(SDJWTExport.Body.self)
        let (_, residentID) = try await Self.holder(req)
        guard let credential = try await Self.current(req, residentID: residentID).first(where: { $0.id == id }), credential.status == .valid else {
            throw Problem(.notFound, slug: "certificate-not-found", zh: "未找到该证照，或它已更新", en: "No such certificate, or it was replaced")
        }
        return try await SDJWTExport.issue(credential, holderKey: body.holderKey, on: req)
    }

    struct CheckDTO: Content {
        var organisation: String
        var purpose: String
        var mode: String
        var outcome: String
        var type: String?
        var at: Date
    }

    func checks(req: Request) async throws -> [CheckDTO] {
        let (_, residentID) = try await Self.holder(req)
        return try await req.services.presentations.checks(holderID: residentID, on: req.db).map {
            CheckDTO(organisation: $0.organisation, purpose: $0.purpose, mode: $0.mode, outcome: $0.outcome, type: $0.type?.rawValue, at: $0.at)
        }
    }

    struct RenewalDTO: Content {
        var optedIn: Bool
        var productionOrders: [Order]
        var mailOrders: [Mail]

        struct Order: Content {
            var id: UUID
            var type: String
            var state: String
            var updatedAt: Date
        }

        struct Mail: Content {
            var carrier: String
            var trackingNumber: String
            var state: String
            var address: String
            var updatedAt: Date
        }
    }

    static func renewalState(_ req: Request, residentID: UUID) async throws -> RenewalDTO {
        let engine = RenewalEngine(cipher: req.services.cipher, policy: req.services.credentialPolicies.reminders)
        return RenewalDTO(
            optedIn: try await engine.optedIn(residentID: residentID, on: req.db),
            productionOrders: try await req.services.orders.productionOrders(residentID: residentID, on: req.db).map {
                .init(id: $0.id, type: $0.type.rawValue, state: $0.state.rawValue, updatedAt: $0.updatedAt)
            },
            mailOrders: try await req.services.orders.mailOrders(residentID: residentID, on: req.db).map {
                .init(carrier: $0.carrier, trackingNumber: $0.trackingNumber, state: $0.state.rawValue, address: Masking.address($0.address), updatedAt: $0.updatedAt)
            })
    }

    func renewal(req: Request) async throws -> RenewalDTO {
        let (_, residentID) = try await Self.holder(req)
        return try await Self.renewalState(req, residentID: residentID)
    }

    struct RenewalBody: StrictBody {
        static let fields: Set<String> = ["optIn"]
        var optIn: Bool
    }

    func setRenewal(req: Request) async throws -> RenewalDTO {
        let (account, residentID) = try await Self.holder(req)
        let body = try req.strictBody(RenewalBody.self)
        try await RenewalEngine(cipher: req.services.cipher, policy: req.services.credentialPolicies.reminders)
            .setOptIn(body.optIn, residentID: residentID, accountID: account.id, on: req.db)
        return try await Self.renewalState(req, residentID: residentID)
    }
}
