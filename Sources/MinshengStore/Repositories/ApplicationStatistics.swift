import FluentKit
import FluentSQL
import Foundation
import MinshengCore

/// Figures for officers and admins: applications by service, state and channel, the online share, processing time in
/// working days, what is overdue, and how many materials citizens did not have to provide.
public struct ApplicationStatistics: Sendable, Codable {
    public struct Count: Sendable, Codable, Hashable {
        public var service: String
        public var state: String
        public var channel: String
        public var count: Int
    }

    public var counts: [Count]
    public var total: Int
    public var online: Int
    public var overdue: Int
    public var completed: Int
    /// Mean working days from submission to completion over the most recent completed applications.
    public var averageWorkingDays: Double?
    /// Materials attached from the registry or e-certificates instead of being provided by the citizen.
    public var materialsSaved: Int

    /// Gathers the figures, for one unit or (nil) all.
    public static func gather(unitCode: String?, today: CivilDate, cipher: FieldCipher, on database: any Database) async throws -> ApplicationStatistics {
        let sql = database as! any SQLDatabase
        var grouped = sql.select().columns("service_code", "state", "channel").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(ApplicationRow.schema)
        if let unitCode { grouped = grouped.where("unit_code", .equal, unitCode) }
        let rows = try await grouped.groupBy("service_code").groupBy("state").groupBy("channel").all()
        let counts = try rows.map {
            Count(service: try $0.decode(column: "service_code", as: String.self), state: try $0.decode(column: "state", as: String.self),
                  channel: try $0.decode(column: "channel", as: String.self), count: try $0.decode(column: "n", as: Int.self))
        }
        var overdueQuery = ApplicationRow.query(on: database)
            .filter(\.$state ~~ [ApplicationState.accepted.rawValue, ApplicationState.underReview.rawValue])
            .filter(\.$dueDate != "").filter(\.$dueDate < today.description)
        if let unitCode { overdueQuery = overdueQuery.filter(\.$unitCode == unitCode) }
        let overdue = try await overdueQuery.count()

        var saved = 0
        var materials = ApplicationRow.query(on: database).field(\.$id).field(\.$materials)
        if let unitCode { materials = materials.filter(\.$unitCode == unitCode) }
        for row in try await materials.all() {
            let attached = (try? JSONDecoder().decode([AttachedMaterial].self, from: Data(row.materials.utf8))) ?? []
            saved += attached.filter { $0.source == .registry || $0.source == .eCertificate }.count
        }

        var completedQuery = ApplicationRow.query(on: database).filter(\.$state == ApplicationState.completed.rawValue)
        if let unitCode { completedQuery = completedQuery.filter(\.$unitCode == unitCode) }
        var days: [Int] = []
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        for row in try await completedQuery.sort(\.$updatedAt, .descending).limit(5000).all() {
            guard let record = try? decoder.decode(ApplicationRecord.self, from: try cipher.open(row.record)),
                  let submitted = record.submittedAt, let done = record.events.last?.at else { continue }
            days.append(WorkingDayCalendar.china.workingDays(from: .today(now: submitted), to: .today(now: done)))
        }
        let total = counts.reduce(0) { $0 + $1.count }
        return ApplicationStatistics(
            counts: counts, total: total, online: counts.filter { $0.channel != ServiceChannel.counter.rawValue }.reduce(0) { $0 + $1.count },
            overdue: overdue, completed: counts.filter { $0.state == ApplicationState.completed.rawValue }.reduce(0) { $0 + $1.count },
            averageWorkingDays: days.isEmpty ? nil : Double(days.reduce(0, +)) / Double(days.count), materialsSaved: saved
        )
    }
}
