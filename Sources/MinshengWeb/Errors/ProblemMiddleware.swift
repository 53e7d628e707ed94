import Leaf
import Vapor

/// Turns every error into RFC 9457 `application/problem+json` for the API, or an error page with the same status.
struct ProblemMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let problem = Problem.from(error)
            if problem.status >= 500 {
                request.logger.error("request failed", metadata: ["component": "http", "path": "\(request.url.path)", "error": "\(String(reflecting: type(of: error)))"])
                // The full error can carry request data: only at debug level, never in production logs by default.
                request.logger.debug("request failure detail", metadata: ["component": "http", "detail": "\(String(reflecting: error))"])
            }
            if request.wantsPage {
                return try await ErrorPage.render(problem, for: request)
            }
            return try Self.json(problem, for: request)
        }
    }

    static func json(_ problem: Problem, for request: Request) throws -> Response {
        let response = Response(status: problem.httpStatus)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        response.body = .init(data: try encoder.encode(problem))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])
        if let retry = problem.retryAfter { response.headers.replaceOrAdd(name: .retryAfter, value: String(retry)) }
        return response
    }
}

extension Request {
    /// Pages are everything outside `/api` and `/healthz`.
    var wantsPage: Bool {
        let path = url.path
        return !(path.hasPrefix("/api") || path == "/healthz" || path.hasPrefix("/.well-known"))
    }
}
