/// A resident's standing in the population registry (户籍状态).
public enum ResidentStatus: Hashable, Codable, Sendable {
    /// Registered here and living (正常).
    case active
    /// Moved their registration out of the city (迁出).
    case movedOut
    /// Registration cancelled (注销), with the reason.
    case cancelled(CancellationReason)

    /// The stored code: `active`, `moved-out` or `cancelled`.
    public var code: String {
        switch self {
        case .active: "active"
        case .movedOut: "moved-out"
        case .cancelled: "cancelled"
        }
    }

    /// The cancellation reason's code, if cancelled.
    public var reasonCode: String? {
        if case .cancelled(let reason) = self { return reason.rawValue }
        return nil
    }

    /// Rebuilds a status from its stored code and reason.
    public init?(code: String, reason: String?) {
        switch code {
        case "active": self = .active
        case "moved-out": self = .movedOut
        case "cancelled":
            guard let reason, let parsed = CancellationReason(rawValue: reason) else { return nil }
            self = .cancelled(parsed)
        default: return nil
        }
    }

    public var nameZh: String {
        switch self {
        case .active: "正常"
        case .movedOut: "迁出"
        case .cancelled(let reason): "注销（\(reason.nameZh)）"
        }
    }

    public var nameEn: String {
        switch self {
        case .active: "Active"
        case .movedOut: "Moved out"
        case .cancelled(let reason): "Cancelled (\(reason.nameEn))"
        }
    }

    enum CodingKeys: String, CodingKey { case code, reason }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let code = try container.decode(String.self, forKey: .code)
        let reason = try container.decodeIfPresent(String.self, forKey: .reason)
        guard let status = ResidentStatus(code: code, reason: reason) else {
            throw DecodingError.dataCorruptedError(forKey: .code, in: container, debugDescription: "unknown status \(code) / reason \(reason ?? "none")")
        }
        self = status
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encodeIfPresent(reasonCode, forKey: .reason)
    }
}

/// Why a registration was cancelled (注销原因).
public enum CancellationReason: String, Codable, Sendable, CaseIterable {
    case deceased, emigrated, missing, military, imprisoned

    public var nameZh: String {
        switch self {
        case .deceased: "死亡"
        case .emigrated: "出国（境）定居"
        case .missing: "宣告失踪"
        case .military: "服现役"
        case .imprisoned: "被判处徒刑"
        }
    }

    public var nameEn: String {
        switch self {
        case .deceased: "deceased"
        case .emigrated: "emigrated"
        case .missing: "declared missing"
        case .military: "in active military service"
        case .imprisoned: "imprisoned"
        }
    }
}
