import Testing

@testable import MinshengCore

@Suite struct MaskingTests {
    @Test func idNumbers() {
        #expect(Masking.idNumber("440304199001011234") == "4403**********1234")
        #expect(Masking.idNumber("440304900101001") == "4403*******1001")
        #expect(Masking.idNumber("12345678") == "********")
        #expect(Masking.idNumber("") == "")
    }

    @Test func names() {
        #expect(Masking.name("") == "")
        #expect(Masking.name("李") == "*")
        #expect(Masking.name("李四") == "李*")
        #expect(Masking.name("张小明") == "张*明")
        #expect(Masking.name("Tom") == "T*m")
    }

    @Test func phones() {
        #expect(Masking.phone("13812341234") == "138****1234")
        #expect(Masking.phone("+8613812341234") == "+86*******1234")
        #expect(Masking.phone("1234567") == "*******")
    }

    @Test func addresses() {
        #expect(Masking.address("广东省深圳市福田区深南大道1234号") == "广东省深圳市****")
        #expect(Masking.address("福田区") == "福田区****")
        #expect(Masking.address("") == "")
    }

    @Test func agreesWithTheTypes() throws {
        let today = CivilDate(year: 2017, month: 10, day: 31)!
        let id = try IDNumber("44030119800101123X", today: today)
        #expect(id.masked == Masking.idNumber(id.value))
        let name = try PersonName("阿依古丽·买买提")
        #expect(name.masked == Masking.name(name.value))
        let phone = try PhoneNumber("13812341234")
        #expect(phone.masked == Masking.phone(phone.value))
    }
}
