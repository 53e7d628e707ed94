import Fluent
import Leaf
import MinshengStore
import Vapor

/// Builds the whole web application from a configuration: used by `minsheng serve` and by every test.
public func buildApplication(_ config: Config, environment: Environment = .production) async throws -> Application {
    let app = try await Application.make(environment)
    do {
        try configure(app, config)
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    return app
}

func configure(_ app: Application, _ config: Config) throws {
    // Never trace: at trace the HTTP server logs each request's head, and with it an anonymous informant's address and device.
    app.logger.logLevel = max(config.logLevel, .debug)
    app.http.server.configuration.hostname = config.hostname
    app.http.server.configuration.port = config.port
    app.routes.defaultMaxBodySize = "1mb"

    app.databases.use(try config.database.configuration(), as: .main)
    // The audit chain's key is the process's: every append and the keying migration need it.
    if let key = config.auditKey { try AuditKey.install(base64: key) }
    app.migrations.add(StoreMigrations.all, to: .main)

    app.services = try AppServices(config: config)

    app.directory.viewsDirectory = "\(config.resourcesDirectory)/Views/"
    app.directory.publicDirectory = "\(config.resourcesDirectory)/Public/"
    app.views.use(.leaf)
    app.leaf.cache.isEnabled = app.environment.isRelease

    app.middleware = Middlewares()
    app.middleware.use(RouteLoggingMiddleware(logLevel: .info))
    app.middleware.use(ProblemMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(FileMiddleware(publicDirectory: "\(config.resourcesDirectory)/Public/", defaultFile: nil))

    try app.register(collection: HealthController())
    try app.register(collection: AuthController())
    try app.register(collection: MeController())
    try app.register(collection: OfficerController())
    try app.register(collection: CatalogController())
    try app.register(collection: ServicePages())
    try app.register(collection: ApplicationController())
    try app.register(collection: MaterialController())
    try app.register(collection: AppointmentController())
    try app.register(collection: FaceController())
    try app.register(collection: CertificateController())
    try app.register(collection: VerificationController())
    try app.register(collection: NotificationSettingsController())
    try app.register(collection: PointsController())
    // Crime reports only with the informant key (AppServices refuses to start without it while they are on).
    if config.tipsEnabled { try app.register(collection: TipController()) }
    try app.register(collection: ApplicationPages())
    try app.register(collection: MaterialPages())
    try app.register(collection: AppointmentPages())
    try app.register(collection: FacePages())
    try app.register(collection: CertificatePages())
    try app.register(collection: CertificatePrintPages())
    try app.register(collection: CertificateCheckController())
    try app.register(collection: CaseController())
    try app.register(collection: CasePages())
    try app.register(collection: NotificationPages())
    try app.register(collection: PointsPages())
    if config.tipsEnabled { try app.register(collection: TipPages()) }
    try app.register(collection: StatisticsPages())
    try app.register(collection: CitizenPages())
    try app.register(collection: OfficerPages())
}

/// Conservative headers on every response: no sniffing, no framing, a strict referrer policy and CSP.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        if request.wantsPage {
            response.headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'self'; img-src 'self' data:; style-src 'self'; form-action 'self'; frame-ancestors 'none'")
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}
