import FluentKit
import Foundation
import MinshengCore

/// Whether an officer's unit answers for a resident: the division the resident is registered in, or — for someone
/// registered elsewhere who lives here on a residence permit (流动人口) — the district on a permit valid today.
/// Platform admins answer for everyone. Resident look-ups, application review and points review all ask this.
public struct OfficerScope: Sendable {
    public let registry: RegistryRepository
    public let credentials: CredentialRepository

    public init(cipher: FieldCipher) {
        registry = RegistryRepository(cipher: cipher)
        credentials = CredentialRepository(cipher: cipher)
    }

    public func covers(_ resident: Resident, officer: Officer, today: CivilDate = .today(), on database: any Database) async throws -> Bool {
        if officer.mayAccess(divisionCode: resident.divisionCode) { return true }
        let permits = try await credentials.documents(residentID: resident.id, on: database).filter { $0.type == .residencePermit }
        return permits.contains { permit in
            (permit.expiresOn.map { $0 >= today } ?? true) && permit.details["division"].map { officer.mayAccess(divisionCode: $0) } == true
        }
    }

    /// False for a resident not in the registry (only an admin answers for them).
    public func covers(residentID: UUID, officer: Officer, today: CivilDate = .today(), on database: any Database) async throws -> Bool {
        if officer.roles.contains(.admin) { return true }
        guard let resident = try await registry.resident(id: residentID, on: database) else { return false }
        return try await covers(resident, officer: officer, today: today, on: database)
    }
}
