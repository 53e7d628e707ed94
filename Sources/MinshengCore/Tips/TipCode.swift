import Foundation

/// The tip code and secret an informant is given once (举报编号与查询密码): the code names the report, the secret proves
/// the holder is its informant. Both in Crockford base32 (no I, L, O, U), grouped by four for reading aloud; what is
/// typed back is normalised (case, spaces, hyphens, I/L → 1, O → 0).
public enum TipCode {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// A new code `JB-XXXX-XXXX` (40 random bits: collisions are checked by the store's unique key).
    public static func newCode<G: RandomNumberGenerator>(using rng: inout G) -> String {
        "JB-" + group(random(8, using: &rng))
    }

    /// A new secret of 20 characters (100 random bits) in groups of four.
    public static func newSecret<G: RandomNumberGenerator>(using rng: inout G) -> String {
        group(random(20, using: &rng))
    }

    /// A one-time reward claim code of 12 characters (60 random bits).
    public static func newClaimCode<G: RandomNumberGenerator>(using rng: inout G) -> String {
        "LJ-" + group(random(12, using: &rng))
    }

    static func random<G: RandomNumberGenerator>(_ count: Int, using rng: inout G) -> String {
        String((0..<count).map { _ in alphabet[Int(rng.next() % 32)] })
    }

    static func group(_ s: String) -> String {
        var out = ""
        for (i, c) in s.enumerated() {
            if i > 0 && i % 4 == 0 { out.append("-") }
            out.append(c)
        }
        return out
    }

    /// The canonical form of what someone typed: upper case, separators dropped, look-alikes mapped; nil when a
    /// character is not in the alphabet.
    public static func normalise(_ typed: String) -> String? {
        var out = ""
        for scalar in typed.uppercased().unicodeScalars {
            switch scalar {
            case " ", "-", "\u{3000}", "\t": continue
            case "I", "L": out.append("1")
            case "O": out.append("0")
            default:
                let c = Character(scalar)
                guard alphabet.contains(c) else { return nil }
                out.append(c)
            }
        }
        return out.isEmpty ? nil : out
    }

    /// A typed tip code in its printed form (`JB-XXXX-XXXX`), or nil; the prefix may be left out.
    public static func tipCode(_ typed: String) -> String? { printed(typed, prefix: "JB", length: 8) }

    /// A typed claim code in its printed form (`LJ-XXXX-XXXX-XXXX`), or nil; the prefix may be left out.
    public static func claimCode(_ typed: String) -> String? { printed(typed, prefix: "LJ", length: 12) }

    static func printed(_ typed: String, prefix: String, length: Int) -> String? {
        // The prefix is taken off before normalising: it is letters, and normalising reads L as 1.
        var text = typed.trimmingCharacters(in: .whitespaces)
        if text.uppercased().hasPrefix(prefix) { text.removeFirst(prefix.count) }
        guard let n = normalise(text), n.count == length else { return nil }
        return prefix + "-" + group(n)
    }
}
