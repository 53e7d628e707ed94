import MinshengCore
import MinshengStore
import Vapor

/// Statistics for officers (their unit) and admins (everything): `/officer/statistics` and its API.
struct StatisticsPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("officer", "statistics", use: page)
        routes.get("api", "v1", "officer", "statistics", use: api)
        routes.get("api", "v1", "officer", "statistics", "operations", use: operationsAPI)
    }

    /// The other services' figures: crime reports by category and outcome, rewards paid, no-criminal-record
    /// certificates issued by purpose, cases by stage.
    struct Operations: Content {
        struct TipLine: Content {
            var category: String
            var name: LocalizedText
            var open: Int
            var substantiated: Int
            var unsubstantiated: Int
            var transferred: Int
            var total: Int
        }
        var tips: [TipLine]
        var rewardsPaid: Int
        var rewardsPaidYuan: Int
        var certificatesIssued: Int
        var certificatesByPurpose: [String: Int]
        var casesByStage: [String: Int]
    }

    static func operations(_ req: Request) async throws -> Operations {
        _ = try await req.requireOfficer()
        let tips = try await TipDesk.statistics(on: req.db)
        let lines = req.services.tipCategories.categories.map { c -> Operations.TipLine in
            let counts = tips.byCategory[c.id] ?? [:]
            func sum(_ states: [TipState]) -> Int { states.reduce(0) { $0 + (counts[$1] ?? 0) } }
            return .init(category: c.id, name: c.name, open: sum([.received, .assigned, .verifying]),
                         substantiated: sum([.substantiated, .rewardAssessed, .rewardClaimable, .paid]), unsubstantiated: sum([.unsubstantiated]),
                         transferred: sum([.transferred]), total: counts.values.reduce(0, +))
        }
        let purposes = try await NoCriminalRecordDesk(cipher: req.services.cipher, policy: req.services.noCriminalRecord).issuedByPurpose(on: req.db)
        let cases = try await CaseController.desk(req).countsByStage(on: req.db)
        return Operations(tips: lines, rewardsPaid: tips.paidCount, rewardsPaidYuan: tips.paidYuan, certificatesIssued: purposes.values.reduce(0, +),
                          certificatesByPurpose: purposes, casesByStage: Dictionary(uniqueKeysWithValues: cases.map { ($0.key.rawValue, $0.value) }))
    }

    func operationsAPI(req: Request) async throws -> Operations { try await Self.operations(req) }

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
        var tips: [TipRow]
        var rewardsPaid: Int
        var rewardsPaidYuan: Int
        var certificatesIssued: Int
        var certificateRows: [Pair]
        var caseRows: [Pair]
    }

    struct TipRow: Encodable, Sendable {
        var name: String
        var open: Int
        var substantiated: Int
        var unsubstantiated: Int
        var transferred: Int
        var total: Int
    }

    struct Pair: Encodable, Sendable {
        var label: String
        var count: Int
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
        let lang = req.language.rawValue
        let operations = try await Self.operations(req)
        let purposeOptions = req.services.catalog.service(code: req.services.noCriminalRecord.service)?.form.first { $0.name == "purpose" }?.options ?? []
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
            stateHeight: max(1, states.count) * 28 + 8, serviceHeight: max(1, services.count) * 28 + 8,
            tips: operations.tips.map { TipRow(name: $0.name.text(lang), open: $0.open, substantiated: $0.substantiated, unsubstantiated: $0.unsubstantiated,
                                               transferred: $0.transferred, total: $0.total) },
            rewardsPaid: operations.rewardsPaid, rewardsPaidYuan: operations.rewardsPaidYuan, certificatesIssued: operations.certificatesIssued,
            certificateRows: purposeOptions.compactMap { option in operations.certificatesByPurpose[option.value].map { Pair(label: option.label.text(lang), count: $0) } },
            caseRows: req.services.caseStages.rules.compactMap { rule in operations.casesByStage[rule.stage.rawValue].map { Pair(label: rule.name.text(lang), count: $0) } }
        )
        return try await req.page("statistics", titleKey: "statistics_title", body: body)
    }
}
