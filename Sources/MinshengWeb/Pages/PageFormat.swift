import Foundation
import MinshengCore

/// How pages write times and rule outcomes, in one place.
enum PageFormat {
    /// `yyyy-MM-dd HH:mm` in Shenzhen's time zone. DateFormatter is costly to make, so pages share one per thread.
    /// A file size for people: bytes, KB or MB.
    static func bytes(_ count: Int) -> String {
        if count < 1024 { return "\(count) B" }
        if count < 1024 * 1024 { return "\((count + 512) / 1024) KB" }
        return String(format: "%.1f MB", Double(count) / 1_048_576)
    }

    static func minute(_ date: Date) -> String { formatted(date, "yyyy-MM-dd HH:mm") }

    /// `HH:mm:ss` in Shenzhen's time zone.
    static func time(_ date: Date) -> String { formatted(date, "HH:mm:ss") }

    static func formatted(_ date: Date, _ pattern: String) -> String {
        let key = "minsheng.formatter.\(pattern)"
        if let formatter = Thread.current.threadDictionary[key] as? DateFormatter { return formatter.string(from: date) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = pattern
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        Thread.current.threadDictionary[key] = formatter
        return formatter.string(from: date)
    }
}

extension RuleOutcome {
    /// `passed`, `failed` or `unknown`, as the API and pages name outcomes.
    var code: String {
        switch self {
        case .passed: "passed"
        case .failed: "failed"
        case .unknown: "unknown"
        }
    }
}
