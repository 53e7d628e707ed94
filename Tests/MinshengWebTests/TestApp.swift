import FluentKit
import Foundation
import MinshengCore
import MinshengStore
import MinshengTesting
import MinshengWeb
import Testing
import Vapor
import VaporTesting

/// The real application on a fresh database of the given kind, with a known registry and officers.
struct TestApp {
    let app: Application
    let database: TestDatabase
    let registry: RegistryRepository
    let liMing: Resident
    let wangFang: Resident
    let otherDistrict: Resident
    /// Where this app's materials vault keeps its files.
    var materialsDirectory: String = ""

    static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Resources").path
    static let officerPassword = "Police2017"

    static let models = URL(fileURLWithPath: resources).deletingLastPathComponent().appendingPathComponent("var/models").path

    static func with(_ kind: DatabaseKind, models: String = TestApp.models, smtpURL: String? = nil, outbox: String? = nil,
                     logLevel: Logger.Level = .warning, informantKey: String? = FieldCipher.generateKey(), tipRate: Int = 5,
                     trustedProxies: TrustedProxies = TrustedProxies(), limits: AbuseLimits = AbuseLimits(),
                     tipsEnabled: Bool = true, _ body: (TestApp) async throws -> Void) async throws {
        try await TestDatabase.with(kind, migrate: false) { database in
            let key = FieldCipher.generateKey()
            let config = Config(database: database.location, dataKey: key, logLevel: logLevel, secureCookies: false,
                                resourcesDirectory: resources, bcryptCost: 4, modelsDirectory: models, smtpURL: smtpURL, outboxDirectory: outbox,
                                informantKey: informantKey, tipRatePerHour: tipRate, trustedProxies: trustedProxies, tipsEnabled: tipsEnabled, limits: limits)
            await database.host.shutdown()
            let app = try await buildApplication(config, environment: .testing)
            do {
                try await app.autoMigrate()
                var test = try await seed(app, key: key, database: database)
                test.materialsDirectory = config.materialsDirectory
                try await body(test)
                try? FileManager.default.removeItem(atPath: config.materialsDirectory)
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }

    static func seed(_ app: Application, key: String, database: TestDatabase) async throws -> TestApp {
        let registry = RegistryRepository(cipher: try FieldCipher(base64Key: key))
        let db = app.db
        let li = Resident(idNumber: try IDNumber("440304199001010011"), name: try PersonName("李明"), gender: .male, ethnicity: .han,
                          birthDate: CivilDate(year: 1990, month: 1, day: 1)!, relation: .head, divisionCode: "440304")
        let wang = Resident(idNumber: try IDNumber("440303198506150027"), name: try PersonName("王芳"), gender: .female, ethnicity: .han,
                            birthDate: CivilDate(year: 1985, month: 6, day: 15)!, relation: .spouse, divisionCode: "440304")
        let household = Household(number: "440304000000001", kind: .family, divisionCode: "440304", address: "深圳市福田区深南大道6008号", headID: li.id)
        try await registry.register(household: household, members: [li, wang], actor: .system("test"), reason: "test", on: db)
        let far = Resident(idNumber: try IDNumber("44030119800101123X"), name: try PersonName("阿依古丽·买买提"), gender: .male, ethnicity: Ethnicity.byCode("05")!,
                           birthDate: CivilDate(year: 1980, month: 1, day: 1)!, relation: .head, divisionCode: "440306")
        try await registry.register(household: Household(number: "440306000000001", kind: .family, divisionCode: "440306", address: "深圳市宝安区新安街道1号", headID: far.id),
                                    members: [far], actor: .system("test"), reason: "test", on: db)
        let officers = OfficerRepository()
        _ = try await officers.ensureUnit(code: "FT", nameZh: "福田派出所", nameEn: "Futian Police Station", jurisdiction: Jurisdiction(divisionCodes: ["440304"]), actor: .system("test"), on: db)
        let hash = try Bcrypt.hash(officerPassword, cost: 4)
        _ = try await officers.addOfficer(policeNumber: "010001", name: "张警官", unitCode: "FT", roles: [.intake, .reviewer], passwordHash: hash, actor: .system("test"), on: db)
        _ = try await officers.addOfficer(policeNumber: "010002", name: "刘警官", unitCode: "FT", roles: [.approver], passwordHash: hash, actor: .system("test"), on: db)
        return TestApp(app: app, database: database, registry: registry, liMing: li, wangFang: wang, otherDistrict: far)
    }

    /// Sends a JSON request and returns the response.
    func send(_ method: HTTPMethod, _ path: String, json: String? = nil, token: String? = nil, contentType: String = "application/json") async throws -> TestingHTTPResponse {
        var result: TestingHTTPResponse?
        try await app.testing().test(method, path, beforeRequest: { req in
            if let json {
                req.body = ByteBuffer(string: json)
                req.headers.replaceOrAdd(name: .contentType, value: contentType)
            }
            if let token { req.headers.bearerAuthorization = BearerAuthorization(token: token) }
        }, afterResponse: { res in
            result = res
        })
        return result!
    }

    /// Registers and signs in a citizen; returns the bearer token.
    func citizenToken(phone: String = "13800138000", password: String = "Minsheng2017") async throws -> String {
        let registered = try await send(.POST, "/api/v1/auth/register", json: #"{"phone":"\#(phone)","password":"\#(password)"}"#)
        #expect(registered.status == .created)
        let login = try await send(.POST, "/api/v1/auth/login", json: #"{"phone":"\#(phone)","password":"\#(password)"}"#)
        #expect(login.status == .ok)
        return try JSONDecoder().decode(TokenBody.self, from: Data(login.body.readableBytesView)).token
    }

    func officerToken(_ number: String = "010001") async throws -> String {
        let login = try await send(.POST, "/api/v1/officer/auth/login", json: #"{"policeNumber":"\#(number)","password":"\#(Self.officerPassword)"}"#)
        #expect(login.status == .ok)
        return try JSONDecoder().decode(TokenBody.self, from: Data(login.body.readableBytesView)).token
    }

    struct TokenBody: Decodable { var token: String }
}

extension TestingHTTPResponse {
    /// The body as a JSON object.
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }

    var array: [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [[String: Any]] ?? []
    }

    var text: String { body.string }

    /// The `field` names of a problem's `errors`.
    var problemFields: [String] {
        ((object["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String }
    }
}
