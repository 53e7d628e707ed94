import Foundation

/// The workflow's view of one application: its state, its clock and its timeline. Only `Workflow.apply` changes it.
public struct ApplicationRecord: Hashable, Codable, Sendable {
    /// The citizen who owns the application; only they may submit, supplement or withdraw.
    public internal(set) var applicant: Principal
    /// The current state.
    public internal(set) var state: ApplicationState
    /// The officer steps the service uses.
    public internal(set) var steps: WorkflowSteps
    /// Whether the reviewer has finished and forwarded the application for a decision.
    public internal(set) var reviewed: Bool
    /// When the applicant first submitted.
    public internal(set) var submittedAt: Date?
    /// The day intake accepted the application.
    public internal(set) var acceptedOn: CivilDate?
    /// The statutory time limit in working days, counted from the day after acceptance; 0 means the same day.
    public internal(set) var timeLimit: Int
    /// The last day for a decision; set on acceptance and pushed back by supplement pauses.
    public internal(set) var dueDate: CivilDate?
    /// The day a supplement was requested, while the application waits for it.
    public internal(set) var pausedSince: CivilDate?
    /// What the applicant has been asked to supply, while the application waits for it.
    public internal(set) var supplementItems: [String]
    /// The state a supplement returns the application to: the one it was in when the supplement was requested.
    public internal(set) var resumeState: ApplicationState?
    /// Every transition so far, oldest first.
    public internal(set) var events: [WorkflowEvent]

    /// Creates a record, by default a new draft; a negative time limit is taken as 0.
    public init(
        applicant: Principal,
        steps: WorkflowSteps,
        timeLimit: Int,
        state: ApplicationState = .draft,
        reviewed: Bool = false,
        submittedAt: Date? = nil,
        acceptedOn: CivilDate? = nil,
        dueDate: CivilDate? = nil,
        pausedSince: CivilDate? = nil,
        supplementItems: [String] = [],
        resumeState: ApplicationState? = nil,
        events: [WorkflowEvent] = []
    ) {
        self.applicant = applicant
        self.state = state
        self.steps = steps
        self.reviewed = reviewed
        self.submittedAt = submittedAt
        self.acceptedOn = acceptedOn
        self.timeLimit = max(0, timeLimit)
        self.dueDate = dueDate
        self.pausedSince = pausedSince
        self.supplementItems = supplementItems
        self.resumeState = resumeState
        self.events = events
    }

    /// The record under separation of duties when its service requires it now: the catalog decides, so a record
    /// submitted before the service required it is held to it as well (never loosened).
    public func separated(_ required: Bool) -> ApplicationRecord {
        guard required, !steps.separation else { return self }
        var copy = self
        copy.steps = steps.separating(true)
        return copy
    }

    /// Whether the statutory clock runs: accepted or under review, with a due date. It stops at the decision and pauses for a supplement.
    public var isClockRunning: Bool {
        dueDate != nil && (state == .accepted || state == .underReview)
    }

    /// Whether the decision is late: the clock runs and the due date is before `today`.
    public func isOverdue(today: CivilDate) -> Bool {
        guard isClockRunning, let dueDate else { return false }
        return dueDate < today
    }

    /// Working days from `today` to the due date (negative when overdue); frozen at the pause while waiting for a supplement; nil without a running or paused clock.
    public func workingDaysLeft(today: CivilDate, calendar: WorkingDayCalendar) -> Int? {
        guard let dueDate else { return nil }
        if isClockRunning { return calendar.workingDays(from: today, to: dueDate) }
        if state == .needsSupplement, let pausedSince { return calendar.workingDays(from: pausedSince, to: dueDate) }
        return nil
    }
}
