import Foundation
import MinshengTesting
import Testing
import Vapor
import VaporTesting

@Suite("OpenAPI document")
struct OpenAPITests {
    @Test("every API route is documented and every documented route exists")
    func routesMatchDocument() async throws {
        try await TestApp.with(.sqlite) { t in
            let res = try await t.send(.GET, "/api/openapi.json")
            #expect(res.status == .ok)
            let doc = res.object
            #expect(doc["openapi"] as? String == "3.1.0")
            let paths = try #require(doc["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, operations) in paths {
                for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
            }
            var served = Set<String>()
            for route in t.app.routes.all {
                let path = "/" + route.path.map { component -> String in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
                guard path.hasPrefix("/api") || path == "/healthz" || path.hasPrefix("/.well-known") else { continue }
                served.insert("\(route.method.rawValue) \(path)")
            }
            #expect(served.subtracting(documented).isEmpty, "undocumented: \(served.subtracting(documented).sorted())")
            #expect(documented.subtracting(served).isEmpty, "documented but missing: \(documented.subtracting(served).sorted())")
        }
    }
}
