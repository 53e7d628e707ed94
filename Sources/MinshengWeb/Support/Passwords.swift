import NIOConcurrencyHelpers
import Vapor

/// Password rules and bcrypt hashing, off the event loop.
enum Passwords {
    /// 8–64 characters with at least one letter and one digit; bcrypt reads at most 72 bytes.
    static func problems(_ password: String, field: String = "password") -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if password.count < 8 || password.utf8.count > 72 {
            problems.append(FieldProblem(field: field, reasonZh: "密码长度应为 8–64 个字符", reasonEn: "must be 8–64 characters"))
        } else if !password.contains(where: \.isLetter) || !password.contains(where: \.isNumber) {
            problems.append(FieldProblem(field: field, reasonZh: "密码须同时包含字母和数字", reasonEn: "must contain both letters and digits"))
        }
        return problems
    }

    static func hash(_ password: String, cost: Int, on request: Request) async throws -> String {
        try await request.application.threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    static func verify(_ password: String, hash: String, on request: Request) async throws -> Bool {
        request.services.passwordChecks.add()
        return try await request.application.threadPool.runIfActive { (try? Bcrypt.verify(password, created: hash)) ?? false }
    }
}

/// How many sign-in passwords this process has checked with bcrypt: the work a lockout must bound.
final class PasswordCheckCounter: Sendable {
    private let count = NIOLockedValueBox(0)

    func add() { count.withLockedValue { $0 += 1 } }

    var value: Int { count.withLockedValue { $0 } }
}

extension Application {
    /// Sign-in passwords checked with bcrypt since start (a lockout bounds this; tests count it).
    public var passwordChecks: Int { services.passwordChecks.value }
}
