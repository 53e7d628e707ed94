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
    static func build(account: CitizenAccount, subject explicitSubject: Resident? = nil, form: RuleFacts = RuleFacts(), on request: Request) async throws -> RuleFacts {
        var facts = RuleFacts()
        facts["account.level"] = .number(Double(account.level.rawValue))
        guard let residentID = account.residentID,
              let applicant = try await request.services.registry.resident(id: residentID, on: request.db) else {
            return facts.merging(form)
        }
        let subject = explicitSubject ?? applicant
        facts.merge(person(applicant, prefix: "applicant"))
        facts.merge(person(subject, prefix: "subject"))
        if let householdID = subject.householdID, let (household, members) = try await request.services.registry.household(id: householdID, on: request.db) {
            facts["household.kind"] = .string(household.kind.rawValue)
            facts["household.memberCount"] = .number(Double(members.filter { $0.status == .active }.count))
            facts["household.isShenzhen"] = .bool(household.divisionCode.hasPrefix("4403"))
            // Parents from the household's relations: a child's are the head and spouse, the head's are members
            // registered as parents.
            let parents: [Resident]
            switch subject.relation {
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
        facts.merge(try await request.services.agency.facts(residentID: subject.id, on: request.db))
        return facts.merging(form)
    }
}
