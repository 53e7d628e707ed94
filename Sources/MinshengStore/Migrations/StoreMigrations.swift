import FluentKit

/// Every migration, in order. Never edit one once shipped: add another.
public enum StoreMigrations {
    public static let all: [any Migration] = [
        CreateRegistry(),
        CreateAccounts(),
        CreateAuditChain(),
        CreateAgencyFlags(),
        CreateApplications(),
        CreateNotifications(),
        CreateMaterials(),
        AddApplicationFigures(),
        CreateAppointments(),
        AddQueueIndexes(),
        CreateFaceAuthentication(),
        CreateCredentials(),
        CreateMessageChannels(),
        CreatePoints(),
        CreateTips(),
        CreateCertificateCodes(),
        CreateCases(),
        AddAssuredResidentToAccounts(),
        AddChannelConfirmations(),
        AddAuditKeying(),
    ]
}
