/// Whether a synthetic resident's registration is in force or was cancelled (注销).
public enum SyntheticStatus: Hashable, Sendable {
    /// Registered and in force.
    case active
    /// Cancelled for one of: "deceased", "emigrated", "missing", "military", "imprisoned".
    case cancelled(reason: String)

    /// The reasons the generator uses for cancelled registrations.
    public static let cancellationReasons = ["deceased", "emigrated", "missing", "military", "imprisoned"]
}
