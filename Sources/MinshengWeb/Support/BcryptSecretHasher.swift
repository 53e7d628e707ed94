import MinshengStore
import Vapor

/// bcrypt on the application's thread pool, for tip secrets.
struct BcryptSecretHasher: SecretHasher {
    let cost: Int
    let threadPool: NIOThreadPool

    func hash(_ secret: String) async throws -> String {
        try await threadPool.runIfActive { try Bcrypt.hash(secret, cost: cost) }
    }

    func verify(_ secret: String, against hash: String) async -> Bool {
        (try? await threadPool.runIfActive { (try? Bcrypt.verify(secret, created: hash)) ?? false }) ?? false
    }

    func spendVerifyWork() async {
        _ = try? await hash("not-a-secret")
    }
}
