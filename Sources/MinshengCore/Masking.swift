/// Masks personal data in raw strings, for logs and screens; the typed values' `masked` use it too.
public enum Masking {
    /// Keeps the first and last four characters of an ID number: 4403**********1234.
    /// Strings of eight characters or fewer become all asterisks.
    public static func idNumber(_ s: String) -> String {
        keep(s, first: 4, last: 4)
    }

    /// Keeps the first character and, from three characters on, the last: *, 李*, 张*明.
    public static func name(_ s: String) -> String {
        let characters = Array(s)
        switch characters.count {
        case 0: return ""
        case 1: return "*"
        case 2: return String(characters[0]) + "*"
        default:
            return String(characters[0]) + String(repeating: "*", count: characters.count - 2)
                + String(characters[characters.count - 1])
        }
    }

    /// Keeps the first three and last four characters of a phone number: 138****1234.
    /// Strings of seven characters or fewer become all asterisks.
    public static func phone(_ s: String) -> String {
        keep(s, first: 3, last: 4)
    }

    /// Keeps the first six characters of an address, then `****`; an empty address stays empty.
    public static func address(_ s: String) -> String {
        s.isEmpty ? "" : String(s.prefix(6)) + "****"
    }

    private static func keep(_ s: String, first: Int, last: Int) -> String {
        let characters = Array(s)
        guard characters.count > first + last else {
            return String(repeating: "*", count: characters.count)
        }
        return String(characters[..<first])
            + String(repeating: "*", count: characters.count - first - last)
            + String(characters[(characters.count - last)...])
    }
}
