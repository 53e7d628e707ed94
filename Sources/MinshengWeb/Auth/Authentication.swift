import MinshengCore
import MinshengStore
import Vapor

/// Cookie names; citizens and officers keep separate sessions.
enum SessionCookie {
    static let citizen = "minsheng_session"
    static let officer = "minsheng_officer"
    static let csrf = "minsheng_csrf"
    static let language = "minsheng_lang"
}

extension Request {
    private struct CitizenKey: StorageKey { typealias Value = CitizenAccount }
    private struct OfficerKey: StorageKey { typealias Value = Officer }

    /// The session token from `Authorization: Bearer` (API) or the given cookie (pages).
    func sessionToken(cookie name: String) -> String? {
        if let bearer = headers.bearerAuthorization?.token, !bearer.isEmpty { return bearer }
        if !wantsPage { return nil }
        return cookies[name]?.string
    }

    /// The signed-in citizen, or nil.
    func currentCitizen() async throws -> CitizenAccount? {
        if let cached = storage[CitizenKey.self] { return cached }
        guard let token = sessionToken(cookie: SessionCookie.citizen),
              case .citizen(let id)? = try await services.sessions.subject(token: token, on: db),
              let account = try await services.accounts.account(id: id, on: db) else { return nil }
        storage[CitizenKey.self] = account
        return account
    }

    /// The signed-in citizen, or a 401 problem.
    func requireCitizen(level: AssuranceLevel = .l1) async throws -> CitizenAccount {
        guard let account = try await currentCitizen() else { throw Problem.unauthorized }
        guard account.level >= level else { throw Problem.levelRequired(level.code) }
        return account
    }

    /// The signed-in officer, or nil.
    func currentOfficer() async throws -> Officer? {
        if let cached = storage[OfficerKey.self] { return cached }
        guard let token = sessionToken(cookie: SessionCookie.officer),
              case .officer(let id)? = try await services.sessions.subject(token: token, on: db),
              let officer = try await services.officers.officer(id: id, on: db), officer.active else { return nil }
        storage[OfficerKey.self] = officer
        return officer
    }

    /// The signed-in officer holding one of `roles` (any role when empty), or a 401/403 problem.
    func requireOfficer(anyOf roles: Set<OfficerRole> = []) async throws -> Officer {
        guard let officer = try await currentOfficer() else { throw Problem.unauthorized }
        if !roles.isEmpty, officer.roles.isDisjoint(with: roles), !officer.roles.contains(.admin) { throw Problem.forbidden }
        return officer
    }

    /// The client's address as the one key every per-address throttle uses: the direct peer, or behind a proxy listed in
    /// `MINSHENG_TRUSTED_PROXIES` the rightmost untrusted hop of `X-Forwarded-For`; an IPv6 client by its /64.
    var clientAddress: String {
        let address = services.config.trustedProxies.clientAddress(peer: remoteAddress?.ipAddress, forwardedFor: headers[.xForwardedFor]) ?? "unknown"
        return TrustedProxies.throttleKey(address)
    }
}
