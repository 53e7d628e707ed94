// minsheng-credential-bench: offline token verifications per second on one core, beside swift-crypto's raw P-256
// verify of the same signature input in the same run, alternating rounds (scripts/bench-credentials.sh).
import Crypto
import Foundation
import MinshengCore
import MinshengCredentials

let rounds = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 5 : 5
let perRound = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 5000 : 5000

let key = IssuerKey()
let now = Date()
let t = Int(now.timeIntervalSince1970)
// The border purpose's claims: the largest offline token the purposes file makes.
let payload = OfflineTokenPayload(type: .idCard, purposeCode: 3,
                                  claims: [.name: "欧阳娜娜", .idNumberMasked: "4403**********001X", .documentNumber: "440304199001010011", .birthDate: "1990-01-01",
                                           .gender: "女", .validUntil: "2036-12-20"],
                                  photoDigest: Data(SHA256.hash(data: Data("photo".utf8))), issuedAt: t, expiresAt: t + 120, statusList: 0, statusIndex: 123_456)
let token = try OfflineToken.make(payload, key: key)
let bytes = OfflineToken.bytes(of: token)!
let message = try COSESign1.parse(bytes)
let signed = COSESign1Bench.toBeSigned(message)
let signature = try P256.Signing.ECDSASignature(rawRepresentation: message.signature)
let publicKey = key.publicKey
var list = StatusList()
list[7] = true
let verifier = OfflineVerifier(keys: [key.id: publicKey], statusLists: [0: list])

func rate(_ body: () -> Bool) -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    for _ in 0..<perRound { precondition(body()) }
    let d = (clock.now - start).components
    return Double(perRound) / (Double(d.seconds) + Double(d.attoseconds) / 1e18)
}

print("token: \(bytes.count) bytes signed, \(token.count) characters of QR text; \(rounds) rounds × \(perRound) verifications, one thread")
var raw: [Double] = [], ours: [Double] = []
for r in 0..<rounds {
    // Alternate which goes first so that neither always runs on a warmer or cooler core.
    if r % 2 == 0 {
        raw.append(rate { publicKey.isValidSignature(signature, for: signed) })
        ours.append(rate { if case .success = verifier.verify(token, purposeCode: 3, now: now) { true } else { false } })
    } else {
        ours.append(rate { if case .success = verifier.verify(token, purposeCode: 3, now: now) { true } else { false } })
        raw.append(rate { publicKey.isValidSignature(signature, for: signed) })
    }
    print(String(format: "round %d: raw P-256 verify %.0f/s, offline token verify %.0f/s", r + 1, raw.last!, ours.last!))
}
let rawMedian = raw.sorted()[raw.count / 2], oursMedian = ours.sorted()[ours.count / 2]
print(String(format: "median: raw %.0f/s, ours %.0f/s = %.1f%% of raw", rawMedian, oursMedian, 100 * oursMedian / rawMedian))

// Where the time goes, stage by stage (one round each).
func perCall(_ body: () -> Bool) -> Double { 1e6 / rate(body) }
let stages: [(String, Double)] = [
    ("base45 decode", perCall { OfflineToken.bytes(of: token) != nil }),
    ("COSE_Sign1 parse", perCall { (try? COSESign1.parse(bytes)) != nil }),
    ("payload decode", perCall { (try? OfflineTokenPayload(cbor: CBORDecoder().decode(message.payload))) != nil }),
    ("signature from raw bytes", perCall { (try? P256.Signing.ECDSASignature(rawRepresentation: message.signature)) != nil }),
    ("message.verify (Sig_structure + P-256)", perCall { message.verify(with: publicKey) }),
    ("raw P-256 verify", perCall { publicKey.isValidSignature(signature, for: signed) }),
]
for (name, micros) in stages { print(String(format: "  %-40@ %8.1f µs", name as NSString, micros)) }
