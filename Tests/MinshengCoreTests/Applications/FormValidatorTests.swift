@testable import MinshengCore
import Testing

@Suite("Application form validation")
struct FormValidatorTests {
    let fields = [
        FormField(name: "newName", label: LocalizedText(zh: "新姓名", en: "New name"), type: .personName),
        FormField(name: "reason", label: LocalizedText(zh: "原因", en: "Reason"), type: .choice,
                  options: [FieldOption(value: "homophone", label: LocalizedText(zh: "同音字", en: "Homophone"))]),
        FormField(name: "when", label: LocalizedText(zh: "日期", en: "Date"), type: .date, required: false),
        FormField(name: "who", label: LocalizedText(zh: "身份号码", en: "ID number"), type: .idNumber, required: false),
        FormField(name: "note", label: LocalizedText(zh: "说明", en: "Note"), type: .text, required: false, maxLength: 5),
    ]
    let today = CivilDate(year: 2026, month: 11, day: 28)!

    @Test("clean values become typed facts")
    func valid() throws {
        let result = try FormValidator.validate(fields, values: ["newName": " 李明远 ", "reason": "homophone", "when": "2026-01-02", "who": "11010519491231002x"], today: today).get()
        #expect(result.values["newName"] == "李明远")
        #expect(result.values["who"] == "11010519491231002X")
        #expect(result.facts["form.when"] == .date(CivilDate(year: 2026, month: 1, day: 2)!))
        #expect(result.facts["form.note"] == nil)
    }

    @Test("every problem is listed with its field")
    func problems() {
        guard case .failure(let issues) = FormValidator.validate(fields, values: ["newName": "Li", "reason": "whim", "when": "2026-02-30", "who": "123", "note": "too long text", "extra": "x"], today: today) else {
            Issue.record("bad form accepted"); return
        }
        #expect(Set(issues.issues.map(\.field)) == ["newName", "reason", "when", "who", "note", "extra"])
        #expect(issues.issues.allSatisfy { !$0.reasonZh.isEmpty && !$0.reasonEn.isEmpty })
    }

    @Test("required fields must be filled")
    func required() {
        guard case .failure(let issues) = FormValidator.validate(fields, values: [:], today: today) else { Issue.record("empty form accepted"); return }
        #expect(issues.issues.map(\.field) == ["newName", "reason"])
    }
}

@Suite("Approval effects on a record")
struct EffectPlannerTests {
    let li = Resident(idNumber: try! IDNumber("440304199001010011"), name: try! PersonName("李明"), gender: .male, ethnicity: .han,
                      birthDate: CivilDate(year: 1990, month: 1, day: 1)!, divisionCode: "440304")

    @Test("a name change keeps the old name among former names")
    func nameChange() throws {
        let plan = try EffectPlanner.plan([Effect(kind: .changeName, from: "form.newName")], form: ["newName": "李明远"], subject: li)
        #expect(plan.resident.name.value == "李明远")
        #expect(plan.resident.formerNames.map(\.value) == ["李明"])
        #expect(plan.idNumberCandidates.isEmpty)
    }

    @Test("a gender change offers ID numbers of the new parity, each valid")
    func genderChange() throws {
        let plan = try EffectPlanner.plan([Effect(kind: .changeGender, from: "form.newGender")], form: ["newGender": "female"], subject: li)
        #expect(plan.resident.gender == .female)
        #expect(!plan.idNumberCandidates.isEmpty)
        #expect(plan.idNumberCandidates.allSatisfy { $0.gender == .female && $0.birthDate == li.birthDate && $0.regionCode == "440304" })
        #expect(plan.idNumberCandidates.first?.value == "440304199001010020" || plan.idNumberCandidates.first?.sequence == 2)
    }

    @Test("an unchanged value, a cancelled subject and household effects are refused with reasons")
    func refusals() {
        #expect(throws: EffectError.unchanged(.changeName)) {
            try EffectPlanner.plan([Effect(kind: .changeName, from: "form.newName")], form: ["newName": "李明"], subject: li)
        }
        var gone = li
        gone.status = .cancelled(.deceased)
        #expect(throws: EffectError.notActive) { try EffectPlanner.plan([Effect(kind: .cancel, value: "deceased")], form: [:], subject: gone) }
        #expect(throws: EffectError.notAutomated(.joinHousehold)) { try EffectPlanner.plan([Effect(kind: .joinHousehold)], form: [:], subject: li) }
    }

    @Test("restoration, cancellation and a non-key field")
    func statusAndFields() throws {
        var cancelled = li
        cancelled.status = .cancelled(.imprisoned)
        #expect(try EffectPlanner.plan([Effect(kind: .restore)], form: [:], subject: cancelled).resident.status == .active)
        #expect(try EffectPlanner.plan([Effect(kind: .cancel, value: "deceased")], form: [:], subject: li).resident.status == .cancelled(.deceased))
        let set = try EffectPlanner.plan([Effect(kind: .setField, from: "form.newValue", field: "form.field")], form: ["field": "occupation", "newValue": "教师"], subject: li)
        #expect(set.resident.occupation == "教师")
    }
}
