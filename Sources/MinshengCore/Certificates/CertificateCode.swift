/// The verification code printed on a certificate (核验码) and carried by its QR code: `YZ-` and 16 Crockford base32
/// characters (80 random bits) in groups of four, typed back in any case, with or without separators.
public enum CertificateCode {
    public static func new<G: RandomNumberGenerator>(using rng: inout G) -> String { "YZ-" + TipCode.group(TipCode.random(16, using: &rng)) }

    /// A typed code in its printed form, or nil; the prefix may be left out.
    public static func parse(_ typed: String) -> String? { TipCode.printed(typed, prefix: "YZ", length: 16) }
}
