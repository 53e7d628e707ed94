import MinshengCatalog
import MinshengCore
import MinshengFace
import MinshengMessaging
import MinshengStore
import Vapor

/// The repositories and settings every handler uses, built once from `Config`.
struct AppServices: Sendable {
    let config: Config
    let cipher: FieldCipher
    let registry: RegistryRepository
    let accounts: AccountRepository
    let officers: OfficerRepository
    let sessions: SessionRepository
    let throttle: LoginThrottle
    /// Failed identity links: 5 an hour per account (then locked until an officer clears it) and per address (an hour).
    let identityAccountThrottle: LoginThrottle
    let identityAddressThrottle: LoginThrottle
    /// A bcrypt hash of a random password at the configured cost: signing in with an unknown phone or police number
    /// checks against it, so it costs what a known one does.
    let dummyPasswordHash: String
    let passwordChecks: PasswordCheckCounter
    /// Confirmation codes sent to one e-mail address or openid: 5 an hour.
    let codeThrottle: LoginThrottle
    let openAPIDocument: Data
    let catalog: ServiceCatalog
    let agency: AgencyRecords
    let vault: MaterialVault
    let appointments: AppointmentRepository
    let faces: FaceEnginePool
    let faceRecords: FaceRepository
    let credentialPolicies: CredentialPolicies
    let credentials: CredentialRepository
    let presentations: PresentationService
    let issuerKeys: IssuerKeyStore
    let verifiers: VerifierDirectory
    let verifierLimiter: RateLimiter
    let orders: OrderDesk
    /// The external notification channels: SMS and WeChat through the local outbox fakes, e-mail when an SMTP relay is set.
    let messageGateways: [any MessageGateway]
    let notificationSettings: NotificationSettings
    let pointsPolicies: PointsPolicies
    let points: PointsDesk
    let tipCategories: TipCategoryCatalog
    /// The no-criminal-record certificate's wording and longer time limit (Resources/certificate/no-criminal-record.yaml).
    let noCriminalRecord: NoCriminalRecordPolicy
    /// A case's stages and what parties are told of each (Resources/cases/stages.yaml).
    let caseStages: CaseStages
    /// Case look-ups per address an hour (counted under an hourly salt, nothing stored).
    let caseThrottle: AddressThrottle
    /// The informant-protection key's cipher; nil when none is configured (anonymous reports only).
    let informantCipher: FieldCipher?
    let tipThrottle: AddressThrottle
    /// Follow-ups, answers and claims by tip code per address an hour (each costs a bcrypt).
    let tipFollowThrottle: AddressThrottle
    /// Registrations per address an hour.
    let registerThrottle: AddressThrottle
    /// Large uploads anyone may send (the verifier page, the points list check) per address an hour.
    let publicUploadThrottle: AddressThrottle

    init(config: Config) throws {
        self.config = config
        cipher = try FieldCipher(base64Key: config.dataKey)
        registry = RegistryRepository(cipher: cipher)
        accounts = AccountRepository(cipher: cipher)
        officers = OfficerRepository()
        sessions = SessionRepository()
        throttle = LoginThrottle(cipher: cipher)
        identityAccountThrottle = LoginThrottle(cipher: cipher, limit: 5, window: 3600, lockout: 365 * 24 * 3600)
        identityAddressThrottle = LoginThrottle(cipher: cipher, limit: 5, window: 3600, lockout: 3600)
        dummyPasswordHash = try Bcrypt.hash(UUID().uuidString, cost: config.bcryptCost)
        passwordChecks = PasswordCheckCounter()
        codeThrottle = LoginThrottle(cipher: cipher, limit: 5, window: 3600, lockout: 3600)
        openAPIDocument = try Data(contentsOf: URL(fileURLWithPath: "\(config.resourcesDirectory)/openapi.json"))
        // A broken catalog stops the server with every problem listed (file:line: reason).
        catalog = try CatalogLoader.load(directory: "\(config.resourcesDirectory)/catalog").get()
        agency = AgencyRecords()
        caseStages = try CatalogLoader.loadCaseStages(directory: "\(config.resourcesDirectory)/cases").get()
        noCriminalRecord = try CatalogLoader.loadNoCriminalRecordPolicy(directory: "\(config.resourcesDirectory)/certificate", catalog: catalog).get()
        vault = MaterialVault(cipher: cipher, directory: config.materialsDirectory,
                              quota: .init(bytes: config.limits.materialsQuotaBytes, files: config.limits.materialsQuotaFiles))
        faces = FaceEnginePool(modelsDirectory: config.modelsDirectory)
        faceRecords = FaceRepository(cipher: cipher)
        // Purposes and reminder windows: a broken file stops the server like a broken catalog.
        credentialPolicies = try CatalogLoader.loadCredentialPolicies(directory: "\(config.resourcesDirectory)/credentials").get()
        credentials = CredentialRepository(cipher: cipher)
        // The points policies (Resources/points/YEAR.yaml): a broken file stops the server like a broken catalog.
        pointsPolicies = try CatalogLoader.loadPointsPolicies(directory: "\(config.resourcesDirectory)/points").get()
        points = PointsDesk(cipher: cipher, policies: pointsPolicies)
        // The crime-report categories (Resources/tips/categories.yaml): a broken file stops the server like a broken catalog.
        tipCategories = try CatalogLoader.loadTipCategories(directory: "\(config.resourcesDirectory)/tips").get()
        tipThrottle = AddressThrottle(perHour: config.tipRatePerHour)
        caseThrottle = AddressThrottle(perHour: 60)
        // Crime reports without the informant key would seal evidence originals and informants under the data key.
        if config.tipsEnabled, config.informantKey == nil { throw ConfigError(problems: [Config.informantKeyRequired]) }
        informantCipher = try config.informantKey.map { try FieldCipher(base64Key: $0) }
        tipFollowThrottle = AddressThrottle(perHour: config.limits.tipFollowsPerHour)
        registerThrottle = AddressThrottle(perHour: config.limits.registrationsPerHour)
        publicUploadThrottle = AddressThrottle(perHour: config.limits.publicUploadsPerHour)
        presentations = PresentationService(cipher: cipher)
        issuerKeys = IssuerKeyStore(cipher: cipher)
        verifiers = VerifierDirectory()
        verifierLimiter = RateLimiter(ratePerSecond: config.verifierRate, burst: max(10, config.verifierRate * 2))
        orders = OrderDesk(cipher: cipher)
        notificationSettings = NotificationSettings(cipher: cipher)
        let outbox = OutboxFileTransport(directory: config.outboxDirectory)
        var gateways: [any MessageGateway] = [SMSTemplateGateway(transport: outbox), WeChatTemplateGateway(baseURL: config.publicBaseURL, transport: outbox)]
        if let url = config.smtpURL, let mailer = SMTPMailer(url: url, from: config.mailFrom, baseURL: config.publicBaseURL) { gateways.append(mailer) }
        messageGateways = gateways
        appointments = AppointmentRepository(policy: try CatalogLoader.loadAppointmentPolicy(directory: "\(config.resourcesDirectory)/catalog").get())
    }
}

extension Application {
    /// The points policies and the service catalog the application loaded (for jobs and tests).
    public var pointsPolicies: PointsPolicies { services.pointsPolicies }
    public var serviceCatalog: ServiceCatalog { services.catalog }
    /// The case stages and the no-criminal-record policy the application loaded (for tests and jobs).
    public var caseStages: CaseStages { services.caseStages }
    public var noCriminalRecordPolicy: NoCriminalRecordPolicy { services.noCriminalRecord }

    private struct ServicesKey: StorageKey { typealias Value = AppServices }

    var services: AppServices {
        get {
            guard let services = storage[ServicesKey.self] else { fatalError("buildApplication sets the services before any route runs") }
            return services
        }
        set { storage[ServicesKey.self] = newValue }
    }
}

extension Request {
    var services: AppServices { application.services }
}

/// A JSON response for a Core value that is Codable but not Vapor `Content`.
func jsonResponse(_ value: some Encodable, status: HTTPResponseStatus = .ok) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let response = Response(status: status, body: .init(data: try encoder.encode(value)))
    response.headers.contentType = .json
    return response
}
