/// One eligibility condition (办理条件) of a service, with the reason a citizen sees when it is not met.
///
/// Coded as:
///
/// ```yaml
/// id: parents-age
/// when: { any: [ ... ] }          # a Condition that must hold for the applicant to be eligible
/// reason: { zh: 父亲须年满60周岁…, en: The father must be 60 or older… }
/// blocking: false                 # optional, default true; a non-blocking rule only warns
/// ```
public struct EligibilityRule: Hashable, Codable, Sendable {
    /// A name unique within the service, e.g. `parents-age`.
    public let id: String
    /// The condition that must hold for the applicant to be eligible.
    public let when: Condition
    /// What the citizen sees, in Chinese, when the condition does not hold.
    public let reasonZh: String
    /// What the citizen sees, in English, when the condition does not hold.
    public let reasonEn: String
    /// Whether failing the rule makes the applicant ineligible; a non-blocking rule is a warning.
    public let blocking: Bool

    /// Creates a rule; rules block by default.
    public init(id: String, when: Condition, reasonZh: String, reasonEn: String, blocking: Bool = true) {
        self.id = id
        self.when = when
        self.reasonZh = reasonZh
        self.reasonEn = reasonEn
        self.blocking = blocking
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: RuleCodingKey.self)
        let unknown = Set(container.allKeys.map(\.stringValue)).subtracting(["id", "when", "reason", "blocking"])
        guard unknown.isEmpty else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: container.codingPath,
                    debugDescription: "Unknown key \(unknown.sorted().joined(separator: ", ")) in a rule; a rule has id, when, reason {zh, en} and optional blocking."))
        }
        id = try container.decode(String.self, forKey: RuleCodingKey("id"))
        when = try container.decode(Condition.self, forKey: RuleCodingKey("when"))
        let reason = try container.nestedContainer(keyedBy: RuleCodingKey.self, forKey: RuleCodingKey("reason"))
        let unknownReason = Set(reason.allKeys.map(\.stringValue)).subtracting(["zh", "en"])
        guard unknownReason.isEmpty else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: reason.codingPath,
                    debugDescription: "Unknown key \(unknownReason.sorted().joined(separator: ", ")) in the reason of rule \(id); a reason has zh and en."))
        }
        reasonZh = try reason.decode(String.self, forKey: RuleCodingKey("zh"))
        reasonEn = try reason.decode(String.self, forKey: RuleCodingKey("en"))
        blocking = try container.decodeIfPresent(Bool.self, forKey: RuleCodingKey("blocking")) ?? true
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: RuleCodingKey.self)
        try container.encode(id, forKey: RuleCodingKey("id"))
        try container.encode(when, forKey: RuleCodingKey("when"))
        var reason = container.nestedContainer(keyedBy: RuleCodingKey.self, forKey: RuleCodingKey("reason"))
        try reason.encode(reasonZh, forKey: RuleCodingKey("zh"))
        try reason.encode(reasonEn, forKey: RuleCodingKey("en"))
        if !blocking {
            try container.encode(false, forKey: RuleCodingKey("blocking"))
        }
    }
}
