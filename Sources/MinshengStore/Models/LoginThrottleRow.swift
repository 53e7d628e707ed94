import FluentKit
import Foundation

/// A `login_throttles` row: recent failed sign-ins for one account or one address (keyed by a blind index).
public final class LoginThrottleRow: Model, @unchecked Sendable {
    public static let schema = "login_throttles"

    @ID(key: .id) public var id: UUID?
    @Field(key: "key") public var key: String
    @Field(key: "failures") public var failures: Int
    @Field(key: "window_start") public var windowStart: Date
    @OptionalField(key: "locked_until") public var lockedUntil: Date?

    public init() {}
}
