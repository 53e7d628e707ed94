import FluentKit
import Foundation
import MinshengCore

extension OfficerRepository {
    /// The unit that handles a division: the one whose jurisdiction names it most narrowly (a district's station before the city office).
    public func unit(covering divisionCode: String, on database: any Database) async throws -> PoliceUnit? {
        let units = try await UnitRow.query(on: database).all().map(decode)
        func specificity(_ unit: PoliceUnit) -> Int? {
            unit.jurisdiction.divisionCodes.compactMap { code -> Int? in
                guard Jurisdiction(divisionCodes: [code]).covers(divisionCode) else { return nil }
                return code.reversed().prefix { $0 == "0" }.count  // fewer trailing zeros: narrower
            }.min()
        }
        return units.compactMap { unit in specificity(unit).map { (unit, $0) } }.min { $0.1 < $1.1 }?.0
    }

    /// Every unit, by code.
    public func units(on database: any Database) async throws -> [PoliceUnit] {
        try await UnitRow.query(on: database).sort(\.$code).all().map(decode)
    }
}
