/// Checks an application form against its service's field definitions, on the server, listing every problem.
public enum FormValidator {
    /// The cleaned values (trimmed, normalised: ID numbers upper-case, names with the standard middle dot) and the
    /// typed `form.<name>` facts the rules read — or every problem found.
    public static func validate(_ fields: [FormField], values raw: [String: String], today: CivilDate)
        -> Result<(values: [String: String], facts: RuleFacts), FormIssues> {
        var issues: [FormIssue] = []
        var values: [String: String] = [:]
        var facts = RuleFacts()
        let known = Set(fields.map(\.name))
        for name in raw.keys.sorted() where !known.contains(name) {
            issues.append(FormIssue(field: name, reasonZh: "不是本事项的表单项", reasonEn: "not a field of this form"))
        }
        for field in fields {
            let text = (raw[field.name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty {
                if field.required { issues.append(FormIssue(field: field.name, reasonZh: "请填写“\(field.label.zh)”", reasonEn: "\(field.label.en) is required")) }
                continue
            }
            switch check(field, text, today: today) {
            case .success(let (clean, fact)):
                values[field.name] = clean
                facts["form.\(field.name)"] = fact
            case .failure(let issue):
                issues.append(issue)
            }
        }
        return issues.isEmpty ? .success((values, facts)) : .failure(FormIssues(issues))
    }

    static func check(_ field: FormField, _ text: String, today: CivilDate) -> Result<(String, FactValue), FormIssue> {
        func issue(_ zh: String, _ en: String) -> Result<(String, FactValue), FormIssue> {
            .failure(FormIssue(field: field.name, reasonZh: zh, reasonEn: en))
        }
        switch field.type {
        case .text, .address:
            let limit = field.maxLength ?? (field.type == .address ? 200 : 500)
            if text.count > limit { return issue("不能超过 \(limit) 个字", "at most \(limit) characters") }
            if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) {
                return issue("含有不可见的控制字符", "contains control characters")
            }
            return .success((text, .string(text)))
        case .personName:
            do {
                let name = try PersonName(text)
                return .success((name.value, .string(name.value)))
            } catch { return issue(error.reasonZh, error.reasonEn) }
        case .idNumber:
            do {
                let id = try IDNumber(text, today: today)
                return .success((id.value, .string(id.value)))
            } catch { return issue(error.reasonZh, error.reasonEn) }
        case .phone:
            do {
                let phone = try PhoneNumber(text)
                return .success((phone.value, .string(phone.value)))
            } catch { return issue(error.reasonZh, error.reasonEn) }
        case .date:
            guard let date = CivilDate(iso: text) else { return issue("日期格式应为 YYYY-MM-DD", "a date written as YYYY-MM-DD") }
            return .success((date.description, .date(date)))
        case .choice:
            guard (field.options ?? []).contains(where: { $0.value == text }) else { return issue("请从选项中选择", "choose one of the options") }
            return .success((text, .string(text)))
        case .ethnicity:
            guard let ethnicity = Ethnicity.byCode(text) ?? Ethnicity.all.first(where: { $0.nameZh == text }) else {
                return issue("不是有效的民族代码", "not a valid ethnic-group code")
            }
            return .success((ethnicity.code, .string(ethnicity.code)))
        case .division:
            guard Division.isValidRegionCode(text) else { return issue("不是有效的行政区划代码", "not a valid division code") }
            return .success((text, .string(text)))
        case .boolean:
            switch text.lowercased() {
            case "true", "yes", "on", "1": return .success(("true", .bool(true)))
            case "false", "no", "off", "0": return .success(("false", .bool(false)))
            default: return issue("请选择是或否", "choose yes or no")
            }
        }
    }
}

import Foundation
