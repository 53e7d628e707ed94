import Foundation
import MinshengCore

extension CatalogLoader {
    /// Loads `certificate/no-criminal-record.yaml` and checks it against the catalog's service, every problem as `file: reason`.
    public static func loadNoCriminalRecordPolicy(directory: String, catalog: ServiceCatalog) -> Result<NoCriminalRecordPolicy, CatalogError> {
        let display = "certificate/no-criminal-record.yaml"
        switch decode(NoCriminalRecordPolicy.self, file: URL(fileURLWithPath: directory).appendingPathComponent("no-criminal-record.yaml"), display: display) {
        case .success(let policy):
            let service = catalog.service(code: policy.service)
            var reasons = NoCriminalRecordPolicy.validate(policy, normalTimeLimit: service?.timeLimit)
            if let service, !service.outputs.contains(where: { $0.kind == .noCriminalRecord }) {
                reasons.append("service \(policy.service) must list the output noCriminalRecord")
            }
            guard reasons.isEmpty else { return .failure(CatalogError(problems: reasons.map { CatalogProblem(file: display, reason: $0) })) }
            return .success(policy)
        case .failure(let problem): return .failure(CatalogError(problems: [problem]))
        }
    }
}
