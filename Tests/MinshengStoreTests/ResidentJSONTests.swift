import Foundation
import MinshengCore
@testable import MinshengStore
import Testing

@Suite("Hand-written version snapshots")
struct ResidentJSONTests {
    @Test("a snapshot decodes back to the same resident, escapes included")
    func roundTrip() throws {
        var (_, members) = Fixtures.household()
        members[0].occupation = "工程师 \"高级\"\n\\后端\t组"
        members[0].formerNames = [try PersonName("李小明"), try PersonName("阿依古丽·买买提")]
        members[0].status = .cancelled(.emigrated)
        members[0].householdID = UUID()
        members[0].version = 7
        for resident in members {
            let decoded = try JSONDecoder().decode(Resident.self, from: ResidentJSON.encode(resident))
            #expect(decoded == resident)
        }
    }

    @Test("UUID text matches Foundation's, lower-cased")
    func uuidText() {
        for _ in 0..<100 {
            let id = UUID()
            #expect(id.lowercasedText == id.uuidString.lowercased())
        }
    }
}

@Suite("Bulk identifiers")
struct RandomUUIDsTests {
    @Test("version-4 UUIDs, all different")
    func distinct() {
        var ids = RandomUUIDs()
        let made = (0..<2000).map { _ in ids.next() }
        #expect(Set(made).count == 2000)
        #expect(made.allSatisfy { $0.uuidString.dropFirst(14).first == "4" })
        #expect(made.allSatisfy { "89AB".contains($0.uuidString.dropFirst(19).first!) })
    }
}
