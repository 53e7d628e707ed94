/// What the criminal-records connector answers for a no-criminal-record certificate (无犯罪记录证明). Only an effective
/// court judgment counts as a record (domain.md §6, S63); a pending prosecution or a wanted notice means the office
/// must investigate before it can say either way, which takes the longer time limit.
public enum CriminalRecordCheck: String, Codable, Sendable, CaseIterable {
    /// No record found: the certificate can be issued.
    case clear
    /// Proceedings are open (under prosecution, wanted): the office investigates before deciding.
    case needsInvestigation = "needs-investigation"
    /// A conviction is on record: the certificate is refused with the notice (不予出具无犯罪记录证明通知书).
    case recordFound = "record-found"

    /// Reads the `agency.*` facts the connector gives (a missing fact counts as no record: the connector answers for
    /// every flag it knows).
    public static func decide(_ facts: RuleFacts) -> CriminalRecordCheck {
        func flag(_ name: String) -> Bool { facts["agency.\(name)"] == .bool(true) }
        if flag("criminalRecord") || flag("servingSentence") { return .recordFound }
        if flag("underProsecution") || flag("wanted") { return .needsInvestigation }
        return .clear
    }

    public var label: LocalizedText {
        switch self {
        case .clear: LocalizedText(zh: "未发现犯罪记录", en: "No criminal record found")
        case .needsInvestigation: LocalizedText(zh: "需调查核实（办理时限延长）", en: "Needs investigation (longer time limit)")
        case .recordFound: LocalizedText(zh: "发现犯罪记录，应不予出具", en: "A criminal record exists: the certificate must be refused")
        }
    }
}
