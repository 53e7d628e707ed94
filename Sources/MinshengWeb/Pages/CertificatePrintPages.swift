import MinshengCore
import MinshengQR
import MinshengStore
import Vapor

/// The no-criminal-record certificate on paper and in public: the holder's printable A4 page (a print stylesheet, with
/// a QR code and the verification code) and the page where anyone — an employer, an embassy — checks a code.
struct CertificatePrintPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("me", "certificates", ":credentialID", "print", use: print)
        routes.get("verify", "certificate", use: check)
    }

    struct PrintBody: Encodable, Sendable {
        var title: String
        var number: String
        var name: String
        var idNumber: String
        var statement: String
        var purpose: String
        var restriction: String
        var issuer: String
        var issuedOn: String
        var expiresOn: String
        var code: String
        var link: String
        var svg: String
        var valid: Bool
        var status: String
    }

    /// The holder's own certificate, in full, to print.
    func print(req: Request) async throws -> Response {
        let (_, residentID) = try await CertificateController.holder(req)
        let id = try OfficerController.uuidParameter("credentialID", req)
        let desk = NoCriminalRecordDesk(cipher: req.services.cipher, policy: req.services.noCriminalRecord)
        guard let credential = try await req.services.credentials.credential(id: id, on: req.db), credential.holderResidentID == residentID,
              credential.type == .noCriminalRecord, let code = try await desk.code(credentialID: id, on: req.db),
              let resident = try await req.services.registry.resident(id: residentID, on: req.db) else {
            throw Problem(.notFound, slug: "certificate-not-found", zh: "未找到该证明", en: "No such certificate")
        }
        let lang = req.language.rawValue
        let policy = req.services.noCriminalRecord
        let period = (credential.claims[.periodCovered] ?? "").components(separatedBy: " 至 ")
        let from = period.first.flatMap(CivilDate.init(iso:)) ?? resident.birthDate, to = period.last.flatMap(CivilDate.init(iso:)) ?? credential.issuedOn
        let link = "\(req.services.config.publicBaseURL)/verify/certificate?code=\(code)"
        let qr = try QRCode(encoding: link)
        let body = PrintBody(
            title: CredentialType.noCriminalRecord.name.text(lang), number: credential.claims[.documentNumber] ?? "", name: resident.name.value,
            idNumber: resident.idNumber.value,
            statement: policy.statement(name: resident.name.value, idNumber: resident.idNumber.value, from: from, to: to, language: lang),
            purpose: credential.claims[.certificateUse] ?? "", restriction: policy.restriction.text(lang), issuer: policy.issuer.text(lang),
            issuedOn: credential.issuedOn.description, expiresOn: credential.expiresOn?.description ?? "", code: code, link: link,
            svg: qr.svg(size: 160, title: lang == "en" ? "Verification QR code" : "核验二维码"),
            valid: credential.status == .valid && !credential.isExpired(on: .today()), status: credential.status.label.text(lang))
        return try await req.page("certificate-print", titleKey: "print_certificate", body: body)
    }

    struct CheckBody: Encodable, Sendable {
        var code: String
        var done: Bool
        var found: Bool
        var valid: Bool
        var lines: [CertificatePages.Line]
    }

    /// Anyone checks a verification code; an unknown code and a malformed one get the same answer.
    func check(req: Request) async throws -> Response {
        let typed = (req.query[String.self, at: "code"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !typed.isEmpty else {
            return try await req.page("certificate-check", titleKey: "certificate_check_title", body: CheckBody(code: "", done: false, found: false, valid: false, lines: []))
        }
        guard typed.count <= 40 else {
            return try await req.page("certificate-check", titleKey: "certificate_check_title", body: CheckBody(code: "", done: false, found: false, valid: false, lines: []),
                                      errors: [FieldProblem(field: "code", reasonZh: "核验码格式不正确", reasonEn: "That is not a verification code")], status: .unprocessableEntity)
        }
        let lang = req.language.rawValue
        guard let found = try await NoCriminalRecordDesk(cipher: req.services.cipher, policy: req.services.noCriminalRecord).lookup(code: typed, on: req.db) else {
            return try await req.page("certificate-check", titleKey: "certificate_check_title",
                                      body: CheckBody(code: typed, done: true, found: false, valid: false, lines: []), status: .notFound)
        }
        let lines = Self.lines(found, lang: lang)
        return try await req.page("certificate-check", titleKey: "certificate_check_title", body: CheckBody(code: typed, done: true, found: true, valid: found.valid, lines: lines))
    }

    static func lines(_ c: PublicCertificate, lang: String) -> [CertificatePages.Line] {
        func line(_ claim: CredentialClaim, _ value: String) -> CertificatePages.Line { .init(label: claim.label.text(lang), value: value) }
        let status: String
        switch (c.valid, c.status) {
        case (true, .superseded): status = lang == "en" ? "Valid (the holder has since been issued another, for another purpose)" : "有效（持证人其后另行开具了其他用途的证明）"
        case (true, _): status = c.status.label.text(lang)
        case (false, .valid), (false, .superseded): status = lang == "en" ? "Past its acceptance date" : "已超过使用期限"
        case (false, _): status = c.status.label.text(lang)
        }
        return [
            .init(label: lang == "en" ? "Status" : "状态", value: status),
            line(.documentNumber, c.number), line(.name, c.maskedName), line(.idNumberMasked, c.maskedIDNumber),
            line(.certificateUse, c.purpose), line(.periodCovered, c.period), line(.issuer, c.issuer),
            line(.validFrom, c.issuedOn.description), line(.validUntil, c.expiresOn?.description ?? ""),
        ]
    }
}
