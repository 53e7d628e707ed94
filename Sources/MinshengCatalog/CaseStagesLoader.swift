import Foundation
import MinshengCore

extension CatalogLoader {
    struct CaseStagesFile: Decodable { var stages: [CaseStageRule] }

    /// Loads `cases/stages.yaml` (a case's stages, what follows each, what parties are told), every problem as `file: reason`.
    public static func loadCaseStages(directory: String) -> Result<CaseStages, CatalogError> {
        let display = "cases/stages.yaml"
        switch decode(CaseStagesFile.self, file: URL(fileURLWithPath: directory).appendingPathComponent("stages.yaml"), display: display) {
        case .success(let file):
            let problems = CaseStages.validate(file.stages).map { CatalogProblem(file: display, reason: $0) }
            guard problems.isEmpty else { return .failure(CatalogError(problems: problems)) }
            return .success(CaseStages(rules: file.stages))
        case .failure(let problem): return .failure(CatalogError(problems: [problem]))
        }
    }
}
