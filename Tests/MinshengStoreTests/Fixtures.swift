import Foundation
import MinshengCore
import MinshengStore

/// Named registry values the store tests share.
enum Fixtures {
    static let key = FieldCipher.generateKey()
    static var cipher: FieldCipher { try! FieldCipher(base64Key: key) }

    static func household(division: String = "440304") -> (Household, [Resident]) {
        let head = Resident(idNumber: try! IDNumber("440304199001010011"), name: try! PersonName("李明"), gender: .male, ethnicity: .han,
                            birthDate: CivilDate(year: 1990, month: 1, day: 1)!, phone: try! PhoneNumber("13800138000"), relation: .head, divisionCode: division)
        let spouse = Resident(idNumber: try! IDNumber("440303198506150027"), name: try! PersonName("王芳"), gender: .female, ethnicity: .han,
                              birthDate: CivilDate(year: 1985, month: 6, day: 15)!, relation: .spouse, divisionCode: division)
        let household = Household(number: "440304000000099", kind: .family, divisionCode: division, address: "深圳市福田区深南大道6008号", headID: head.id)
        return (household, [head, spouse])
    }
}
