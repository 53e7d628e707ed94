import MinshengCore
import MinshengStore
import Vapor

/// `GET /api/v1/certificate-checks/{code}`: anyone checks a printed certificate's verification code (no key, no
/// account): the masked holder, purpose, period, dates and whether it still stands.
struct CertificateCheckController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("api", "v1", "certificate-checks", ":code", use: check)
    }

    struct CheckDTO: Content {
        var valid: Bool
        var status: String
        var type: String
        var number: String
        var name: String
        var idNumber: String
        var purpose: String
        var periodCovered: String
        var issuer: String
        var issuedOn: String
        var acceptedUntil: String?
    }

    func check(req: Request) async throws -> CheckDTO {
        let typed = req.parameters.get("code") ?? ""
        guard typed.count <= 40, CertificateCode.parse(typed) != nil else {
            throw Problem.validation([FieldProblem(field: "code", reasonZh: "核验码格式不正确（YZ 开头，16 位字母数字）",
                                                   reasonEn: "not a verification code (YZ and 16 letters and digits)")])
        }
        guard let c = try await NoCriminalRecordDesk(cipher: req.services.cipher, policy: req.services.noCriminalRecord).lookup(code: typed, on: req.db) else {
            throw Problem(.notFound, slug: "certificate-not-found", zh: "未找到该核验码对应的证明", en: "No certificate has this verification code")
        }
        return CheckDTO(valid: c.valid, status: c.status.rawValue, type: CredentialType.noCriminalRecord.rawValue, number: c.number, name: c.maskedName,
                        idNumber: c.maskedIDNumber, purpose: c.purpose, periodCovered: c.period, issuer: c.issuer, issuedOn: c.issuedOn.description,
                        acceptedUntil: c.expiresOn?.description)
    }
}
