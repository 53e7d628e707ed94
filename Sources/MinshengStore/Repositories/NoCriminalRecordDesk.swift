import Crypto
import FluentKit
import FluentSQL
import Foundation
import MinshengCore

/// What anyone holding a verification code sees of a no-criminal-record certificate: enough to compare with the
/// paper (masked name and ID number, purpose, period, dates, status) and nothing else.
public struct PublicCertificate: Sendable, Hashable {
    public var number: String
    public var maskedName: String
    public var maskedIDNumber: String
    public var purpose: String
    public var period: String
    public var issuer: String
    public var issuedOn: CivilDate
    public var expiresOn: CivilDate?
    public var status: CredentialStatus
    /// Not revoked, and not past the date receiving organisations accept it until. A certificate superseded by a newer
    /// one (another purpose) still states what it stated for its period, so it stays valid here.
    public var valid: Bool
}

/// The no-criminal-record certificate (无犯罪记录证明): the criminal-records check, the issue when an officer approves
/// (an agency document, the e-certificate and its verification code, in the approval's transaction), and the public check.
public struct NoCriminalRecordDesk: Sendable {
    public let cipher: FieldCipher
    public let policy: NoCriminalRecordPolicy

    public init(cipher: FieldCipher, policy: NoCriminalRecordPolicy) {
        self.cipher = cipher
        self.policy = policy
    }

    static let codeDomain = "certificate-code"

    /// Asks the criminal-records connector about one resident.
    public func check(residentID: UUID, on database: any Database) async throws -> CriminalRecordCheck {
        CriminalRecordCheck.decide(try await AgencyRecords().facts(residentID: residentID, on: database))
    }

    /// Issues the certificate for an approved application, checking the records once more: a record found since
    /// submission stops the approval (the officer refuses with the notice instead).
    func issue(service: ServiceDefinition, application: ServiceApplication, actor: Principal, at time: Date, on db: any Database) async throws {
        guard let residentID = application.applicantResidentID, let resident = try await RegistryRepository(cipher: cipher).resident(id: residentID, on: db) else {
            throw StoreError.residentNotFound
        }
        let outcome = try await check(residentID: residentID, on: db)
        guard outcome != .recordFound else { throw ApplicationStoreError.criminalRecordFound }
        let today = CivilDate.today(now: time)
        let period = policy.period(birthDate: resident.birthDate, issued: today)
        let purposeID = application.form["purpose"] ?? "other"
        let purposeLabel = service.form.first { $0.name == "purpose" }?.options?.first { $0.value == purposeID }?.label.zh ?? purposeID
        let organisation = application.form["receivingOrganisation"].map { "（\($0)）" } ?? ""
        let document = DocumentRecord(type: .noCriminalRecord, number: application.reference, issuedOn: today, expiresOn: policy.expiry(issued: today), details: [
            CredentialClaim.certificateUse.rawValue: purposeLabel + organisation,
            CredentialClaim.periodCovered.rawValue: "\(period.from) 至 \(period.to)",
            CredentialClaim.issuer.rawValue: policy.issuer.zh,
        ])
        let credentials = CredentialRepository(cipher: cipher)
        try await credentials.record(document, residentID: residentID, at: time, on: db)
        guard let credential = try await credentials.sync(residentID: residentID, actor: actor, at: time, on: db).first(where: { $0.type == .noCriminalRecord }) else {
            throw StoreError.corruptRecord("no-criminal-record certificate not issued for \(application.reference)")
        }
        var rng = SystemRandomNumberGenerator()
        let code = CertificateCode.new(using: &rng)
        let row = CertificateCodeRow()
        row.id = UUID()
        row.credentialID = credential.id
        row.codeHash = cipher.blindIndex(code, domain: Self.codeDomain)
        row.codeSealed = cipher.seal(Data(code.utf8))
        row.applicationReference = application.reference
        row.purpose = purposeID
        row.createdAt = time
        try await row.create(on: db)
        try await AuditChain.append(
            AuditEvent(actor: actor, action: "certificate.issued", subject: "application:\(application.reference)", purpose: service.code, residentID: residentID,
                       detail: ["credential": credential.id.lowercasedText, "check": outcome.rawValue, "purpose": purposeID]),
            at: time, on: db)
    }

    /// The printed verification code of a certificate (the holder's print page).
    public func code(credentialID: UUID, on database: any Database) async throws -> String? {
        guard let row = try await CertificateCodeRow.query(on: database).filter(\.$credentialID == credentialID).first() else { return nil }
        return String(decoding: try cipher.open(row.codeSealed), as: UTF8.self)
    }

    /// The public check by verification code (nil: no such code). Every check is audited without who asked.
    public func lookup(code typed: String, at time: Date = Date(), on database: any Database) async throws -> PublicCertificate? {
        guard let code = CertificateCode.parse(typed),
              let row = try await CertificateCodeRow.query(on: database).filter(\.$codeHash == cipher.blindIndex(code, domain: Self.codeDomain)).first(),
              let credential = try await CredentialRepository(cipher: cipher).credential(id: row.credentialID, on: database) else { return nil }
        let today = CivilDate.today(now: time)
        let claims = credential.claims
        try await AuditChain.append(
            AuditEvent(actor: .system("public-verification"), action: "certificate.checked", subject: "application:\(row.applicationReference)",
                       purpose: "public verification", residentID: credential.holderResidentID, detail: ["status": credential.status.rawValue]),
            at: time, on: database)
        return PublicCertificate(
            number: claims[.documentNumber] ?? row.applicationReference, maskedName: Masking.name(claims[.name] ?? ""),
            maskedIDNumber: claims[.idNumberMasked] ?? "", purpose: claims[.certificateUse] ?? "", period: claims[.periodCovered] ?? "",
            issuer: claims[.issuer] ?? policy.issuer.zh, issuedOn: credential.issuedOn, expiresOn: credential.expiresOn, status: credential.status,
            valid: (credential.status == .valid || credential.status == .superseded) && !credential.isExpired(on: today))
    }

    /// Certificates issued, by purpose (the statistics page).
    public func issuedByPurpose(on database: any Database) async throws -> [String: Int] {
        let rows = try await (database as! any SQLDatabase).raw("SELECT purpose, COUNT(*) AS n FROM certificate_codes GROUP BY purpose").all()
        var counts: [String: Int] = [:]
        for row in rows { counts[try row.decode(column: "purpose", as: String.self)] = try row.decode(column: "n", as: Int.self) }
        return counts
    }
}
