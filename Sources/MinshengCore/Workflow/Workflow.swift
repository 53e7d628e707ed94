import Foundation

/// The application workflow (申请办理流程): which actions each state allows, to whom, and what they change.
///
/// Who may act:
/// - the applicant (the citizen who owns the record): submit, supplement, withdraw;
/// - intake (or admin): accept, request a supplement before review, not accept;
/// - reviewer (or admin), only when the service has a review step: start review, request a supplement, forward;
/// - the decider (or admin): approve and refuse; the approver, or the intake officer when the service has no
///   approval step. With a review step the decision follows the reviewer's forwarding; without one it follows acceptance;
/// - the system: complete an approved application once its effects are applied.
///
/// With separation of duties (`steps.separation`) the officer who accepted may not approve, whatever their roles.
///
/// The clock: acceptance sets `dueDate` to `timeLimit` working days after the day of acceptance (that day not
/// counted; a limit of 0 means the same day). A supplement request pauses it on the day of the request; when the
/// applicant supplies, the due date moves later by the working days in (pausedSince, today] — the day of the request
/// still counts for the office, the day of the supplement does not, as with acceptance. So the working days left are
/// the same just before the pause and just after the resume, and holidays in the pause cost the office nothing.
public enum Workflow {
    /// Applies `action` by `actor` at `time` (`today` is its date in Beijing), returning the record with one event appended, or why not.
    public static func apply(
        _ action: ApplicationAction,
        by actor: WorkflowActor,
        to record: ApplicationRecord,
        at time: Date,
        today: CivilDate,
        calendar: WorkingDayCalendar
    ) -> Result<ApplicationRecord, WorkflowError> {
        if let refusal = check(action.kind, by: actor, on: record) { return .failure(refusal) }
        var next = record
        var comment: String?
        var items: [String] = []
        switch action {
        case .submit:
            next.state = .submitted
            next.submittedAt = time
        case .withdraw:
            next.state = .withdrawn
            endPause(&next)
        case .supplement:
            // A record without a resume state can only come from outside `apply`; intake then looks at it afresh.
            next.state = record.resumeState ?? .submitted
            if let dueDate = record.dueDate, let pausedSince = record.pausedSince {
                let paused = max(0, calendar.workingDays(from: pausedSince, to: today))
                next.dueDate = calendar.adding(workingDays: paused, to: dueDate)
            }
            endPause(&next)
        case .accept:
            next.state = .accepted
            next.acceptedOn = today
            next.dueDate = calendar.adding(workingDays: max(0, record.timeLimit), to: today)
        case .requestSupplement(let raw):
            items = cleaned(raw)
            guard !items.isEmpty else { return .failure(.emptySupplementList) }
            next.state = .needsSupplement
            next.pausedSince = today
            next.supplementItems = items
            next.resumeState = record.state
        case .notAccept(let reason):
            comment = cleaned(reason)
            guard comment != nil else { return .failure(.missingReason) }
            next.state = .notAccepted
        case .startReview:
            next.state = .underReview
            next.reviewed = false
        case .forwardForApproval:
            next.reviewed = true
        case .approve(let remark):
            comment = remark.flatMap(cleaned)
            next.state = .approved
        case .refuse(let reason):
            comment = cleaned(reason)
            guard comment != nil else { return .failure(.missingReason) }
            next.state = .refused
        case .complete:
            next.state = .completed
        }
        next.events.append(
            WorkflowEvent(
                actor: actor.principal, at: time, from: record.state, to: next.state,
                action: action.kind, comment: comment, items: items
            )
        )
        return .success(next)
    }

    /// The actions `actor` may take on `record` now, in `ActionKind.allCases` order: what a page should offer.
    public static func availableActions(for record: ApplicationRecord, actor: WorkflowActor) -> [ActionKind] {
        ActionKind.allCases.filter { check($0, by: actor, on: record) == nil }
    }

    /// Why `actor` may not take an action of `kind` on `record` now, or nil when they may; what it carries is not checked.
    ///
    /// Checked in order: the service has the step, the actor's capacity and roles, the state, the review sub-state,
    /// then, for a supplement request, the role that stage needs.
    public static func check(_ kind: ActionKind, by actor: WorkflowActor, on record: ApplicationRecord) -> WorkflowError? {
        let steps = record.steps
        if !steps.review && (kind == .startReview || kind == .forwardForApproval) {
            return .stepNotUsed(action: kind)
        }
        if let refusal = capacityRefusal(kind, by: actor, on: record) { return refusal }
        guard sourceStates(of: kind, steps: steps).contains(record.state) else {
            return .notAllowed(state: record.state, action: kind)
        }
        if record.state == .underReview {
            switch kind {
            case .approve, .refuse:
                if !record.reviewed { return .notReviewed }
            case .forwardForApproval, .requestSupplement:
                if record.reviewed { return .alreadyReviewed }
            default:
                break
            }
        }
        if kind == .requestSupplement {
            let role: OfficerRole = record.state == .underReview ? .reviewer : .intake
            if !actor.holdsAny(of: [role]) { return .wrongRole(action: kind) }
        }
        // Separation of duties compares people, not roles: an admin who accepted may not approve either.
        if kind == .approve, record.steps.separation, record.events.contains(where: { $0.action == .accept && $0.actor == actor.principal }) {
            return .acceptedBySameOfficer
        }
        return nil
    }

    /// Whether the actor could ever take `kind` on this record, whatever its state.
    private static func capacityRefusal(_ kind: ActionKind, by actor: WorkflowActor, on record: ApplicationRecord) -> WorkflowError? {
        switch kind {
        case .submit, .withdraw, .supplement:
            guard actor.isCitizen else { return .wrongRole(action: kind) }
            return actor.principal == record.applicant ? nil : .notTheApplicant
        case .complete:
            return actor.isSystem ? nil : .wrongRole(action: kind)
        case .accept, .notAccept:
            return actor.holdsAny(of: [.intake]) ? nil : .wrongRole(action: kind)
        case .requestSupplement:
            let roles: Set<OfficerRole> = record.steps.review ? [.intake, .reviewer] : [.intake]
            return actor.holdsAny(of: roles) ? nil : .wrongRole(action: kind)
        case .startReview, .forwardForApproval:
            return actor.holdsAny(of: [.reviewer]) ? nil : .wrongRole(action: kind)
        case .approve, .refuse:
            return actor.holdsAny(of: [record.steps.decidingRole]) ? nil : .wrongRole(action: kind)
        }
    }

    /// The states an action of `kind` may start from.
    private static func sourceStates(of kind: ActionKind, steps: WorkflowSteps) -> Set<ApplicationState> {
        switch kind {
        case .submit: [.draft]
        case .withdraw: [.draft, .submitted, .accepted, .needsSupplement, .underReview]
        case .supplement: [.needsSupplement]
        case .accept, .notAccept: [.submitted]
        case .requestSupplement: steps.review ? [.submitted, .accepted, .underReview] : [.submitted, .accepted]
        case .startReview: [.accepted]
        case .forwardForApproval: [.underReview]
        case .approve, .refuse: steps.review ? [.underReview] : [.accepted]
        case .complete: [.approved]
        }
    }

    /// Leaves the supplement pause: no outstanding items, nothing to resume.
    private static func endPause(_ record: inout ApplicationRecord) {
        record.pausedSince = nil
        record.supplementItems = []
        record.resumeState = nil
    }

    /// `text` trimmed, or nil when blank.
    private static func cleaned(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Supplement items trimmed, blanks and repeats dropped, first mention kept.
    private static func cleaned(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.compactMap(cleaned).filter { seen.insert($0).inserted }
    }
}
