import Foundation
import Testing

@testable import MinshengCore

/// Names, codes and encodings that pages and storage rely on.
@Suite struct WorkflowValueTests {
    @Test func stateCodesNamesAndGroups() {
        #expect(ApplicationState.allCases.map(\.rawValue) == [
            "draft", "submitted", "accepted", "needs-supplement", "not-accepted", "under-review",
            "approved", "refused", "completed", "withdrawn",
        ])
        #expect(ApplicationState.allCases.map(\.nameZh) == [
            "草稿", "已提交", "已受理", "待补正", "不予受理", "审核中", "已批准", "不予批准", "已办结", "已撤回",
        ])
        #expect(Set(ApplicationState.allCases.map(\.nameEn)).count == ApplicationState.allCases.count)
        #expect(Set(ApplicationState.allCases.filter(\.isFinal)) == [.notAccepted, .refused, .completed, .withdrawn])
        #expect(Set(ApplicationState.allCases.filter(\.isWaitingForApplicant)) == [.draft, .needsSupplement])
    }

    @Test func actionCodesAreStable() {
        #expect(ActionKind.allCases.map(\.rawValue) == [
            "submit", "withdraw", "supplement", "accept", "request-supplement", "not-accept",
            "start-review", "forward-for-approval", "approve", "refuse", "complete",
        ])
        #expect(Set(ActionKind.allCases.map(\.nameZh)).count == ActionKind.allCases.count)
        #expect(Set(ActionKind.allCases.map(\.nameEn)).count == ActionKind.allCases.count)
        for kind in ActionKind.allCases {
            #expect(WorkflowFixture.sample(kind).kind == kind)
        }
    }

    @Test func actionsEncodeAsKindPlusFields() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func json(_ action: ApplicationAction) throws -> String {
            String(decoding: try encoder.encode(action), as: UTF8.self)
        }
        #expect(try json(.submit) == #"{"kind":"submit"}"#)
        #expect(try json(.requestSupplement(items: ["户口簿"])) == #"{"items":["户口簿"],"kind":"request-supplement"}"#)
        #expect(try json(.notAccept(reason: "r")) == #"{"kind":"not-accept","reason":"r"}"#)
        #expect(try json(.refuse(reason: "r")) == #"{"kind":"refuse","reason":"r"}"#)
        #expect(try json(.approve(comment: nil)) == #"{"kind":"approve"}"#)
        #expect(try json(.approve(comment: "c")) == #"{"comment":"c","kind":"approve"}"#)

        let all = ActionKind.allCases.map(WorkflowFixture.sample) + [.approve(comment: nil)]
        for action in all {
            #expect(try JSONDecoder().decode(ApplicationAction.self, from: encoder.encode(action)) == action)
        }
    }

    @Test(arguments: [#"{"kind":"delete"}"#, #"{"kind":"refuse"}"#, #"{"kind":"request-supplement"}"#, #"{}"#])
    func malformedActionsDoNotDecode(text: String) {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ApplicationAction.self, from: Data(text.utf8))
        }
    }

    @Test func recordsRoundTrip() throws {
        var record = ApplicationRecord(applicant: WorkflowFixture.applicant, steps: .full, timeLimit: 10)
        record = try WorkflowFixture.step(record, .submit, by: WorkflowWho.applicant.actor, on: "2024-09-26")
        record = try WorkflowFixture.step(record, .accept, by: WorkflowWho.intake.actor, on: "2024-09-26")
        record = try WorkflowFixture.step(record, .requestSupplement(items: ["户口簿"]), by: WorkflowWho.intake.actor, on: "2024-09-27")
        let data = try JSONEncoder().encode(record)
        #expect(try JSONDecoder().decode(ApplicationRecord.self, from: data) == record)
    }

    @Test func stepPresets() throws {
        #expect(WorkflowSteps.full.roles == [.intake, .reviewer, .approver])
        #expect(WorkflowSteps.intakeAndApproval.roles == [.intake, .approver])
        #expect(WorkflowSteps.intakeOnly.roles == [.intake])
        #expect(WorkflowSteps.full.decidingRole == .approver)
        #expect(WorkflowSteps.intakeOnly.decidingRole == .intake)
        #expect([WorkflowSteps.full, .intakeAndApproval, .intakeOnly].allSatisfy { $0.intake })
        let decoded = try JSONDecoder().decode(WorkflowSteps.self, from: Data(#"{"review":false,"approval":true}"#.utf8))
        #expect(decoded == .intakeAndApproval)
    }

    @Test func actorsKeepTheirCapacity() {
        let citizen = WorkflowActor.applicant(WorkflowFixture.applicant)
        #expect(citizen.isCitizen && !citizen.isOfficer && !citizen.isSystem && citizen.roles.isEmpty)
        let officer = WorkflowActor.officer(.officer("110001"), roles: [.intake])
        #expect(officer.isOfficer && !officer.isCitizen && officer.roles == [.intake])
        let system = WorkflowActor.system(.system("effects"))
        #expect(system.isSystem && !system.isCitizen && system.principal == .system("effects"))
    }

    @Test func everyErrorExplainsItselfInBothLanguages() {
        let errors: [WorkflowError] = [
            .notAllowed(state: .draft, action: .accept), .wrongRole(action: .approve), .notTheApplicant,
            .stepNotUsed(action: .startReview), .notReviewed, .alreadyReviewed, .missingReason, .emptySupplementList,
        ]
        #expect(Set(errors.map(\.reasonZh)).count == errors.count)
        #expect(Set(errors.map(\.reasonEn)).count == errors.count)
        #expect(WorkflowError.notAllowed(state: .draft, action: .accept).reasonZh == "申请当前为“草稿”状态，不能“受理”。")
        #expect(WorkflowError.notAllowed(state: .draft, action: .accept).reasonEn.contains("Draft"))
        #expect(WorkflowError.wrongRole(action: .approve).reasonZh.contains("批准"))
        #expect(WorkflowError.stepNotUsed(action: .startReview).reasonEn.contains("Start review"))
    }
}
