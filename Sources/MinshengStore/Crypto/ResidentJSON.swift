import Foundation
import MinshengCore

/// A resident as JSON for the sealed `resident_versions` snapshots, written by hand: Foundation's JSONEncoder cost
/// most of the CPU time of bulk imports (see BENCHMARKS.md). `JSONDecoder` reads it back as `Resident`'s Codable form.
enum ResidentJSON {
    static func encode(_ r: Resident) -> Data {
        var out = "{"
        out.reserveCapacity(512)
        var first = true
        func key(_ name: String) {
            if first { first = false } else { out += "," }
            out += "\"\(name)\":"
        }
        func string(_ name: String, _ value: String?) {
            guard let value else { return }
            key(name)
            quote(value, into: &out)
        }
        string("birthDate", r.birthDate.description)
        string("birthplace", r.birthplace)
        string("divisionCode", r.divisionCode)
        string("education", r.education)
        string("ethnicity", r.ethnicity.code)
        key("formerNames")
        out += "[" + r.formerNames.map { name -> String in var s = ""; quote(name.value, into: &s); return s }.joined(separator: ",") + "]"
        string("gender", r.gender.rawValue)
        key("hasPhoto")
        out += r.hasPhoto ? "true" : "false"
        string("householdID", r.householdID?.lowercasedText)
        string("id", r.id.lowercasedText)
        string("idNumber", r.idNumber.value)
        string("maritalStatus", r.maritalStatus)
        string("moveInDate", r.moveInDate?.description)
        string("moveInReason", r.moveInReason)
        string("name", r.name.value)
        string("occupation", r.occupation)
        string("phone", r.phone?.value)
        string("relation", r.relation?.rawValue)
        key("status")
        out += "{\"code\":\"\(r.status.code)\"" + (r.status.reasonCode.map { ",\"reason\":\"\($0)\"" } ?? "") + "}"
        key("version")
        out += String(r.version)
        out += "}"
        return Data(out.utf8)
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func quote(_ value: String, into out: inout String) {
        out += "\""
        // Almost every value (names, codes, dates) needs no escaping: append it whole.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += value
            out += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
