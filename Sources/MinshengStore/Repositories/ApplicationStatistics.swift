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
    /// Mean working days from submission to completion over the completed applications.
    public var averageWorkingDays: Double?
    /// Materials attached from the registry or e-certificates, or reused from the vault, instead of being provided again.
    public var materialsSaved: Int

    /// Gathers the figures, for one unit or (nil) all.
    public static func gather(unitCode: String?, today: CivilDate, on database: any Database) async throws -> ApplicationStatistics {
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

        var figures = sql.select()
            // SUM of a BIGINT is NUMERIC on PostgreSQL: cast back to a whole number.
            .column(SQLRaw("CAST(COALESCE(SUM(materials_saved), 0) AS BIGINT)"), as: "saved")
            .column(SQLFunction("AVG", args: SQLRaw("CAST(working_days AS DOUBLE PRECISION)")), as: "days")
            .from(ApplicationRow.schema)
        if let unitCode { figures = figures.where("unit_code", .equal, unitCode) }
        let figureRow = try await figures.first()
        let saved = try figureRow?.decode(column: "saved", as: Int.self) ?? 0
        let average = try figureRow?.decode(column: "days", as: Double?.self)
        let total = counts.reduce(0) { $0 + $1.count }
        return ApplicationStatistics(
            counts: counts, total: total, online: counts.filter { $0.channel != ServiceChannel.counter.rawValue }.reduce(0) { $0 + $1.count },
            overdue: overdue, completed: counts.filter { $0.state == ApplicationState.completed.rawValue }.reduce(0) { $0 + $1.count },
            averageWorkingDays: average, materialsSaved: saved
        )
    }
}
