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
    /// Move-in date and reason (format 2 only; most records have neither and keep the shorter format 1).
    var moveInDate: CivilDate?
    var moveInReason: String?

    private static let fieldSeparator: Character = "\u{1F}"
    private static let listSeparator: Character = "\u{1E}"

    var serialized: String {
        let former = formerNames.map(\.value).joined(separator: String(Self.listSeparator))
        var parts = ["1", idNumber.value, name.value, former, phone?.value ?? ""]
        if moveInDate != nil || moveInReason != nil {
            parts[0] = "2"
            parts += [moveInDate?.description ?? "", Self.clean(moveInReason ?? "")]
        }
        return parts.joined(separator: String(Self.fieldSeparator))
    }

    /// Separators cannot occur in a stored value: control characters become spaces.
    private static func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 ? " " : $0 }))
    }

    init(idNumber: IDNumber, name: PersonName, formerNames: [PersonName], phone: PhoneNumber?,
         moveInDate: CivilDate? = nil, moveInReason: String? = nil) {
        self.idNumber = idNumber
        self.name = name
        self.formerNames = formerNames
        self.phone = phone
        self.moveInDate = moveInDate
        self.moveInReason = moveInReason
    }

    /// The sealed fields of a resident.
    init(_ r: Resident) {
        self.init(idNumber: r.idNumber, name: r.name, formerNames: r.formerNames, phone: r.phone, moveInDate: r.moveInDate, moveInReason: r.moveInReason)
    }

    init(serialized text: String) throws(StoreError) {
        let parts = text.split(separator: Self.fieldSeparator, omittingEmptySubsequences: false).map(String.init)
        guard (parts.count == 5 && parts[0] == "1") || (parts.count == 7 && parts[0] == "2") else {
            throw .corruptRecord("personal fields have an unknown format")
        }
        do {
            // Stored values were valid when written; re-validating with a far-future "today" keeps old records readable.
            idNumber = try IDNumber(parts[1], today: CivilDate(year: 9999, month: 12, day: 31)!)
            name = try PersonName(parts[2])
            formerNames = try parts[3].isEmpty ? [] : parts[3].split(separator: Self.listSeparator).map { try PersonName(String($0)) }
            phone = try parts[4].isEmpty ? nil : PhoneNumber(parts[4])
            moveInDate = parts.count == 7 && !parts[5].isEmpty ? CivilDate(iso: parts[5]) : nil
            moveInReason = parts.count == 7 && !parts[6].isEmpty ? parts[6] : nil
        } catch {
            throw .corruptRecord("personal fields do not validate: \(error)")
        }
    }
}
