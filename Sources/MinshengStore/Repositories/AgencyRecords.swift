import FluentKit
import Foundation
import MinshengCore

/// Facts other departments hold about a resident, as rule facts (`agency.*`). The connector answers for every
/// flag it knows: a flag without a record is `false` ("no record found"), never missing.
public struct AgencyRecords: Sendable {
    /// The flags this connector answers for.
    public static let flags = ["wanted", "underProsecution", "servingSentence", "deprivedOfPoliticalRights", "criminalRecord", "ownsHousingInShenzhen"]

    public init() {}

    /// `agency.<flag>` for every known flag.
    public func facts(residentID: UUID, on database: any Database) async throws -> RuleFacts {
        let present = Set(try await AgencyFlagRow.query(on: database).filter(\.$residentID == residentID).all().map(\.flag))
        var facts = RuleFacts()
        for flag in Self.flags { facts["agency.\(flag)"] = .bool(present.contains(flag)) }
        return facts
    }

    /// Records a flag (import, demo seed, tests); recording it twice is harmless.
    public func record(_ flag: String, residentID: UUID, source: String, at time: Date = Date(), on database: any Database) async throws {
        precondition(Self.flags.contains(flag), "unknown agency flag \(flag)")
        if try await AgencyFlagRow.query(on: database).filter(\.$residentID == residentID).filter(\.$flag == flag).first() != nil { return }
        let row = AgencyFlagRow()
        row.residentID = residentID
        row.flag = flag
        row.source = source
        row.recordedAt = time
        try await row.create(on: database)
    }
}
