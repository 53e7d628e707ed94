import FluentSQL
import Vapor

/// `/healthz` and the OpenAPI document.
struct HealthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz", use: health)
        routes.get("api", "openapi.json", use: openAPI)
    }

    struct Health: Content {
        var status: String
        var database: String
    }

    func health(req: Request) async throws -> Response {
        let ok: Bool
        do {
            _ = try await (req.db as! any SQLDatabase).raw("SELECT 1 AS one").all()
            ok = true
        } catch {
            ok = false
        }
        return try await Health(status: ok ? "ok" : "degraded", database: ok ? "ok" : "unreachable")
            .encodeResponse(status: ok ? .ok : .serviceUnavailable, for: req)
    }

    func openAPI(req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(data: req.services.openAPIDocument))
        response.headers.contentType = .json
        return response
    }
}
