/// Why a mainland mobile phone number was rejected.
public enum PhoneNumberError: Error, Equatable, Sendable {
    /// Nothing was entered.
    case empty
    /// The number contains this character, other than digits, spaces, dashes and a leading +86.
    case badCharacter(Character)
    /// The number has this many digits, not 11.
    case badLength(Int)
    /// Eleven digits, but not starting 13–19 as mainland mobile numbers do.
    case notMobile

    /// A reason a citizen can act on, in Chinese.
    public var reasonZh: String {
        switch self {
        case .empty:
            "请输入手机号码。"
        case .badCharacter(let character):
            "手机号码中不能有“\(character)”，只能填写数字。"
        case .badLength(let count):
            "手机号码应为11位数字，您输入了\(count)位。"
        case .notMobile:
            "这不是有效的中国大陆手机号码，手机号码以13至19开头。"
        }
    }

    /// A reason a citizen can act on, in English.
    public var reasonEn: String {
        switch self {
        case .empty:
            "Please enter a mobile phone number."
        case .badCharacter(let character):
            "A phone number cannot contain \"\(character)\": please enter digits only."
        case .badLength(let count):
            "A mobile number has 11 digits; this one has \(count)."
        case .notMobile:
            "This is not a mainland China mobile number; those start with 13 to 19."
        }
    }
}
