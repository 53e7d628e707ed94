import Foundation
import MinshengCore

/// How pages write times and rule outcomes, in one place.
enum PageFormat {
    /// `yyyy-MM-dd HH:mm` in Shenzhen's time zone. DateFormatter is costly to make, so pages share one per thread.
    static func minute(_ date: Date) -> String {
        let key = "minsheng.minute-formatter"
        if let formatter = Thread.current.threadDictionary[key] as? DateFormatter { return formatter.string(from: date) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
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
