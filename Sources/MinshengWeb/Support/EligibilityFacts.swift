import Fluent
import MinshengCore
import MinshengStore
import Vapor

/// Builds the facts a service's rules read, from the registry, the account and other departments' records.
enum EligibilityFacts {
    /// `prefix.*` facts for one resident.
    static func person(_ r: Resident, prefix: String) -> RuleFacts {
        var facts = RuleFacts()
        facts["\(prefix).status"] = .string(r.status.code)
        if let reason = r.status.reasonCode { facts["\(prefix).statusReason"] = .string(reason) }
        facts["\(prefix).gender"] = .string(r.gender.rawValue)
        facts["\(prefix).birthDate"] = .date(r.birthDate)
        facts["\(prefix).ethnicity"] = .string(r.ethnicity.code)
        facts["\(prefix).divisionCode"] = .string(r.divisionCode)
        facts["\(prefix).isShenzhen"] = .bool(Division.byCode(r.divisionCode)?.isShenzhen ?? r.divisionCode.hasPrefix("4403"))
        if let relation = r.relation { facts["\(prefix).relation"] = .string(relation.rawValue) }
        facts["\(prefix).hasPhoto"] = .bool(r.hasPhoto)
        facts["\(prefix).name"] = .string(r.name.value)
        return facts
    }

    /// Facts about the applicant (who is also the subject unless another is named), their household and account.
    /// For services that register a new person (`newPerson`), `subject.*` facts exist only when the person named has a
    /// registry record, the household is the applicant's, and the parents are the ones named in the form (a newborn's).
    static func build(account: CitizenAccount, subject explicitSubject: Resident? = nil, newPerson: Bool = false, form: RuleFacts = RuleFacts(),
                      formValues: [String: String] = [:], on request: Request) async throws -> RuleFacts {
        var facts = RuleFacts()
        facts["account.level"] = .number(Double(account.level.rawValue))
        guard let residentID = account.residentID,
              let applicant = try await request.services.registry.resident(id: residentID, on: request.db) else {
            return facts.merging(form)
        }
        let subject = explicitSubject ?? applicant
        facts.merge(person(applicant, prefix: "applicant"))
        facts["applicant.residenceMonths"] = .number(Double(try await residenceMonths(applicant.id, on: request)))
        if !newPerson || explicitSubject != nil { facts.merge(person(subject, prefix: "subject")) }
        if newPerson {
            for (key, role) in [("fatherIdNumber", "father"), ("motherIdNumber", "mother")] {
                if let text = formValues[key], let id = try? IDNumber(text), let parent = try await request.services.registry.resident(idNumber: id, on: request.db) {
                    facts["\(role).ethnicity"] = .string(parent.ethnicity.code)
                    facts["\(role).status"] = .string(parent.status.code)
                }
            }
        }
        let householdOwner = newPerson ? applicant : subject
        if let householdID = householdOwner.householdID, let (household, members) = try await request.services.registry.household(id: householdID, on: request.db) {
            facts["household.kind"] = .string(household.kind.rawValue)
            facts["household.memberCount"] = .number(Double(members.filter { $0.status == .active }.count))
            facts["household.isShenzhen"] = .bool(household.divisionCode.hasPrefix("4403"))
            // Parents from the household's relations: a child's are the head and spouse, the head's are members
            // registered as parents.
            let parents: [Resident]
            switch newPerson ? nil : subject.relation {
            case .child?: parents = members.filter { $0.relation == .head || $0.relation == .spouse }
            case .head?: parents = members.filter { $0.relation == .parent }
            default: parents = []
            }
            for parent in parents {
                let role = parent.gender == .male ? "father" : "mother"
                facts["\(role).ethnicity"] = .string(parent.ethnicity.code)
                facts["\(role).status"] = .string(parent.status.code)
            }
        }
        facts.merge(try await request.services.agency.facts(residentID: newPerson && explicitSubject == nil ? applicant.id : subject.id, on: request.db))
        return facts.merging(form)
    }

    /// Months lived in Shenzhen on a residence permit: back from the permit valid today through the permits before it
    /// without a break between them (a permit that lapsed years ago does not count); 0 without a valid one.
    static func residenceMonths(_ residentID: UUID, on request: Request) async throws -> Int {
        let permits = try await request.services.credentials.documents(residentID: residentID, on: request.db).filter { $0.type == .residencePermit }
        let today = CivilDate.today()
        guard let current = permits.filter({ $0.issuedOn <= today && ($0.expiresOn.map { $0 >= today } ?? true) }).min(by: { $0.issuedOn < $1.issuedOn }) else { return 0 }
        var first = current.issuedOn
        while let earlier = permits.filter({ $0.issuedOn < first && ($0.expiresOn.map { $0.adding(days: 1) >= first } ?? true) }).min(by: { $0.issuedOn < $1.issuedOn }) {
            first = earlier.issuedOn
        }
        var months = (today.year - first.year) * 12 + today.month - first.month
        if today.day < first.day { months -= 1 }
        return max(0, months)
    }
}
