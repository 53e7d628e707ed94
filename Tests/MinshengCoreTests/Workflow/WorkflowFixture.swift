import Foundation
import Testing

@testable import MinshengCore

/// Named values and a stepping helper shared by the workflow tests.
enum WorkflowFixture {
    static let applicant = Principal.citizen(UUID(uuidString: "6F1A2B3C-0000-4000-8000-000000000001")!)
    static let otherCitizen = Principal.citizen(UUID(uuidString: "6F1A2B3C-0000-4000-8000-000000000002")!)
    static let calendar = WorkingDayCalendar.china

    static func date(_ iso: String) -> CivilDate {
        CivilDate(iso: iso)!
    }

    /// `hour` o'clock Beijing time on `iso`.
    static func time(_ iso: String, hour: Int) -> Date {
        Date(timeIntervalSince1970: Double(date(iso).dayNumber * 86_400 + (hour - 8) * 3_600))
    }

    /// A valid action of each kind, carrying what it needs.
    static func sample(_ kind: ActionKind) -> ApplicationAction {
        switch kind {
        case .submit: .submit
        case .withdraw: .withdraw
        case .supplement: .supplement
        case .accept: .accept
        case .requestSupplement: .requestSupplement(items: ["户口簿首页"])
        case .notAccept: .notAccept(reason: "不属于本机关职权范围")
        case .startReview: .startReview
        case .forwardForApproval: .forwardForApproval
        case .approve: .approve(comment: "同意")
        case .refuse: .refuse(reason: "不符合投靠落户条件")
        case .complete: .complete
        }
    }

    /// Applies `action` on `iso` at 10:00, failing the test on refusal.
    static func step(
        _ record: ApplicationRecord, _ action: ApplicationAction, by actor: WorkflowActor, on iso: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ApplicationRecord {
        let result = Workflow.apply(action, by: actor, to: record, at: time(iso, hour: 10), today: date(iso), calendar: calendar)
        if case .failure(let error) = result {
            Issue.record("\(action.kind) by \(actor.principal) refused: \(error.reasonEn)", sourceLocation: sourceLocation)
        }
        return try result.get()
    }

    /// The error `action` meets on `record`, or nil when it succeeds.
    static func refusal(
        _ record: ApplicationRecord, _ action: ApplicationAction, by actor: WorkflowActor, on iso: String = "2024-09-20"
    ) -> WorkflowError? {
        switch Workflow.apply(action, by: actor, to: record, at: time(iso, hour: 10), today: date(iso), calendar: calendar) {
        case .success: nil
        case .failure(let error): error
        }
    }
}
