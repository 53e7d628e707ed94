import Crypto
import Foundation
import MinshengCore
import MinshengCredentials
import MinshengStore
import Vapor

/// The exportable SD-JWT VC of a certificate (for wallets and online relying parties), and its verification.
enum SDJWTExport {
    struct Body: StrictBody {
        static let fields: Set<String> = ["holderKey"]
        /// The wallet's P-256 public key as a JWK ({"kty":"EC","crv":"P-256","x":…,"y":…}); the key-binding JWT must be signed with it.
        var holderKey: [String: String]
    }

    struct Response: Content {
        var sdJwt: String
        var vct: String
        var disclosures: Int
    }

    static func vct(_ type: CredentialType) -> String { "urn:minsheng:credential:\(type.rawValue)" }

    /// Issues the SD-JWT VC: every claim selectively disclosable; iss, vct, iat, exp, cnf and the status-list entry visible.
    static func issue(_ credential: Credential, holderKey: [String: String], on req: Request) async throws -> Response {
        guard holderKey["kty"] == "EC", holderKey["crv"] == "P-256", let x = holderKey["x"].flatMap(Base64URL.decode), let y = holderKey["y"].flatMap(Base64URL.decode),
              x.count == 32, y.count == 32, (try? P256.Signing.PublicKey(rawRepresentation: x + y)) != nil else {
            throw Problem.validation([FieldProblem(field: "holderKey", reasonZh: "须为 P-256 公钥（JWK）", reasonEn: "must be a P-256 public key as a JWK")])
        }
        var disclosable: [String: JSONValue] = [:]
        for (claim, value) in credential.claims { disclosable[claim.rawValue] = .string(value) }
        if let digest = credential.photoDigest { disclosable["photo_sha256"] = .string(digest.hexString) }
        let base = req.services.config.publicBaseURL
        var fixed: [String: JSONValue] = [
            "iss": .string(base),
            "vct": .string(vct(credential.type)),
            "iat": .number(Double(Int(Date().timeIntervalSince1970))),
            "cnf": .object(["jwk": .object(["kty": .string("EC"), "crv": .string("P-256"), "x": .string(Base64URL.encode(x)), "y": .string(Base64URL.encode(y))])]),
            "status": .object(["status_list": .object(["idx": .number(Double(credential.statusIndex)), "uri": .string("\(base)/api/v1/status-lists/\(credential.statusList)")])]),
        ]
        if let expires = credential.expiresOn?.adding(days: 1) {
            // The certificate is valid through its last day, Beijing time.
            let midnight = Double(expires.daysSinceEpoch) * 86_400 - 8 * 3600
            fixed["exp"] = .number(midnight)
        }
        let key = try await req.services.issuerKeys.signingKey(on: req.db)
        let sdJwt = try await SDJWT.issue(disclosable: disclosable, fixed: fixed, key: key)
        return Response(sdJwt: sdJwt, vct: vct(credential.type), disclosures: disclosable.count)
    }
}
