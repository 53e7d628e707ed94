import MinshengCore
import MinshengStore
import Vapor

/// Counter appointments for the services handled in person: the units, the places left, booking and cancelling.
struct AppointmentController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped("api", "v1")
        api.get("units", use: units)
        api.get("services", ":code", "appointment-slots", use: slots)
        api.post("appointments", use: book)
        api.get("me", "appointments", use: mine)
        api.post("me", "appointments", ":appointmentID", "cancel", use: cancel)
    }

    struct UnitDTO: Content {
        var code: String
        var nameZh: String
        var nameEn: String
    }

    struct SlotDTO: Content {
        var time: String
        var remaining: Int
    }

    struct DayDTO: Content {
        var date: String
        var times: [SlotDTO]
    }

    struct SlotsDTO: Content {
        var service: String
        var unit: String
        var capacity: Int
        var days: [DayDTO]
    }

    struct AppointmentDTO: Content {
        var id: UUID
        var reference: String
        var service: String
        var serviceName: LocalizedTextDTO
        var unit: String
        var date: String
        var time: String
        var state: String
        var cancellable: Bool

        init(_ a: AppointmentRepository.Appointment, req: Request) {
            id = a.id
            reference = a.reference
            service = a.serviceCode
            serviceName = LocalizedTextDTO(serviceName: req.services.catalog.service(code: a.serviceCode), code: a.serviceCode)
            unit = a.unitCode
            date = a.day.description
            time = a.time
            state = a.cancelled ? "cancelled" : "booked"
            cancellable = !a.cancelled && req.services.appointments.policy.canCancel(day: a.day, time: a.time, now: Date())
        }
    }

    struct BookBody: StrictBody {
        static let fields: Set<String> = ["service", "unit", "date", "time"]
        var service: String
        var unit: String
        var date: String
        var time: String
    }

    func units(req: Request) async throws -> [UnitDTO] {
        try await req.services.officers.units(on: req.db).map { UnitDTO(code: $0.code, nameZh: $0.nameZh, nameEn: $0.nameEn) }
    }

    /// The service if it is one handled in person.
    static func offlineService(_ code: String, on req: Request) throws -> ServiceDefinition {
        let service = try ApplicationFlows.service(code: code, on: req)
        guard !service.online else {
            throw Problem(.unprocessableEntity, slug: "online-service", zh: "本事项可在线办理，无需预约", en: "This service is handled online; no appointment is needed")
        }
        return service
    }

    static func unit(_ code: String?, on req: Request) async throws -> PoliceUnit {
        guard let code, let unit = try await req.services.officers.unit(code: code, on: req.db) else {
            throw Problem.validation([FieldProblem(field: "unit", reasonZh: "请选择办理的派出所", reasonEn: "choose a police station")])
        }
        return unit
    }

    func slots(req: Request) async throws -> SlotsDTO {
        let service = try Self.offlineService(req.parameters.get("code") ?? "", on: req)
        let unit = try await Self.unit(req.query[String.self, at: "unit"], on: req)
        let available = try await req.services.appointments.availability(unitCode: unit.code, today: .today(), on: req.db)
        let days = Dictionary(grouping: available, by: \.day).sorted { $0.key < $1.key }.map { day, slots in
            DayDTO(date: day.description, times: slots.map { SlotDTO(time: $0.time, remaining: $0.remaining) })
        }
        return SlotsDTO(service: service.code, unit: unit.code, capacity: req.services.appointments.policy.capacity, days: days)
    }

    /// Books a place for the signed-in citizen (identity linked, L2).
    static func book(service code: String, unit unitCode: String?, date: String, time: String, on req: Request) async throws -> AppointmentRepository.Appointment {
        let account = try await req.requireCitizen(level: .l2)
        let service = try offlineService(code, on: req)
        let unit = try await unit(unitCode, on: req)
        guard let day = CivilDate(iso: date) else {
            throw Problem.validation([FieldProblem(field: "date", reasonZh: "日期格式应为 YYYY-MM-DD", reasonEn: "the date must be YYYY-MM-DD")])
        }
        do {
            return try await req.services.appointments.book(accountID: account.id, serviceCode: service.code, unitCode: unit.code, day: day, time: time,
                                                            today: .today(), on: req.db)
        } catch let error as AppointmentError {
            throw problem(error)
        }
    }

    static func problem(_ error: AppointmentError) -> Problem {
        switch error {
        case .notFound: Problem(.notFound, slug: "appointment-not-found", zh: error.reasonZh, en: error.reasonEn)
        case .notOffered: Problem(.unprocessableEntity, slug: "appointment-not-offered", zh: error.reasonZh, en: error.reasonEn)
        default: Problem(.conflict, slug: "appointment", zh: error.reasonZh, en: error.reasonEn)
        }
    }

    func book(req: Request) async throws -> Response {
        let body = try req.strictBody(BookBody.self)
        let booked = try await Self.book(service: body.service, unit: body.unit, date: body.date, time: body.time, on: req)
        return try await AppointmentDTO(booked, req: req).encodeResponse(status: .created, for: req)
    }

    func mine(req: Request) async throws -> [AppointmentDTO] {
        let account = try await req.requireCitizen()
        return try await req.services.appointments.appointments(accountID: account.id, on: req.db).map { AppointmentDTO($0, req: req) }
    }

    static func cancel(_ id: UUID, on req: Request) async throws -> AppointmentRepository.Appointment {
        let account = try await req.requireCitizen()
        do {
            return try await req.services.appointments.cancel(id: id, accountID: account.id, on: req.db)
        } catch let error as AppointmentError {
            throw problem(error)
        }
    }

    func cancel(req: Request) async throws -> AppointmentDTO {
        AppointmentDTO(try await Self.cancel(try OfficerController.uuidParameter("appointmentID", req), on: req), req: req)
    }
}
