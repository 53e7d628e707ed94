/// A department on the home page: live, or coming with the services it will offer.
public struct DepartmentInfo: Hashable, Codable, Sendable {
    public var code: Department
    public var name: LocalizedText
    public var description: LocalizedText
    public var status: Status
    public var coming: LocalizedText?
    public var plannedServices: [LocalizedText]?

    public enum Status: String, Codable, Sendable { case live, coming }

    public init(code: Department, name: LocalizedText, description: LocalizedText, status: Status, coming: LocalizedText? = nil, plannedServices: [LocalizedText]? = nil) {
        self.code = code
        self.name = name
        self.description = description
        self.status = status
        self.coming = coming
        self.plannedServices = plannedServices
    }
}
