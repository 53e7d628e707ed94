import Foundation

/// Works out every registry change an approved application makes — to the person concerned, to new persons (a
/// newborn, a spouse moving in) and to households (a new one, a new head, a new address). Pure: the store gathers
/// the context, then writes the plan with a version per record in the approval's transaction.
public enum RegistryPlanner {
    /// Household-level effects (the rest change one record and go through `EffectPlanner`).
    public static let householdKinds: Set<EffectKind> = [
        .joinHousehold, .registerBirth, .moveWithinCity, .splitHousehold, .newHousehold, .changeHead, .correctMoveIn,
    ]

    /// Whether the service's person concerned is someone the form names who may be new to the registry (a newborn, a
    /// spouse moving in) rather than the applicant or a member of their household. A joining service whose form names
    /// nobody moves the applicant.
    public static func takesNewPerson(_ service: ServiceDefinition) -> Bool {
        let names = service.form.contains { $0.name == "subjectIdNumber" || $0.name == "subjectName" }
        return service.effects.contains { $0.kind == .registerBirth || ($0.kind == .joinHousehold && names) }
    }

    public static func plan(_ effects: [Effect], form: [String: String], context: RegistryContext) throws(EffectError) -> RegistryPlan {
        var plan = RegistryPlan()
        let recordEffects = effects.filter { !householdKinds.contains($0.kind) && $0.kind != .none && !($0.kind == .restore && context.named != nil) }
        var subject = context.subject
        if !recordEffects.isEmpty {
            guard let current = subject else { throw .noSubject }
            let record = try EffectPlanner.plan(recordEffects, form: form, subject: current)
            subject = record.resident
            plan.idNumberCandidates = record.idNumberCandidates
        }
        var work = Work(context: context, subject: subject)
        for effect in effects where householdKinds.contains(effect.kind) || (effect.kind == .restore && context.named != nil) {
            try work.apply(effect, form: form)
        }
        if let subject = work.subject, subject != context.subject || !plan.idNumberCandidates.isEmpty { work.changed[subject.id] = subject }
        plan.changed = work.changed.values.sorted { $0.birthDate < $1.birthDate || ($0.birthDate == $1.birthDate && $0.id.uuidString < $1.id.uuidString) }
        plan.created = work.created
        plan.changedHouseholds = work.households.values.filter { h in !work.createdHouseholds.contains { $0.id == h.id } }.sorted { $0.number < $1.number }
        plan.createdHouseholds = work.createdHouseholds.map { created in work.households[created.id] ?? created }
        return plan
    }

    /// The changes being built.
    private struct Work {
        let context: RegistryContext
        var subject: Resident?
        var changed: [UUID: Resident] = [:]
        var created: [RegistryPlan.NewResident] = []
        var households: [UUID: Household] = [:]
        var createdHouseholds: [Household] = []

        init(context: RegistryContext, subject: Resident?) {
            self.context = context
            self.subject = subject
        }

        func text(_ form: [String: String], _ key: String) -> String? {
            let name = key.hasPrefix("form.") ? String(key.dropFirst(5)) : key
            guard let value = form[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
            return value
        }

        /// The household a new or returning person joins: the one named in the form, else the applicant's.
        func target() throws(EffectError) -> (Household, [Resident]) {
            if let named = context.named { return (households[named.0.id] ?? named.0, named.1) }
            guard let own = context.applicantHousehold else { throw .noHousehold }
            return (households[own.0.id] ?? own.0, own.1)
        }

        /// The subject's current household, with the members as changed so far.
        func currentHousehold(of person: Resident) -> (Household, [Resident])? {
            guard let id = person.householdID else { return nil }
            for candidate in [context.subjectHousehold, context.applicantHousehold] {
                if let (household, members) = candidate, household.id == id {
                    return (households[id] ?? household, members.map { changed[$0.id] ?? ($0.id == subject?.id ? subject! : $0) })
                }
            }
            return nil
        }

        func relation(_ form: [String: String], default fallback: HouseholdRelation) -> HouseholdRelation {
            text(form, "relation").flatMap(HouseholdRelation.init(rawValue:)) ?? fallback
        }

        /// A household the person concerned leaves: the head cannot leave others behind without a head.
        func checkLeaving(_ person: Resident, alsoLeaving: Set<UUID> = []) throws(EffectError) {
            guard let (household, members) = currentHousehold(of: person), household.headID == person.id else { return }
            let staying = members.filter { $0.id != person.id && !alsoLeaving.contains($0.id) && $0.status == .active }
            if !staying.isEmpty { throw .headMustStay }
        }

        mutating func newHousehold(address: String, division: String, head: UUID) throws(EffectError) -> Household {
            guard Division.isValidRegionCode(division), division.hasPrefix("4403") else { throw .badValue(.newHousehold) }
            var household = context.newHousehold
            household.address = address
            household.divisionCode = division
            household.headID = head
            household.kind = .family
            createdHouseholds.append(household)
            households[household.id] = household
            return household
        }

        /// The person heads a new household at the address.
        @discardableResult
        mutating func head(_ person: inout Resident, newHouseholdAt address: String, division: String) throws(EffectError) -> Household {
            let household = try newHousehold(address: address, division: division, head: person.id)
            person.householdID = household.id
            person.divisionCode = division
            person.relation = .head
            return household
        }

        mutating func apply(_ effect: Effect, form: [String: String]) throws(EffectError) {
            switch effect.kind {
            case .joinHousehold: try join(form)
            case .restore: try restore(form)
            case .registerBirth: try registerBirth(form)
            case .moveWithinCity: try moveWithinCity(form)
            case .splitHousehold: try split(form)
            case .newHousehold: try establish(form)
            case .changeHead: try changeHead(form)
            case .correctMoveIn: try correctMoveIn(effect, form: form)
            default: throw .notAutomated(effect.kind)
            }
        }

        /// A person joins the target household: the registry record when they have one, else a new record.
        mutating func join(_ form: [String: String]) throws(EffectError) {
            let (household, members) = try target()
            let relation = relation(form, default: .other)
            if relation == .head, household.headID != nil, members.contains(where: { $0.id == household.headID && $0.status == .active }) {
                throw .headTaken
            }
            if var person = subject {
                if person.status == .active, person.householdID == household.id { throw .unchanged(.joinHousehold) }
                if person.status == .active, Division.byCode(person.divisionCode)?.isShenzhen ?? person.divisionCode.hasPrefix("4403") {
                    try checkLeaving(person)
                }
                person.status = .active
                person.householdID = household.id
                person.divisionCode = household.divisionCode
                person.relation = relation
                person.moveInDate = context.today
                person.moveInReason = form["moveInReason"] ?? "投靠/落户"
                subject = person
            } else {
                let name = try personName(form, "subjectName", kind: .joinHousehold)
                let given = try text(form, "subjectIdNumber").map { (text) throws(EffectError) -> IDNumber in
                    guard let id = try? IDNumber(text, today: context.today) else { throw .badValue(.joinHousehold) }
                    return id
                }
                guard let gender = text(form, "subjectGender").flatMap(Gender.init(rawValue:)) ?? given?.gender,
                      let birthDate = text(form, "subjectBirthDate").flatMap(CivilDate.init(iso:)) ?? given?.birthDate, birthDate <= context.today
                else { throw .missingValue(.joinHousehold) }
                if let given, given.gender != gender || given.birthDate != birthDate { throw .idNumberMismatch }
                // Someone who never had a number (late registration) gets one from the household's division.
                let candidates = given == nil ? EffectPlanner.candidates(region: household.divisionCode, birthDate: birthDate, from: 0, gender: gender) : []
                guard let id = given ?? candidates.first else { throw .badValue(.joinHousehold) }
                let ethnicity = text(form, "subjectEthnicity").flatMap(Ethnicity.byCode) ?? .han
                let origin = text(form, "originDivision") ?? text(form, "birthplace")
                let person = Resident(
                    idNumber: id, name: name, gender: gender, ethnicity: ethnicity, birthDate: birthDate,
                    birthplace: origin.flatMap { Division.isValidRegionCode($0) ? $0 : nil } ?? id.regionCode,
                    householdID: household.id, relation: relation, divisionCode: household.divisionCode,
                    moveInDate: given == nil ? nil : context.today, moveInReason: given == nil ? nil : "投靠/落户"
                )
                created.append(.init(resident: person, idNumberCandidates: candidates))
            }
            if relation == .head { try setHead(of: household, to: subject?.id ?? created.last!.resident.id) }
        }

        /// Cancelled or moved out back to active, into the household named in the form.
        mutating func restore(_ form: [String: String]) throws(EffectError) {
            guard var person = subject else { throw .noSubject }
            guard person.status != .active else { throw .unchanged(.restore) }
            let (household, _) = try target()
            person.status = .active
            person.householdID = household.id
            person.divisionCode = household.divisionCode
            person.relation = relation(form, default: .other)
            subject = person
        }

        /// A newborn gets a record in the applicant's household and an ID number from the household's division.
        mutating func registerBirth(_ form: [String: String]) throws(EffectError) {
            let (household, _) = try target()
            let name = try personName(form, "childName", kind: .registerBirth)
            guard let gender = text(form, "childGender").flatMap(Gender.init(rawValue:)),
                  let birthDate = text(form, "childBirthDate").flatMap(CivilDate.init(iso:)), birthDate <= context.today,
                  let ethnicity = text(form, "childEthnicity").flatMap(Ethnicity.byCode)
            else { throw .badValue(.registerBirth) }
            let candidates = EffectPlanner.candidates(region: household.divisionCode, birthDate: birthDate, from: 0, gender: gender)
            guard let provisional = candidates.first else { throw .badValue(.registerBirth) }
            let child = Resident(
                idNumber: provisional, name: name, gender: gender, ethnicity: ethnicity, birthDate: birthDate,
                birthplace: text(form, "birthplace"), householdID: household.id, relation: relation(form, default: .child),
                divisionCode: household.divisionCode
            )
            created.append(.init(resident: child, idNumberCandidates: candidates))
        }

        /// To another address in the city: the whole household (new address), or the person alone (into a named
        /// household, or as head of a new one at the new address).
        mutating func moveWithinCity(_ form: [String: String]) throws(EffectError) {
            guard var person = subject else { throw .noSubject }
            guard let address = text(form, "newAddress"), let division = text(form, "newDivision") else { throw .missingValue(.moveWithinCity) }
            guard Division.isValidRegionCode(division), division.hasPrefix("4403") else { throw .badValue(.moveWithinCity) }
            if text(form, "scope") == "household" {
                guard let (household, members) = currentHousehold(of: person) else { throw .noHousehold }
                var moved = household
                moved.address = address
                moved.divisionCode = division
                households[household.id] = moved
                for member in members where member.status == .active {
                    var m = member
                    m.divisionCode = division
                    if m.id == person.id { person = m } else { changed[m.id] = m }
                }
                subject = person
                return
            }
            try checkLeaving(person)
            if context.named != nil {
                let (household, _) = try target()
                guard household.id != person.householdID else { throw .unchanged(.moveWithinCity) }
                person.householdID = household.id
                person.divisionCode = household.divisionCode
                person.relation = .other
            } else {
                try head(&person, newHouseholdAt: address, division: division)
            }
            subject = person
        }

        /// The person concerned, with the members named in the form, leaves to head a new household.
        mutating func split(_ form: [String: String]) throws(EffectError) {
            guard var person = subject else { throw .noSubject }
            guard let address = text(form, "address"), let division = text(form, "division") else { throw .missingValue(.splitHousehold) }
            guard let (_, members) = currentHousehold(of: person) else { throw .noHousehold }
            var leaving: [Resident] = []
            for raw in (text(form, "membersLeaving") ?? "").split(whereSeparator: { ",，;；、 ".contains($0) }) {
                guard let id = try? IDNumber(String(raw), today: context.today) else { throw .badValue(.splitHousehold) }
                guard let member = members.first(where: { $0.idNumber == id && $0.status == .active }), member.id != person.id else { throw .notInHousehold }
                if !leaving.contains(where: { $0.id == member.id }) { leaving.append(member) }
            }
            try checkLeaving(person, alsoLeaving: Set(leaving.map(\.id)))
            for member in leaving { try checkLeaving(member, alsoLeaving: Set(leaving.map(\.id)).union([person.id])) }
            let wasHead = person.relation == .head
            let previous = person.relation ?? .other
            let household = try head(&person, newHouseholdAt: address, division: division)
            subject = person
            for member in leaving {
                var m = member
                m.householdID = household.id
                m.divisionCode = division
                // Relations are re-stated to the new head (unchanged when the head leaves with them).
                if !wasHead { m.relation = Self.restated(member.relation ?? .other, newHeadWas: previous) }
                changed[m.id] = m
            }
        }

        /// The person concerned heads a new household at their own home.
        mutating func establish(_ form: [String: String]) throws(EffectError) {
            guard var person = subject else { throw .noSubject }
            guard let address = text(form, "address"), let division = text(form, "division") else { throw .missingValue(.newHousehold) }
            if let (household, members) = currentHousehold(of: person), household.headID == person.id,
               !members.contains(where: { $0.id != person.id && $0.status == .active }) {
                throw .unchanged(.newHousehold)
            }
            try checkLeaving(person)
            try head(&person, newHouseholdAt: address, division: division)
            subject = person
        }

        /// A member of the household becomes its head; the others' relations are re-stated to the new head.
        mutating func changeHead(_ form: [String: String]) throws(EffectError) {
            guard let person = subject else { throw .noSubject }
            guard let (household, members) = currentHousehold(of: person) else { throw .noHousehold }
            guard person.status == .active else { throw .notActive }
            guard household.headID != person.id else { throw .unchanged(.changeHead) }
            let previous = person.relation ?? .other
            for member in members where member.id != person.id {
                var m = member
                m.relation = Self.restated(member.id == household.headID ? .head : (member.relation ?? .other), newHeadWas: previous)
                if m != member { changed[m.id] = m }
            }
            var head = person
            head.relation = .head
            subject = head
            try setHead(of: household, to: head.id)
        }

        /// A member's relation to the old head, re-stated as their relation to a new head who was `newHeadWas` of the old.
        static func restated(_ relation: HouseholdRelation, newHeadWas: HouseholdRelation) -> HouseholdRelation {
            switch (newHeadWas, relation) {
            case (.spouse, .head): .spouse
            case (.spouse, let other): other
            case (.child, .head), (.child, .spouse): .parent
            case (.child, .child): .sibling
            case (.child, .grandchild): .child
            case (.parent, .head): .child
            case (.parent, .parent): .spouse
            case (.parent, .child): .grandchild
            default: .other
            }
        }

        mutating func setHead(of household: Household, to id: UUID) throws(EffectError) {
            var updated = households[household.id] ?? household
            updated.headID = id
            households[household.id] = updated
        }

        /// A corrected move-in date (`field: moveInDate`) or reason (`field: moveInReason`); an empty form value keeps the old one.
        mutating func correctMoveIn(_ effect: Effect, form: [String: String]) throws(EffectError) {
            guard var person = subject else { throw .noSubject }
            guard let key = effect.from, let value = text(form, key) else { return }
            switch effect.field {
            case "moveInDate":
                guard let date = CivilDate(iso: value), date >= person.birthDate, date <= context.today else { throw .badValue(.correctMoveIn) }
                person.moveInDate = date
            case "moveInReason":
                person.moveInReason = value
            default:
                throw .badValue(.correctMoveIn)
            }
            subject = person
        }

        func personName(_ form: [String: String], _ key: String, kind: EffectKind) throws(EffectError) -> PersonName {
            guard let text = text(form, key) else { throw .missingValue(kind) }
            guard let name = try? PersonName(text) else { throw .badValue(kind) }
            return name
        }
    }
}

/// What the planner needs from the registry.
public struct RegistryContext: Sendable {
    public var applicant: Resident
    /// The person concerned when they have a registry record (nil for a newborn or someone new to the registry).
    public var subject: Resident?
    public var applicantHousehold: (Household, [Resident])?
    public var subjectHousehold: (Household, [Resident])?
    /// The household named in the form (`targetHouseholdNumber`), if any.
    public var named: (Household, [Resident])?
    /// Id and number reserved for a household the change may create.
    public var newHousehold: Household
    public var today: CivilDate

    public init(applicant: Resident, subject: Resident?, applicantHousehold: (Household, [Resident])?, subjectHousehold: (Household, [Resident])?,
                named: (Household, [Resident])?, newHousehold: Household, today: CivilDate) {
        self.applicant = applicant
        self.subject = subject
        self.applicantHousehold = applicantHousehold
        self.subjectHousehold = subjectHousehold
        self.named = named
        self.newHousehold = newHousehold
        self.today = today
    }
}

/// The registry changes of one approval.
public struct RegistryPlan: Sendable {
    public struct NewResident: Sendable {
        public var resident: Resident
        /// ID numbers to try in order (the store takes the first that is free); empty when the number is given.
        public var idNumberCandidates: [IDNumber]
    }

    /// Existing records after the change.
    public var changed: [Resident] = []
    /// ID numbers for the person concerned, when theirs must change (gender, birth date, correction).
    public var idNumberCandidates: [IDNumber] = []
    public var created: [NewResident] = []
    public var changedHouseholds: [Household] = []
    public var createdHouseholds: [Household] = []

    public var isEmpty: Bool { changed.isEmpty && created.isEmpty && changedHouseholds.isEmpty && createdHouseholds.isEmpty }
}
