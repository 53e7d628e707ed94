import FluentKit
import FluentSQL
import Foundation
import MinshengCore

/// Counter appointments: availability per unit and time, booking within capacity (an atomic counter per unit, day
/// and time, so two people can never take the last place together), cancellation that gives the place back.
public struct AppointmentRepository: Sendable {
    public struct Appointment: Sendable, Hashable, Codable {
        public var id: UUID
        public var reference: String
        public var accountID: UUID
        public var serviceCode: String
        public var unitCode: String
        public var day: CivilDate
        public var time: String
        public var cancelled: Bool
        public var createdAt: Date
    }

    /// Places left per (day, time) for a unit.
    public struct Availability: Sendable, Hashable {
        public var day: CivilDate
        public var time: String
        public var remaining: Int
    }

    public let policy: AppointmentPolicy

    public init(policy: AppointmentPolicy) { self.policy = policy }

    /// The unit's bookable days and times with the places left.
    public func availability(unitCode: String, today: CivilDate, on database: any Database) async throws -> [Availability] {
        let days = policy.bookableDays(today: today, calendar: .china)
        let rows = try await AppointmentSlotRow.query(on: database).filter(\.$unitCode == unitCode).filter(\.$day ~~ days.map(\.description)).all()
        var booked: [String: Int] = [:]
        for row in rows { booked["\(row.day) \(row.time)"] = row.booked }
        return days.flatMap { day in
            policy.times.map { time in Availability(day: day, time: time, remaining: max(0, policy.capacity - (booked["\(day) \(time)"] ?? 0))) }
        }
    }

    /// Books a place; refuses a time that is not offered, a full time, or a second open booking for the same service.
    public func book(accountID: UUID, serviceCode: String, unitCode: String, day: CivilDate, time: String, today: CivilDate,
                     at now: Date = Date(), on database: any Database) async throws -> Appointment {
        guard policy.isBookable(day: day, time: time, today: today, calendar: .china) else { throw AppointmentError.notOffered }
        return try await database.transaction { db in
            // It reads, then writes: on SQLite the write lock first, or concurrent bookings refuse each other.
            try await SQLiteWriteLock.take(on: db)
            let open = try await AppointmentRow.query(on: db).filter(\.$accountID == accountID).filter(\.$serviceCode == serviceCode)
                .filter(\.$state == "booked").filter(\.$day >= today.description).first()
            if let open { throw AppointmentError.alreadyBooked(open.reference) }
            let sql = db as! any SQLDatabase
            // The counter row exists once per unit, day and time; the guarded increment is the capacity check.
            try await sql.insert(into: AppointmentSlotRow.schema).columns("id", "unit_code", "day", "time", "booked")
                .values(SQLBind(UUID()), SQLBind(unitCode), SQLBind(day.description), SQLBind(time), SQLBind(0))
                .ignoringConflicts(with: ["unit_code", "day", "time"])
                .run()
            let taken = try await sql.update(AppointmentSlotRow.schema).set(SQLIdentifier("booked"), to: SQLRaw("booked + 1"))
                .where("unit_code", .equal, unitCode).where("day", .equal, day.description).where("time", .equal, time)
                .where("booked", .lessThan, policy.capacity)
                .returning("booked").all()
            guard taken.count == 1 else { throw AppointmentError.full }
            let row = AppointmentRow()
            row.id = UUID()
            row.reference = ServiceApplication.makeReference(service: "YY", on: today)
            row.accountID = accountID
            row.serviceCode = serviceCode
            row.unitCode = unitCode
            row.day = day.description
            row.time = time
            row.state = "booked"
            row.createdAt = now
            try await row.create(on: db)
            try await NotificationOutbox().enqueue(
                accountID: accountID, topic: .appointment, subjectRef: row.reference,
                titleZh: "已预约 \(day) \(time) 到窗口办理，预约号 \(row.reference)", titleEn: "Booked for \(day) \(time) at the counter: \(row.reference)",
                at: now, on: db)
            try await AuditChain.append(
                AuditEvent(actor: .citizen(accountID), action: "appointment.booked", subject: "appointment:\(row.reference)", purpose: serviceCode,
                           detail: ["unit": unitCode, "day": day.description, "time": time]),
                at: now, on: db)
            return try decode(row)
        }
    }

    /// Cancels the citizen's booking and gives the place back; too close to its time it stays.
    public func cancel(id: UUID, accountID: UUID, at now: Date = Date(), on database: any Database) async throws -> Appointment {
        try await database.transaction { db in
            try await SQLiteWriteLock.take(on: db)
            guard let row = try await AppointmentRow.find(id, on: db), row.accountID == accountID else { throw AppointmentError.notFound }
            guard row.state == "booked" else { throw AppointmentError.alreadyCancelled }
            guard let day = CivilDate(iso: row.day), policy.canCancel(day: day, time: row.time, now: now) else { throw AppointmentError.tooLate }
            row.state = "cancelled"
            row.cancelledAt = now
            try await row.update(on: db)
            let sql = db as! any SQLDatabase
            try await sql.update(AppointmentSlotRow.schema).set(SQLIdentifier("booked"), to: SQLRaw("booked - 1"))
                .where("unit_code", .equal, row.unitCode).where("day", .equal, row.day).where("time", .equal, row.time)
                .where("booked", .greaterThan, 0).run()
            try await NotificationOutbox().enqueue(
                accountID: accountID, topic: .appointment, subjectRef: row.reference,
                titleZh: "已取消 \(row.day) \(row.time) 的预约（\(row.reference)）", titleEn: "Cancelled the booking for \(row.day) \(row.time) (\(row.reference))",
                at: now, on: db)
            try await AuditChain.append(
                AuditEvent(actor: .citizen(accountID), action: "appointment.cancelled", subject: "appointment:\(row.reference)", purpose: row.serviceCode),
                at: now, on: db)
            return try decode(row)
        }
    }

    /// The citizen's appointments, soonest first.
    public func appointments(accountID: UUID, on database: any Database) async throws -> [Appointment] {
        try await AppointmentRow.query(on: database).filter(\.$accountID == accountID).sort(\.$day).sort(\.$time).all().map(decode)
    }

    func decode(_ row: AppointmentRow) throws -> Appointment {
        guard let id = row.id, let day = CivilDate(iso: row.day) else { throw StoreError.corruptRecord("appointment \(row.reference)") }
        return Appointment(id: id, reference: row.reference, accountID: row.accountID, serviceCode: row.serviceCode, unitCode: row.unitCode,
                           day: day, time: row.time, cancelled: row.state == "cancelled", createdAt: row.createdAt)
    }
}

/// Why a booking or cancellation was refused.
public enum AppointmentError: Error, Equatable, Sendable {
    case notOffered
    case full
    case alreadyBooked(String)
    case notFound
    case alreadyCancelled
    case tooLate

    public var reasonZh: String {
        switch self {
        case .notOffered: "该时段不可预约（只能预约今后的工作日及公布的时段）"
        case .full: "该时段已约满，请选择其他时段"
        case .alreadyBooked(let reference): "您已有本事项的有效预约（\(reference)），请先取消再改约"
        case .notFound: "未找到该预约"
        case .alreadyCancelled: "该预约已取消"
        case .tooLate: "距预约时间不足规定时限，不能在线取消"
        }
    }

    public var reasonEn: String {
        switch self {
        case .notOffered: "that time is not offered (only coming working days and the published times)"
        case .full: "that time is fully booked; choose another"
        case .alreadyBooked(let reference): "you already have a booking for this service (\(reference)); cancel it first to change it"
        case .notFound: "no such booking"
        case .alreadyCancelled: "the booking is already cancelled"
        case .tooLate: "it is too close to the time to cancel online"
        }
    }
}
