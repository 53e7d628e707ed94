import Foundation
import Testing

@testable import MinshengCore

/// The due date: set on acceptance, paused for a supplement, late when past.
@Suite struct WorkflowClockTests {
    let applicant = WorkflowWho.applicant.actor
    let intake = WorkflowWho.intake.actor
    let reviewer = WorkflowWho.reviewer.actor
    let calendar = WorkflowFixture.calendar

    private func date(_ iso: String) -> CivilDate { WorkflowFixture.date(iso) }

    private func accepted(on iso: String, steps: WorkflowSteps = .full, timeLimit: Int) throws -> ApplicationRecord {
        let draft = ApplicationRecord(applicant: WorkflowFixture.applicant, steps: steps, timeLimit: timeLimit)
        let submitted = try WorkflowFixture.step(draft, .submit, by: applicant, on: iso)
        return try WorkflowFixture.step(submitted, .accept, by: intake, on: iso)
    }

    @Test func supplementAcrossNationalDay2024MovesTheDueDateByWorkingDaysOnly() throws {
        var record = try accepted(on: "2024-09-26", timeLimit: 10)
        // Friday 27, Sunday 29 (worked), Monday 30, Tuesday 8 … Saturday 12 (worked), Monday 14, Tuesday 15.
        #expect(record.dueDate == date("2024-10-15"))
        #expect(record.workingDaysLeft(today: date("2024-09-27"), calendar: calendar) == 9)

        record = try WorkflowFixture.step(record, .requestSupplement(items: ["结婚证", "户口簿首页"]), by: intake, on: "2024-09-27")
        #expect(record.state == .needsSupplement)
        #expect(record.pausedSince == date("2024-09-27"))
        #expect(record.supplementItems == ["结婚证", "户口簿首页"])
        #expect(record.resumeState == .accepted)
        #expect(record.dueDate == date("2024-10-15"))
        // Paused: never late, and the days left stay as they were on the day of the request.
        #expect(!record.isOverdue(today: date("2024-12-31")))
        #expect(record.workingDaysLeft(today: date("2024-10-09"), calendar: calendar) == 9)
        #expect(record.workingDaysLeft(today: date("2024-12-31"), calendar: calendar) == 9)

        // Supplied on Wednesday 9 October: (27 Sep, 9 Oct] holds the working days 29, 30 Sep, 8, 9 Oct — four,
        // although twelve calendar days passed.
        record = try WorkflowFixture.step(record, .supplement, by: applicant, on: "2024-10-09")
        #expect(record.state == .accepted)
        #expect(record.dueDate == date("2024-10-21"))
        #expect(record.dueDate == calendar.adding(workingDays: 4, to: date("2024-10-15")))
        #expect(record.pausedSince == nil && record.supplementItems.isEmpty && record.resumeState == nil)
        #expect(record.workingDaysLeft(today: date("2024-10-09"), calendar: calendar) == 9)
        #expect(record.acceptedOn == date("2024-09-26"))

        let event = try #require(record.events.last)
        #expect(event.action == .supplement && event.from == .needsSupplement && event.to == .accepted)
        #expect(event.actor == WorkflowFixture.applicant)
        let request = record.events[record.events.count - 2]
        #expect(request.items == ["结婚证", "户口簿首页"])
    }

    @Test func supplementDuringTheHolidayCostsNothingAndTheRequestDayStillCounts() throws {
        let base = try accepted(on: "2024-09-26", timeLimit: 10)
        let paused = try WorkflowFixture.step(base, .requestSupplement(items: ["户口簿"]), by: intake, on: "2024-09-30")
        // Supplied on a holiday: no working day in (30 Sep, 3 Oct].
        let duringHoliday = try WorkflowFixture.step(paused, .supplement, by: applicant, on: "2024-10-03")
        #expect(duringHoliday.dueDate == date("2024-10-15"))
        // Supplied on the first working day after it: one.
        let afterHoliday = try WorkflowFixture.step(paused, .supplement, by: applicant, on: "2024-10-08")
        #expect(afterHoliday.dueDate == date("2024-10-16"))
        // Supplied the same day it was asked for: none.
        let sameDay = try WorkflowFixture.step(paused, .supplement, by: applicant, on: "2024-09-30")
        #expect(sameDay.dueDate == date("2024-10-15"))
    }

    @Test func daysLeftAreTheSameJustBeforeThePauseAndJustAfterTheResume() throws {
        let base = try accepted(on: "2024-09-02", timeLimit: 20)
        let start = date("2024-09-02")
        for pauseOffset in 0..<30 {
            let pauseDay = start.adding(days: pauseOffset)
            let paused = try WorkflowFixture.step(base, .requestSupplement(items: ["户口簿"]), by: intake, on: pauseDay.description)
            let before = base.workingDaysLeft(today: pauseDay, calendar: calendar)
            #expect(paused.workingDaysLeft(today: pauseDay, calendar: calendar) == before)
            for resumeOffset in [0, 1, 3, 7, 15, 40] {
                let resumeDay = pauseDay.adding(days: resumeOffset)
                let resumed = try WorkflowFixture.step(paused, .supplement, by: applicant, on: resumeDay.description)
                #expect(resumed.workingDaysLeft(today: resumeDay, calendar: calendar) == before, "paused \(pauseDay), resumed \(resumeDay)")
            }
        }
    }

    @Test func supplementReturnsToTheStateItCameFrom() throws {
        // Before acceptance: no clock to move; intake looks again.
        let draft = ApplicationRecord(applicant: WorkflowFixture.applicant, steps: .full, timeLimit: 20)
        let submitted = try WorkflowFixture.step(draft, .submit, by: applicant, on: "2024-09-02")
        var record = try WorkflowFixture.step(submitted, .requestSupplement(items: ["户口簿"]), by: intake, on: "2024-09-02")
        #expect(record.resumeState == .submitted)
        record = try WorkflowFixture.step(record, .supplement, by: applicant, on: "2024-09-09")
        #expect(record.state == .submitted && record.dueDate == nil)
        record = try WorkflowFixture.step(record, .accept, by: intake, on: "2024-09-10")
        #expect(record.acceptedOn == date("2024-09-10"))
        #expect(record.dueDate == calendar.adding(workingDays: 20, to: date("2024-09-10")))

        // During review: back into review, not yet reviewed, clock moved.
        record = try WorkflowFixture.step(record, .startReview, by: reviewer, on: "2024-09-11")
        let due = try #require(record.dueDate)
        record = try WorkflowFixture.step(record, .requestSupplement(items: ["结婚证"]), by: reviewer, on: "2024-09-11")
        #expect(record.resumeState == .underReview)
        record = try WorkflowFixture.step(record, .supplement, by: applicant, on: "2024-09-13")
        #expect(record.state == .underReview && !record.reviewed)
        #expect(record.dueDate == calendar.adding(workingDays: 2, to: due))
        #expect(Workflow.availableActions(for: record, actor: reviewer) == [.requestSupplement, .forwardForApproval])
    }

    @Test func twoPausesAddUp() throws {
        var record = try accepted(on: "2024-09-02", timeLimit: 20)
        let due = try #require(record.dueDate)
        record = try WorkflowFixture.step(record, .requestSupplement(items: ["户口簿"]), by: intake, on: "2024-09-03")
        record = try WorkflowFixture.step(record, .supplement, by: applicant, on: "2024-09-05")  // 4, 5: two
        record = try WorkflowFixture.step(record, .requestSupplement(items: ["结婚证"]), by: intake, on: "2024-09-06")
        record = try WorkflowFixture.step(record, .supplement, by: applicant, on: "2024-09-10")  // 9, 10: two
        #expect(record.dueDate == calendar.adding(workingDays: 4, to: due))
    }

    @Test func overdueOnlyWhileTheClockRuns() throws {
        let record = try accepted(on: "2024-09-03", timeLimit: 20)
        #expect(record.dueDate == date("2024-10-08"))
        #expect(!record.isOverdue(today: date("2024-10-08")))
        #expect(record.isOverdue(today: date("2024-10-09")))
        #expect(record.workingDaysLeft(today: date("2024-09-30"), calendar: calendar) == 1)
        #expect(record.workingDaysLeft(today: date("2024-10-08"), calendar: calendar) == 0)
        #expect(record.workingDaysLeft(today: date("2024-10-10"), calendar: calendar) == -2)

        let inReview = try WorkflowFixture.step(record, .startReview, by: reviewer, on: "2024-09-04")
        #expect(inReview.isOverdue(today: date("2024-10-09")))
        #expect(inReview.isClockRunning)

        // The clock stops at the decision and never runs before acceptance.
        for situation in WorkflowSituation.allCases {
            let other = situation.record(steps: .full)
            let running = situation.state == .accepted || situation.state == .underReview
            #expect(other.isClockRunning == running, "\(situation)")
            #expect(other.isOverdue(today: date("2025-01-01")) == running, "\(situation)")
            if !running && situation != .needsSupplement {
                #expect(other.workingDaysLeft(today: date("2024-09-20"), calendar: calendar) == nil, "\(situation)")
            }
        }
    }

    @Test func aNegativeTimeLimitIsSameDay() throws {
        let draft = ApplicationRecord(applicant: WorkflowFixture.applicant, steps: .intakeOnly, timeLimit: -3)
        #expect(draft.timeLimit == 0)
        let record = try accepted(on: "2024-09-02", steps: .intakeOnly, timeLimit: -3)
        #expect(record.dueDate == date("2024-09-02"))
    }
}
