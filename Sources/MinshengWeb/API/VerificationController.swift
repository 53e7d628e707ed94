import Fluent
import MinshengCore
import MinshengCredentials
import MinshengFace
import MinshengQR
import MinshengStore
import Vapor

/// The verifier side: the published keys and status lists anyone may fetch (offline verifiers cache them), and
/// `POST /api/v1/verifications` for registered organisations (API key, rate-limited).
struct VerificationController: RouteCollection {
    /// The body limit for a verification: a photo of a code, in base64.
    static let bodyLimit: ByteCount = "8mb"

    func boot(routes: any RoutesBuilder) throws {
        routes.get(".well-known", "minsheng", "keys.json", use: keys)
        routes.get("api", "v1", "status-lists", ":list", use: statusList)
        routes.upload(limit: Self.bodyLimit, from: .verifier).on(.POST, "api", "v1", "verifications", body: .collect(maxSize: Self.bodyLimit), use: verify)
    }

    func keys(req: Request) async throws -> Response {
        // Make sure there is a key to publish before anyone asks for a certificate.
        _ = try await req.services.issuerKeys.signingKey(on: req.db)
        let response = try jsonResponse(try await req.services.issuerKeys.publicKeySet(on: req.db))
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
        response.headers.contentType = HTTPMediaType(type: "application", subType: "jwk-set+json")
        return response
    }

    /// The status list token (`application/statuslist+jwt`), signed with the current key, valid a day.
    func statusList(req: Request) async throws -> Response {
        guard let number = req.parameters.get("list", as: Int.self), number >= 0,
              let list = try await req.services.credentials.statusList(number, on: req.db) else {
            throw Problem(.notFound, slug: "status-list-not-found", zh: "没有这个状态列表", en: "No such status list")
        }
        let key = try await req.services.issuerKeys.signingKey(on: req.db)
        let uri = "\(req.services.config.publicBaseURL)/api/v1/status-lists/\(number)"
        let token = try list.token(uri: uri, issuedAt: Int(Date().timeIntervalSince1970), ttl: 86_400, key: key)
        let response = Response(status: .ok, body: .init(string: token))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "statuslist+jwt")
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=60")
        return response
    }

    struct VerifyBody: StrictBody {
        static let fields: Set<String> = ["payload", "image", "sdJwt", "audience", "nonce"]
        /// The QR's text.
        var payload: String?
        /// Or a photo of it: base64 JPEG or PNG.
        var image: String?
        /// Or an SD-JWT presentation from a wallet, with the key-binding JWT made for this organisation's audience
        /// (`urn:minsheng:verifier:<id>`; `audience`, when sent, must be it) and the verifier's fresh `nonce` (required).
        var sdJwt: String?
        var audience: String?
        var nonce: String?
    }

    struct AnswerDTO: Content {
        var valid: Bool
        var reason: String?
        var message: String?
        var messageEn: String?
        var type: String?
        var typeName: String?
        var purpose: String
        var mode: String
        var claims: [ClaimDTO]
        /// base64 JPEG/PNG of the registry photo (online checks for purposes that show it).
        var photo: String?
        var photoDigest: String?
        var checkedAt: Date
    }

    struct ClaimDTO: Content {
        var claim: String
        var label: String
        var labelEn: String
        var value: String
    }

    static func dto(_ answer: VerificationAnswer) -> AnswerDTO {
        AnswerDTO(valid: answer.valid, reason: answer.failure?.rawValue, message: answer.failure?.message.zh, messageEn: answer.failure?.message.en,
                  type: answer.type?.rawValue, typeName: answer.type?.name.zh, purpose: answer.purpose, mode: answer.mode,
                  claims: answer.claims.map { ClaimDTO(claim: $0.0.rawValue, label: $0.0.label.zh, labelEn: $0.0.label.en, value: $0.1) },
                  photo: answer.photo?.base64EncodedString(), photoDigest: answer.photoDigest?.hexString, checkedAt: answer.checkedAt)
    }

    /// The organisation behind the request's API key (`Authorization: Bearer msv_…` or `X-API-Key`), rate-limited.
    /// With no `provided` key the organisation is kept on the request, so the head's check and the handler's take one count.
    static func organisation(_ req: Request, key provided: String? = nil) async throws -> VerifierOrg {
        if provided == nil, let known = req.storage[VerifierKey.self] { return known }
        let key = provided ?? req.headers.bearerAuthorization?.token ?? req.headers.first(name: "X-API-Key") ?? ""
        guard let org = try await req.services.verifiers.organisation(apiKey: key.trimmingCharacters(in: .whitespaces), on: req.db) else {
            throw Problem(.unauthorized, slug: "verifier-unauthorized", zh: "核验单位的 API 密钥无效或已停用", en: "The verifier API key is not valid or was disabled")
        }
        if let wait = await req.services.verifierLimiter.take(org.id) {
            throw Problem(.tooManyRequests, slug: "rate-limited", zh: "核验请求过于频繁，请稍后再试", en: "Too many verification requests; try again shortly", retryAfter: wait)
        }
        if provided == nil { req.storage[VerifierKey.self] = org }
        return org
    }

    private struct VerifierKey: StorageKey { typealias Value = VerifierOrg }

    /// Decides a presented text: an online reference is exchanged, an offline token checked with the live status.
    static func decide(_ text: String, organisation: VerifierOrg, on req: Request) async throws -> VerificationAnswer {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let services = req.services
        if trimmed.hasPrefix(PresentationService.referencePrefix) {
            return try await services.presentations.exchange(reference: trimmed, organisation: organisation, purposes: services.credentialPolicies.purposes, on: req.db)
        }
        return try await services.presentations.verifyOffline(token: trimmed, organisation: organisation, purposes: services.credentialPolicies.purposes, on: req.db)
    }

    /// A wallet's SD-JWT presentation: the issuer's signature against the published keys, the disclosures, the key
    /// binding to this organisation's audience and the verifier's nonce (always, for our certificates are bound to the
    /// wallet's key), the certificate's status bit; the claims disclosed that the organisation's purposes allow.
    /// Logged for the holder like any check. Without a nonce, or with another organisation's audience, a problem.
    static func decideSDJWT(_ presentation: String, audience: String?, nonce: String?, organisation: VerifierOrg, on req: Request) async throws -> VerificationAnswer {
        guard let nonce, !nonce.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw Problem(.unprocessableEntity, slug: "sd-jwt-nonce-required", zh: "核验 SD-JWT 须提供本次核验的随机数（nonce），持有人的密钥绑定须针对它签出",
                          en: "Verifying an SD-JWT needs this check's nonce, which the holder's key binding must be signed for",
                          errors: [FieldProblem(field: "nonce", reasonZh: "必填：每次核验生成新的随机数交给持有人钱包", reasonEn: "required: a fresh random value per check, given to the holder's wallet")])
        }
        if let audience, audience != organisation.audience {
            throw Problem(.unprocessableEntity, slug: "sd-jwt-audience", zh: "密钥绑定的受众（aud）须为本核验单位：\(organisation.audience)",
                          en: "The key binding's audience (aud) must be this organisation: \(organisation.audience)",
                          errors: [FieldProblem(field: "audience", reasonZh: "须为 \(organisation.audience) 或不填", reasonEn: "must be \(organisation.audience), or left out")])
        }
        let services = req.services
        let now = Date()
        guard presentation.utf8.count <= 64 * 1024 else { return .refused(.malformed, purpose: "", mode: "sd-jwt", at: now) }
        let keys = try await services.issuerKeys.publicKeySet(on: req.db).byID()
        let verified: SDJWT.Verified
        do {
            verified = try await SDJWT.verify(presentation, issuerKeys: keys, audience: organisation.audience, nonce: nonce, now: now)
        } catch {
            let failure: VerificationFailure = switch error {
            case .badSignature: .badSignature
            case .unknownKey: .unknownKey
            case .retiredKey: .keyRetired
            case .expired: .expired
            case .keyBindingMissing, .keyBindingInvalid, .challengeMissing: .keyBinding
            default: .malformed
            }
            return .refused(failure, purpose: "", mode: "sd-jwt", at: now)
        }
        let vct = verified.claims["vct"]?.string ?? ""
        let type = CredentialType(rawValue: String(vct.dropFirst("urn:minsheng:credential:".count)))
        guard let status = verified.claims["status"]?["status_list"], let index = status["idx"]?.number, let uri = status["uri"]?.string,
              let list = Int(uri.split(separator: "/").last ?? ""), let row = try await CredentialRow.query(on: req.db)
                .filter(\.$statusList == list).filter(\.$statusIndex == Int(index)).first() else {
            return .refused(.statusUnknown, purpose: "", mode: "sd-jwt", at: now)
        }
        let purposes = organisation.purposes.compactMap { services.credentialPolicies.purposes[$0] }.filter { type.map($0.types.contains) ?? false }
        let log = VerificationRow()
        log.credentialID = row.id
        log.holderID = row.holderID
        log.orgID = organisation.id
        log.orgName = organisation.name
        log.purpose = purposes.first?.id ?? "?"
        log.mode = "sd-jwt"
        let outcome: VerificationFailure? = purposes.isEmpty ? .wrongPurpose : row.status == "valid" ? nil : (VerificationFailure(rawValue: row.status) ?? .revoked)
        log.outcome = outcome?.rawValue ?? "valid"
        log.at = now
        try await log.create(on: req.db)
        if let outcome { return .refused(outcome, purpose: purposes.first?.id ?? "", mode: "sd-jwt", at: now) }
        let allowed = Set(purposes.flatMap(\.claims))
        let claims = CredentialClaim.allCases.filter { allowed.contains($0) }.compactMap { c in verified.claims[c.rawValue]?.string.map { (c, $0) } }
        return VerificationAnswer(valid: true, failure: nil, type: type, purpose: purposes[0].id, claims: claims, photo: nil,
                                  photoDigest: verified.claims["photo_sha256"]?.string.flatMap { Data(hexString: $0) }, mode: "sd-jwt", checkedAt: now)
    }

    /// The QR text from a photo, or a page/API problem saying why none was read.
    static func readImage(_ bytes: Data) throws -> String {
        do {
            let texts = try QRReader.read(image: bytes)
            return texts.first { $0.hasPrefix("MS") } ?? texts[0]
        } catch QRReader.Failure.notAnImage {
            throw Problem.validation([FieldProblem(field: "image", reasonZh: "图片须为 JPEG 或 PNG", reasonEn: "the image must be a JPEG or PNG")])
        } catch QRReader.Failure.tooLarge {
            throw Problem.validation([FieldProblem(field: "image", reasonZh: "图片尺寸过大：每边最多 \(FaceImage.maxSide) 像素、共 \(FaceImage.maxPixels / 1_000_000) 百万像素",
                                                   reasonEn: "the picture is too large: at most \(FaceImage.maxSide) pixels a side and \(FaceImage.maxPixels / 1_000_000) megapixels")])
        } catch {
            throw Problem.validation([FieldProblem(field: "image", reasonZh: "图片中没有识别到二维码，请对准后重拍", reasonEn: "no QR code was found in the picture; take it again, closer")])
        }
    }

    func verify(req: Request) async throws -> AnswerDTO {
        let organisation = try await Self.organisation(req)
        let body = try req.strictBody(VerifyBody.self, maxBytes: 8 << 20)
        if let presentation = body.sdJwt, !presentation.isEmpty {
            return Self.dto(try await Self.decideSDJWT(presentation, audience: body.audience, nonce: body.nonce, organisation: organisation, on: req))
        }
        let text: String
        if let payload = body.payload, !payload.isEmpty {
            guard payload.utf8.count <= 2048 else {
                throw Problem.validation([FieldProblem(field: "payload", reasonZh: "内容过长，不是出示码", reasonEn: "too long to be a presentation code")])
            }
            text = payload
        } else if let image = body.image, let bytes = Data(base64Encoded: image, options: .ignoreUnknownCharacters) {
            text = try Self.readImage(bytes)
        } else {
            throw Problem.validation([FieldProblem(field: "payload", reasonZh: "请提供二维码内容或照片", reasonEn: "send the code's text or a photo of it")])
        }
        return Self.dto(try await Self.decide(text, organisation: organisation, on: req))
    }
}
