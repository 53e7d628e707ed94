/// Where a case stands (案件办理环节), as parties are told under the public-security rules on openness in law
/// enforcement (公安机关执法公开规定, 2018, 第二十条): accepted, filed or not, investigation, transfer for prosecution,
/// withdrawal, closure.
public enum CaseStage: String, Codable, Sendable, CaseIterable {
    case reported
    case filed
    case notFiled = "not-filed"
    case investigating
    case transferred
    case withdrawn
    case closed
}

/// One stage as the data file defines it: names, the stages that may follow, what a party is told about it.
public struct CaseStageRule: Hashable, Codable, Sendable {
    public var stage: CaseStage
    public var name: LocalizedText
    /// What a party is told when the case reaches this stage (their rights, what happens next).
    public var partyNote: LocalizedText
    public var next: [CaseStage]
    /// Whether the officer's public note for this step is shown to parties (a refusal to file must give its reason).
    public var discloseNote: Bool
    /// The officer must write a public note (the reason for not filing, for withdrawing).
    public var noteRequired: Bool
    public var source: String

    public init(stage: CaseStage, name: LocalizedText, partyNote: LocalizedText, next: [CaseStage], discloseNote: Bool, noteRequired: Bool, source: String) {
        self.stage = stage
        self.name = name
        self.partyNote = partyNote
        self.next = next
        self.discloseNote = discloseNote
        self.noteRequired = noteRequired
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case stage, name, next, source
        case partyNote = "party_note", discloseNote = "disclose_note", noteRequired = "note_required"
    }
}

/// Every stage, checked as a whole: each stage once, `reported` first, every stage reachable.
public struct CaseStages: Hashable, Sendable {
    public let rules: [CaseStageRule]

    public init(rules: [CaseStageRule]) { self.rules = rules }

    public subscript(stage: CaseStage) -> CaseStageRule? { rules.first { $0.stage == stage } }

    /// Whether a case at `from` may move to `to`.
    public func allows(from: CaseStage, to: CaseStage) -> Bool { self[from]?.next.contains(to) ?? false }

    public static func validate(_ rules: [CaseStageRule]) -> [String] {
        var problems: [String] = []
        var seen = Set<CaseStage>()
        for rule in rules {
            if !seen.insert(rule.stage).inserted { problems.append("stage \(rule.stage.rawValue) appears twice") }
            for (name, text) in [("name", rule.name), ("party_note", rule.partyNote)] where text.zh.isEmpty || text.en.isEmpty {
                problems.append("stage \(rule.stage.rawValue): \(name) needs both Chinese and English text")
            }
            if rule.next.contains(rule.stage) { problems.append("stage \(rule.stage.rawValue) cannot follow itself") }
            if rule.noteRequired && !rule.discloseNote { problems.append("stage \(rule.stage.rawValue): a required note is one the party is told (disclose_note: true)") }
            if rule.source.isEmpty { problems.append("stage \(rule.stage.rawValue): source is required") }
        }
        for stage in CaseStage.allCases where !seen.contains(stage) { problems.append("stage \(stage.rawValue) is missing") }
        if rules.first?.stage != .reported { problems.append("the first stage must be reported") }
        var reached: Set<CaseStage> = [.reported]
        var frontier: [CaseStage] = [.reported]
        while let stage = frontier.popLast() {
            for next in rules.first(where: { $0.stage == stage })?.next ?? [] where reached.insert(next).inserted { frontier.append(next) }
        }
        for stage in CaseStage.allCases where !reached.contains(stage) { problems.append("stage \(stage.rawValue) cannot be reached from reported") }
        return problems
    }
}
