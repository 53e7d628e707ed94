import Foundation
import MinshengCore
import Testing

@Suite("The officer's queue order")
struct QueueItemTests {
    func item(_ ref: String, _ state: ApplicationState, due: String?, submitted: Double) -> QueueItem {
        QueueItem(id: UUID(), reference: ref, serviceCode: "HZ-01", state: state, dueDate: due.flatMap { CivilDate(iso: $0) }, unitCode: "FT",
                  claimedBy: nil, submittedAt: Date(timeIntervalSince1970: submitted))
    }

    @Test("overdue first, then by due date, then not yet accepted oldest first; a paused clock is never overdue")
    func order() {
        let today = CivilDate(iso: "2026-11-28")!
        let items = [
            item("new-late", .submitted, due: nil, submitted: 30),
            item("due-soon", .accepted, due: "2026-12-01", submitted: 5),
            item("new-early", .submitted, due: nil, submitted: 10),
            item("paused", .needsSupplement, due: "2026-11-20", submitted: 1),
            item("overdue", .underReview, due: "2026-11-25", submitted: 20),
            item("due-later", .underReview, due: "2026-12-09", submitted: 2),
        ]
        #expect(QueueItem.ordered(items, today: today).map(\.reference) == ["overdue", "paused", "due-soon", "due-later", "new-early", "new-late"])
        #expect(items[4].isOverdue(today: today))
        #expect(!items[3].isOverdue(today: today))
    }
}
