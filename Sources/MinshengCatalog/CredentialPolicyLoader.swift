import Foundation
import MinshengCore

/// The certificate policies in `Resources/credentials/`: purposes and reminder windows, validated like the catalog.
public struct CredentialPolicies: Sendable {
    public let purposes: PurposeCatalog
    public let reminders: ReminderPolicy
}

extension CatalogLoader {
    struct PurposesFile: Decodable { var purposes: [Purpose] }

    /// Loads `purposes.yaml` and `reminders.yaml` from `directory`, with every problem as `file: reason`.
    public static func loadCredentialPolicies(directory: String) -> Result<CredentialPolicies, CatalogError> {
        let root = URL(fileURLWithPath: directory)
        var problems: [CatalogProblem] = []
        var purposes: [Purpose] = []
        var reminders = ReminderPolicy(rules: [])
        switch decode(PurposesFile.self, file: root.appendingPathComponent("purposes.yaml"), display: "credentials/purposes.yaml") {
        case .success(let file):
            purposes = file.purposes
            problems += PurposeCatalog.validate(file.purposes).map { CatalogProblem(file: "credentials/purposes.yaml", reason: $0) }
        case .failure(let problem): problems.append(problem)
        }
        switch decode(ReminderPolicy.self, file: root.appendingPathComponent("reminders.yaml"), display: "credentials/reminders.yaml") {
        case .success(let policy):
            reminders = policy
            problems += ReminderPolicy.validate(policy).map { CatalogProblem(file: "credentials/reminders.yaml", reason: $0) }
        case .failure(let problem): problems.append(problem)
        }
        guard problems.isEmpty else { return .failure(CatalogError(problems: problems)) }
        return .success(CredentialPolicies(purposes: PurposeCatalog(purposes: purposes), reminders: reminders))
    }
}
