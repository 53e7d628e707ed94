import FluentKit
import Foundation

/// A `units` row: a police station, district branch or population office with its jurisdiction.
public final class UnitRow: Model, @unchecked Sendable {
    public static let schema = "units"

    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: String
    @Field(key: "name_zh") public var nameZh: String
    @Field(key: "name_en") public var nameEn: String
    /// Comma-separated GB/T 2260 codes.
    @Field(key: "jurisdiction") public var jurisdiction: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}
