/// The divisions a unit answers for; an officer may see residents registered inside them.
public struct Jurisdiction: Hashable, Codable, Sendable {
    public var divisionCodes: [String]

    public init(divisionCodes: [String]) { self.divisionCodes = divisionCodes }

    /// Whether a resident registered in `divisionCode` falls inside.
    public func covers(_ divisionCode: String) -> Bool {
        divisionCodes.contains { code in
            if let division = Division.byCode(code) { return division.contains(divisionCode) }
            return code == divisionCode
        }
    }
}
