import FluentKit
import Foundation
import MinshengCore

/// Cases from the case system (its connector's export, or a file): one JSON object a line, all imported or none.
///
///     {"number":"A440304202611020001","cause":"电动自行车被盗","unit":"440304-FT","reportedOn":"2026-11-02",
///      "parties":[{"role":"victim","name":"李明","code":"DEM0-CASE"}],
///      "history":[{"stage":"filed","on":"2026-11-04","publicNote":"…","internalNote":"…"}]}
///
/// `number` and a party's `code` may be left out (a new number, a new code); the codes made are returned, to be
/// printed on the parties' receipts.
public struct CaseImport: Sendable {
    public let desk: CaseDesk

    public init(desk: CaseDesk) { self.desk = desk }

    struct Line: Decodable {
        struct Event: Decodable {
            var stage: CaseStage
            var on: String
            var publicNote: String?
            var internalNote: String?
        }
        var number: String?
        var cause: String
        var unit: String
        var reportedOn: String
        var parties: [CaseDesk.NewParty]
        var history: [Event]?
    }

    /// Reads and checks every line; problems as `line N: reason`.
    public func parse(_ text: String, source: String, on database: any Database) async throws -> ([CaseDesk.NewCase], [String]) {
        var cases: [CaseDesk.NewCase] = []
        var problems: [String] = []
        var numbers = Set<String>()
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = raw.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            let n = index + 1
            let line: Line
            do {
                line = try JSONDecoder().decode(Line.self, from: Data(text.utf8))
            } catch {
                problems.append("line \(n): not a case object (\(Self.describe(error)))")
                continue
            }
            guard let reported = CivilDate(iso: line.reportedOn) else { problems.append("line \(n): reportedOn must be YYYY-MM-DD"); continue }
            guard let unit = try await UnitRow.query(on: database).filter(\.$code == line.unit).first() else {
                problems.append("line \(n): unit \(line.unit) is not registered")
                continue
            }
            var history: [CaseDesk.PastEvent] = []
            var bad = false
            for (i, e) in (line.history ?? []).enumerated() {
                guard let day = CivilDate(iso: e.on) else { problems.append("line \(n): history.\(i).on must be YYYY-MM-DD"); bad = true; continue }
                history.append(.init(stage: e.stage, on: day, publicNote: e.publicNote, internalNote: e.internalNote))
            }
            if bad { continue }
            let division = unit.jurisdiction.split(separator: ",").first.map(String.init) ?? "440300"
            let c = CaseDesk.NewCase(number: line.number, cause: line.cause, unitCode: line.unit, divisionCode: String(division.prefix(6)), reportedOn: reported,
                                     source: source, parties: line.parties, history: history)
            let found = desk.problems(c)
            if !found.isEmpty { problems += found.map { "line \(n): \($0)" }; continue }
            if let number = line.number.flatMap(CaseCode.caseNumber) {
                if !numbers.insert(number).inserted { problems.append("line \(n): case \(number) appears twice"); continue }
                if try await CaseRow.query(on: database).filter(\.$number == number).first() != nil { problems.append("line \(n): case \(number) is already on file"); continue }
            }
            cases.append(c)
        }
        return (cases, problems)
    }

    /// Imports every case in one transaction, or nothing when any line is wrong.
    public func run(_ text: String, source: String = "import", actor: Principal = .system("case-import"), on database: any Database) async throws -> ([CaseDesk.Filed], [String]) {
        try await database.transaction { db in
            let (cases, problems) = try await parse(text, source: source, on: db)
            guard problems.isEmpty else { return ([], problems) }
            var filed: [CaseDesk.Filed] = []
            // Cases with their own numbers first, so a number made for another cannot take one a later line names.
            var byLine: [(Int, CaseDesk.Filed)] = []
            for (i, c) in cases.enumerated() where c.number != nil { byLine.append((i, try await desk.file(c, actor: actor, on: db))) }
            for (i, c) in cases.enumerated() where c.number == nil { byLine.append((i, try await desk.file(c, actor: actor, on: db))) }
            filed = byLine.sorted { $0.0 < $1.0 }.map(\.1)
            return (filed, [])
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "\(key.stringValue) is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context), DecodingError.dataCorrupted(let context):
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".") + ": " + context.debugDescription
        default: "\(error)"
        }
    }
}
