import Foundation

/// What the store can refuse or fail to do, with what a person needs to act on it.
public enum StoreError: Error, Equatable, Sendable {
    case badDataKey(String)
    /// Stored ciphertext did not open with this key: a wrong `MINSHENG_DATA_KEY` or altered data.
    case undecryptable
    case residentNotFound
    case householdNotFound
    case duplicateIDNumber
    case phoneTaken
    case accountNotFound
    /// The identity link failed: no such record, a record that cannot be linked, or an account or record already
    /// linked. One answer for all, so the link tells nothing about the registry (the reason is in the audit).
    case identityLinkRefused
    case residentNotActive
    case officerNotFound
    case unitNotFound
    case duplicateOfficer
    case duplicateUnit
    case versionConflict
    case corruptRecord(String)
    case badDatabaseURL(String)
}

extension StoreError {
    /// Whether a driver error is a unique-constraint violation (SQLite's message, PostgreSQL's SQLSTATE 23505).
    static func isUniqueViolation(_ error: any Error) -> Bool {
        let text = String(reflecting: error).lowercased()
        return text.contains("unique") || text.contains("23505")
    }
}

/// Why an application step could not be taken, beyond the workflow's own refusals.
public enum ApplicationStoreError: Error, Equatable, Sendable {
    case notFound
    case concurrentChange
    case claimedByAnother(String)
    /// The criminal-records check found a record: a no-criminal-record certificate cannot be approved, only refused.
    case criminalRecordFound
}
