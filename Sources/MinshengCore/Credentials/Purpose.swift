/// Why a verifier checks a certificate (核验用途), and so what it may see: purposes are data
/// (`Resources/credentials/purposes.yaml`), validated at start-up.
public struct Purpose: Hashable, Codable, Sendable, Identifiable {
    /// `hotel`, `airline`, `border`, `traffic`, `generic`, …
    public var id: String
    public var name: LocalizedText
    /// The certificate types this purpose accepts.
    public var types: [CredentialType]
    /// The claims it is shown, in display order; of a type that lacks one, that one is left out.
    public var claims: [CredentialClaim]
    /// Whether the online exchange also hands over the photo (never in an offline token: it does not fit).
    public var photo: Bool
    /// A one-byte code for the offline token.
    public var code: Int

    public init(id: String, name: LocalizedText, types: [CredentialType], claims: [CredentialClaim], photo: Bool, code: Int) {
        self.id = id
        self.name = name
        self.types = types
        self.claims = claims
        self.photo = photo
        self.code = code
    }

    /// The claims of `type` this purpose may see.
    public func claims(of type: CredentialType) -> [CredentialClaim] {
        let carried = Set(type.claims)
        return claims.filter { carried.contains($0) && $0 != .photo }
    }
}

/// Every purpose, checked as a whole.
public struct PurposeCatalog: Hashable, Sendable {
    public let purposes: [Purpose]

    public init(purposes: [Purpose]) {
        self.purposes = purposes
    }

    public subscript(id: String) -> Purpose? { purposes.first { $0.id == id } }

    public func purpose(code: Int) -> Purpose? { purposes.first { $0.code == code } }

    /// The purposes that accept a type, in file order.
    public func purposes(for type: CredentialType) -> [Purpose] { purposes.filter { $0.types.contains(type) } }

    /// Every problem: duplicate ids or codes, a purpose with no types or claims, a claim none of its types carries,
    /// an id that is not a lowercase word, a code outside 1–255.
    public static func validate(_ purposes: [Purpose]) -> [String] {
        var problems: [String] = []
        if purposes.isEmpty { problems.append("no purposes defined") }
        var ids = Set<String>(), codes = Set<Int>()
        for (i, p) in purposes.enumerated() {
            let at = "purposes[\(i)] (\(p.id))"
            if p.id.isEmpty || !p.id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0 == "-") }) { problems.append("\(at): id must be lowercase letters and hyphens") }
            if !ids.insert(p.id).inserted { problems.append("\(at): id \(p.id) is used twice") }
            if !(1...255).contains(p.code) { problems.append("\(at): code must be 1–255, got \(p.code)") }
            if !codes.insert(p.code).inserted { problems.append("\(at): code \(p.code) is used twice") }
            if p.types.isEmpty { problems.append("\(at): names no certificate types") }
            if p.claims.isEmpty { problems.append("\(at): names no claims") }
            if p.name.zh.isEmpty || p.name.en.isEmpty { problems.append("\(at): needs a Chinese and an English name") }
            let carried = Set(p.types.flatMap(\.claims))
            for claim in p.claims where !carried.contains(claim) {
                problems.append("\(at): claim \(claim.rawValue) is carried by none of \(p.types.map(\.rawValue).joined(separator: ", "))")
            }
            if p.photo, !p.claims.contains(.photo) { problems.append("\(at): photo: true needs the photo claim") }
        }
        return problems
    }
}
