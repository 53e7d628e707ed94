import Foundation
import Testing

@testable import MinshengCore

@Suite("Workflow: separation of duties")
struct WorkflowSeparationTests {
    static let both = WorkflowActor.officer(.officer("110001"), roles: [.intake, .approver])
    static let other = WorkflowActor.officer(.officer("110003"), roles: [.approver])
    static let admin = WorkflowActor.officer(.officer("110009"), roles: [.admin])

    static func accepted(by actor: WorkflowActor, steps: WorkflowSteps) throws -> ApplicationRecord {
        var record = ApplicationRecord(applicant: WorkflowFixture.applicant, steps: steps, timeLimit: 5)
        record = try WorkflowFixture.step(record, .submit, by: .applicant(WorkflowFixture.applicant), on: "2024-09-02")
        return try WorkflowFixture.step(record, .accept, by: actor, on: "2024-09-02")
    }

    @Test("the officer who accepted may not approve, whatever their roles; another officer may; refusing stays open to them")
    func sameOfficer() throws {
        for actor in [Self.both, Self.admin] {
            let record = try Self.accepted(by: actor, steps: WorkflowSteps.intakeAndApproval.separating(true))
            #expect(WorkflowFixture.refusal(record, .approve(comment: nil), by: actor) == .acceptedBySameOfficer)
            #expect(!Workflow.availableActions(for: record, actor: actor).contains(.approve))
            #expect(Workflow.availableActions(for: record, actor: actor).contains(.refuse))
            #expect(WorkflowFixture.refusal(record, .approve(comment: nil), by: Self.other) == nil)
        }
    }

    @Test("without separation the same officer may decide; an intake-only item needs a second intake officer with it")
    func withoutAndIntakeOnly() throws {
        let plain = try Self.accepted(by: Self.both, steps: .intakeAndApproval)
        #expect(WorkflowFixture.refusal(plain, .approve(comment: nil), by: Self.both) == nil)
        let counter = WorkflowActor.officer(.officer("110001"), roles: [.intake])
        let colleague = WorkflowActor.officer(.officer("110004"), roles: [.intake])
        let onTheSpot = try Self.accepted(by: counter, steps: WorkflowSteps.intakeOnly.separating(true))
        #expect(WorkflowFixture.refusal(onTheSpot, .approve(comment: nil), by: counter) == .acceptedBySameOfficer)
        #expect(WorkflowFixture.refusal(onTheSpot, .approve(comment: nil), by: colleague) == nil)
    }

    @Test("a record stored before separation reads without it, and the service's rule tightens it, never loosens it")
    func storedRecords() throws {
        let old = Data(#"{"review":true,"approval":true}"#.utf8)
        #expect(try JSONDecoder().decode(WorkflowSteps.self, from: old) == .full)
        let record = try Self.accepted(by: Self.both, steps: .intakeAndApproval)
        #expect(WorkflowFixture.refusal(record.separated(true), .approve(comment: nil), by: Self.both) == .acceptedBySameOfficer)
        let strict = try Self.accepted(by: Self.both, steps: WorkflowSteps.intakeAndApproval.separating(true))
        #expect(strict.separated(false).steps.separation)
        let encoded = try JSONEncoder().encode(strict.steps)
        #expect(try JSONDecoder().decode(WorkflowSteps.self, from: encoded).separation)
    }
}
