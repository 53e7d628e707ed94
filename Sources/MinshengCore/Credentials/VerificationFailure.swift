/// Why a presented certificate was not accepted. Every verifier answer names one.
public enum VerificationFailure: String, Codable, Sendable, CaseIterable, Error {
    case malformed
    case badSignature = "bad-signature"
    case unknownKey = "unknown-key"
    case expired
    case tokenExpired = "token-expired"
    case revoked
    case suspended
    case superseded
    case wrongPurpose = "wrong-purpose"
    case replayedReference = "replayed-reference"
    case unknownReference = "unknown-reference"
    case statusUnknown = "status-unknown"
    case keyBinding = "key-binding"
    case keyRetired = "key-retired"
    case statusListExpired = "status-list-expired"

    public var message: LocalizedText {
        switch self {
        case .malformed: LocalizedText(zh: "二维码内容无法识别，不是民生警务电子证照。", en: "The code is not a Minsheng certificate presentation.")
        case .badSignature: LocalizedText(zh: "签名不符：内容被改动或伪造。", en: "The signature does not match: the content was altered or forged.")
        case .unknownKey: LocalizedText(zh: "签发密钥不在已发布的密钥集中。", en: "The signing key is not in the published key set.")
        case .expired: LocalizedText(zh: "证照已过有效期。", en: "The certificate has expired.")
        case .tokenExpired: LocalizedText(zh: "二维码已过期，请持证人刷新后重新出示。", en: "The code has expired: ask the holder to refresh it.")
        case .revoked: LocalizedText(zh: "证照已被吊销。", en: "The certificate has been revoked.")
        case .suspended: LocalizedText(zh: "证照已暂停使用。", en: "The certificate is suspended.")
        case .superseded: LocalizedText(zh: "证照已更新，此为旧证。", en: "The certificate was replaced by a newer one.")
        case .wrongPurpose: LocalizedText(zh: "该二维码不是为本核验用途出示的，或本单位未登记该用途。", en: "The code was not shown for this purpose, or this organisation is not registered for it.")
        case .replayedReference: LocalizedText(zh: "该二维码已被核验过，一次一码，请持证人刷新。", en: "The code was already used: each code is checked once.")
        case .unknownReference: LocalizedText(zh: "没有找到该核验码。", en: "No such presentation reference.")
        case .statusUnknown: LocalizedText(zh: "本地没有该证照的状态列表，请联网更新后再核验。", en: "No cached status list covers this certificate: refresh it online first.")
        case .keyBinding: LocalizedText(zh: "持有人密钥绑定缺失或无效：不能证明出示者持有该证照。", en: "The holder's key binding is missing or invalid: it does not prove the presenter holds the certificate.")
        case .keyRetired: LocalizedText(zh: "签发密钥在签发此码之前已停用：停用的密钥只能核验停用前签发的内容。", en: "The signing key was retired before this was signed: a retired key only verifies what it signed before.")
        case .statusListExpired: LocalizedText(zh: "本地缓存的状态列表已过期，请联网更新后再核验。", en: "The cached status list has expired: refresh it online first.")
        }
    }
}
