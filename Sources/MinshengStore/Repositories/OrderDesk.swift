import FluentKit
import Foundation
import MinshengCore

/// A production order as the holder and the card centre see it.
public struct ProductionOrder: Hashable, Sendable {
    public enum State: String, Sendable, CaseIterable { case queued, made, dispatched }
    public var id: UUID
    public var residentID: UUID
    public var type: CredentialType
    public var applicationID: UUID?
    public var state: State
    public var updatedAt: Date
}

/// A mail order: the made document on its way to the registered address.
public struct MailOrder: Hashable, Sendable {
    public enum State: String, Sendable, CaseIterable { case created, inTransit = "in-transit", delivered, returned }
    public var id: UUID
    public var productionOrderID: UUID
    public var residentID: UUID
    public var address: String
    public var carrier: String
    public var trackingNumber: String
    public var state: State
    public var updatedAt: Date
}

public enum OrderError: Error, Equatable, Sendable {
    case notFound
    /// The step does not follow from the order's state (e.g. delivered twice, made after dispatch).
    case badTransition(from: String, to: String)
    case noAddress
}

/// Production of cards and licences (queued → made → dispatched) and their post (created → in-transit → delivered,
/// or returned to sender), each step notified to the holder and audited. Delivery records the new document and
/// re-issues the e-certificate in the same transaction.
public struct OrderDesk: Sendable {
    public let cipher: FieldCipher
    public static let carrier = "EMS"

    public init(cipher: FieldCipher) {
        self.cipher = cipher
    }

    /// Orders production for an approved application (its `idCard` output).
    @discardableResult
    public func orderProduction(residentID: UUID, type: CredentialType, applicationID: UUID?, accountID: UUID?, actor: Principal, at time: Date = Date(),
                                on database: any Database) async throws -> ProductionOrder {
        try await database.transaction { db in
            let row = ProductionOrderRow()
            row.id = UUID()
            row.residentID = residentID
            row.credentialType = type.rawValue
            row.applicationID = applicationID
            row.state = ProductionOrder.State.queued.rawValue
            row.createdAt = time
            row.updatedAt = time
            try await row.create(on: db)
            try await step("production.queued", row: row, actor: actor, zh: "您的\(type.name.zh)已进入制证", en: "Your \(type.name.en) is queued for production", at: time, on: db)
            return Self.decode(row)
        }
    }

    /// Advances production: made, then dispatched. Dispatch of an application that asked for delivery by post
    /// creates the mail order to the household's registered address.
    @discardableResult
    public func advance(_ id: UUID, to state: ProductionOrder.State, actor: Principal, at time: Date = Date(), on database: any Database) async throws -> (ProductionOrder, MailOrder?) {
        try await database.transaction { db in
            guard let row = try await ProductionOrderRow.find(id, on: db), let type = CredentialType(rawValue: row.credentialType) else { throw OrderError.notFound }
            let order: [ProductionOrder.State] = [.queued, .made, .dispatched]
            guard let from = ProductionOrder.State(rawValue: row.state), order.firstIndex(of: state) == order.firstIndex(of: from)! + 1 else {
                throw OrderError.badTransition(from: row.state, to: state.rawValue)
            }
            row.state = state.rawValue
            row.updatedAt = time
            try await row.update(on: db)
            var mail: MailOrder? = nil
            if state == .made {
                try await step("production.made", row: row, actor: actor, zh: "您的\(type.name.zh)已制作完成", en: "Your \(type.name.en) has been made", at: time, on: db)
            } else {
                mail = try await mailIfAsked(row, type: type, actor: actor, at: time, on: db)
                let zh = mail.map { "您的\(type.name.zh)已寄出，\(Self.carrier) 运单号 \($0.trackingNumber)" } ?? "您的\(type.name.zh)已送达办证窗口，请携带回执领取"
                let en = mail.map { "Your \(type.name.en) has been posted: \(Self.carrier) tracking number \($0.trackingNumber)" } ?? "Your \(type.name.en) is ready to collect at the counter"
                try await step("production.dispatched", row: row, actor: actor, zh: zh, en: en, at: time, on: db)
            }
            return (Self.decode(row), mail)
        }
    }

    private func mailIfAsked(_ row: ProductionOrderRow, type: CredentialType, actor: Principal, at time: Date, on db: any Database) async throws -> MailOrder? {
        let registry = RegistryRepository(cipher: cipher)
        if let applicationID = row.applicationID {
            let application = try await ApplicationRepository(cipher: cipher, registry: registry).application(id: applicationID, on: db)
            guard application?.form["delivery"] == "mail" else { return nil }
        }
        guard let resident = try await registry.resident(id: row.residentID, on: db), let householdID = resident.householdID,
              let (household, _) = try await registry.household(id: householdID, on: db), !household.address.isEmpty else { throw OrderError.noAddress }
        let mail = MailOrderRow()
        mail.id = UUID()
        mail.productionOrderID = row.id!
        mail.residentID = row.residentID
        mail.addressSealed = cipher.seal(household.address)
        mail.carrier = Self.carrier
        mail.trackingNumber = "EE" + String(format: "%09d", Int.random(in: 0..<1_000_000_000)) + "CN"
        mail.state = MailOrder.State.created.rawValue
        mail.createdAt = time
        mail.updatedAt = time
        try await mail.create(on: db)
        try await AuditChain.append(AuditEvent(actor: actor, action: "mail.created", subject: "mail:\(mail.trackingNumber)", purpose: "certificate delivery",
                                               residentID: row.residentID, detail: ["production": row.id!.lowercasedText]), at: time, on: db)
        return try decode(mail)
    }

    /// A carrier's tracking event. Delivery records the new document (issued today, valid by the rules) and
    /// re-issues the e-certificate; a return to sender tells the holder to collect it at the counter.
    @discardableResult
    public func track(_ trackingNumber: String, state: MailOrder.State, actor: Principal, at time: Date = Date(), on database: any Database) async throws -> MailOrder {
        try await database.transaction { db in
            guard let mail = try await MailOrderRow.query(on: db).filter(\.$trackingNumber == trackingNumber).first(),
                  let production = try await ProductionOrderRow.find(mail.productionOrderID, on: db),
                  let type = CredentialType(rawValue: production.credentialType) else { throw OrderError.notFound }
            let allowed: [MailOrder.State: Set<MailOrder.State>] = [.created: [.inTransit, .returned], .inTransit: [.delivered, .returned]]
            guard let from = MailOrder.State(rawValue: mail.state), allowed[from]?.contains(state) == true else {
                throw OrderError.badTransition(from: mail.state, to: state.rawValue)
            }
            mail.state = state.rawValue
            mail.updatedAt = time
            try await mail.update(on: db)
            switch state {
            case .inTransit:
                try await step("mail.in-transit", row: production, actor: actor, zh: "您的\(type.name.zh)正在派送中（\(trackingNumber)）", en: "Your \(type.name.en) is on its way (\(trackingNumber))", at: time, on: db)
            case .delivered:
                try await deliver(production, type: type, at: time, on: db)
                try await step("mail.delivered", row: production, actor: actor, zh: "您的\(type.name.zh)已签收，电子证照已同步更新", en: "Your \(type.name.en) was delivered; the e-certificate has been updated", at: time, on: db)
            case .returned:
                try await step("mail.returned", row: production, actor: actor, zh: "您的\(type.name.zh)邮件被退回（\(trackingNumber)），请到户籍派出所领取", en: "Your \(type.name.en) was returned to sender (\(trackingNumber)): collect it at your police station", at: time, on: db)
            case .created: break
            }
            return try decode(mail)
        }
    }

    /// The new physical document exists once it is in the holder's hands: record it, re-issue the e-certificate.
    private func deliver(_ production: ProductionOrderRow, type: CredentialType, at time: Date, on db: any Database) async throws {
        let credentials = CredentialRepository(cipher: cipher)
        guard let resident = try await credentials.registry.resident(id: production.residentID, on: db) else { throw StoreError.residentNotFound }
        let today = CivilDate.today(now: time)
        let old = try await credentials.documents(residentID: resident.id, on: db).filter { $0.type == type }.max { $0.issuedOn < $1.issuedOn }
        let expires: CivilDate? = switch type {
        case .idCard: CredentialValidity.idCardExpiry(issued: today, birthDate: resident.birthDate)
        case .hkMacauPass: CredentialValidity.hkMacauPassExpiry(issued: today, birthDate: resident.birthDate)
        default: old?.expiresOn
        }
        var details = old?.details ?? [:]
        details["photo_taken"] = nil
        let number = type == .idCard ? resident.idNumber.value : old?.number ?? ""
        try await credentials.record(DocumentRecord(type: type, number: number, issuedOn: today, expiresOn: expires, details: details), residentID: resident.id, at: time, on: db)
        try await credentials.sync(residentID: resident.id, actor: .system("delivery"), at: time, on: db)
    }

    private func step(_ action: String, row: ProductionOrderRow, actor: Principal, zh: String, en: String, at time: Date, on db: any Database) async throws {
        if let account = try await AccountRepository(cipher: cipher).account(residentID: row.residentID, on: db) {
            try await NotificationOutbox().enqueue(accountID: account.id, topic: .order, subjectRef: "order:\(row.id!.lowercasedText)", titleZh: zh, titleEn: en, at: time, on: db)
        }
        try await AuditChain.append(AuditEvent(actor: actor, action: action, subject: "production:\(row.id!.lowercasedText)", purpose: "certificate production",
                                               residentID: row.residentID), at: time, on: db)
    }

    public func productionOrders(residentID: UUID, on database: any Database) async throws -> [ProductionOrder] {
        try await ProductionOrderRow.query(on: database).filter(\.$residentID == residentID).sort(\.$createdAt, .descending).all().map(Self.decode)
    }

    public func mailOrders(residentID: UUID, on database: any Database) async throws -> [MailOrder] {
        try await MailOrderRow.query(on: database).filter(\.$residentID == residentID).sort(\.$createdAt, .descending).all().map(decode)
    }

    static func decode(_ row: ProductionOrderRow) -> ProductionOrder {
        ProductionOrder(id: row.id!, residentID: row.residentID, type: CredentialType(rawValue: row.credentialType) ?? .idCard, applicationID: row.applicationID,
                        state: ProductionOrder.State(rawValue: row.state) ?? .queued, updatedAt: row.updatedAt)
    }

    func decode(_ row: MailOrderRow) throws -> MailOrder {
        MailOrder(id: row.id!, productionOrderID: row.productionOrderID, residentID: row.residentID, address: try cipher.openString(row.addressSealed),
                  carrier: row.carrier, trackingNumber: row.trackingNumber, state: MailOrder.State(rawValue: row.state) ?? .created, updatedAt: row.updatedAt)
    }
}
