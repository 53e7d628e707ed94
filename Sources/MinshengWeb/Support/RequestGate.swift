import Vapor

/// Checks a request on its head, before the route collects its body: a declared `Content-Length` over the route's
/// limit is refused with 413, and the sender's per-address hourly count is taken (429 when spent). A route's middleware
/// runs before Vapor collects the body, so a refused request costs its head only; the server then drains the rest
/// without keeping it. A body without a declared length is still cut off at the route's limit as it is collected.
struct RequestGate: AsyncMiddleware {
    /// The largest body the route takes, in bytes.
    let maxBytes: Int
    /// The per-address count to take, if any.
    let throttle: (@Sendable (AppServices) -> AddressThrottle)?
    /// The refusal when the count is spent, given the seconds to wait.
    let refusal: @Sendable (Int) -> Problem

    init(maxBytes: ByteCount, throttle: (@Sendable (AppServices) -> AddressThrottle)? = nil,
         refusal: @escaping @Sendable (Int) -> Problem = RequestGate.tooMany) {
        self.maxBytes = maxBytes.value
        self.throttle = throttle
        self.refusal = refusal
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let declared = request.headers.first(name: .contentLength).flatMap({ Int($0) }), declared > maxBytes {
            throw Self.tooLarge(maxBytes)
        }
        if let throttle, let wait = await throttle(request.services).take(request.clientAddress) { throw refusal(wait) }
        return try await next.respond(to: request)
    }

    /// Registrations, per address an hour.
    static let registration = RequestGate(maxBytes: "64kb", throttle: { $0.registerThrottle }) { wait in
        Problem(.tooManyRequests, slug: "registration-rate", zh: "此网络注册账户过于频繁，请 \(wait / 60 + 1) 分钟后再试",
                en: "Too many accounts registered from this network; try again in \(wait / 60 + 1) minutes", retryAfter: wait)
    }

    static func tooLarge(_ limit: Int) -> Problem {
        let mib = limit >> 20
        return Problem(.payloadTooLarge, slug: "payload-too-large", zh: "提交的内容过大（上限 \(mib) MB）", en: "The request body is too large (limit \(mib) MB)")
    }

    /// The general refusal: too many requests from one address this hour.
    @Sendable static func tooMany(_ wait: Int) -> Problem {
        Problem(.tooManyRequests, slug: "rate-limited", zh: "来自同一地址的请求过于频繁，请 \(wait / 60 + 1) 分钟后再试",
                en: "Too many requests from this address; try again in \(wait / 60 + 1) minutes", retryAfter: wait)
    }
}
