import MinshengStore
import Vapor

/// The repositories and settings every handler uses, built once from `Config`.
struct AppServices: Sendable {
    let config: Config
    let cipher: FieldCipher
    let registry: RegistryRepository
    let accounts: AccountRepository
    let officers: OfficerRepository
    let sessions: SessionRepository
    let throttle: LoginThrottle
    let openAPIDocument: Data

    init(config: Config) throws {
        self.config = config
        cipher = try FieldCipher(base64Key: config.dataKey)
        registry = RegistryRepository(cipher: cipher)
        accounts = AccountRepository(cipher: cipher)
        officers = OfficerRepository()
        sessions = SessionRepository()
        throttle = LoginThrottle(cipher: cipher)
        openAPIDocument = try Data(contentsOf: URL(fileURLWithPath: "\(config.resourcesDirectory)/openapi.json"))
    }
}

extension Application {
    private struct ServicesKey: StorageKey { typealias Value = AppServices }

    var services: AppServices {
        get {
            guard let services = storage[ServicesKey.self] else { fatalError("buildApplication sets the services before any route runs") }
            return services
        }
        set { storage[ServicesKey.self] = newValue }
    }
}

extension Request {
    var services: AppServices { application.services }
}
