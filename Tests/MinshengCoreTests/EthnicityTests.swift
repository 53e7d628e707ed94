import Foundation
import Testing

@testable import MinshengCore

@Suite struct EthnicityTests {
    @Test func tableEqualsTheReferenceCSV() throws {
        let rows = try ReferenceFile.csvRows("ethnic-groups.csv")
        #expect(rows.count == 56)
        #expect(Ethnicity.all.count == rows.count)
        for (ethnicity, row) in zip(Ethnicity.all, rows) {
            #expect([ethnicity.code, ethnicity.nameZh, ethnicity.nameEn] == row)
        }
    }

    @Test func codesRunFrom01To56WithUniqueLetters() {
        #expect(Ethnicity.all.map(\.code) == (1...56).map { $0 < 10 ? "0\($0)" : "\($0)" })
        #expect(Set(Ethnicity.all.map(\.letters)).count == 56)
        #expect(Ethnicity.all.allSatisfy { $0.letters.count == 2 && $0.letters == $0.letters.uppercased() })
    }

    @Test(arguments: [
        ("01", "HA", "汉族"), ("05", "UG", "维吾尔族"), ("10", "CS", "朝鲜族"), ("25", "SU", "水族"),
        ("46", "DE", "德昂族"), ("56", "JN", "基诺族"),
    ])
    func twoLetterCodesFollowDomainTable(code: String, letters: String, nameZh: String) throws {
        let ethnicity = try #require(Ethnicity.byCode(code))
        #expect(ethnicity.letters == letters)
        #expect(ethnicity.nameZh == nameZh)
    }

    @Test(arguments: ["", "1", "00", "57", "97", "98", "1a", "001", "０１"])
    func unknownCodesAreNil(code: String) {
        #expect(Ethnicity.byCode(code) == nil)
    }

    @Test func hanIsCode01() {
        #expect(Ethnicity.han.code == "01")
        #expect(Ethnicity.han.nameEn == "Han")
    }

    @Test func codesAsTheNumericString() throws {
        let data = try JSONEncoder().encode([Ethnicity.han, Ethnicity.byCode("56")!])
        #expect(String(decoding: data, as: UTF8.self) == "[\"01\",\"56\"]")
        #expect(try JSONDecoder().decode([Ethnicity].self, from: data) == [Ethnicity.han, Ethnicity.byCode("56")!])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Ethnicity].self, from: Data("[\"57\"]".utf8)) }
    }
}
