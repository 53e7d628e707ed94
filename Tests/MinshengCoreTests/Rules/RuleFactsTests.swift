import MinshengCore
import Testing

extension RulesTests {
    @Suite struct RuleFactsTests {
        @Test func readsWritesAndRemovesByPath() {
            var facts: RuleFacts = ["applicant.gender": "female", "account.level": 2]
            #expect(facts["applicant.gender"] == .string("female"))
            #expect(facts["account.level"] == .number(2))
            #expect(facts["applicant.birthDate"] == nil)
            facts["applicant.birthDate"] = "1990-06-15"
            #expect(facts["applicant.birthDate"] == .date(RulesTests.date("1990-06-15")))
            facts["account.level"] = nil
            #expect(facts.paths == ["applicant.gender", "applicant.birthDate"])
        }

        @Test func buildsFromADictionaryOrAPrefix() {
            let direct = RuleFacts(["father.ethnicity": "01", "father.alive": true])
            let prefixed = RuleFacts(prefix: "father", ["ethnicity": "01", "alive": true])
            #expect(direct == prefixed)
            #expect(RuleFacts().paths.isEmpty)
            let repeated: RuleFacts = ["a.b": 1, "a.b": 2]
            #expect(repeated["a.b"] == .number(2))
        }

        @Test func mergingLetsTheOtherWin() {
            let registry: RuleFacts = ["applicant.status": "active", "applicant.ethnicity": "01"]
            let agency: RuleFacts = ["agency.wanted": false, "applicant.status": "cancelled"]
            let merged = registry.merging(agency)
            #expect(merged["applicant.status"] == .string("cancelled"))
            #expect(merged["applicant.ethnicity"] == .string("01"))
            #expect(merged["agency.wanted"] == .bool(false))
            #expect(registry["agency.wanted"] == nil)
            var mutable = registry
            mutable.merge(agency)
            #expect(mutable == merged)
        }
    }
}
