import Foundation

/// Sealed files kept under a content digest (the materials vault, crime-report evidence): written once, atomically.
enum SealedFiles {
    /// Writes `sealed` to `target` unless it is already there: into a temporary file beside it, then renamed, so a
    /// reader never sees half a file and two writers of the same content both succeed.
    static func writeOnce(_ sealed: Data, to target: String, what: String) throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: target) { return }
        try manager.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let temporary = "\(target).\(UUID().uuidString).part"
        try sealed.write(to: URL(fileURLWithPath: temporary))
        if rename(temporary, target) != 0 {
            try? manager.removeItem(atPath: temporary)
            if !manager.fileExists(atPath: target) { throw StoreError.corruptRecord("could not store \(what)") }
        }
    }
}
