import Foundation

/// Reads files in the repository's `reference/` folder, found from this source file's location.
enum ReferenceFile {
    static func url(_ name: String, filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent()  // MinshengCoreTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // repository root
            .appendingPathComponent("reference")
            .appendingPathComponent(name)
    }

    /// The rows of a CSV file without quoting, header dropped.
    static func csvRows(_ name: String) throws -> [[String]] {
        let text = try String(contentsOf: url(name), encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// The bundled working-day calendar, read from the source tree.
    static func workingDaysJSON(filePath: String = #filePath) throws -> Data {
        let url = URL(fileURLWithPath: filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/MinshengCore/Resources/cn-working-days.json")
        return try Data(contentsOf: url)
    }
}
