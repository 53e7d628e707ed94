/// One field of a service's application form, with its type and validation.
public struct FormField: Hashable, Codable, Sendable {
    public var name: String
    public var label: LocalizedText
    public var type: FieldType
    public var required: Bool
    public var hint: LocalizedText?
    /// Allowed values for `choice`.
    public var options: [FieldOption]?
    /// For `text`: the longest allowed.
    public var maxLength: Int?

    public init(name: String, label: LocalizedText, type: FieldType, required: Bool = true, hint: LocalizedText? = nil,
                options: [FieldOption]? = nil, maxLength: Int? = nil) {
        self.name = name
        self.label = label
        self.type = type
        self.required = required
        self.hint = hint
        self.options = options
        self.maxLength = maxLength
    }

    public enum CodingKeys: String, CodingKey { case name, label, type, required, hint, options, maxLength }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        label = try c.decode(LocalizedText.self, forKey: .label)
        type = try c.decode(FieldType.self, forKey: .type)
        required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? true
        hint = try c.decodeIfPresent(LocalizedText.self, forKey: .hint)
        options = try c.decodeIfPresent([FieldOption].self, forKey: .options)
        maxLength = try c.decodeIfPresent(Int.self, forKey: .maxLength)
    }
}

/// The kinds of value a form field takes; each has its own validation.
public enum FieldType: String, Codable, Sendable, CaseIterable {
    case text, personName, date, idNumber, choice, ethnicity, division, phone, boolean, address
}

/// One choice of a `choice` field.
public struct FieldOption: Hashable, Codable, Sendable {
    public var value: String
    public var label: LocalizedText

    public init(value: String, label: LocalizedText) {
        self.value = value
        self.label = label
    }
}
