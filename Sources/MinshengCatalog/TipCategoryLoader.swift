import Foundation
import MinshengCore

extension CatalogLoader {
    struct TipCategoriesFile: Decodable { var categories: [TipCategory] }

    /// Loads `tips/categories.yaml` (the crime-report categories and their reward bands), every problem as `file: reason`.
    public static func loadTipCategories(directory: String) -> Result<TipCategoryCatalog, CatalogError> {
        let display = "tips/categories.yaml"
        switch decode(TipCategoriesFile.self, file: URL(fileURLWithPath: directory).appendingPathComponent("categories.yaml"), display: display) {
        case .success(let file):
            let problems = TipCategoryCatalog.validate(file.categories).map { CatalogProblem(file: display, reason: $0) }
            guard problems.isEmpty else { return .failure(CatalogError(problems: problems)) }
            return .success(TipCategoryCatalog(categories: file.categories))
        case .failure(let problem): return .failure(CatalogError(problems: [problem]))
        }
    }
}
