/// A kind of crime a citizen can report (举报类别), with the reward band the public schemes set for it. Categories are
/// data (`Resources/tips/categories.yaml`), validated at start-up like the service catalog.
public struct TipCategory: Hashable, Codable, Sendable, Identifiable {
    /// `drugs`, `gambling`, `prostitution`, `theft-robbery`, `fraud`, `guns-explosives`, `terrorism`, `organised-crime`, `other`.
    public var id: String
    public var name: LocalizedText
    /// The smallest and largest reward in yuan for a substantiated report; `rewardMax` nil means no upper limit.
    public var rewardMin: Int
    public var rewardMax: Int?
    /// Where the band comes from (a source in `reference/`, or `assumed:` with the reason).
    public var source: String

    public init(id: String, name: LocalizedText, rewardMin: Int, rewardMax: Int?, source: String) {
        self.id = id
        self.name = name
        self.rewardMin = rewardMin
        self.rewardMax = rewardMax
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case id, name, source
        case rewardMin = "reward_min"
        case rewardMax = "reward_max"
    }

    /// Whether `yuan` lies within the band.
    public func allows(_ yuan: Int) -> Bool { yuan >= rewardMin && (rewardMax.map { yuan <= $0 } ?? true) }

    public var bandText: LocalizedText {
        if let max = rewardMax { return LocalizedText(zh: "\(rewardMin)–\(max) 元", en: "¥\(rewardMin)–\(max)") }
        return LocalizedText(zh: "\(rewardMin) 元起，上不封顶", en: "from ¥\(rewardMin), no upper limit")
    }
}

/// Every category, checked as a whole.
public struct TipCategoryCatalog: Hashable, Sendable {
    public let categories: [TipCategory]

    public init(categories: [TipCategory]) { self.categories = categories }

    public subscript(id: String) -> TipCategory? { categories.first { $0.id == id } }

    /// Every problem with the categories, as sentences.
    public static func validate(_ categories: [TipCategory]) -> [String] {
        var problems: [String] = []
        var seen = Set<String>()
        if categories.isEmpty { problems.append("no categories") }
        for c in categories {
            if !seen.insert(c.id).inserted { problems.append("category \(c.id) appears twice") }
            if c.id.isEmpty || !c.id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || $0 == "-" }) { problems.append("category id \"\(c.id)\" must be lower-case letters and hyphens") }
            if c.name.zh.isEmpty || c.name.en.isEmpty { problems.append("category \(c.id) needs a Chinese and an English name") }
            if c.rewardMin < 0 { problems.append("category \(c.id): reward_min must not be negative") }
            if let max = c.rewardMax, max < c.rewardMin { problems.append("category \(c.id): reward_max \(max) is below reward_min \(c.rewardMin)") }
            if c.source.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("category \(c.id) needs a source (or `assumed:` with the reason)") }
        }
        if !seen.contains("other") { problems.append("a category `other` is needed for reports that fit no other") }
        return problems
    }
}
