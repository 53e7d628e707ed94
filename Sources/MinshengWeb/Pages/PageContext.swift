import Crypto
import MinshengCore
import Vapor

/// What every page template receives: the language's text, the signed-in person, the CSRF token, messages, and the page's own data.
struct PageContext<Body: Encodable & Sendable>: Encodable, Sendable {
    var t: [String: String]
    var lang: String
    var otherLang: String
    var title: String
    var csrf: String
    var path: String
    var citizen: CitizenNav?
    var officer: OfficerNav?
    var notice: String?
    var errors: [FieldErrorView]
    var body: Body
}

struct CitizenNav: Encodable, Sendable {
    var phone: String
    var level: String
}

struct OfficerNav: Encodable, Sendable {
    var policeNumber: String
    var name: String
    var unit: String
}

struct FieldErrorView: Encodable, Sendable {
    var field: String
    var message: String
}

struct Empty: Encodable, Sendable {}

extension Request {
    var language: Language {
        if let query = query[String.self, at: "lang"], let lang = Language(rawValue: query) { return lang }
        if let cookie = cookies[SessionCookie.language]?.string, let lang = Language(rawValue: cookie) { return lang }
        return .zh
    }

    /// The CSRF token for forms: a random value kept in a SameSite=Strict cookie and echoed in a hidden field.
    var csrfToken: String {
        if let existing = cookies[SessionCookie.csrf]?.string, existing.count == 43 { return existing }
        if let minted = storage[CSRFKey.self] { return minted }
        let minted = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        storage[CSRFKey.self] = minted
        return minted
    }

    private struct CSRFKey: StorageKey { typealias Value = String }

    /// Refuses a form post whose hidden token does not match the cookie.
    func checkCSRF() throws {
        let sent = try? content.get(String.self, at: "_csrf")
        guard let cookie = cookies[SessionCookie.csrf]?.string, let sent, !cookie.isEmpty,
              cookie.utf8.count == sent.utf8.count, Array(cookie.utf8) == Array(sent.utf8) else { throw Problem.csrf }
    }

    /// Renders a page with the common context, setting the language and CSRF cookies.
    func page<Body: Encodable & Sendable>(_ template: String, titleKey: String, body: Body, notice: String? = nil,
                                          errors: [FieldProblem] = [], status: HTTPResponseStatus = .ok) async throws -> Response {
        let lang = language
        let strings = lang.strings()
        let citizen = try? await currentCitizen()
        let officer = try? await currentOfficer()
        let context = PageContext(
            t: strings, lang: lang.htmlLang, otherLang: lang.other.rawValue, title: strings[titleKey] ?? titleKey, csrf: csrfToken,
            path: url.path,
            citizen: citizen.map { CitizenNav(phone: $0.phone.masked, level: $0.level.code) },
            officer: officer.map { OfficerNav(policeNumber: $0.policeNumber, name: $0.name, unit: lang == .zh ? $0.unit.nameZh : $0.unit.nameEn) },
            notice: notice,
            errors: errors.map { FieldErrorView(field: $0.field, message: lang == .zh ? $0.reasonZh : $0.reasonEn) },
            body: body
        )
        let response = try await view.render(template, context).encodeResponse(status: status, for: self)
        let secure = services.config.secureCookies
        if cookies[SessionCookie.csrf]?.string != csrfToken {
            response.cookies[SessionCookie.csrf] = HTTPCookies.Value(string: csrfToken, maxAge: 86400, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .strict)
        }
        if let query = query[String.self, at: "lang"], Language(rawValue: query) != nil {
            response.cookies[SessionCookie.language] = HTTPCookies.Value(string: query, maxAge: 365 * 86400, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }

    /// A session cookie: Secure (configurable for plain-HTTP development), HttpOnly, SameSite=Lax.
    func sessionCookie(_ token: String, expires: Date) -> HTTPCookies.Value {
        HTTPCookies.Value(string: token, expires: expires, path: "/", isSecure: services.config.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }
}

enum ErrorPage {
    struct Body: Encodable, Sendable {
        var status: Int
        var message: String
    }

    static func render(_ problem: Problem, for request: Request) async throws -> Response {
        let message = request.language == .zh ? problem.titleZh : problem.title
        if problem.status == 401 {
            let target = request.url.path.hasPrefix("/officer") ? "/officer/login" : "/login"
            return request.redirect(to: target)
        }
        return try await request.page("error", titleKey: "error_title", body: Body(status: problem.status, message: message),
                                      status: problem.httpStatus)
    }
}
