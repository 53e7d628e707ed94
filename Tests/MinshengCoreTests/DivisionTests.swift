import Foundation
import Testing

@testable import MinshengCore

@Suite struct DivisionTests {
    @Test func currentShenzhenCodesEqualTheReferenceCSV() throws {
        let rows = try ReferenceFile.csvRows("shenzhen-divisions.csv")
        let current = Division.shenzhen.filter(\.isCurrent)
        #expect(current.count == rows.count)
        for (division, row) in zip(current, rows) {
            #expect([division.code, division.nameZh, division.nameEn] == row)
        }
    }

    @Test func historicalShenzhenCodesAreMarked() throws {
        let old = Division.shenzhen.filter { !$0.isCurrent }
        #expect(old.map(\.code) == ["440301", "440321"])
        #expect(try #require(Division.byCode("440321")).nameZh == "宝安县")
        #expect(Division.byCode("440311") == nil)  // 光明区, created 2018
    }

    @Test func thirtyFourProvinces() {
        #expect(Division.provinces.count == 34)
        let prefixes = Division.provinces.map { String($0.code.prefix(2)) }
        #expect(prefixes == [
            "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
            "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
            "71", "81", "82",
        ])
        #expect(Division.provinces.allSatisfy { $0.code.hasSuffix("0000") && $0.isCurrent })
        #expect(Division.byCode("110000")?.nameEn == "Beijing")
        #expect(Division.byCode("820000")?.nameZh == "澳门特别行政区")
    }

    @Test func shenzhenCityAndDistricts() {
        #expect(Division.shenzhenCity.code == "440300")
        #expect(Division.shenzhenCity.nameZh == "深圳市")
        #expect(Division.shenzhenDistricts.map(\.code) == ["440303", "440304", "440305", "440306", "440307", "440308", "440309", "440310"])
    }

    @Test(arguments: [
        ("440304", true), ("440301", true), ("110105", true), ("820000", true), ("990000", false),
        ("160101", false), ("4403", false), ("4403040", false), ("44030a", false), ("", false), ("４40304", false),
    ])
    func validatesRegionCodes(code: String, valid: Bool) {
        #expect(Division.isValidRegionCode(code) == valid)
    }

    @Test func jurisdictionFollowsTheCodeHierarchy() throws {
        let guangdong = try #require(Division.byCode("440000"))
        let futian = try #require(Division.byCode("440304"))
        #expect(guangdong.contains("440304"))
        #expect(guangdong.contains("440100"))
        #expect(!guangdong.contains("430100"))
        #expect(Division.shenzhenCity.contains("440304"))
        #expect(Division.shenzhenCity.contains("440321"))
        #expect(Division.shenzhenCity.contains("440300"))
        #expect(!Division.shenzhenCity.contains("440100"))
        #expect(futian.contains("440304"))
        #expect(!futian.contains("440305"))
        #expect(!guangdong.contains("44"))
        #expect(!guangdong.contains("44030x"))
    }

    @Test func isShenzhen() throws {
        #expect(Division.shenzhen.allSatisfy { $0.isShenzhen })
        #expect(!(try #require(Division.byCode("440000"))).isShenzhen)
        #expect(!Division.provinces.contains { $0.isShenzhen })
    }

    @Test func codesAsAStruct() throws {
        let data = try JSONEncoder().encode(Division.shenzhen[1])
        #expect(try JSONDecoder().decode(Division.self, from: data) == Division.shenzhen[1])
    }
}
