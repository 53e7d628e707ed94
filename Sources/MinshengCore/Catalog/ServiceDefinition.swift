/// One service (事项) as its data file defines it: who may apply, what they fill in and provide,
/// how officers handle it, how long it may take, and what approval changes in the registry.
public struct ServiceDefinition: Hashable, Codable, Sendable {
    /// Stable code, e.g. `HZ-01`.
    public var code: String
    public var name: LocalizedText
    public var department: Department
    /// Grouping inside the department, e.g. `change_correction`, `restoration`.
    public var category: String
    public var summary: LocalizedText
    /// Whether it is handled online; offline items (the ID card needs fingerprints) offer an appointment instead.
    public var online: Bool
    public var channels: [ServiceChannel]
    /// The assurance level an applicant needs (户政 services need L3).
    public var assurance: AssuranceLevel
    public var steps: ServiceSteps
    /// Statutory time limit in working days; 0 means decided on the spot.
    public var timeLimit: Int
    public var fee: Fee
    public var eligibility: [EligibilityRule]
    public var form: [FormField]
    public var materials: [MaterialRequirement]
    public var effects: [Effect]
    public var outputs: [Output]
    /// Where the facts behind this definition come from (the reference table's provenance).
    public var source: String
    /// Separation of duties as the file states it (`separation:`); nil when the file is silent.
    public var separation: Bool?

    public init(code: String, name: LocalizedText, department: Department, category: String, summary: LocalizedText, online: Bool,
                channels: [ServiceChannel], assurance: AssuranceLevel, steps: ServiceSteps, timeLimit: Int, fee: Fee,
                eligibility: [EligibilityRule], form: [FormField], materials: [MaterialRequirement], effects: [Effect],
                outputs: [Output], source: String, separation: Bool? = nil) {
        self.code = code
        self.name = name
        self.department = department
        self.category = category
        self.summary = summary
        self.online = online
        self.channels = channels
        self.assurance = assurance
        self.steps = steps
        self.timeLimit = timeLimit
        self.fee = fee
        self.eligibility = eligibility
        self.form = form
        self.materials = materials
        self.effects = effects
        self.outputs = outputs
        self.source = source
        self.separation = separation
    }

    /// Whether approval changes the population registry.
    public var changesRegistry: Bool { effects.contains { $0.kind != .none } }

    /// Whether the officer who accepted an application may not approve it: as the file says, and by default for
    /// every service that changes the registry.
    public var separatesDuties: Bool { separation ?? changesRegistry }

    /// The workflow an application for this service follows, separation of duties included.
    public var workflowSteps: WorkflowSteps { steps.workflow.separating(separatesDuties) }

    enum CodingKeys: String, CodingKey {
        case code, name, department, category, summary, online, channels, assurance, steps, timeLimit, fee, eligibility, form, materials, effects, outputs, source, separation
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.decode(String.self, forKey: .code)
        name = try c.decode(LocalizedText.self, forKey: .name)
        department = try c.decode(Department.self, forKey: .department)
        category = try c.decode(String.self, forKey: .category)
        summary = try c.decodeIfPresent(LocalizedText.self, forKey: .summary) ?? name
        online = try c.decode(Bool.self, forKey: .online)
        channels = try c.decodeIfPresent([ServiceChannel].self, forKey: .channels) ?? (online ? [.mobile, .pc, .kiosk] : [.counter])
        let level = try c.decode(String.self, forKey: .assurance)
        guard let parsed = AssuranceLevel.allCases.first(where: { $0.code == level }) else {
            throw DecodingError.dataCorruptedError(forKey: .assurance, in: c, debugDescription: "assurance must be L1, L2 or L3, got \(level)")
        }
        assurance = parsed
        steps = try c.decode(ServiceSteps.self, forKey: .steps)
        timeLimit = try c.decode(Int.self, forKey: .timeLimit)
        fee = try c.decodeIfPresent(Fee.self, forKey: .fee) ?? .free
        eligibility = try c.decodeIfPresent([EligibilityRule].self, forKey: .eligibility) ?? []
        form = try c.decodeIfPresent([FormField].self, forKey: .form) ?? []
        materials = try c.decodeIfPresent([MaterialRequirement].self, forKey: .materials) ?? []
        effects = try c.decodeIfPresent([Effect].self, forKey: .effects) ?? []
        outputs = try c.decodeIfPresent([Output].self, forKey: .outputs) ?? []
        source = try c.decodeIfPresent(String.self, forKey: .source) ?? ""
        separation = try c.decodeIfPresent(Bool.self, forKey: .separation)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(name, forKey: .name)
        try c.encode(department, forKey: .department)
        try c.encode(category, forKey: .category)
        try c.encode(summary, forKey: .summary)
        try c.encode(online, forKey: .online)
        try c.encode(channels, forKey: .channels)
        try c.encode(assurance.code, forKey: .assurance)
        try c.encode(steps, forKey: .steps)
        try c.encode(timeLimit, forKey: .timeLimit)
        try c.encode(fee, forKey: .fee)
        try c.encode(eligibility, forKey: .eligibility)
        try c.encode(form, forKey: .form)
        try c.encode(materials, forKey: .materials)
        try c.encode(effects, forKey: .effects)
        try c.encode(outputs, forKey: .outputs)
        try c.encode(source, forKey: .source)
        try c.encodeIfPresent(separation, forKey: .separation)
    }
}

/// The police departments behind the one entrance.
public enum Department: String, Codable, Sendable, CaseIterable {
    case hukou, traffic, exitEntry = "exit-entry", publicOrder = "public-order", reports, certificate, cases
}

/// Where a service can be used.
public enum ServiceChannel: String, Codable, Sendable, CaseIterable {
    case mobile, pc, kiosk, counter
    /// Opened by the platform itself for the holder (proactive renewal); never listed by a service definition.
    case system
}

/// Which officer steps handle a service: intake → review → approval, or fewer.
public enum ServiceSteps: String, Codable, Sendable, CaseIterable {
    case full, intakeAndApproval = "intake-approval", intakeOnly = "intake-only"
}

/// What a service costs.
public struct Fee: Hashable, Codable, Sendable {
    /// In yuan.
    public var amount: Double
    public var note: LocalizedText?

    public init(amount: Double, note: LocalizedText? = nil) {
        self.amount = amount
        self.note = note
    }

    public static let free = Fee(amount: 0)
}
