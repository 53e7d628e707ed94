import Foundation
import MinshengCatalog
import MinshengCore
import Testing

@Suite("Separation of duties in the catalog")
struct SeparationCatalogTests {
    @Test("on by default for every service that changes the registry, off for those that change nothing unless the file says so")
    func defaults() throws {
        let catalog = try CatalogLoader.load(directory: CatalogLoaderTests.directory).get()
        let all = catalog.services(in: .hukou) + catalog.services(in: .certificate)
        #expect(all.filter(\.changesRegistry).allSatisfy { $0.separatesDuties && $0.workflowSteps.separation })
        #expect(catalog.service(code: "HZ-01")?.separatesDuties == true)
        #expect(catalog.service(code: "HZ-41")?.separatesDuties == false)
        #expect(catalog.service(code: "ZM-01")?.separation == true && catalog.service(code: "ZM-01")?.separatesDuties == true)
    }

    @Test("separation: false on a service that changes the registry is refused at its line; true on one that changes nothing loads")
    func validated() throws {
        let optOut = CatalogLoaderTests.valid.replacingOccurrences(of: "timeLimit: 10\n", with: "timeLimit: 10\nseparation: false\n")
        let error = try CatalogLoaderTests().brokenCatalog(["HZ-99.yaml": optOut])
        #expect(error.problems.map(\.description).contains { $0.hasPrefix("hukou/HZ-99.yaml:9:") && $0.contains("separat") }, "\(error.problems)")
        #expect(error.problems.count == 1)

        let dir = NSTemporaryDirectory() + "catalog-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/hukou", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CatalogLoaderTests.directory + "/departments.yaml", toPath: dir + "/departments.yaml")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let optIn = CatalogLoaderTests.valid.replacingOccurrences(of: "timeLimit: 10\n", with: "timeLimit: 10\nseparation: true\n")
            .replacingOccurrences(of: "{ kind: changeName, from: form.newName }", with: "{ kind: none }")
        try optIn.write(toFile: dir + "/hukou/HZ-99.yaml", atomically: true, encoding: .utf8)
        let loaded = try #require(try CatalogLoader.load(directory: dir).get().service(code: "HZ-99"))
        #expect(loaded.separatesDuties && !loaded.changesRegistry)
    }
}
