import Foundation

/// One line of an officer's work queue: what the list shows and sorts by, without opening the sealed form or record.
public struct QueueItem: Hashable, Sendable {
    public var id: UUID
    public var reference: String
    public var serviceCode: String
    public var state: ApplicationState
    public var dueDate: CivilDate?
    public var unitCode: String?
    public var claimedBy: String?
    public var submittedAt: Date

    public init(id: UUID, reference: String, serviceCode: String, state: ApplicationState, dueDate: CivilDate?, unitCode: String?,
                claimedBy: String?, submittedAt: Date) {
        self.id = id
        self.reference = reference
        self.serviceCode = serviceCode
        self.state = state
        self.dueDate = dueDate
        self.unitCode = unitCode
        self.claimedBy = claimedBy
        self.submittedAt = submittedAt
    }

    /// The line of a full application.
    public init(_ a: ServiceApplication) {
        self.init(id: a.id, reference: a.reference, serviceCode: a.serviceCode, state: a.record.state, dueDate: a.record.dueDate,
                  unitCode: a.unitCode, claimedBy: a.claimedBy, submittedAt: a.record.submittedAt ?? a.createdAt)
    }

    /// Late: the statutory clock runs (accepted or under review) and the due date has passed — as `ApplicationRecord.isOverdue`.
    public func isOverdue(today: CivilDate) -> Bool {
        guard let dueDate, state == .accepted || state == .underReview else { return false }
        return dueDate < today
    }

    /// The queue's order: overdue first, then by due date, then those not yet accepted (no due date), oldest first.
    public static func ordered(_ items: [QueueItem], today: CivilDate) -> [QueueItem] {
        items.enumerated().sorted { a, b in
            let ao = a.element.isOverdue(today: today), bo = b.element.isOverdue(today: today)
            if ao != bo { return ao }
            switch (a.element.dueDate, b.element.dueDate) {
            case let (x?, y?) where x != y: return x < y
            case (nil, _?): return false
            case (_?, nil): return true
            default: return a.element.submittedAt != b.element.submittedAt ? a.element.submittedAt < b.element.submittedAt : a.offset < b.offset
            }
        }.map(\.element)
    }
}
