import Foundation
import Testing

@testable import MinshengCore

/// Each preset from draft to completed, and the other endings.
@Suite struct WorkflowHappyPathTests {
    let applicant = WorkflowWho.applicant.actor
    let intake = WorkflowWho.intake.actor
    let reviewer = WorkflowWho.reviewer.actor
    let approver = WorkflowWho.approver.actor
    let system = WorkflowWho.system.actor

    private func step(_ record: ApplicationRecord, _ action: ApplicationAction, by actor: WorkflowActor, on iso: String) throws -> ApplicationRecord {
        try WorkflowFixture.step(record, action, by: actor, on: iso)
    }

    private func offered(_ record: ApplicationRecord, to actor: WorkflowActor) -> [ActionKind] {
        Workflow.availableActions(for: record, actor: actor)
    }

    @Test func fullIntakeReviewApproval() throws {
        var record = ApplicationRecord(applicant: WorkflowFixture.applicant, steps: .full, timeLimit: 20)
        #expect(offered(record, to: applicant) == [.submit, .withdraw])
        record = try step(record, .submit, by: applicant, on: "2024-09-02")
        #expect(record.submittedAt == WorkflowFixture.time("2024-09-02", hour: 10))
        #expect(offered(record, to: intake) == [.accept, .requestSupplement, .notAccept])
        #expect(offered(record, to: reviewer).isEmpty)

        record = try step(record, .accept, by: intake, on: "2024-09-03")
        #expect(record.acceptedOn == WorkflowFixture.date("2024-09-03"))
        // Twenty working days: Saturday 14 September and Sunday 29 September worked, Mid-Autumn and National Day off.
        #expect(record.dueDate == WorkflowFixture.date("2024-10-08"))
        #expect(offered(record, to: reviewer) == [.startReview])
        #expect(offered(record, to: approver).isEmpty)

        record = try step(record, .startReview, by: reviewer, on: "2024-09-05")
        #expect(offered(record, to: reviewer) == [.requestSupplement, .forwardForApproval])
        #expect(offered(record, to: approver).isEmpty)

        record = try step(record, .forwardForApproval, by: reviewer, on: "2024-09-10")
        #expect(record.state == .underReview && record.reviewed)
        #expect(offered(record, to: reviewer).isEmpty)
        #expect(offered(record, to: approver) == [.approve, .refuse])

        record = try step(record, .approve(comment: " 同意迁入 "), by: approver, on: "2024-09-12")
        #expect(offered(record, to: system) == [.complete])
        #expect(!record.isOverdue(today: WorkflowFixture.date("2024-12-31")))

        record = try step(record, .complete, by: system, on: "2024-09-12")
        #expect(record.state == .completed)
        #expect(record.events.map(\.action) == [.submit, .accept, .startReview, .forwardForApproval, .approve, .complete])
        #expect(record.events.map(\.to) == [.submitted, .accepted, .underReview, .underReview, .approved, .completed])
        #expect(record.events.map(\.from) == [.draft, .submitted, .accepted, .underReview, .underReview, .approved])
        #expect(record.events[4].comment == "同意迁入")
        #expect(record.events.map(\.actor) == [applicant, intake, reviewer, reviewer, approver, system].map(\.principal))
        for who in WorkflowWho.allCases {
            #expect(offered(record, to: who.actor).isEmpty)
        }
    }

    @Test func intakeThenApproval() throws {
        var record = ApplicationRecord(applicant: WorkflowFixture.applicant, steps: .intakeAndApproval, timeLimit: 5)
        record = try step(record, .submit, by: applicant, on: "2024-09-26")
        record = try step(record, .accept, by: intake, on: "2024-09-26")
        // Friday 27, Sunday 29 (worked), Monday 30, then Tuesday 8 and Wednesday 9 October.
        #expect(record.dueDate == WorkflowFixture.date("2024-10-09"))
        #expect(offered(record, to: intake) == [.requestSupplement])
        #expect(offered(record, to: reviewer).isEmpty)
        #expect(offered(record, to: approver) == [.approve, .refuse])
        record = try step(record, .approve(comment: nil), by: approver, on: "2024-10-08")
        record = try step(record, .complete, by: system, on: "2024-10-08")
        #expect(record.events.map(\.action) == [.submit, .accept, .approve, .complete])
        #expect(record.events.map(\.to) == [.submitted, .accepted, .approved, .completed])
        #expect(record.events[2].comment == nil)
    }

    @Test func intakeOnlySameDay() throws {
        var record = ApplicationRecord(applicant: WorkflowFixture.applicant, steps: .intakeOnly, timeLimit: 0)
        record = try step(record, .submit, by: applicant, on: "2024-09-30")
        record = try step(record, .accept, by: intake, on: "2024-09-30")
        #expect(record.dueDate == WorkflowFixture.date("2024-09-30"))
        #expect(record.workingDaysLeft(today: WorkflowFixture.date("2024-09-30"), calendar: WorkflowFixture.calendar) == 0)
        #expect(offered(record, to: intake) == [.requestSupplement, .approve, .refuse])
        #expect(offered(record, to: approver).isEmpty)
        record = try step(record, .approve(comment: "当场办结"), by: intake, on: "2024-09-30")
        record = try step(record, .complete, by: system, on: "2024-09-30")
        #expect(record.events.map(\.action) == [.submit, .accept, .approve, .complete])
        #expect(record.events.map(\.actor) == [applicant, intake, intake, system].map(\.principal))
    }

    @Test func sameDayLimitAcceptedOnAHolidayIsDueThatDay() throws {
        var record = ApplicationRecord(applicant: WorkflowFixture.applicant, steps: .intakeOnly, timeLimit: 0)
        record = try step(record, .submit, by: applicant, on: "2024-10-02")
        record = try step(record, .accept, by: intake, on: "2024-10-02")
        #expect(record.dueDate == WorkflowFixture.date("2024-10-02"))
    }

    @Test func refusedAfterReviewIsFinal() throws {
        var record = ApplicationRecord(applicant: WorkflowFixture.applicant, steps: .full, timeLimit: 20)
        record = try step(record, .submit, by: applicant, on: "2024-09-02")
        record = try step(record, .accept, by: intake, on: "2024-09-02")
        record = try step(record, .startReview, by: reviewer, on: "2024-09-03")
        record = try step(record, .forwardForApproval, by: reviewer, on: "2024-09-04")
        record = try step(record, .refuse(reason: "不符合投靠落户条件"), by: approver, on: "2024-09-05")
        #expect(record.state == .refused && record.state.isFinal)
        #expect(record.events.last?.comment == "不符合投靠落户条件")
        #expect(WorkflowFixture.refusal(record, .complete, by: system) == .notAllowed(state: .refused, action: .complete))
        #expect(WorkflowFixture.refusal(record, .withdraw, by: applicant) == .notAllowed(state: .refused, action: .withdraw))
    }

    @Test func notAcceptedAtIntakeIsFinal() throws {
        var record = ApplicationRecord(applicant: WorkflowFixture.applicant, steps: .full, timeLimit: 20)
        record = try step(record, .submit, by: applicant, on: "2024-09-02")
        record = try step(record, .notAccept(reason: "不属于本机关职权范围"), by: intake, on: "2024-09-03")
        #expect(record.state == .notAccepted)
        #expect(record.acceptedOn == nil && record.dueDate == nil)
        #expect(record.events.last?.comment == "不属于本机关职权范围")
    }

    @Test func applicantWithdrawsAtEveryStageBeforeADecision() throws {
        var record = ApplicationRecord(applicant: WorkflowFixture.applicant, steps: .full, timeLimit: 20)
        var stages: [ApplicationRecord] = [record]
        record = try step(record, .submit, by: applicant, on: "2024-09-02")
        stages.append(record)
        record = try step(record, .accept, by: intake, on: "2024-09-02")
        stages.append(record)
        stages.append(try step(record, .requestSupplement(items: ["户口簿"]), by: intake, on: "2024-09-03"))
        record = try step(record, .startReview, by: reviewer, on: "2024-09-03")
        stages.append(record)
        record = try step(record, .forwardForApproval, by: reviewer, on: "2024-09-04")
        stages.append(record)
        #expect(stages.map(\.state) == [.draft, .submitted, .accepted, .needsSupplement, .underReview, .underReview])
        for stage in stages {
            let withdrawn = try step(stage, .withdraw, by: applicant, on: "2024-09-05")
            #expect(withdrawn.state == .withdrawn)
            #expect(withdrawn.pausedSince == nil && withdrawn.supplementItems.isEmpty && withdrawn.resumeState == nil)
            #expect(withdrawn.events.last?.from == stage.state)
            #expect(!withdrawn.isOverdue(today: WorkflowFixture.date("2025-01-01")))
        }
        record = try step(record, .approve(comment: nil), by: approver, on: "2024-09-05")
        #expect(WorkflowFixture.refusal(record, .withdraw, by: applicant) == .notAllowed(state: .approved, action: .withdraw))
    }
}
