/// What approving an application changes in the population registry, applied in the approval's transaction.
/// Values come from the application form (`from: form.x`) or are fixed in the definition.
public struct Effect: Hashable, Codable, Sendable {
    public var kind: EffectKind
    /// The form field the new value comes from, when the effect takes one.
    public var from: String?
    /// A fixed value (a status, a cancellation reason, a field name for `setField`).
    public var value: String?
    /// For `setField`: which non-key field.
    public var field: String?

    public init(kind: EffectKind, from: String? = nil, value: String? = nil, field: String? = nil) {
        self.kind = kind
        self.from = from
        self.value = value
        self.field = field
    }
}

/// The registry changes a service can make.
public enum EffectKind: String, Codable, Sendable, CaseIterable {
    /// New name; the old one joins the former names.
    case changeName
    /// Adds (or replaces) former names.
    case setFormerNames
    /// New gender: the ID number's sequence parity and check digit change, a new ID card is ordered.
    case changeGender
    /// New ethnicity (only the father's or mother's, checked by the service's rules).
    case changeEthnicity
    /// A corrected ID number.
    case correctIDNumber
    /// A corrected birth date (and with it the ID number).
    case correctBirthDate
    /// Corrected date or reason of moving into the city.
    case correctMoveIn
    /// Birthplace / native place.
    case correctBirthplace
    /// A non-key field: education, marital status, occupation.
    case setField
    /// Cancelled or moved-out back to active, into a household.
    case restore
    /// A person joins the applicant's or a named household (created when new to the registry).
    case joinHousehold
    /// A newborn is registered into a household.
    case registerBirth
    /// Registration cancelled with a reason.
    case cancel
    /// Registration moved out of the city.
    case moveOut
    /// A move to another address within the city.
    case moveWithinCity
    /// Leaves the current household to head a new one.
    case splitHousehold
    /// A new household at an owned address.
    case newHousehold
    /// The head of household changes.
    case changeHead
    /// Nothing changes in the registry (certificates, booklets: the output is the point).
    case none
}

/// What an approval produces besides registry changes.
public struct Output: Hashable, Codable, Sendable {
    public var kind: OutputKind

    public init(kind: OutputKind) { self.kind = kind }
}

/// Products of an approved application.
public enum OutputKind: String, Codable, Sendable, CaseIterable {
    /// A new household register (booklet) page, and the e-household register re-issued.
    case householdRegister
    /// A new ID card is ordered (production, then collection or mail).
    case idCard
    /// A certificate (证明) is issued.
    case certificate
    /// A migration certificate (户口迁移证) or permission to move in (准迁证).
    case migrationCertificate
    /// A residence permit.
    case residencePermit
    /// A no-criminal-record certificate (无犯罪记录证明), issued when the criminal-records check finds no record.
    case noCriminalRecord
}
