import FluentKit
import Foundation
import MinshengCore

/// `minsheng import` of the agencies' points records from CSV: every line checked first, then all written in one
/// transaction, or none. Problems come back as `line: reason`.
public struct PointsImport: Sendable {
    public let cipher: FieldCipher

    public init(cipher: FieldCipher) { self.cipher = cipher }

    static let headers: [String: [String]] = [
        "pension": ["id_number", "month", "back_paid"],
        "properties": ["id_number", "reference", "registered_on", "ended_on", "share_percent"],
        "leases": ["id_number", "reference", "starts_on", "ends_on"],
        "credit": ["id_number", "reference", "overdue_since", "overdue_days", "repaid_on"],
        "listings": ["id_number", "kind", "reference", "since", "until"],
    ]

    enum Record {
        case pension(UUID, PointsEvidence.PensionMonth)
        case property(UUID, PointsEvidence.Property)
        case lease(UUID, PointsEvidence.Lease)
        case credit(UUID, PointsEvidence.CreditRecord)
        case listing(UUID, ListingKind, PointsEvidence.Listing)
    }

    public func run(kind: String, csv: String, on database: any Database) async throws -> (Int, [String]) {
        guard let header = Self.headers[kind] else { return (0, ["1: KIND must be one of \(Self.headers.keys.sorted().joined(separator: ", "))"]) }
        let lines = csv.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        guard let first = lines.first, first.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) == header else {
            return (0, ["1: the header must be \(header.joined(separator: ","))"])
        }
        let registry = RegistryRepository(cipher: cipher)
        var residents: [String: UUID] = [:]
        var records: [Record] = []
        var problems: [String] = []
        for (offset, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let number = offset + 1
            if line.contains("\"") { problems.append("\(number): quoted fields are not accepted (no field needs a comma)"); continue }
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard f.count == header.count else { problems.append("\(number): \(header.count) fields expected, got \(f.count)"); continue }
            guard let idNumber = try? IDNumber(f[0]) else { problems.append("\(number): \(Masking.idNumber(f[0])) is not a valid ID number"); continue }
            let residentID: UUID
            if let known = residents[idNumber.value] { residentID = known } else {
                guard let resident = try await registry.resident(idNumber: idNumber, on: database) else { problems.append("\(number): \(idNumber.masked) is not in the registry"); continue }
                residents[idNumber.value] = resident.id
                residentID = resident.id
            }
            func date(_ i: Int, optional: Bool = false) -> CivilDate?? {
                if optional && f[i].isEmpty { return .some(nil) }
                guard let d = CivilDate(iso: f[i]) else { problems.append("\(number): \(header[i]) must be YYYY-MM-DD, got \"\(f[i].prefix(20))\""); return nil }
                return .some(d)
            }
            switch kind {
            case "pension":
                guard let month = YearMonth(iso: f[1]) else { problems.append("\(number): month must be YYYY-MM"); continue }
                guard f[2] == "0" || f[2] == "1" else { problems.append("\(number): back_paid must be 0 or 1"); continue }
                records.append(.pension(residentID, .init(month: month, backPaid: f[2] == "1")))
            case "properties":
                guard let from = date(2), let ended = date(3, optional: true), let share = Int(f[4]), (1...100).contains(share) else {
                    if Int(f[4]).map({ (1...100).contains($0) }) != true { problems.append("\(number): share_percent must be 1–100") }
                    continue
                }
                records.append(.property(residentID, .init(reference: f[1], registeredOn: from!, endedOn: ended, sharePercent: share)))
            case "leases":
                guard let from = date(2), let to = date(3) else { continue }
                guard from! <= to! else { problems.append("\(number): starts_on is after ends_on"); continue }
                records.append(.lease(residentID, .init(reference: f[1], startsOn: from!, endsOn: to!)))
            case "credit":
                guard let since = date(2), let days = Int(f[3]), days >= 0, let repaid = date(4, optional: true) else {
                    if Int(f[3]).map({ $0 >= 0 }) != true { problems.append("\(number): overdue_days must be a whole number") }
                    continue
                }
                records.append(.credit(residentID, .init(reference: f[1], overdueSince: since!, overdueDays: days, repaidOn: repaid)))
            default:
                guard let listing = ListingKind(rawValue: f[1]) else { problems.append("\(number): kind must be one of \(ListingKind.allCases.map(\.rawValue).joined(separator: ", "))"); continue }
                guard let since = date(3), let until = date(4, optional: true) else { continue }
                records.append(.listing(residentID, listing, .init(reference: f[2], since: since!, until: until)))
            }
        }
        guard problems.isEmpty else { return (0, problems) }
        let points = PointsRecords(cipher: cipher)
        let all = records
        let residentCount = residents.count
        try await database.transaction { db in
            var pension: [UUID: [PointsEvidence.PensionMonth]] = [:]
            for record in all {
                switch record {
                case .pension(let id, let month): pension[id, default: []].append(month)
                case .property(let id, let p): try await points.record(p, residentID: id, on: db)
                case .lease(let id, let l): try await points.record(l, residentID: id, on: db)
                case .credit(let id, let c): try await points.record(c, residentID: id, on: db)
                case .listing(let id, let kind, let l): try await points.record(kind, l, residentID: id, on: db)
                }
            }
            for (id, months) in pension { try await points.recordPension(months, residentID: id, on: db) }
            try await AuditChain.append(AuditEvent(actor: .system("import"), action: "points.records-imported", subject: "points-records:\(kind)", purpose: "agency records import",
                                                   detail: ["records": "\(all.count)", "residents": "\(residentCount)"]), at: Date(), on: db)
        }
        return (records.count, [])
    }
}
