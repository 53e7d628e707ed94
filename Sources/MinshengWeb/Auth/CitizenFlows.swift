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

    /// Signs a citizen in, throttled per account and per address.
    static func signIn(phone rawPhone: String, password: String, channel: String, on request: Request) async throws -> (CitizenAccount, String, Date) {
        guard case .success(let phone) = parsePhone(rawPhone) else {
            throw Problem.validation([FieldProblem(field: "phone", reasonZh: "请输入正确的手机号", reasonEn: "enter a valid mobile number")])
        }
        let services = request.services
        let keys = ["citizen:\(phone.value)", "address:\(request.clientAddress)"]
        try await refuseIfLocked(keys: keys, on: request)
        guard let (account, hash) = try await services.accounts.credentials(phone: phone, on: request.db),
              try await Passwords.verify(password, hash: hash, on: request) else {
            try await services.throttle.recordFailure(keys: keys, on: request.db)
            throw badCredentials
        }
        try await services.throttle.recordSuccess(key: keys[0], on: request.db)
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
        try await refuseIfLocked(keys: keys, on: request)
        guard let (officer, hash) = try await services.officers.credentials(policeNumber: number, on: request.db), officer.active,
              try await Passwords.verify(password, hash: hash, on: request) else {
            try await services.throttle.recordFailure(keys: keys, on: request.db)
            throw badCredentials
        }
        try await services.throttle.recordSuccess(key: keys[0], on: request.db)
        let session = try await services.sessions.start(.officer(officer.id), channel: channel, lifetime: services.config.sessionLifetime, on: request.db)
        return (officer, session.token, session.expiresAt)
    }

    static let badCredentials = Problem(.unauthorized, slug: "bad-credentials", zh: "账号或密码错误", en: "Wrong account or password")

    static func refuseIfLocked(keys: [String], on request: Request) async throws {
        if let until = try await request.services.throttle.lockedUntil(keys: keys, on: request.db) {
            let seconds = max(1, Int(until.timeIntervalSinceNow.rounded(.up)))
            throw Problem(.tooManyRequests, slug: "too-many-attempts",
                          zh: "登录失败次数过多，请 \(max(1, seconds / 60)) 分钟后再试", en: "Too many failed sign-ins; try again in \(max(1, seconds / 60)) minutes",
                          retryAfter: seconds)
        }
    }

    /// Links the signed-in account to its registry record (L2).
    static func linkIdentity(account: CitizenAccount, name rawName: String, idNumber rawID: String, on request: Request) async throws -> CitizenAccount {
        var problems: [FieldProblem] = []
        let name = parseName(rawName)
        let id = parseIDNumber(rawID)
        if case .failure(let p) = name { problems.append(p) }
        if case .failure(let p) = id { problems.append(p) }
        guard problems.isEmpty, case .success(let validName) = name, case .success(let validID) = id else { throw Problem.validation(problems) }
        return try await request.services.accounts.linkIdentity(accountID: account.id, name: validName, idNumber: validID,
                                                                registry: request.services.registry, on: request.db)
    }
}
