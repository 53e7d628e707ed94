@testable import MinshengCore

/// The three step presets, as test arguments.
enum WorkflowPreset: String, CaseIterable, Sendable, CustomStringConvertible {
    case full, intakeAndApproval, intakeOnly

    var steps: WorkflowSteps {
        switch self {
        case .full: .full
        case .intakeAndApproval: .intakeAndApproval
        case .intakeOnly: .intakeOnly
        }
    }

    var description: String { rawValue }
}
