import Foundation

/// One application (申请) for a service: who applied, about whom, what they filled in, and where it stands.
public struct ServiceApplication: Hashable, Codable, Sendable {
    public var id: UUID
    /// The reference a citizen and an officer quote, e.g. `HZ01-20261128-4F3A9C`.
    public var reference: String
    public var serviceCode: String
    public var applicantAccountID: UUID
    public var applicantResidentID: UUID?
    /// The person the application is about (the applicant unless the form names another).
    public var subjectResidentID: UUID?
    public var channel: ServiceChannel
    /// Cleaned form values.
    public var form: [String: String]
    /// Materials: those the platform holds are references, the rest come from the citizen.
    public var materials: [AttachedMaterial]
    /// The unit that handles it (by the subject's registered division).
    public var unitCode: String?
    /// The officer working on it now, if claimed.
    public var claimedBy: String?
    public var record: ApplicationRecord
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, reference: String, serviceCode: String, applicantAccountID: UUID, applicantResidentID: UUID?, subjectResidentID: UUID?,
                channel: ServiceChannel, form: [String: String], materials: [AttachedMaterial], unitCode: String?, claimedBy: String?,
                record: ApplicationRecord, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.reference = reference
        self.serviceCode = serviceCode
        self.applicantAccountID = applicantAccountID
        self.applicantResidentID = applicantResidentID
        self.subjectResidentID = subjectResidentID
        self.channel = channel
        self.form = form
        self.materials = materials
        self.unitCode = unitCode
        self.claimedBy = claimedBy
        self.record = record
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// A reference from the service code, the day and a random suffix.
    public static func makeReference(service: String, on day: CivilDate) -> String {
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16, uppercase: true)
        let padded = String(repeating: "0", count: max(0, 8 - suffix.count)) + suffix
        let date = day.description.replacingOccurrences(of: "-", with: "")
        return "\(service.replacingOccurrences(of: "-", with: ""))-\(date)-\(padded)"
    }
}

/// A material attached to an application.
public struct AttachedMaterial: Hashable, Codable, Sendable {
    /// The service's material id.
    public var materialID: String
    public var source: MaterialSource
    /// For registry materials: what the platform attached (e.g. `resident:<uuid>`); for uploads: the file's SHA-256.
    public var reference: String

    public init(materialID: String, source: MaterialSource, reference: String) {
        self.materialID = materialID
        self.source = source
        self.reference = reference
    }
}

extension ServiceSteps {
    /// The workflow steps a catalog entry names.
    public var workflow: WorkflowSteps {
        switch self {
        case .full: .full
        case .intakeAndApproval: .intakeAndApproval
        case .intakeOnly: .intakeOnly
        }
    }
}
