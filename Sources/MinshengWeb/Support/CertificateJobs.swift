import MinshengCore
import MinshengStore
import Vapor

/// The nightly proactive-service job (`minsheng jobs nightly`): reminders for certificates entering their windows,
/// then renewals opened for the holders who opted in. Safe to run twice, or on two instances at once.
public enum CertificateJobs {
    /// The service that renews each type the platform can renew by itself.
    static let renewalServices: [CredentialType: String] = [.idCard: "HZ-44"]

    public static func nightly(_ app: Application, today: CivilDate = CivilDate.today(), at time: Date = Date()) async throws -> (SweepReport, RenewalReport) {
        let services = app.services
        let sweep = try await ReminderSweep(policy: services.credentialPolicies.reminders).run(today: today, at: time, on: app.db)
        var definitions: [CredentialType: ServiceDefinition] = [:]
        for (type, code) in renewalServices {
            if let service = services.catalog.service(code: code) { definitions[type] = service }
        }
        let renewals = try await RenewalEngine(cipher: services.cipher, policy: services.credentialPolicies.reminders)
            .run(services: definitions, today: today, at: time, on: app.db)
        app.logger.info("nightly certificates: \(sweep.scanned) scanned, \(sweep.reminded) reminded, \(sweep.alreadyReminded) already, \(renewals.opened.count) renewals opened, \(renewals.refused.count) not renewable")
        return (sweep, renewals)
    }
}
