/// How no-criminal-record certificates are worded and timed (`Resources/certificate/no-criminal-record.yaml`):
/// data, validated at start-up, so that the legal wording is changed by the office and not in code.
public struct NoCriminalRecordPolicy: Hashable, Codable, Sendable {
    /// The catalog service that issues the certificate (`ZM-01`).
    public var service: String
    /// Working days when the check needs an investigation (15, S60 and S61); the normal limit is the service's own.
    public var investigationTimeLimit: Int
    /// Months the certificate is accepted for after issue (the office prints none; receiving organisations set one).
    public var validityMonths: Int
    /// The period the check covers starts at this birthday: the age of criminal responsibility (刑法 第十七条).
    public var periodFromAge: Int
    /// The issuing unit, as printed.
    public var issuer: LocalizedText
    /// The certificate's statement, with `{name}`, `{idNumber}`, `{from}` and `{to}` filled in.
    public var statement: LocalizedText
    /// What the certificate may not be used for (litigation and arbitration, S63).
    public var restriction: LocalizedText
    /// The notice refusing the certificate when a record exists (不予出具无犯罪记录证明通知书, S64), as the officer's reason.
    public var refusal: LocalizedText
    /// Where each figure and text comes from.
    public var source: String

    public init(service: String, investigationTimeLimit: Int, validityMonths: Int, periodFromAge: Int, issuer: LocalizedText,
                statement: LocalizedText, restriction: LocalizedText, refusal: LocalizedText, source: String) {
        self.service = service
        self.investigationTimeLimit = investigationTimeLimit
        self.validityMonths = validityMonths
        self.periodFromAge = periodFromAge
        self.issuer = issuer
        self.statement = statement
        self.restriction = restriction
        self.refusal = refusal
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case service, issuer, statement, restriction, refusal, source
        case investigationTimeLimit = "investigation_time_limit", validityMonths = "validity_months", periodFromAge = "period_from_age"
    }

    static let placeholders = ["{name}", "{idNumber}", "{from}", "{to}"]

    /// Every problem, as sentences; `normalTimeLimit` is the service's own limit in the catalog (nil: not found).
    public static func validate(_ p: NoCriminalRecordPolicy, normalTimeLimit: Int?) -> [String] {
        var problems: [String] = []
        if let normal = normalTimeLimit {
            if p.investigationTimeLimit <= normal { problems.append("investigation_time_limit must be longer than the service's time limit (\(normal))") }
        } else {
            problems.append("service \(p.service) is not in the catalog")
        }
        if !(1...60).contains(p.investigationTimeLimit) { problems.append("investigation_time_limit must be 1–60 working days") }
        if !(1...12).contains(p.validityMonths) { problems.append("validity_months must be 1–12") }
        if !(14...18).contains(p.periodFromAge) { problems.append("period_from_age must be 14–18") }
        for (name, text) in [("issuer", p.issuer), ("statement", p.statement), ("restriction", p.restriction), ("refusal", p.refusal)] {
            if text.zh.trimmingCharacters(in: .whitespaces).isEmpty || text.en.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append("\(name) needs both Chinese and English text")
            }
        }
        for mark in placeholders {
            if !p.statement.zh.contains(mark) || !p.statement.en.contains(mark) { problems.append("statement must contain \(mark) in both languages") }
        }
        if p.source.isEmpty { problems.append("source is required") }
        return problems
    }

    /// The period covered: from the birthday at `periodFromAge` to the day of issue.
    public func period(birthDate: CivilDate, issued: CivilDate) -> (from: CivilDate, to: CivilDate) {
        (min(birthDate.adding(years: periodFromAge), issued), issued)
    }

    /// The statement for one person, in one language (`zh` or `en`).
    public func statement(name: String, idNumber: String, from: CivilDate, to: CivilDate, language: String) -> String {
        statement.text(language).replacingOccurrences(of: "{name}", with: name).replacingOccurrences(of: "{idNumber}", with: idNumber)
            .replacingOccurrences(of: "{from}", with: from.description).replacingOccurrences(of: "{to}", with: to.description)
    }

    /// The last day the certificate is accepted, `validityMonths` after issue (the last day of a shorter month).
    public func expiry(issued: CivilDate) -> CivilDate {
        let months = issued.year * 12 + issued.month - 1 + validityMonths
        let year = months / 12, month = months % 12 + 1
        return CivilDate(year: year, month: month, day: min(issued.day, CivilDate.daysInMonth(year: year, month: month)))!
    }
}
