import Crypto
import Foundation

/// The audit chain's MAC key (`MINSHENG_AUDIT_KEY`), kept apart from the data key: whoever can write the database but
/// does not hold it cannot rewrite an entry and re-link the ones after it. One per process, installed before the first
/// append (by `buildApplication`, the command's configuration and the test database).
public enum AuditKey {
    /// No key was installed: the chain is never appended to unkeyed.
    public struct Missing: Error, CustomStringConvertible {
        public var description: String { "the audit chain's key (MINSHENG_AUDIT_KEY or MINSHENG_AUDIT_KEY_FILE) is not configured" }
    }

    /// The text is not 32 bytes in base64.
    public struct Invalid: Error, CustomStringConvertible {
        public var description: String { "the audit key must be 32 random bytes in base64" }
    }

    private final class Slot: @unchecked Sendable {
        let lock = NSLock()
        var key: SymmetricKey?
    }

    private static let slot = Slot()

    /// Installs the key from its base64 text (32 bytes).
    public static func install(base64 text: String) throws {
        guard let key = parse(text) else { throw Invalid() }
        slot.lock.withLock { slot.key = key }
    }

    /// The key from its base64 text, or nil when it is not 32 bytes.
    public static func parse(_ text: String) -> SymmetricKey? {
        guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32 else { return nil }
        return SymmetricKey(data: data)
    }

    /// The installed key.
    public static func current() throws -> SymmetricKey {
        guard let key = slot.lock.withLock({ slot.key }) else { throw Missing() }
        return key
    }
}
