/// How long a document issued on a date is valid, by the rules in `reference/domain.md` §3.
public enum CredentialValidity {
    /// The resident ID card (《居民身份证法》 art. 5): by age at issue, under 16 → 5 years, 16–25 → 10, 26–45 → 20,
    /// 46 and over → long-term (nil). Counted from the issue date.
    public static func idCardExpiry(issued: CivilDate, birthDate: CivilDate) -> CivilDate? {
        let age = birthDate.age(on: issued)
        return switch age {
        case ..<16: issued.adding(years: 5)
        case 16...25: issued.adding(years: 10)
        case 26...45: issued.adding(years: 20)
        default: nil
        }
    }

    /// The driving licence (MPS Order 139 art. 11): the first is 6 years, the next 10, then long-term (nil).
    /// `previous` counts the licences held before this one.
    public static func drivingLicenceExpiry(issued: CivilDate, previous: Int) -> CivilDate? {
        switch previous {
        case 0: issued.adding(years: 6)
        case 1: issued.adding(years: 10)
        default: nil
        }
    }

    /// The electronic HK/Macao permit: 10 years from 16, 5 years under 16.
    public static func hkMacauPassExpiry(issued: CivilDate, birthDate: CivilDate) -> CivilDate {
        issued.adding(years: birthDate.age(on: issued) < 16 ? 5 : 10)
    }

    /// The residence permit is endorsed once a year: the next anniversary of its start on or after `today`, which is
    /// the date its functions lapse unless endorsed in the month before.
    public static func residencePermitAnniversary(start: CivilDate, today: CivilDate) -> CivilDate {
        var years = max(1, start.age(on: today))
        while start.adding(years: years) < today { years += 1 }
        return start.adding(years: years)
    }
}
