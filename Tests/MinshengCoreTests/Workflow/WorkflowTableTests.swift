import Foundation
import Testing

@testable import MinshengCore

/// Every situation × action × actor kind × step preset, against a table written out by hand.
@Suite struct WorkflowTableTests {
    typealias Row = [ActionKind: Set<WorkflowWho>]

    /// What succeeds, in the spirit of opencrvs `availableActions.ts`: situation → action → who. Everything else fails.
    static let allowed: [WorkflowPreset: [WorkflowSituation: Row]] = [
        .full: [
            .draft: [.submit: [.applicant], .withdraw: [.applicant]],
            .submitted: [
                .withdraw: [.applicant], .accept: [.intake, .admin],
                .requestSupplement: [.intake, .admin], .notAccept: [.intake, .admin],
            ],
            .accepted: [.withdraw: [.applicant], .requestSupplement: [.intake, .admin], .startReview: [.reviewer, .admin]],
            .needsSupplement: [.supplement: [.applicant], .withdraw: [.applicant]],
            .underReview: [
                .withdraw: [.applicant], .requestSupplement: [.reviewer, .admin],
                .forwardForApproval: [.reviewer, .admin],
            ],
            .underReviewReviewed: [.withdraw: [.applicant], .approve: [.approver, .admin], .refuse: [.approver, .admin]],
            .approved: [.complete: [.system]],
        ],
        .intakeAndApproval: [
            .draft: [.submit: [.applicant], .withdraw: [.applicant]],
            .submitted: [
                .withdraw: [.applicant], .accept: [.intake, .admin],
                .requestSupplement: [.intake, .admin], .notAccept: [.intake, .admin],
            ],
            .accepted: [
                .withdraw: [.applicant], .requestSupplement: [.intake, .admin],
                .approve: [.approver, .admin], .refuse: [.approver, .admin],
            ],
            .needsSupplement: [.supplement: [.applicant], .withdraw: [.applicant]],
            // Unreachable without a review step; withdrawal still depends on the state alone.
            .underReview: [.withdraw: [.applicant]],
            .underReviewReviewed: [.withdraw: [.applicant]],
            .approved: [.complete: [.system]],
        ],
        .intakeOnly: [
            .draft: [.submit: [.applicant], .withdraw: [.applicant]],
            .submitted: [
                .withdraw: [.applicant], .accept: [.intake, .admin],
                .requestSupplement: [.intake, .admin], .notAccept: [.intake, .admin],
            ],
            .accepted: [
                .withdraw: [.applicant], .requestSupplement: [.intake, .admin],
                .approve: [.intake, .admin], .refuse: [.intake, .admin],
            ],
            .needsSupplement: [.supplement: [.applicant], .withdraw: [.applicant]],
            .underReview: [.withdraw: [.applicant]],
            .underReviewReviewed: [.withdraw: [.applicant]],
            .approved: [.complete: [.system]],
        ],
    ]

    /// The state each action leads to from the fixtures (a supplement returns to the fixture's `accepted`).
    static let target: [ActionKind: ApplicationState] = [
        .submit: .submitted, .withdraw: .withdrawn, .supplement: .accepted, .accept: .accepted,
        .requestSupplement: .needsSupplement, .notAccept: .notAccepted, .startReview: .underReview,
        .forwardForApproval: .underReview, .approve: .approved, .refuse: .refused, .complete: .completed,
    ]

    /// The error a failing combination must give, derived from the table:
    /// a missing review step; then the actor's capacity over all states; then the state (or review sub-state);
    /// then the role that state needs.
    static func expectedError(
        _ preset: WorkflowPreset, _ situation: WorkflowSituation, _ kind: ActionKind, _ who: WorkflowWho
    ) -> WorkflowError {
        if !preset.steps.review && (kind == .startReview || kind == .forwardForApproval) {
            return .stepNotUsed(action: kind)
        }
        let table = allowed[preset]!
        let everyone = table.values.reduce(into: Set<WorkflowWho>()) { $0.formUnion($1[kind] ?? []) }
        if !everyone.contains(who) {
            return who == .otherCitizen && everyone.contains(.applicant) ? .notTheApplicant : .wrongRole(action: kind)
        }
        let possible = Set(table.filter { $0.value[kind] != nil }.keys)
        if !possible.contains(situation) {
            if situation == .underReview && possible.contains(.underReviewReviewed) { return .notReviewed }
            if situation == .underReviewReviewed && possible.contains(.underReview) { return .alreadyReviewed }
            return .notAllowed(state: situation.state, action: kind)
        }
        return .wrongRole(action: kind)
    }

    @Test(arguments: WorkflowPreset.allCases, WorkflowSituation.allCases)
    func everyActionByEveryActor(preset: WorkflowPreset, situation: WorkflowSituation) throws {
        let record = situation.record(steps: preset.steps)
        let row = Self.allowed[preset]![situation] ?? [:]
        for kind in ActionKind.allCases {
            for who in WorkflowWho.allCases {
                let time = WorkflowFixture.time("2024-09-20", hour: 15)
                let result = Workflow.apply(
                    WorkflowFixture.sample(kind), by: who.actor, to: record, at: time,
                    today: WorkflowFixture.date("2024-09-20"), calendar: WorkflowFixture.calendar
                )
                let label = "\(preset) \(situation) \(kind.rawValue) by \(who)"
                switch result {
                case .success(let next):
                    #expect(row[kind]?.contains(who) == true, "\(label) should fail")
                    #expect(next.state == Self.target[kind], "\(label)")
                    #expect(next.events.count == record.events.count + 1, "\(label)")
                    let event = try #require(next.events.last)
                    #expect(event == WorkflowEvent(
                        actor: who.actor.principal, at: time, from: situation.state, to: next.state, action: kind,
                        comment: event.comment, items: event.items
                    ), "\(label)")
                case .failure(let error):
                    #expect(row[kind]?.contains(who) != true, "\(label) should succeed, got \(error)")
                    if row[kind]?.contains(who) != true {
                        #expect(error == Self.expectedError(preset, situation, kind, who), "\(label)")
                    }
                }
            }
        }
    }

    @Test(arguments: WorkflowPreset.allCases, WorkflowSituation.allCases)
    func availableActionsAgreeWithApplyAndTable(preset: WorkflowPreset, situation: WorkflowSituation) {
        let record = situation.record(steps: preset.steps)
        let row = Self.allowed[preset]![situation] ?? [:]
        for who in WorkflowWho.allCases {
            let offered = Workflow.availableActions(for: record, actor: who.actor)
            let succeeding = ActionKind.allCases.filter {
                WorkflowFixture.refusal(record, WorkflowFixture.sample($0), by: who.actor) == nil
            }
            let tabled = ActionKind.allCases.filter { row[$0]?.contains(who) == true }
            #expect(offered == succeeding, "\(preset) \(situation) \(who)")
            #expect(offered == tabled, "\(preset) \(situation) \(who)")
            for kind in ActionKind.allCases {
                let check = Workflow.check(kind, by: who.actor, on: record)
                #expect(check == WorkflowFixture.refusal(record, WorkflowFixture.sample(kind), by: who.actor))
            }
        }
    }

    @Test func finalStatesOfferNothingToAnyone() {
        for preset in WorkflowPreset.allCases {
            for situation in WorkflowSituation.allCases where situation.state.isFinal {
                for who in WorkflowWho.allCases {
                    #expect(Workflow.availableActions(for: situation.record(steps: preset.steps), actor: who.actor).isEmpty)
                }
            }
        }
    }

    @Test func rolesCombineAndAdminStandsInForEveryOfficerStep() {
        let counter = WorkflowActor.officer(.officer("110010"), roles: [.intake, .reviewer])
        let accepted = WorkflowSituation.accepted.record(steps: .full)
        #expect(Workflow.availableActions(for: accepted, actor: counter) == [.requestSupplement, .startReview])
        let noRoles = WorkflowActor.officer(.officer("110011"), roles: [])
        #expect(Workflow.availableActions(for: WorkflowSituation.submitted.record(steps: .full), actor: noRoles).isEmpty)
        // An officer is never the applicant, even when the principal matches.
        let officerAsOwner = WorkflowActor.officer(WorkflowFixture.applicant, roles: [.admin])
        #expect(WorkflowFixture.refusal(WorkflowSituation.draft.record(steps: .full), .submit, by: officerAsOwner) == .wrongRole(action: .submit))
        // The system cannot stand in for an officer or for the applicant.
        let system = WorkflowWho.system.actor
        #expect(WorkflowFixture.refusal(WorkflowSituation.submitted.record(steps: .full), .accept, by: system) == .wrongRole(action: .accept))
        #expect(WorkflowFixture.refusal(WorkflowSituation.submitted.record(steps: .full), .withdraw, by: system) == .wrongRole(action: .withdraw))
    }

    @Test func reviewWithoutApprovalLetsIntakeDecideAfterTheReviewer() throws {
        let steps = WorkflowSteps(review: true, approval: false)
        #expect(steps.decidingRole == .intake)
        #expect(steps.roles == [.intake, .reviewer])
        let forwarded = WorkflowSituation.underReviewReviewed.record(steps: steps)
        #expect(Workflow.availableActions(for: forwarded, actor: WorkflowWho.intake.actor) == [.approve, .refuse])
        #expect(Workflow.availableActions(for: forwarded, actor: WorkflowWho.approver.actor).isEmpty)
        #expect(WorkflowFixture.refusal(forwarded, .approve(comment: nil), by: WorkflowWho.approver.actor) == .wrongRole(action: .approve))
    }
}
