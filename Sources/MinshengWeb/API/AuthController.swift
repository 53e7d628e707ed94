import MinshengStore
import Vapor

/// `/api/v1/auth`: citizen registration and sign-in; `/api/v1/officer/auth`: officer sign-in.
struct AuthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let auth = routes.grouped("api", "v1", "auth")
        auth.grouped(RequestGate.registration).post("register", use: register)
        auth.post("login", use: login)
        auth.post("logout", use: logout)
        routes.grouped("api", "v1", "officer", "auth").post("login", use: officerLogin)
    }

    func register(req: Request) async throws -> Response {
        let body = try req.strictBody(PhonePasswordBody.self)
        let account = try await CitizenFlows.register(phone: body.phone, password: body.password, on: req)
        return try await AccountDTO(account).encodeResponse(status: .created, for: req)
    }

    func login(req: Request) async throws -> TokenDTO {
        let body = try req.strictBody(PhonePasswordBody.self)
        let (_, token, expiresAt) = try await CitizenFlows.signIn(phone: body.phone, password: body.password, channel: "api", on: req)
        return TokenDTO(token: token, expiresAt: expiresAt)
    }

    func logout(req: Request) async throws -> HTTPStatus {
        guard let token = req.headers.bearerAuthorization?.token else { throw Problem.unauthorized }
        try await req.services.sessions.end(token: token, on: req.db)
        return .noContent
    }

    func officerLogin(req: Request) async throws -> TokenDTO {
        let body = try req.strictBody(OfficerLoginBody.self)
        let (_, token, expiresAt) = try await CitizenFlows.signInOfficer(policeNumber: body.policeNumber, password: body.password, channel: "api", on: req)
        return TokenDTO(token: token, expiresAt: expiresAt)
    }
}
