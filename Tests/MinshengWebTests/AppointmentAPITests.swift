import Foundation
import MinshengCore
import MinshengStore
import MinshengTesting
import Testing
import Vapor
import VaporTesting

@Suite("Counter appointments for the services handled in person")
struct AppointmentAPITests {
    @Test("book, refuse a second booking and unoffered times, cancel to free the place", arguments: DatabaseKind.available)
    func bookAndCancel(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let citizen = try await ApplicationAPITests().l3Citizen(t)
            let units = try await t.send(.GET, "/api/v1/units")
            #expect(units.array.contains { $0["code"] as? String == "FT" })
            let slots = try await t.send(.GET, "/api/v1/services/HZ-44/appointment-slots?unit=FT")
            #expect(slots.status == .ok, "\(slots.text)")
            let days = slots.object["days"] as? [[String: Any]] ?? []
            #expect(days.count == 10)
            let first = try #require(days.first)
            let date = try #require(first["date"] as? String)
            let firstDay = try #require(CivilDate(iso: date))
            #expect(WorkingDayCalendar.china.isWorkingDay(firstDay) && firstDay > CivilDate.today())
            #expect((first["times"] as? [[String: Any]])?.first?["remaining"] as? Int == 4)
            #expect(try await t.send(.GET, "/api/v1/services/HZ-01/appointment-slots?unit=FT").status == .unprocessableEntity)
            #expect(try await t.send(.GET, "/api/v1/services/HZ-44/appointment-slots?unit=NOPE").problemFields == ["unit"])

            let booked = try await t.send(.POST, "/api/v1/appointments", json: #"{"service":"HZ-44","unit":"FT","date":"\#(date)","time":"09:30"}"#, token: citizen)
            #expect(booked.status == .created, "\(booked.text)")
            let id = try #require(booked.object["id"] as? String)
            #expect(booked.object["cancellable"] as? Bool == true)
            let after = try await t.send(.GET, "/api/v1/services/HZ-44/appointment-slots?unit=FT")
            let times = ((after.object["days"] as? [[String: Any]])?.first?["times"] as? [[String: Any]]) ?? []
            #expect(times.first { $0["time"] as? String == "09:30" }?["remaining"] as? Int == 3)

            let twice = try await t.send(.POST, "/api/v1/appointments", json: #"{"service":"HZ-44","unit":"FT","date":"\#(date)","time":"10:00"}"#, token: citizen)
            #expect(twice.status == .conflict)
            // A time that is not offered, a holiday or today, and a malformed body.
            let lunch = try await t.send(.POST, "/api/v1/appointments", json: #"{"service":"HZ-43","unit":"FT","date":"\#(date)","time":"12:15"}"#, token: citizen)
            #expect(lunch.status == .unprocessableEntity)
            let today = try await t.send(.POST, "/api/v1/appointments", json: #"{"service":"HZ-43","unit":"FT","date":"\#(CivilDate.today())","time":"09:00"}"#, token: citizen)
            #expect(today.status == .unprocessableEntity)
            #expect(try await t.send(.POST, "/api/v1/appointments", json: #"{"service":"HZ-43","unit":"FT","date":"soon","time":"09:00"}"#, token: citizen).problemFields == ["date"])
            #expect(try await t.send(.POST, "/api/v1/appointments", json: #"{"service":"HZ-01","unit":"FT","date":"\#(date)","time":"09:00"}"#, token: citizen).status == .unprocessableEntity)
            // Below L2 (no identity linked) a citizen cannot book.
            let anonymous = try await t.citizenToken(phone: "13700137000")
            #expect(try await t.send(.POST, "/api/v1/appointments", json: #"{"service":"HZ-43","unit":"FT","date":"\#(date)","time":"09:00"}"#, token: anonymous).status == .forbidden)
            #expect(try await t.send(.POST, "/api/v1/me/appointments/\(id)/cancel", token: anonymous).status == .notFound)

            let cancelled = try await t.send(.POST, "/api/v1/me/appointments/\(id)/cancel", token: citizen)
            #expect(cancelled.object["state"] as? String == "cancelled", "\(cancelled.text)")
            #expect(try await t.send(.POST, "/api/v1/me/appointments/\(id)/cancel", token: citizen).status == .conflict)
            let freed = try await t.send(.GET, "/api/v1/services/HZ-44/appointment-slots?unit=FT")
            let freedTimes = ((freed.object["days"] as? [[String: Any]])?.first?["times"] as? [[String: Any]]) ?? []
            #expect(freedTimes.first { $0["time"] as? String == "09:30" }?["remaining"] as? Int == 4)
            // After cancelling, the citizen can book again.
            let rebooked = try await t.send(.POST, "/api/v1/appointments", json: #"{"service":"HZ-44","unit":"FT","date":"\#(date)","time":"10:00"}"#, token: citizen)
            #expect(rebooked.status == .created)
            #expect(try await t.send(.GET, "/api/v1/me/appointments", token: citizen).array.count == 2)
        }
    }

    @Test("concurrent bookings never exceed a time's capacity", arguments: DatabaseKind.available)
    func capacity(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let policy = AppointmentPolicy(times: ["09:00"], capacity: 2, daysAhead: 3, cancelMinutesBefore: 60)
            let repository = AppointmentRepository(policy: policy)
            let accounts = AccountRepository(cipher: t.registry.cipher)
            var ids: [UUID] = []
            for n in 0..<6 {
                ids.append(try await accounts.register(phone: try PhoneNumber("1390000000\(n)"), passwordHash: "x", on: t.app.db).id)
            }
            let day = try #require(policy.bookableDays(today: .today(), calendar: .china).first)
            let results = await withTaskGroup(of: Bool.self) { group in
                for id in ids {
                    group.addTask {
                        (try? await repository.book(accountID: id, serviceCode: "HZ-44", unitCode: "FT", day: day, time: "09:00", today: .today(), on: t.app.db)) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 2)
            let left = try await repository.availability(unitCode: "FT", today: .today(), on: t.app.db)
            #expect(left.first { $0.day == day }?.remaining == 0)
        }
    }
}
