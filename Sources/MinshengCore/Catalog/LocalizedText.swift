/// Text in Chinese and English, as data files give it: `{ zh: …, en: … }`.
public struct LocalizedText: Hashable, Codable, Sendable {
    public var zh: String
    public var en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    /// The text in the given language code (`zh` unless `en`).
    public func text(_ language: String) -> String { language == "en" ? en : zh }
}
