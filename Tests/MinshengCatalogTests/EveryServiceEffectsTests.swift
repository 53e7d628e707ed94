import Foundation
import MinshengCatalog
import MinshengCore
import Testing

/// Every one of the 48 online household-registration items has a working path to the registry: with a form filled from
/// its own field definitions and a household of the kind its rules expect, the planner produces the change (or, for
/// certificate and booklet items, none) and never answers "not automated".
@Suite("Every online service's effects")
struct EveryServiceEffectsTests {
    static let today = CivilDate(year: 2026, month: 11, day: 27)!

    struct Family {
        let head: Resident
        let spouse: Resident
        let child: Resident
        let household: Household
        let named: Household

        init() throws {
            let household = Household(number: "440304000000001", kind: .family, divisionCode: "440304", address: "深圳市福田区深南大道6008号")
            func person(_ name: String, _ birth: String, _ gender: Gender, _ sequence: Int, _ relation: HouseholdRelation) throws -> Resident {
                let date = CivilDate(iso: birth)!
                return Resident(idNumber: IDNumber.make(regionCode: "440304", birthDate: date, sequence: sequence)!, name: try PersonName(name),
                                gender: gender, ethnicity: .han, birthDate: date, householdID: household.id, relation: relation, divisionCode: "440304")
            }
            head = try person("李明", "1980-01-01", .male, 11, .head)
            spouse = try person("王芳", "1982-06-15", .female, 22, .spouse)
            child = try person("李强", "2004-02-02", .male, 33, .child)
            var withHead = household
            withHead.headID = head.id
            self.household = withHead
            named = Household(number: "440306000000001", kind: .collective, divisionCode: "440306", address: "深圳市宝安区新安街道1号")
        }
    }

    /// A valid value for each field, from its type and options; the person named is someone new to the registry.
    static func form(for service: ServiceDefinition, family: Family, subject: Resident?) -> [String: String] {
        var form: [String: String] = [:]
        let newcomer = IDNumber.make(regionCode: "110101", birthDate: CivilDate(iso: "1992-03-03")!, sequence: 2)!
        for field in service.form {
            let value: String
            switch (field.name, field.type) {
            case ("subjectIdNumber", _): value = subject?.idNumber.value ?? newcomer.value
            case ("subjectName", _): value = subject?.name.value ?? "孙丽"
            case ("subjectGender", _): value = "female"
            case ("subjectBirthDate", _): value = "1992-03-03"
            case ("fatherIdNumber", _): value = family.head.idNumber.value
            case ("motherIdNumber", _): value = family.spouse.idNumber.value
            case ("targetHouseholdNumber", _): value = family.named.number
            case ("scope", _): value = "self"
            case ("membersLeaving", _): value = ""
            case ("field", _): value = "education"
            case ("newGender", _): value = subject?.gender == .female ? "male" : "female"
            case ("newEthnicity", _): value = "02"
            case (let name, .date) where name.lowercased().contains("birth"): value = "2026-11-01"
            case (_, .date): value = "2015-09-01"
            case (_, .choice): value = field.options?.first?.value ?? ""
            case (_, .idNumber): value = newcomer.value
            case (_, .personName): value = "孙丽"
            case (_, .ethnicity): value = "01"
            case (_, .division): value = "440305"
            case (_, .address): value = "深圳市南山区科技园科苑路15号"
            case (_, .phone): value = "13800138000"
            case (_, .boolean): value = "true"
            case (_, .text): value = "测试"
            }
            if !value.isEmpty { form[field.name] = value }
        }
        return form
    }

    @Test("each online item plans its registry change with a suitable person concerned")
    func everyOnlineService() throws {
        let catalog = try CatalogLoader.load(directory: CatalogLoaderTests.directory).get()
        let online = catalog.services(in: .hukou).filter(\.online)
        #expect(online.count == 48)
        var planned: [String: String] = [:]
        for service in online {
            let family = try Family()
            var movedOut = family.child
            movedOut.status = .movedOut
            // The person concerned: a member of the household; one whose registration is no longer active; or nobody yet.
            let candidates: [Resident?] = RegistryPlanner.takesNewPerson(service) ? [nil] : [family.child, movedOut, family.head]
            var outcomes: [String] = []
            for subject in candidates {
                let members = [family.head, family.spouse, subject.flatMap { $0.id == family.child.id ? $0 : nil } ?? family.child]
                let context = RegistryContext(
                    applicant: family.head, subject: subject, applicantHousehold: (family.household, members),
                    subjectHousehold: (family.household, members), named: (family.named, []),
                    newHousehold: Household(number: "440305900000001", kind: .family, divisionCode: "440305", address: ""), today: Self.today
                )
                do {
                    let plan = try RegistryPlanner.plan(service.effects, form: Self.form(for: service, family: family, subject: subject), context: context)
                    let effectful = service.effects.contains { $0.kind != .none }
                    if effectful == plan.isEmpty { outcomes.append("empty plan"); continue }
                    planned[service.code] = effectful ? "\(plan.changed.count) changed, \(plan.created.count) new, \(plan.createdHouseholds.count + plan.changedHouseholds.count) households" : "no change"
                    break
                } catch {
                    #expect(error.kind == nil, "\(service.code): not automated")
                    outcomes.append("\(error)")
                }
            }
            #expect(planned[service.code] != nil, "\(service.code) \(service.name.zh): \(outcomes)")
        }
        #expect(planned.count == 48)
    }
}

extension EffectError {
    var kind: EffectKind? {
        if case .notAutomated(let kind) = self { return kind }
        return nil
    }
}
