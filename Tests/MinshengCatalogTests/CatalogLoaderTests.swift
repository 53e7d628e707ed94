import Foundation
import MinshengCatalog
import MinshengCore
import Testing

@Suite("Service catalog files")
struct CatalogLoaderTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Resources/catalog").path

    @Test("the shipped catalog loads: 52 household-registration items, 48 online, 4 ID-card items at the counter")
    func shipped() throws {
        let catalog = try CatalogLoader.load(directory: Self.directory).get()
        let hukou = catalog.services(in: .hukou)
        #expect(hukou.count == 52)
        #expect(hukou.filter(\.online).count == 48)
        #expect(Set(hukou.filter { !$0.online }.map(\.code)) == ["HZ-43", "HZ-44", "HZ-45", "HZ-46"])
        #expect(hukou.filter { !$0.online }.allSatisfy { $0.channels == [.counter] })
        #expect(catalog.departments.count == Department.allCases.count)
        let nameChange = try #require(catalog.service(code: "HZ-01"))
        #expect(nameChange.assurance == .l3)
        #expect(nameChange.effects.map(\.kind) == [.changeName])
        #expect(nameChange.materials.contains { $0.providedByPlatform })
    }

    @Test("search finds services in Chinese and in English")
    func search() throws {
        let catalog = try CatalogLoader.load(directory: Self.directory).get()
        #expect(catalog.search("姓名").first?.code == "HZ-01")
        #expect(catalog.search("name change").first?.code == "HZ-01")
        #expect(catalog.search("复户").count >= 7)
        #expect(catalog.search("no such thing at all").isEmpty)
    }

    func brokenCatalog(_ files: [String: String]) throws -> CatalogError {
        let dir = NSTemporaryDirectory() + "catalog-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/hukou", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.directory + "/departments.yaml", toPath: dir + "/departments.yaml")
        for (name, text) in files { try text.write(toFile: dir + "/hukou/" + name, atomically: true, encoding: .utf8) }
        defer { try? FileManager.default.removeItem(atPath: dir) }
        guard case .failure(let error) = CatalogLoader.load(directory: dir) else { throw CancellationError() }
        return error
    }

    static let valid = """
    code: HZ-99
    name: { zh: 测试事项, en: Test item }
    department: hukou
    category: change_correction
    online: true
    assurance: L3
    steps: full
    timeLimit: 10
    eligibility:
      - id: active
        when: { field: subject.status, op: eq, value: active }
        reason: { zh: 户籍须正常, en: Must be active }
    form:
      - { name: newName, label: { zh: 新姓名, en: New name }, type: personName }
    materials:
      - { id: id-card, name: { zh: 居民身份证, en: ID card }, sources: [registry] }
    effects:
      - { kind: changeName, from: form.newName }
    """

    @Test("a valid file loads")
    func validFile() throws {
        let dir = NSTemporaryDirectory() + "catalog-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/hukou", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.directory + "/departments.yaml", toPath: dir + "/departments.yaml")
        try Self.valid.write(toFile: dir + "/hukou/HZ-99.yaml", atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let catalog = try CatalogLoader.load(directory: dir).get()
        #expect(catalog.service(code: "HZ-99")?.form.first?.type == .personName)
    }

    @Test("every problem is listed with its file and line")
    func problemsWithLines() throws {
        let badOp = Self.valid.replacingOccurrences(of: "op: eq, value: active", with: "op: equals, value: active")
        let badEffect = Self.valid.replacingOccurrences(of: "HZ-99", with: "HZ-98").replacingOccurrences(of: "from: form.newName", with: "from: form.nickname")
        let badYAML = "code: HZ-97\nname: { zh: x, en: [\n"
        let missing = Self.valid.replacingOccurrences(of: "HZ-99", with: "HZ-96").replacingOccurrences(of: "timeLimit: 10\n", with: "")
        let error = try brokenCatalog(["HZ-99.yaml": badOp, "HZ-98.yaml": badEffect, "HZ-97.yaml": badYAML, "HZ-96.yaml": missing])
        let text = error.problems.map(\.description)
        #expect(text.contains { $0.hasPrefix("hukou/HZ-99.yaml:11:") && $0.contains("equals") }, "\(text)")
        #expect(text.contains { $0.hasPrefix("hukou/HZ-98.yaml:18:") && $0.contains("form.nickname") }, "\(text)")
        #expect(text.contains { $0.hasPrefix("hukou/HZ-97.yaml:") && $0.contains("not valid YAML") }, "\(text)")
        #expect(text.contains { $0.hasPrefix("hukou/HZ-96.yaml") && $0.contains("timeLimit") }, "\(text)")
        #expect(error.problems.count == 4)
    }

    @Test("a file named for another code and an unknown fact are refused")
    func semanticProblems() throws {
        let unknownFact = Self.valid.replacingOccurrences(of: "field: subject.status", with: "field: subject.shoeSize")
        let error = try brokenCatalog(["HZ-01.yaml": unknownFact])
        let text = error.problems.map(\.description)
        #expect(text.contains { $0.contains("HZ-99.yaml") && $0.contains("named") }, "\(text)")
        #expect(text.contains { $0.contains("shoeSize") }, "\(text)")
    }
}
