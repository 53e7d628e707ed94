import MinshengCore
import MinshengStore
import Vapor

/// Sends the queued SMS, WeChat and e-mail deliveries: `minsheng jobs deliver`, and every `MINSHENG_DELIVERY_SECONDS`
/// inside `serve`. Safe on several instances at once (the dispatcher claims rows with `SKIP LOCKED`).
public enum DeliveryJobs {
    public static func run(_ app: Application, at time: Date = Date()) async throws -> DispatchReport {
        let report = try await DeliveryDispatcher(cipher: app.services.cipher, gateways: app.services.messageGateways, logger: app.logger)
            .run(at: time, on: app.db)
        if report != DispatchReport() {
            app.logger.info("deliveries: \(report.sent) sent, \(report.retried) to retry, \(report.failed) failed, \(report.cancelled) cancelled")
        }
        return report
    }
}

/// Runs `DeliveryJobs` on a timer while the server is up.
public struct DeliveryTimer: LifecycleHandler {
    let seconds: Int
    private let task = TaskBox()

    public init(seconds: Int) { self.seconds = seconds }

    public func didBootAsync(_ application: Application) async throws {
        let seconds = seconds
        task.set(Task {
            while !Task.isCancelled {
                do { _ = try await DeliveryJobs.run(application) } catch {
                    application.logger.error("delivery run failed: \(String(describing: error))")
                }
                try? await Task.sleep(for: .seconds(seconds))
            }
        })
    }

    public func shutdownAsync(_ application: Application) async {
        task.cancel()
    }

    final class TaskBox: @unchecked Sendable {
        private let lock = NSLock()
        private var task: Task<Void, Never>?
        func set(_ new: Task<Void, Never>) { lock.withLock { task = new } }
        func cancel() { lock.withLock { task?.cancel() } }
    }
}
