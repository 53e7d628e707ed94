import Foundation

/// A person a case's progress is disclosed to (案件当事人): they hold the case number and a query code given on
/// their receipt.
public enum CasePartyRole: String, Codable, Sendable, CaseIterable {
    case reporter
    case victim
    case complainant
    case agent

    public var name: LocalizedText {
        switch self {
        case .reporter: LocalizedText(zh: "报案人", en: "Person who reported")
        case .victim: LocalizedText(zh: "被害人", en: "Victim")
        case .complainant: LocalizedText(zh: "控告人", en: "Complainant")
        case .agent: LocalizedText(zh: "代理人", en: "Representative")
        }
    }
}

/// Case numbers and query codes. A case number is `A` + the unit's six-digit division + the date + a four-digit
/// serial (A4403042026120200001 style, as on a 受案回执); a query code is 8 Crockford base32 characters.
public enum CaseCode {
    public static func newQueryCode<G: RandomNumberGenerator>(using rng: inout G) -> String { TipCode.group(TipCode.random(8, using: &rng)) }

    /// A typed query code in its printed form, or nil.
    public static func queryCode(_ typed: String) -> String? {
        guard let n = TipCode.normalise(typed), n.count == 8 else { return nil }
        return TipCode.group(n)
    }

    /// A typed case number, upper-cased and stripped of spaces, or nil when it is not one.
    public static func caseNumber(_ typed: String) -> String? {
        let n = typed.uppercased().filter { !$0.isWhitespace && $0 != "-" }
        return n.range(of: #"^A[0-9]{6}[0-9]{8}[0-9]{4,5}$"#, options: .regularExpression) != nil ? n : nil
    }

    public static func caseNumber(division: String, on day: CivilDate, serial: Int) -> String {
        let date = String(format: "%04d%02d%02d", day.year, day.month, day.day)
        return "A" + String(division.prefix(6)) + date + String(format: "%04d", serial)
    }
}
