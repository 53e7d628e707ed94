import Foundation
import MinshengCore

/// The personal fields of a resident that are sealed together in `residents.personal`.
///
/// Serialised as unit-separated text rather than JSON: none of the fields may contain control
/// characters (the Core types reject them), and it keeps seeding and lookups cheap.
struct PersonalFields: Equatable, Sendable {
    var idNumber: IDNumber
    var name: PersonName
    var formerNames: [PersonName]
    var phone: PhoneNumber?

    private static let fieldSeparator: Character = "\u{1F}"
    private static let listSeparator: Character = "\u{1E}"

    var serialized: String {
        let former = formerNames.map(\.value).joined(separator: String(Self.listSeparator))
        return ["1", idNumber.value, name.value, former, phone?.value ?? ""].joined(separator: String(Self.fieldSeparator))
    }

    init(idNumber: IDNumber, name: PersonName, formerNames: [PersonName], phone: PhoneNumber?) {
        self.idNumber = idNumber
        self.name = name
        self.formerNames = formerNames
        self.phone = phone
    }

    init(serialized text: String) throws(StoreError) {
        let parts = text.split(separator: Self.fieldSeparator, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5, parts[0] == "1" else { throw .corruptRecord("personal fields have an unknown format") }
        do {
            // Stored values were valid when written; re-validating with a far-future "today" keeps old records readable.
            idNumber = try IDNumber(parts[1], today: CivilDate(year: 9999, month: 12, day: 31)!)
            name = try PersonName(parts[2])
            formerNames = try parts[3].isEmpty ? [] : parts[3].split(separator: Self.listSeparator).map { try PersonName(String($0)) }
            phone = try parts[4].isEmpty ? nil : PhoneNumber(parts[4])
        } catch {
            throw .corruptRecord("personal fields do not validate: \(error)")
        }
    }
}
