/// Why a Chinese personal name was rejected.
public enum PersonNameError: Error, Equatable, Sendable {
    /// Nothing was entered.
    case empty
    /// The name has this many characters, more than 30.
    case tooLong(Int)
    /// The name contains this digit.
    case digit(Character)
    /// The name contains this Latin letter.
    case latinLetter(Character)
    /// The name contains a control or formatting character.
    case control
    /// The name contains a space inside it.
    case whitespace
    /// The name contains this character, which is neither a Chinese character nor the middle dot.
    case badCharacter(Character)
    /// The middle dot · is first, last or doubled.
    case misplacedDot

    /// A reason a citizen can act on, in Chinese.
    public var reasonZh: String {
        switch self {
        case .empty:
            "请输入姓名。"
        case .tooLong(let count):
            "姓名最多30个字，您输入了\(count)个字。"
        case .digit(let character):
            "姓名中不能有数字“\(character)”。"
        case .latinLetter(let character):
            "姓名中不能有拉丁字母“\(character)”，请填写中文姓名。"
        case .control:
            "姓名中含有不可见的控制字符，请重新输入。"
        case .whitespace:
            "姓名中间不能有空格。"
        case .badCharacter(let character):
            "姓名中不能有“\(character)”，只能填写汉字和间隔号“·”。"
        case .misplacedDot:
            "间隔号“·”只能用在两个字之间，且不能连用。"
        }
    }

    /// A reason a citizen can act on, in English.
    public var reasonEn: String {
        switch self {
        case .empty:
            "Please enter a name."
        case .tooLong(let count):
            "A name has at most 30 characters; this one has \(count)."
        case .digit(let character):
            "A name cannot contain the digit \"\(character)\"."
        case .latinLetter(let character):
            "A name cannot contain the Latin letter \"\(character)\": please write the name in Chinese characters."
        case .control:
            "The name contains an invisible control character. Please type it again."
        case .whitespace:
            "A name cannot contain spaces."
        case .badCharacter(let character):
            "A name cannot contain \"\(character)\": only Chinese characters and the middle dot · are allowed."
        case .misplacedDot:
            "The middle dot · must stand between two characters, and only one at a time."
        }
    }
}
