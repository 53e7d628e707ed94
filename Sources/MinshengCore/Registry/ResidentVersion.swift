import Foundation

/// One change to a resident's record: what it was, what it became, who did it and why.
public struct ResidentVersion: Hashable, Codable, Sendable {
    public var residentID: UUID
    /// 1 for the record's creation, then one more per change.
    public var number: Int
    public var before: Resident?
    public var after: Resident
    public var actor: Principal
    public var reason: String
    /// The application that caused the change (申请编号), if any.
    public var applicationReference: String?
    public var at: Date

    public init(residentID: UUID, number: Int, before: Resident?, after: Resident, actor: Principal, reason: String, applicationReference: String?, at: Date) {
        self.residentID = residentID
        self.number = number
        self.before = before
        self.after = after
        self.actor = actor
        self.reason = reason
        self.applicationReference = applicationReference
        self.at = at
    }

    /// The names of the fields that differ between before and after.
    public var changedFields: [String] {
        guard let before else { return ["created"] }
        var fields: [String] = []
        if before.idNumber != after.idNumber { fields.append("idNumber") }
        if before.name != after.name { fields.append("name") }
        if before.formerNames != after.formerNames { fields.append("formerNames") }
        if before.gender != after.gender { fields.append("gender") }
        if before.ethnicity != after.ethnicity { fields.append("ethnicity") }
        if before.birthDate != after.birthDate { fields.append("birthDate") }
        if before.birthplace != after.birthplace { fields.append("birthplace") }
        if before.education != after.education { fields.append("education") }
        if before.maritalStatus != after.maritalStatus { fields.append("maritalStatus") }
        if before.occupation != after.occupation { fields.append("occupation") }
        if before.phone != after.phone { fields.append("phone") }
        if before.status != after.status { fields.append("status") }
        if before.householdID != after.householdID { fields.append("householdID") }
        if before.relation != after.relation { fields.append("relation") }
        if before.divisionCode != after.divisionCode { fields.append("divisionCode") }
        if before.hasPhoto != after.hasPhoto { fields.append("photo") }
        if before.moveInDate != after.moveInDate { fields.append("moveInDate") }
        if before.moveInReason != after.moveInReason { fields.append("moveInReason") }
        return fields
    }
}
