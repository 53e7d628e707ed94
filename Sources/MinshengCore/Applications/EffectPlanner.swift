/// Works out what an approved application changes in one person's registry record, from the service's effects
/// and the cleaned form values. Pure: the store writes the result, with a version, in the approval's transaction.
public enum EffectPlanner {
    /// The record after the effects, and, when the ID number must change, the numbers to try in order
    /// (the store takes the first that is free).
    public struct Plan: Hashable, Sendable {
        public var resident: Resident
        public var idNumberCandidates: [IDNumber]
    }

    /// Effect kinds this planner applies to a single record.
    public static let supported: Set<EffectKind> = [
        .changeName, .setFormerNames, .changeGender, .changeEthnicity, .correctIDNumber, .correctBirthDate, .correctBirthplace,
        .setField, .restore, .cancel, .moveOut, .none,
    ]

    public static func plan(_ effects: [Effect], form: [String: String], subject: Resident) throws(EffectError) -> Plan {
        var resident = subject
        var newIDs: [IDNumber] = []
        func value(_ effect: Effect) throws(EffectError) -> String {
            guard let from = effect.from else { throw .missingValue(effect.kind) }
            let key = from.hasPrefix("form.") ? String(from.dropFirst(5)) : from
            guard let text = form[key], !text.isEmpty else { throw .missingValue(effect.kind) }
            return text
        }
        for effect in effects {
            switch effect.kind {
            case .none:
                continue
            case .changeName:
                guard let name = try? PersonName(try value(effect)) else { throw .badValue(effect.kind) }
                guard name != resident.name else { throw .unchanged(effect.kind) }
                if !resident.formerNames.contains(resident.name) { resident.formerNames.append(resident.name) }
                resident.name = name
            case .setFormerNames:
                guard let name = try? PersonName(try value(effect)) else { throw .badValue(effect.kind) }
                if !resident.formerNames.contains(name) { resident.formerNames.append(name) }
            case .changeGender:
                let text = try value(effect)
                guard let gender = Gender(rawValue: text) ?? (text == "男" ? .male : text == "女" ? .female : nil) else { throw .badValue(effect.kind) }
                guard gender != resident.gender else { throw .unchanged(effect.kind) }
                resident.gender = gender
                newIDs = candidates(region: resident.idNumber.regionCode, birthDate: resident.birthDate, from: resident.idNumber.sequence, gender: gender)
            case .changeEthnicity:
                guard let ethnicity = Ethnicity.byCode(try value(effect)) else { throw .badValue(effect.kind) }
                guard ethnicity != resident.ethnicity else { throw .unchanged(effect.kind) }
                resident.ethnicity = ethnicity
            case .correctBirthDate:
                guard let date = CivilDate(iso: try value(effect)) else { throw .badValue(effect.kind) }
                guard date != resident.birthDate else { throw .unchanged(effect.kind) }
                resident.birthDate = date
                newIDs = candidates(region: resident.idNumber.regionCode, birthDate: date, from: resident.idNumber.sequence - 2, gender: resident.gender)
            case .correctIDNumber:
                // A duplicate or wrong number: the next free sequence with the same region, birth date and gender.
                newIDs = candidates(region: resident.idNumber.regionCode, birthDate: resident.birthDate, from: resident.idNumber.sequence, gender: resident.gender)
            case .correctBirthplace:
                let code = try value(effect)
                guard Division.isValidRegionCode(code) else { throw .badValue(effect.kind) }
                resident.birthplace = code
            case .setField:
                let field = effect.field.map { f in f.hasPrefix("form.") ? form[String(f.dropFirst(5))] ?? "" : f } ?? ""
                let text = try value(effect)
                switch field {
                case "education": resident.education = text
                case "maritalStatus": resident.maritalStatus = text
                case "occupation": resident.occupation = text
                default: throw .badValue(effect.kind)
                }
            case .restore:
                guard resident.status != .active else { throw .unchanged(effect.kind) }
                resident.status = .active
            case .cancel:
                guard let reason = CancellationReason(rawValue: effect.value ?? "") else { throw .badValue(effect.kind) }
                guard resident.status == .active else { throw .notActive }
                resident.status = .cancelled(reason)
            case .moveOut:
                guard resident.status == .active else { throw .notActive }
                resident.status = .movedOut
            default:
                throw .notAutomated(effect.kind)
            }
        }
        return Plan(resident: resident, idNumberCandidates: newIDs)
    }

    /// ID numbers with the given region and birth date and a sequence of the gender's parity, nearest `from` first.
    static func candidates(region: String, birthDate: CivilDate, from start: Int, gender: Gender) -> [IDNumber] {
        var result: [IDNumber] = []
        var sequence = max(1, start + 1)
        while result.count < 20, sequence <= 999 {
            if (sequence % 2 == 1) == (gender == .male), let id = IDNumber.make(regionCode: region, birthDate: birthDate, sequence: sequence) {
                result.append(id)
            }
            sequence += 1
        }
        return result
    }
}

/// Why effects could not be applied.
public enum EffectError: Error, Equatable, Sendable {
    case missingValue(EffectKind)
    case badValue(EffectKind)
    case unchanged(EffectKind)
    case notActive
    /// An effect this planner does not handle.
    case notAutomated(EffectKind)
    /// The change needs a person concerned with a registry record.
    case noSubject
    /// The change needs a household and there is none.
    case noHousehold
    /// The household number in the form matches no household.
    case householdNotFound
    /// A person named in the form is not an active member of the household.
    case notInHousehold
    /// The head of household cannot leave members behind: change the head first or move the whole household.
    case headMustStay
    /// The household already has a head.
    case headTaken
    /// The ID number does not match the date of birth or sex given.
    case idNumberMismatch

    public var reasonZh: String {
        switch self {
        case .missingValue: "申请表缺少办理所需的内容"
        case .badValue: "申请表中的内容无法用于变更户籍"
        case .unchanged: "申请变更的内容与现有登记相同"
        case .notActive: "办理对象的户口不是正常状态"
        case .notAutomated: "本事项的户籍变更尚须民警在窗口完成"
        case .noSubject: "未找到办理对象的户籍登记"
        case .noHousehold: "未找到可落户的户"
        case .householdNotFound: "申请表中的户号不存在"
        case .notInHousehold: "申请表中列出的人员不是本户的正常在册成员"
        case .headMustStay: "户主迁出后户内仍有成员，请先办理户主变更或全户迁移"
        case .headTaken: "该户已有户主，与户主关系不能填写“户主”"
        case .idNumberMismatch: "公民身份号码与填写的出生日期或性别不一致"
        }
    }

    public var reasonEn: String {
        switch self {
        case .missingValue: "the form lacks a value the change needs"
        case .badValue: "a value in the form cannot be used for the change"
        case .unchanged: "the requested value is the same as the registered one"
        case .notActive: "the person's registration is not active"
        case .notAutomated: "an officer still completes this change at the counter"
        case .noSubject: "the person concerned has no registry record"
        case .noHousehold: "there is no household to register into"
        case .householdNotFound: "no household has the number given in the form"
        case .notInHousehold: "a person listed in the form is not an active member of the household"
        case .headMustStay: "members would remain without a head: change the head of household first, or move the whole household"
        case .headTaken: "the household already has a head; the relation cannot be head of household"
        case .idNumberMismatch: "the ID number does not match the date of birth or sex given"
        }
    }
}
