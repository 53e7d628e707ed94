import MinshengCore
import Vapor

/// Authenticates a request on its head, before its route collects the body. Vapor collects a route's body in the
/// route's responder, after the middleware, so a route that takes a large body (face frames, a material upload, a
/// verifier's photo) and checked its sender only in the handler would buffer megabytes for anyone. Behind this
/// middleware an anonymous sender gets the same 401/403 problem the handler would give, having sent its head only.
/// The handler checks again; the account or organisation is kept on the request, so that costs no second query.
struct HeadAuthentication: AsyncMiddleware {
    enum Sender: Sendable {
        /// A signed-in citizen (bearer token, or the session cookie on pages) at this level or above.
        case citizen(AssuranceLevel)
        /// A registered verifier organisation's API key (the hourly count is taken here, once).
        case verifier
    }

    let sender: Sender

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        switch sender {
        case .citizen(let level): _ = try await request.requireCitizen(level: level)
        case .verifier: _ = try await VerificationController.organisation(request)
        }
        return try await next.respond(to: request)
    }
}

extension RoutesBuilder {
    /// Routes taking bodies of up to `limit` from `sender`, both checked on the head in that order: the declared length
    /// (413, see `RequestGate`), then who sends it (401/403). Page routes put their CSRF check between the two.
    func upload(limit: ByteCount, from sender: HeadAuthentication.Sender, csrfHeader: Bool = false) -> any RoutesBuilder {
        let gate = grouped(RequestGate(maxBytes: limit))
        return (csrfHeader ? gate.grouped(CSRFHeader()) : gate).grouped(HeadAuthentication(sender: sender))
    }
}
