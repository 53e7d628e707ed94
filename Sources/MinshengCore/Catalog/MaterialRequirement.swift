/// A material (申请材料) a service needs, and where it may come from.
public struct MaterialRequirement: Hashable, Codable, Sendable {
    public var id: String
    public var name: LocalizedText
    /// In order of preference: `registry` (the platform already holds it: attached as a reference, nothing to upload),
    /// `e-certificate`, `vault` (reused from the citizen's materials), `upload`.
    public var sources: [MaterialSource]
    public var required: Bool

    public init(id: String, name: LocalizedText, sources: [MaterialSource], required: Bool = true) {
        self.id = id
        self.name = name
        self.sources = sources
        self.required = required
    }

    enum CodingKeys: String, CodingKey { case id, name, sources, required }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(LocalizedText.self, forKey: .name)
        sources = try c.decode([MaterialSource].self, forKey: .sources)
        required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? true
    }

    /// Whether the platform provides it itself, so the citizen never uploads it.
    public var providedByPlatform: Bool { sources.first == .registry || sources.first == .eCertificate }
}

/// Where a material may come from.
public enum MaterialSource: String, Codable, Sendable, CaseIterable {
    case registry, eCertificate = "e-certificate", vault, upload
}
