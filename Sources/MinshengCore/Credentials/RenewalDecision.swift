import Foundation

/// Why the platform could not renew a certificate by itself: the holder is reminded with this instead.
public enum RenewalRefusal: String, Hashable, Sendable, CaseIterable {
    case notOptedIn = "not-opted-in"
    case notActive = "not-active"
    case recordChanged = "record-changed"
    case photoTooOld = "photo-too-old"
    case noAddress = "no-address"
    case notRenewable = "not-renewable"

    public var message: LocalizedText {
        switch self {
        case .notOptedIn: LocalizedText(zh: "您未开通到期自动换领", en: "you have not turned on automatic renewal")
        case .notActive: LocalizedText(zh: "户口状态不正常，须到窗口办理", en: "the registration is not active: renew at a counter")
        case .recordChanged: LocalizedText(zh: "办证后户籍信息有变更，须到窗口核对后换领", en: "the registry record changed since the card was issued: renew at a counter")
        case .photoTooOld: LocalizedText(zh: "证件照片已超过使用年限，须到窗口重新采集", en: "the photo on file is too old: a new one is taken at the counter")
        case .noAddress: LocalizedText(zh: "没有可邮寄的户籍地址", en: "there is no registered address to post it to")
        case .notRenewable: LocalizedText(zh: "该证照不支持自动换领", en: "this certificate cannot be renewed automatically")
        }
    }
}

/// Whether the platform may open a renewal itself: opted in, registration active, the identity on the record
/// unchanged since the document was issued, the photo on file recent enough, an address to post to.
public enum RenewalDecision {
    /// The fields a new card prints: a change to any of them since issue needs the counter.
    public static let printedFields: Set<String> = ["idNumber", "name", "gender", "ethnicity", "birthDate"]

    public static func decide(type: CredentialType, rule: ReminderPolicy.Rule?, optedIn: Bool, resident: Resident, versions: [ResidentVersion],
                              document: DocumentRecord?, address: String?, today: CivilDate) -> RenewalRefusal? {
        guard let rule, rule.autoRenew == true, let document else { return .notRenewable }
        guard optedIn else { return .notOptedIn }
        guard resident.status == .active else { return .notActive }
        let issued = document.issuedOn
        let changed = versions.contains { version in
            CivilDate.today(now: version.at) > issued && !printedFields.isDisjoint(with: version.changedFields)
        }
        if changed { return .recordChanged }
        // The photo on file: when the agency recorded it was taken (a newer one, e.g. from an exit-entry application),
        // else when the registry last received one, else the card's own issue.
        let registryPhoto = versions.filter { $0.changedFields.contains("photo") }.map { CivilDate.today(now: $0.at) }.max()
        let photoDate = document.details["photo_taken"].flatMap { CivilDate(iso: $0) } ?? registryPhoto ?? issued
        if let years = rule.photoMaxAgeYears, photoDate.adding(years: years) < today { return .photoTooOld }
        guard let address, !address.isEmpty else { return .noAddress }
        return nil
    }
}
