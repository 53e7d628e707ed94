import MinshengStore
import Vapor

/// Signs a checkpoint of the audit chain's head whenever `every` entries were written since the last one, looking
/// once a minute while the server is up (several instances at once: the second signer of a head gets the first's).
public struct AuditCheckpointTimer: LifecycleHandler {
    let every: Int
    private let task = DeliveryTimer.TaskBox()

    public init(every: Int) { self.every = every }

    public func didBootAsync(_ application: Application) async throws {
        let every = every
        task.set(Task {
            while !Task.isCancelled {
                do {
                    if let made = try await AuditCheckpoints.makeIfDue(every: every, signer: application.services.issuerKeys, on: application.db) {
                        application.logger.info("audit checkpoint signed at entry \(made.seq)")
                    }
                } catch {
                    application.logger.error("audit checkpoint failed: \(String(describing: error))")
                }
                try? await Task.sleep(for: .seconds(60))
            }
        })
    }

    public func shutdownAsync(_ application: Application) async {
        task.cancel()
    }
}
