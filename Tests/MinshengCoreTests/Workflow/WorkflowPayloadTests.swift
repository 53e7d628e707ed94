import Foundation
import Testing

@testable import MinshengCore

/// Reasons, supplement lists and what each event records.
@Suite struct WorkflowPayloadTests {
    let intake = WorkflowWho.intake.actor
    let approver = WorkflowWho.approver.actor

    @Test(arguments: ["", "   ", "\n\t "])
    func notAcceptNeedsAReason(reason: String) {
        let record = WorkflowSituation.submitted.record(steps: .full)
        #expect(WorkflowFixture.refusal(record, .notAccept(reason: reason), by: intake) == .missingReason)
    }

    @Test(arguments: ["", "   ", "\n\t "])
    func refuseNeedsAReason(reason: String) {
        let reviewed = WorkflowSituation.underReviewReviewed.record(steps: .full)
        #expect(WorkflowFixture.refusal(reviewed, .refuse(reason: reason), by: approver) == .missingReason)
        let accepted = WorkflowSituation.accepted.record(steps: .intakeOnly)
        #expect(WorkflowFixture.refusal(accepted, .refuse(reason: reason), by: intake) == .missingReason)
    }

    @Test(arguments: [[], [""], ["  ", "\n"]])
    func supplementRequestNeedsAnItem(items: [String]) {
        let record = WorkflowSituation.accepted.record(steps: .full)
        #expect(WorkflowFixture.refusal(record, .requestSupplement(items: items), by: intake) == .emptySupplementList)
    }

    @Test func stateAndRoleAreCheckedBeforeWhatTheActionCarries() {
        let draft = WorkflowSituation.draft.record(steps: .full)
        #expect(WorkflowFixture.refusal(draft, .notAccept(reason: ""), by: intake) == .notAllowed(state: .draft, action: .notAccept))
        let submitted = WorkflowSituation.submitted.record(steps: .full)
        #expect(WorkflowFixture.refusal(submitted, .notAccept(reason: ""), by: approver) == .wrongRole(action: .notAccept))
        #expect(WorkflowFixture.refusal(submitted, .requestSupplement(items: []), by: WorkflowWho.otherCitizen.actor) == .wrongRole(action: .requestSupplement))
        let underReview = WorkflowSituation.underReview.record(steps: .full)
        #expect(WorkflowFixture.refusal(underReview, .refuse(reason: ""), by: approver) == .notReviewed)
    }

    @Test func reasonsAndItemsAreTrimmedAndRecorded() throws {
        let submitted = WorkflowSituation.submitted.record(steps: .full)
        let notAccepted = try WorkflowFixture.step(submitted, .notAccept(reason: "  材料系伪造\n"), by: intake, on: "2024-09-03")
        #expect(notAccepted.events.last?.comment == "材料系伪造")
        #expect(notAccepted.events.last?.items == [])

        let asked = try WorkflowFixture.step(
            submitted, .requestSupplement(items: [" 户口簿首页 ", "户口簿首页", "", "结婚证", "  "]), by: intake, on: "2024-09-03"
        )
        #expect(asked.supplementItems == ["户口簿首页", "结婚证"])
        #expect(asked.events.last?.items == ["户口簿首页", "结婚证"])
        #expect(asked.events.last?.comment == nil)

        let reviewed = WorkflowSituation.underReviewReviewed.record(steps: .full)
        let silent = try WorkflowFixture.step(reviewed, .approve(comment: "   "), by: approver, on: "2024-09-20")
        #expect(silent.events.last?.comment == nil)
        let refused = try WorkflowFixture.step(reviewed, .refuse(reason: " 不符合条件 "), by: approver, on: "2024-09-20")
        #expect(refused.events.last?.comment == "不符合条件")
    }

    @Test func eachEventCarriesActorTimeStatesActionCommentAndItems() throws {
        let reviewer = WorkflowWho.reviewer.actor
        var record = WorkflowSituation.accepted.record(steps: .full)
        let start = WorkflowFixture.time("2024-09-05", hour: 14)
        record = try Workflow.apply(
            .startReview, by: reviewer, to: record, at: start, today: WorkflowFixture.date("2024-09-05"), calendar: WorkflowFixture.calendar
        ).get()
        #expect(record.events == [WorkflowEvent(actor: .officer("110002"), at: start, from: .accepted, to: .underReview, action: .startReview)])

        let ask = WorkflowFixture.time("2024-09-06", hour: 9)
        record = try Workflow.apply(
            .requestSupplement(items: ["亲属关系证明"]), by: reviewer, to: record, at: ask,
            today: WorkflowFixture.date("2024-09-06"), calendar: WorkflowFixture.calendar
        ).get()
        #expect(record.events.last == WorkflowEvent(
            actor: .officer("110002"), at: ask, from: .underReview, to: .needsSupplement, action: .requestSupplement, items: ["亲属关系证明"]
        ))

        record = try WorkflowFixture.step(record, .supplement, by: WorkflowWho.applicant.actor, on: "2024-09-09")
        record = try WorkflowFixture.step(record, .forwardForApproval, by: reviewer, on: "2024-09-10")
        // Forwarding changes no state, only the review flag; it is still one event.
        #expect(record.reviewed)
        #expect(record.events.last == WorkflowEvent(
            actor: .officer("110002"), at: WorkflowFixture.time("2024-09-10", hour: 10), from: .underReview, to: .underReview,
            action: .forwardForApproval
        ))

        let decided = WorkflowFixture.time("2024-09-11", hour: 16)
        record = try Workflow.apply(
            .approve(comment: "准予迁入"), by: approver, to: record, at: decided,
            today: WorkflowFixture.date("2024-09-11"), calendar: WorkflowFixture.calendar
        ).get()
        #expect(record.events.last == WorkflowEvent(
            actor: .officer("110003"), at: decided, from: .underReview, to: .approved, action: .approve, comment: "准予迁入"
        ))
        #expect(record.events.map(\.action) == [.startReview, .requestSupplement, .supplement, .forwardForApproval, .approve])
        #expect(record.events.map(\.at) == record.events.map(\.at).sorted())
    }

    @Test func aRefusedActionLeavesNoTrace() {
        let record = WorkflowSituation.submitted.record(steps: .full)
        let result = Workflow.apply(
            .notAccept(reason: ""), by: intake, to: record, at: WorkflowFixture.time("2024-09-03", hour: 9),
            today: WorkflowFixture.date("2024-09-03"), calendar: WorkflowFixture.calendar
        )
        #expect(result == .failure(.missingReason))
        #expect(record.events.isEmpty && record.state == .submitted)
    }
}
