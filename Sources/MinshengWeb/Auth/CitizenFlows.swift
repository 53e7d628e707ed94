import MinshengCore
import MinshengStore
import Vapor

/// The account steps that pages and the API share: validate, decide, store.
enum CitizenFlows {
    static func parsePhone(_ raw: String, field: String = "phone") -> Result<PhoneNumber, FieldProblem> {
        do { return .success(try PhoneNumber(raw)) } catch {
            return .failure(FieldProblem(field: field, reasonZh: error.reasonZh, reasonEn: error.reasonEn))
        }
    }

    static func parseName(_ raw: String, field: String = "name") -> Result<PersonName, FieldProblem> {
        do { return .success(try PersonName(raw)) } catch {
            return .failure(FieldProblem(field: field, reasonZh: error.reasonZh, reasonEn: error.reasonEn))
        }
    }

    static func parseIDNumber(_ raw: String, field: String = "idNumber") -> Result<IDNumber, FieldProblem> {
        do { return .success(try IDNumber(raw)) } catch {
            return .failure(FieldProblem(field: field, reasonZh: error.reasonZh, reasonEn: error.reasonEn))
        }
    }

    /// Creates an L1 account.
    static func register(phone rawPhone: String, password: String, on request: Request) async throws -> CitizenAccount {
        var problems: [FieldProblem] = []
        let phone = parsePhone(rawPhone)
        if case .failure(let problem) = phone { problems.append(problem) }
        problems += Passwords.problems(password)
        guard problems.isEmpty, case .success(let validPhone) = phone else { throw Problem.validation(problems) }
        let hash = try await Passwords.hash(password, cost: request.services.config.bcryptCost, on: request)
        return try await request.services.accounts.register(phone: validPhone, passwordHash: hash, on: request.db)
    }

    /// Signs a citizen in, throttled per account and per address. The attempt is reserved before bcrypt runs, and an
    /// unknown phone costs the same bcrypt as a known one.
    static func signIn(phone rawPhone: String, password: String, channel: String, on request: Request) async throws -> (CitizenAccount, String, Date) {
        guard case .success(let phone) = parsePhone(rawPhone) else {
            throw Problem.validation([FieldProblem(field: "phone", reasonZh: "请输入正确的手机号", reasonEn: "enter a valid mobile number")])
        }
        let services = request.services
        let keys = ["citizen:\(phone.value)", "address:\(request.clientAddress)"]
        try await reserveSignIn(keys: keys, on: request)
        let found = try await services.accounts.credentials(phone: phone, on: request.db)
        let matches = try await Passwords.verify(password, hash: found?.1 ?? services.dummyPasswordHash, on: request)
        guard let (account, _) = found, matches else { throw badCredentials }
        try await signedIn(keys: keys, on: request)
        let session = try await services.sessions.start(.citizen(account.id), channel: channel, lifetime: services.config.sessionLifetime, on: request.db)
        return (account, session.token, session.expiresAt)
    }

    /// Signs an officer in, throttled the same way.
    static func signInOfficer(policeNumber: String, password: String, channel: String, on request: Request) async throws -> (Officer, String, Date) {
        let number = policeNumber.trimmingCharacters(in: .whitespaces)
        guard !number.isEmpty, number.count <= 20 else {
            throw Problem.validation([FieldProblem(field: "policeNumber", reasonZh: "请输入警号", reasonEn: "enter your police number")])
        }
        let services = request.services
        let keys = ["officer:\(number)", "address:\(request.clientAddress)"]
        try await reserveSignIn(keys: keys, on: request)
        let found = try await services.officers.credentials(policeNumber: number, on: request.db)
        let matches = try await Passwords.verify(password, hash: found?.1 ?? services.dummyPasswordHash, on: request)
        guard let (officer, _) = found, officer.active, matches else { throw badCredentials }
        try await signedIn(keys: keys, on: request)
        let session = try await services.sessions.start(.officer(officer.id), channel: channel, lifetime: services.config.sessionLifetime, on: request.db)
        return (officer, session.token, session.expiresAt)
    }

    static let badCredentials = Problem(.unauthorized, slug: "bad-credentials", zh: "账号或密码错误", en: "Wrong account or password")

    /// Takes one attempt on the account and the address before the password is checked, or refuses with 429.
    static func reserveSignIn(keys: [String], on request: Request) async throws {
        if let until = try await request.services.throttle.reserve(keys: keys, on: request.db) {
            let seconds = max(1, Int(until.timeIntervalSinceNow.rounded(.up)))
            throw Problem(.tooManyRequests, slug: "too-many-attempts",
                          zh: "登录失败次数过多，请 \(max(1, seconds / 60)) 分钟后再试", en: "Too many failed sign-ins; try again in \(max(1, seconds / 60)) minutes",
                          retryAfter: seconds)
        }
    }

    /// A correct password: the account's count starts afresh and the address gets its attempt back.
    static func signedIn(keys: [String], on request: Request) async throws {
        try await request.services.throttle.clear(keys: [keys[0]], on: request.db)
        try await request.services.throttle.release(keys: Array(keys.dropFirst()), on: request.db)
    }

    /// Links the signed-in account to its registry record (L2), at most 5 failed attempts an hour per account and
    /// per address. Every failure gets the same answer; the reason is in the audit. An account that reaches the limit
    /// stays locked until an officer clears it; an address, for an hour.
    static func linkIdentity(account: CitizenAccount, name rawName: String, idNumber rawID: String, on request: Request) async throws -> CitizenAccount {
        var problems: [FieldProblem] = []
        let name = parseName(rawName)
        let id = parseIDNumber(rawID)
        if case .failure(let p) = name { problems.append(p) }
        if case .failure(let p) = id { problems.append(p) }
        guard problems.isEmpty, case .success(let validName) = name, case .success(let validID) = id else { throw Problem.validation(problems) }
        let services = request.services
        let accountKey = [identityLinkKey(account.id)], addressKey = ["identity-link-address:\(request.clientAddress)"]
        if let until = try await services.identityAccountThrottle.reserve(keys: accountKey, on: request.db) {
            throw identityLinkLocked(until: until, account: true)
        }
        if let until = try await services.identityAddressThrottle.reserve(keys: addressKey, on: request.db) {
            try await services.identityAccountThrottle.release(keys: accountKey, on: request.db)
            throw identityLinkLocked(until: until, account: false)
        }
        do {
            let linked = try await services.accounts.linkIdentity(accountID: account.id, name: validName, idNumber: validID, registry: services.registry, on: request.db)
            try await services.identityAccountThrottle.clear(keys: accountKey, on: request.db)
            try await services.identityAddressThrottle.release(keys: addressKey, on: request.db)
            return linked
        } catch StoreError.identityLinkRefused {
            if try await services.identityAccountThrottle.lockedUntil(keys: accountKey, on: request.db) != nil {
                try await AuditChain.append(
                    AuditEvent(actor: .citizen(account.id), action: "account.identity-link-locked", subject: "account:\(account.id.uuidString.lowercased())",
                               purpose: "real-name authentication", detail: ["failures": "\(services.identityAccountThrottle.limit)"]),
                    on: request.db)
            }
            throw StoreError.identityLinkRefused
        }
    }

    /// The throttle key of an account's identity-link attempts.
    static func identityLinkKey(_ accountID: UUID) -> String { "identity-link-account:\(accountID.uuidString.lowercased())" }

    /// An account's lock waits for an officer; an address's ends with the hour.
    static func identityLinkLocked(until: Date, account: Bool) -> Problem {
        account
            ? Problem(.tooManyRequests, slug: "identity-link-locked", zh: "实名核验失败次数过多，已锁定；请携带身份证到派出所由民警解锁",
                      en: "Too many failed identity checks: linking is locked; bring your ID card to a police station to have it unlocked")
            : Problem(.tooManyRequests, slug: "identity-link-locked", zh: "此网络的实名核验失败次数过多，请一小时后再试",
                      en: "Too many failed identity checks from this network; try again in an hour",
                      retryAfter: max(1, Int(until.timeIntervalSinceNow.rounded(.up))))
    }
}
