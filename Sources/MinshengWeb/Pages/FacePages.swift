import MinshengCore
import Vapor

/// 实人认证: the camera page. It drives the same challenge and decision as the API, through page routes that take the
/// session cookie and a CSRF header instead of a bearer token.
struct FacePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("me", "face", use: page)
        let api = FaceController()
        routes.grouped(CSRFHeader()).post("me", "face", "challenges", use: api.issue)
        routes.upload(limit: FaceController.bodyLimit, from: .citizen(.l2), csrfHeader: true)
            .on(.POST, "me", "face", "challenges", ":challengeID", "frames", body: .collect(maxSize: FaceController.bodyLimit), use: { try await api.answer(req: $0) })
    }

    struct Body: Encodable, Sendable {
        var level: String
        var available: Bool
        var back: String?
    }

    func page(req: Request) async throws -> Response {
        let account = try await req.requireCitizen(level: .l2)
        let back = req.query[String.self, at: "back"].flatMap { $0.hasPrefix("/services/") ? $0 : nil }
        return try await req.page("face", titleKey: "face_title", body: Body(level: account.level.code, available: req.services.faces.modelsPresent, back: back))
    }
}

/// Script requests from pages carry the CSRF token in `X-CSRF-Token`, matched against the cookie.
struct CSRFHeader: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let cookie = request.cookies[SessionCookie.csrf]?.string, !cookie.isEmpty,
              let sent = request.headers.first(name: "X-CSRF-Token"), Array(sent.utf8) == Array(cookie.utf8) else { throw Problem.csrf }
        return try await next.respond(to: request)
    }
}
