/// Why a citizen ID number (公民身份号码) was rejected.
public enum IDNumberError: Error, Equatable, Sendable {
    /// Nothing was entered.
    case empty
    /// The number has this many characters, neither 18 nor the old 15.
    case badLength(Int)
    /// A character other than a digit, or an X anywhere but the 18th place.
    case badCharacter
    /// The first two digits (given) are not a province-level code.
    case unknownProvince(String)
    /// The eight-digit birth date (given) is not a real date, or is before 1850.
    case badBirthDate(String)
    /// The birth date is after today.
    case birthDateInFuture(CivilDate)
    /// The sequence code (digits 15–17) is 000.
    case badSequence
    /// The check digit does not match the first 17 digits.
    case badCheckDigit(expected: Character, found: Character)

    /// A reason a citizen can act on, in Chinese.
    public var reasonZh: String {
        switch self {
        case .empty:
            "请输入身份证号码。"
        case .badLength(let count):
            "身份证号码应为18位（旧证为15位），您输入了\(count)位。"
        case .badCharacter:
            "身份证号码只能由数字组成，最后一位可以是X。"
        case .unknownProvince(let prefix):
            "身份证号码前两位“\(prefix)”不是有效的省级行政区划代码，请核对。"
        case .badBirthDate(let text):
            "身份证号码中的出生日期“\(text)”不是有效日期，请核对。"
        case .birthDateInFuture(let date):
            "身份证号码中的出生日期\(date)晚于今天，请核对。"
        case .badSequence:
            "身份证号码第15至17位（顺序码）不能为000，请核对。"
        case .badCheckDigit:
            "身份证号码最后一位（校验码）与前17位不符，请检查是否输错。"
        }
    }

    /// A reason a citizen can act on, in English.
    public var reasonEn: String {
        switch self {
        case .empty:
            "Please enter an ID number."
        case .badLength(let count):
            "An ID number has 18 characters (15 on an old card); this one has \(count)."
        case .badCharacter:
            "An ID number has only digits, except that the last character may be X."
        case .unknownProvince(let prefix):
            "The first two digits, \(prefix), are not a province code. Please check the number."
        case .badBirthDate(let text):
            "The date of birth in the number, \(text), is not a valid date. Please check the number."
        case .birthDateInFuture(let date):
            "The date of birth in the number, \(date), is after today. Please check the number."
        case .badSequence:
            "Digits 15 to 17 (the sequence code) cannot be 000. Please check the number."
        case .badCheckDigit:
            "The last character (the check digit) does not match the first 17 digits. Please check for a typo."
        }
    }
}
