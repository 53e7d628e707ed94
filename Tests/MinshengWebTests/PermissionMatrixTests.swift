import FluentKit
import Foundation
import MinshengCore
import MinshengStore
import MinshengTesting
import MinshengWeb
import Testing
import Vapor
import VaporTesting

/// Every officer operation the OpenAPI document describes, called by everyone who must not get its data: no token, a
/// citizen at L3, an officer of another unit holding every role but admin, and officers of the right unit without the
/// role the work needs (a unit admin only, an informant-protection officer only). The route list comes from the document, so a new officer route is in the matrix the day it
/// is documented (and `OpenAPITests` holds the document to the routes).
@Suite("Permission matrix: every officer route refuses the wrong caller and never shows them the data")
struct PermissionMatrixTests {
    enum Caller: String, CaseIterable {
        case anonymous = "no token"
        case citizen = "citizen L3"
        case otherUnit = "officer of another unit (every role but admin)"
        case withoutRole = "officer of the unit without the role (unit admin only)"
        case informantOnly = "officer of the unit without the role (informant protection only)"
    }

    /// Operations a caller may legitimately be answered with 2xx, and why. The body is still checked: it must hold none
    /// of the seeded people's data and none of the seeded objects of the other unit.
    static let allowed: [String: (callers: Set<Caller>, why: String)] = [
        "GET /api/v1/officer/me": ([.otherUnit, .withoutRole, .informantOnly], "an officer's own profile"),
        "GET /api/v1/officer/statistics": ([.otherUnit, .withoutRole, .informantOnly], "figures for the officer's own unit, no person in them"),
        "GET /api/v1/officer/statistics/operations": ([.otherUnit, .withoutRole, .informantOnly], "figures for the officer's own unit, no person in them"),
        "GET /api/v1/officer/tips/statistics": ([.otherUnit, .withoutRole, .informantOnly], "counts by category and state, no report in them"),
        "GET /api/v1/officer/queue": ([.otherUnit], "the officer's own unit's queue: the other unit's applications are not in it"),
        "GET /api/v1/officer/points/applications": ([.otherUnit], "applicants in the officer's own jurisdiction only"),
        "GET /api/v1/officer/tips": ([.otherUnit], "the officer's own unit's reports only"),
        "GET /api/v1/officer/cases": ([.otherUnit], "the officer's own unit's cases only"),
        "POST /api/v1/officer/cases": ([.otherUnit], "files a new case at the officer's own unit"),
        "POST /api/v1/officer/tips/{tipID}/informant": ([.informantOnly], "the role this route exists for, on a report of its own unit (audited; the seeded report is anonymous)"),
    ]

    /// Refusals that keep the data back: unauthenticated, forbidden, not found (the other unit's object), or a body or
    /// parameter the route refuses.
    static let refusals: Set<UInt> = [400, 401, 403, 404, 422]

    struct Seeded {
        var applicationID: String
        var applicationReference: String
        var pointsID: String
        var pointsReference: String
        var tipID: String
        var tipCode: String
        var caseID: String
        var caseNumber: String
        var householdID: String
        var residentID: String
        /// Names and ID numbers of the people behind the seeded objects, and text only their records hold.
        var personal: [String]
    }

    /// A name change by 李明 (福田), a points application by a migrant on a 福田 residence permit, a drug report in 福田
    /// and a case with 李明 as the victim, all handled by 福田派出所 ("FT").
    static func seed(_ t: TestApp) async throws -> (Seeded, [Caller: String]) {
        let citizen = try await ApplicationAPITests().l3Citizen(t)
        let body = #"{"service":"HZ-01","form":{"newName":"李明远","reason":"homophone","reasonDetail":"与他人同名"},"idempotencyKey":"matrix-0001"}"#
        let submitted = try await t.send(.POST, "/api/v1/applications", json: body, token: citizen)
        #expect(submitted.status == .created, "\(submitted.text)")
        let applicationID = try #require(submitted.object["id"] as? String)
        let applicationReference = try #require(submitted.object["reference"] as? String)

        let now = YearMonth(CivilDate.today())
        let migrant = try await PointsAPITests.migrant(t, idNumber: "430521198503120019", name: "陈建华", phone: "13800138001",
                                                       birth: CivilDate(year: 1985, month: 3, day: 12)!, since: now.adding(-100), until: now.adding(-1))
        let desk = PointsDesk(cipher: t.registry.cipher, policies: t.app.pointsPolicies)
        let (points, _) = try await desk.apply(account: migrant.account, today: CivilDate(year: now.year, month: 7, day: 1)!, on: t.app.db)

        #expect(try await TipAPITests.report(t, TipAPITests.drugs).status == .created)
        let tip = try #require(try await TipReportRow.query(on: t.app.db).first())

        let line = #"{"number":"A440304202611020001","cause":"电动自行车被盗","unit":"FT","reportedOn":"2026-11-02","parties":[{"role":"victim","name":"李明","code":"DEM0-CASE"}]}"#
        let (filed, problems) = try await CaseImport(desk: CaseDesk(cipher: t.registry.cipher, stages: t.app.caseStages)).run(line, on: t.app.db)
        #expect(problems.isEmpty && filed.count == 1, "\(problems)")
        let caseRow = try #require(try await CaseRow.query(on: t.app.db).first())

        let hash = try Bcrypt.hash(TestApp.officerPassword, cost: 4)
        let officers = OfficerRepository()
        _ = try await officers.ensureUnit(code: "LH", nameZh: "罗湖派出所", nameEn: "Luohu Police Station", jurisdiction: Jurisdiction(divisionCodes: ["440303"]),
                                          actor: .system("test"), on: t.app.db)
        _ = try await officers.addOfficer(policeNumber: "030009", name: "罗警官", unitCode: "LH", roles: Set(OfficerRole.allCases).subtracting([.admin]),
                                          passwordHash: hash, actor: .system("test"), on: t.app.db)
        _ = try await officers.addOfficer(policeNumber: "010009", name: "管警官", unitCode: "FT", roles: [.unitAdmin], passwordHash: hash, actor: .system("test"), on: t.app.db)
        _ = try await officers.addOfficer(policeNumber: "010007", name: "保警官", unitCode: "FT", roles: [.informantProtection], passwordHash: hash,
                                          actor: .system("test"), on: t.app.db)
        _ = try await officers.addOfficer(policeNumber: "010008", name: "全警官", unitCode: "FT", roles: Set(OfficerRole.allCases).subtracting([.admin]),
                                          passwordHash: hash, actor: .system("test"), on: t.app.db)

        let seeded = Seeded(
            applicationID: applicationID, applicationReference: applicationReference, pointsID: points.id.uuidString.lowercased(), pointsReference: points.reference,
            tipID: try tip.requireID().uuidString.lowercased(), tipCode: tip.code, caseID: try caseRow.requireID().uuidString.lowercased(), caseNumber: "A440304202611020001",
            householdID: try #require(try await t.registry.resident(id: t.liMing.id, on: t.app.db)?.householdID).uuidString.lowercased(), residentID: t.liMing.id.uuidString.lowercased(),
            personal: ["李明", "440304199001010011", "陈建华", "陈*华", "430521198503120019", "粤B12345", "深南大道"])
        let tokens: [Caller: String] = [
            .citizen: citizen, .otherUnit: try await t.officerToken("030009"), .withoutRole: try await t.officerToken("010009"),
            .informantOnly: try await t.officerToken("010007"),
        ]
        return (seeded, tokens)
    }

    struct Operation {
        var method: String
        var path: String
        var queryParameters: [String]
        var bodySchema: [String: Any]?
    }

    /// The officer operations of the served document: every path under `/api/v1/officer/` but the login.
    static func operations() throws -> (ops: [Operation], schemas: [String: Any]) {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestApp.resources).appendingPathComponent("openapi.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let schemas = ((document["components"] as? [String: Any])?["schemas"] as? [String: Any]) ?? [:]
        var ops: [Operation] = []
        for (path, item) in paths.sorted(by: { $0.key < $1.key }) where path.hasPrefix("/api/v1/officer/") && path != "/api/v1/officer/auth/login" {
            for (method, raw) in item.sorted(by: { $0.key < $1.key }) where ["get", "post", "put", "patch", "delete"].contains(method) {
                let operation = raw as? [String: Any] ?? [:]
                let parameters = (operation["parameters"] as? [[String: Any]]) ?? []
                let query = parameters.filter { $0["in"] as? String == "query" }.compactMap { $0["name"] as? String }
                let content = ((operation["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any]
                ops.append(Operation(method: method.uppercased(), path: path, queryParameters: query, bodySchema: content?["schema"] as? [String: Any]))
            }
        }
        return (ops, schemas)
    }

    /// A value for each path and query parameter: the seeded object of the kind the route names.
    static func fill(_ op: Operation, _ s: Seeded) -> String {
        let points = op.path.contains("/points/")
        let values = [
            "applicationID": points ? s.pointsID : s.applicationID, "tipID": s.tipID, "caseID": s.caseID, "residentID": s.residentID,
            "householdID": s.householdID, "year": String(CivilDate.today().year),
            // Objects nothing seeded has: a route must still refuse the caller before it looks.
            "materialID": UUID().uuidString.lowercased(), "fileID": UUID().uuidString.lowercased(), "objectionID": UUID().uuidString.lowercased(),
        ]
        var path = op.path
        for (name, value) in values { path = path.replacingOccurrences(of: "{\(name)}", with: value) }
        let query = op.queryParameters.map { name in "\(name)=\((name == "year" ? values["year"]! : "权限核查").addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }
        return query.isEmpty ? path : path + "?" + query.joined(separator: "&")
    }

    /// A minimal body that looks valid: the schema's required members (and the few the routes read) with plausible values.
    static func body(_ op: Operation, schemas: [String: Any], _ s: Seeded) throws -> String? {
        guard var schema = op.bodySchema else { return nil }
        if let ref = schema["$ref"] as? String, let resolved = schemas[String(ref.split(separator: "/").last!)] as? [String: Any] { schema = resolved }
        let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
        let known: [String: Any] = [
            "idNumber": "440304199001010011", "purpose": "权限核查", "idCardChecked": true, "action": op.path.contains("/tips/") ? "verify" : "accept",
            "upheld": true, "reason": "核查属实", "text": "请补充说明", "claimCode": "ABCD-EFGH-JKMN", "cause": "盗窃", "reportedOn": CivilDate.today().description,
            "parties": [["role": "victim", "name": "张三"]], "stage": "investigating", "version": 1,
        ]
        let required = Set(schema["required"] as? [String] ?? [])
        var object: [String: Any] = [:]
        for (name, property) in properties where required.contains(name) || known[name] != nil {
            if let value = known[name] {
                object[name] = value
            } else {
                switch property["type"] as? String {
                case "boolean": object[name] = true
                case "integer", "number": object[name] = 1
                case "array": object[name] = []
                case "object": object[name] = [String: Any]()
                default: object[name] = "权限核查"
                }
            }
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    @Test("no token, a citizen, another unit's officer and an officer without the role are refused on every officer route and see no one's data",
          arguments: DatabaseKind.available)
    func matrix(kind: DatabaseKind) async throws {
        try await TestApp.with(kind) { t in
            let (seeded, tokens) = try await Self.seed(t)
            let (ops, schemas) = try Self.operations()
            #expect(ops.count >= 30, "the document's officer routes: \(ops.count)")
            let objects = [seeded.applicationID, seeded.applicationReference, seeded.pointsID, seeded.pointsReference, seeded.tipID, seeded.tipCode,
                           seeded.caseID, seeded.caseNumber]
            var failures: [String] = []
            for op in ops {
                let key = "\(op.method) \(op.path)"
                for caller in Caller.allCases {
                    let response = try await t.send(HTTPMethod(rawValue: op.method), Self.fill(op, seeded), json: try Self.body(op, schemas: schemas, seeded),
                                                    token: tokens[caller])
                    let status = response.status.code
                    let text = response.body.string
                    let allowed = Self.allowed[key]?.callers.contains(caller) == true
                    if status >= 500 {
                        failures.append("\(key) as \(caller.rawValue): \(status) \(text.prefix(200))")
                    } else if (200..<300).contains(status) && !allowed {
                        failures.append("\(key) as \(caller.rawValue): \(status) — answered instead of refused: \(text.prefix(200))")
                    } else if !(200..<300).contains(status) && !Self.refusals.contains(status) {
                        failures.append("\(key) as \(caller.rawValue): unexpected \(status) \(text.prefix(200))")
                    }
                    if let leaked = seeded.personal.first(where: text.contains) {
                        failures.append("\(key) as \(caller.rawValue): the body holds \(leaked)")
                    }
                    if (200..<300).contains(status), let shown = objects.first(where: text.contains) {
                        failures.append("\(key) as \(caller.rawValue): the body names the other unit's \(shown)")
                    }
                }
            }
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
            // The control: the unit's own officer holding every role reaches the seeded objects through the same paths, so
            // the refusals above are refusals of real objects and not of ids that lead nowhere.
            let own = try await t.officerToken("010008")
            var reached: [String] = []
            for op in ops where op.method == "GET" && !op.path.contains("{materialID}") && !op.path.contains("{fileID}") {
                let response = try await t.send(.GET, Self.fill(op, seeded), token: own)
                #expect(response.status == .ok, "\(op.path) as the unit's own officer: \(response.status) \(response.body.string.prefix(200))")
                if seeded.personal.contains(where: response.body.string.contains) { reached.append(op.path) }
            }
            #expect(reached.count >= 6, "\(reached)")
            // The allow-list names only documented routes: a route renamed in the document must not keep a stale exemption.
            let documented = Set(ops.map { "\($0.method) \($0.path)" })
            #expect(Set(Self.allowed.keys).subtracting(documented).isEmpty, "\(Set(Self.allowed.keys).subtracting(documented))")
        }
    }
}
