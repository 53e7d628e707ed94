import FluentKit
import Foundation

/// Binds an account's assurance level to the resident it was established for (issue 16): a level proven for one
/// person never carries over to another.
///
/// Existing accounts are bound only where the audit chain shows the level was proven for the resident they are linked
/// to now: an L3 by the latest in-person check or face pass on the account, an L2 by the latest identity link. An
/// account already taken over through the old re-link hole (L3 proven for A, then linked to B) stays unbound, which
/// reads as L1, and its holder goes back through the counter.
struct AddAssuredResidentToAccounts: AsyncMigration {
    static let l3Actions = ["account.verified-in-person", "identity.face-passed"]
    static let l2Actions = ["account.identity-linked"]

    func prepare(on database: any Database) async throws {
        try await database.schema(CitizenAccountRow.schema).field("assured_resident_id", .uuid).update()
        // Only the columns this migration knows of are named: later migrations may add others to the models.
        let accounts = try await CitizenAccountRow.query(on: database).filter(\.$assuranceLevel > 1)
            .field(\.$id).field(\.$residentID).field(\.$assuranceLevel).all()
        guard !accounts.isEmpty else { return }
        // The latest proof of each kind per account subject, in chain order.
        var latestL3: [String: UUID?] = [:], latestL2: [String: UUID?] = [:]
        let entries = try await AuditEntryRow.query(on: database)
            .filter(\.$action ~~ (Self.l3Actions + Self.l2Actions))
            .sort(\.$seq, .ascending)
            .field(\.$id).field(\.$seq).field(\.$action).field(\.$subject).field(\.$residentID)
            .all()
        for entry in entries where entry.subject.hasPrefix("account:") {
            if Self.l3Actions.contains(entry.action) { latestL3[entry.subject] = entry.residentID } else { latestL2[entry.subject] = entry.residentID }
        }
        let provenL3 = latestL3, provenL2 = latestL2
        try await database.transaction { db in
            for account in accounts {
                guard let id = account.id, let resident = account.residentID else { continue }
                let subject = "account:\(id.uuidString.lowercased())"
                let proven = account.assuranceLevel >= 3 ? provenL3[subject] : provenL2[subject]
                guard let proven, proven == resident else { continue }
                try await CitizenAccountRow.query(on: db).filter(\.$id == id).set(\.$assuredResidentID, to: resident).update()
            }
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CitizenAccountRow.schema).deleteField("assured_resident_id").update()
    }
}
