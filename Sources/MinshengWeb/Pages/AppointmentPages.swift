import MinshengCore
import MinshengStore
import Vapor

/// Booking a counter appointment from a service page, and the personal center's list with cancellation.
struct AppointmentPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("services", ":code", "appointment", use: times)
        routes.post("services", ":code", "appointment", use: book)
        routes.get("me", "appointments", use: mine)
        routes.post("me", "appointments", ":appointmentID", "cancel", use: cancel)
    }

    struct TimeView: Encodable, Sendable {
        var value: String
        var time: String
        var remaining: Int
        var full: Bool
    }

    struct DayView: Encodable, Sendable {
        var date: String
        var weekday: String
        var times: [TimeView]
    }

    struct TimesBody: Encodable, Sendable {
        var code: String
        var service: String
        var unit: String
        var unitName: String
        var days: [DayView]
    }

    static func weekday(_ day: CivilDate, zh: Bool) -> String {
        let names = zh ? ["周一", "周二", "周三", "周四", "周五", "周六", "周日"] : ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        return names[day.weekday - 1]
    }

    func render(_ req: Request, code: String, unitCode: String?, errors: [FieldProblem] = [], status: HTTPResponseStatus = .ok) async throws -> Response {
        _ = try await req.requireCitizen(level: .l2)
        let service = try AppointmentController.offlineService(code, on: req)
        let unit = try await AppointmentController.unit(unitCode, on: req)
        let zh = req.language == .zh
        let available = try await req.services.appointments.availability(unitCode: unit.code, today: .today(), on: req.db)
        let days = Dictionary(grouping: available, by: \.day).sorted { $0.key < $1.key }.map { day, slots in
            DayView(date: day.description, weekday: Self.weekday(day, zh: zh), times: slots.map {
                TimeView(value: "\(day) \($0.time)", time: $0.time, remaining: $0.remaining, full: $0.remaining == 0)
            })
        }
        let body = TimesBody(code: service.code, service: zh ? service.name.zh : service.name.en, unit: unit.code,
                             unitName: zh ? unit.nameZh : unit.nameEn, days: days)
        return try await req.page("appointment", titleKey: "book_appointment", body: body, errors: errors, status: status)
    }

    func times(req: Request) async throws -> Response {
        try await render(req, code: req.parameters.get("code") ?? "", unitCode: req.query[String.self, at: "unit"])
    }

    struct BookForm: Content {
        var unit: String?
        var slot: String?
    }

    func book(req: Request) async throws -> Response {
        _ = try await req.requireCitizen(level: .l2)
        try req.checkCSRF()
        let code = req.parameters.get("code") ?? ""
        let form = (try? req.content.decode(BookForm.self)) ?? BookForm()
        let parts = (form.slot ?? "").split(separator: " ").map(String.init)
        guard parts.count == 2 else {
            let problem = FieldProblem(field: "slot", reasonZh: "请选择预约时段", reasonEn: "choose a time")
            return try await render(req, code: code, unitCode: form.unit, errors: [problem], status: .unprocessableEntity)
        }
        do {
            _ = try await AppointmentController.book(service: code, unit: form.unit, date: parts[0], time: parts[1], on: req)
        } catch let problem as Problem where problem.status < 500 && problem.status != 401 && problem.status != 403 {
            let field = FieldProblem(field: "slot", reasonZh: problem.titleZh, reasonEn: problem.title)
            return try await render(req, code: code, unitCode: form.unit, errors: problem.errors ?? [field], status: problem.httpStatus)
        }
        return req.redirect(to: "/me/appointments?booked=1")
    }

    struct Row: Encodable, Sendable {
        var id: String
        var reference: String
        var service: String
        var unit: String
        var when: String
        var state: String
        var cancellable: Bool
    }

    func mine(req: Request) async throws -> Response {
        let account = try await req.requireCitizen()
        let zh = req.language == .zh
        let strings = req.language.strings()
        let units = Dictionary(uniqueKeysWithValues: try await req.services.officers.units(on: req.db).map { ($0.code, zh ? $0.nameZh : $0.nameEn) })
        let rows = try await req.services.appointments.appointments(accountID: account.id, on: req.db).map { a in
            let dto = AppointmentController.AppointmentDTO(a, req: req)
            return Row(id: a.id.uuidString.lowercased(), reference: a.reference, service: zh ? dto.serviceName.zh : dto.serviceName.en,
                       unit: units[a.unitCode] ?? a.unitCode, when: "\(a.day) \(Self.weekday(a.day, zh: zh)) \(a.time)",
                       state: (a.cancelled ? strings["appointment_cancelled"] : strings["appointment_booked"]) ?? "", cancellable: dto.cancellable)
        }
        let notice = req.query[String.self, at: "booked"] == "1" ? strings["appointment_booked_ok"]
            : req.query[String.self, at: "cancelled"] == "1" ? strings["appointment_cancelled_ok"] : nil
        return try await req.page("appointments", titleKey: "my_appointments", body: ["rows": rows], notice: notice)
    }

    func cancel(req: Request) async throws -> Response {
        _ = try await req.requireCitizen()
        try req.checkCSRF()
        _ = try await AppointmentController.cancel(try OfficerController.uuidParameter("appointmentID", req), on: req)
        return req.redirect(to: "/me/appointments?cancelled=1")
    }
}
