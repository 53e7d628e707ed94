import MinshengCore
import MinshengStore
import Vapor

/// Statistics for officers (their unit) and admins (everything): `/officer/statistics` and its API.
struct StatisticsPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("officer", "statistics", use: page)
        routes.get("api", "v1", "officer", "statistics", use: api)
    }

    static func gather(_ req: Request) async throws -> (ApplicationStatistics, Officer) {
        let officer = try await req.requireOfficer()
        let unit = officer.roles.contains(.admin) ? nil : officer.unit.code
        return (try await ApplicationStatistics.gather(unitCode: unit, today: .today(), on: req.db), officer)
    }

    func api(req: Request) async throws -> Response {
        try jsonResponse(try await Self.gather(req).0)
    }

    struct Bar: Encodable, Sendable {
        var label: String
        var count: Int
        var y: Int
        var textY: Int
        var width: Int
        var textX: Int
    }

    struct Body: Encodable, Sendable {
        var total: Int
        var onlineShare: String
        var overdue: Int
        var completed: Int
        var averageDays: String
        var materialsSaved: Int
        var stateBars: [Bar]
        var serviceBars: [Bar]
        var stateHeight: Int
        var serviceHeight: Int
    }

    /// Horizontal bars, 28 px apart, scaled to 300 px for the largest.
    static func bars(_ items: [(String, Int)]) -> [Bar] {
        let top = max(1, items.map(\.1).max() ?? 1)
        return items.enumerated().map { index, item in
            let width = max(2, item.1 * 300 / top)
            return Bar(label: item.0, count: item.1, y: index * 28 + 4, textY: index * 28 + 20, width: width, textX: 150 + width + 6)
        }
    }

    func page(req: Request) async throws -> Response {
        let (stats, _) = try await Self.gather(req)
        let zh = req.language == .zh
        var byState: [String: Int] = [:]
        var byService: [String: Int] = [:]
        for count in stats.counts {
            byState[count.state, default: 0] += count.count
            byService[count.service, default: 0] += count.count
        }
        let states = ApplicationState.allCases.compactMap { state in byState[state.rawValue].map { (zh ? state.nameZh : state.nameEn, $0) } }
        let services = byService.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(10).map { code, n in
            (req.services.catalog.service(code: code).map { "\(code) \(zh ? $0.name.zh : $0.name.en)" } ?? code, n)
        }
        let body = Body(
            total: stats.total, onlineShare: stats.total == 0 ? "—" : String(format: "%.0f%%", Double(stats.online) * 100 / Double(stats.total)),
            overdue: stats.overdue, completed: stats.completed,
            averageDays: stats.averageWorkingDays.map { String(format: "%.1f", $0) } ?? "—", materialsSaved: stats.materialsSaved,
            stateBars: Self.bars(states), serviceBars: Self.bars(Array(services)),
            stateHeight: max(1, states.count) * 28 + 8, serviceHeight: max(1, services.count) * 28 + 8
        )
        return try await req.page("statistics", titleKey: "statistics_title", body: body)
    }
}
