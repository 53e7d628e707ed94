/// Every service the platform lists, validated, with lookups and search.
public struct ServiceCatalog: Sendable {
    public let services: [ServiceDefinition]
    public let departments: [DepartmentInfo]
    private let byCode: [String: ServiceDefinition]

    public init(services: [ServiceDefinition], departments: [DepartmentInfo]) {
        self.services = services.sorted { $0.code.localizedStandardCompare($1.code) == .orderedAscending }
        self.departments = departments
        byCode = Dictionary(services.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func service(code: String) -> ServiceDefinition? { byCode[code] }

    public func services(in department: Department) -> [ServiceDefinition] {
        services.filter { $0.department == department }
    }

    /// Categories of a department in the order their first service appears.
    public func categories(in department: Department) -> [String] {
        var seen: [String] = []
        for service in services(in: department) where !seen.contains(service.category) { seen.append(service.category) }
        return seen
    }

    /// Services whose code, names, summary or materials contain every word of the query, in Chinese or English,
    /// best matches (name hits) first.
    public func search(_ query: String) -> [ServiceDefinition] {
        let words = query.lowercased().split(whereSeparator: { $0 == " " || $0 == "　" }).map(String.init)
        guard !words.isEmpty else { return [] }
        var scored: [(Int, ServiceDefinition)] = []
        for service in services {
            let names = [service.code, service.name.zh, service.name.en].joined(separator: " ").lowercased()
            let rest = ([service.summary.zh, service.summary.en, service.category] + service.materials.flatMap { [$0.name.zh, $0.name.en] })
                .joined(separator: " ").lowercased()
            var score = 0
            var all = true
            for word in words {
                if names.contains(word) { score += 10 } else if rest.contains(word) { score += 1 } else { all = false; break }
            }
            if all { scored.append((score, service)) }
        }
        return scored.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1.code.localizedStandardCompare($1.1.code) == .orderedAscending }.map(\.1)
    }
}

import Foundation
