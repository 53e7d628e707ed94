import MinshengCore
import MinshengStore
import Vapor

/// The points batch as the CLI (and cron) runs it.
public enum PointsJobs {
    public static func runBatch(_ app: Application, year: Int, today: CivilDate = CivilDate.today()) async throws -> PointsBatch {
        try await app.services.points.runBatch(year: year, actor: .system("points-batch"), today: today, on: app.db)
    }

    public static func finalize(_ app: Application, year: Int, today: CivilDate = CivilDate.today()) async throws -> [String] {
        guard let settlement = app.services.catalog.service(code: "HZ-34") else { throw PointsError.notFound }
        return try await app.services.points.finalize(year: year, settlement: settlement, actor: .system("points-batch"), today: today, on: app.db)
    }
}
