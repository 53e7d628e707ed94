import FluentKit
import Foundation

/// An `agency_flags` row: a fact another department holds about a resident (wanted, under prosecution, owns housing…).
/// The local table is the connector this deployment answers from; a real one swaps in an HTTP connector.
public final class AgencyFlagRow: Model, @unchecked Sendable {
    public static let schema = "agency_flags"

    @ID(key: .id) public var id: UUID?
    @Field(key: "resident_id") public var residentID: UUID
    /// One of `AgencyRecords.flags`.
    @Field(key: "flag") public var flag: String
    /// The department the fact comes from, e.g. `court`, `housing`.
    @Field(key: "source") public var source: String
    @Field(key: "recorded_at") public var recordedAt: Date

    public init() {}
}
