import Foundation
import MinshengCore

extension CatalogLoader {
    /// Loads every `YEAR.yaml` in `directory` (the points policies), with every problem as `file:line: reason`.
    public static func loadPointsPolicies(directory: String) -> Result<PointsPolicies, CatalogError> {
        let root = URL(fileURLWithPath: directory)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        var problems: [CatalogProblem] = []
        var policies: [PointsPolicy] = []
        if names.isEmpty { problems.append(CatalogProblem(file: "points/", reason: "no policy file (YEAR.yaml) found")) }
        for name in names {
            let display = "points/\(name)"
            switch decode(PointsPolicy.self, file: root.appendingPathComponent(name), display: display) {
            case .success(let policy):
                if name != "\(policy.year).yaml" { problems.append(CatalogProblem(file: display, reason: "the file of year \(policy.year) must be named \(policy.year).yaml")) }
                problems += PointsPolicy.validate(policy).map { CatalogProblem(file: display, reason: $0) }
                policies.append(policy)
            case .failure(let problem): problems.append(problem)
            }
        }
        problems += PointsPolicies.validate(policies).map { CatalogProblem(file: "points/", reason: $0) }
        guard problems.isEmpty else { return .failure(CatalogError(problems: problems)) }
        return .success(PointsPolicies(policies))
    }
}
