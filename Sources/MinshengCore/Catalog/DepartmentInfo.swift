/// A department on the home page: live, or coming with the services it will offer.
public struct DepartmentInfo: Hashable, Codable, Sendable {
    public var code: Department
    public var name: LocalizedText
    public var description: LocalizedText
    public var status: Status
    public var coming: LocalizedText?
    public var plannedServices: [LocalizedText]?
    /// The categories its services are grouped in, in display order.
    public var categories: [CategoryInfo]?
    /// The page a live department opens on when its services are not catalog applications (`/tips`, `/cases`).
    public var entry: String?

    public enum Status: String, Codable, Sendable { case live, coming }

    /// A category code and its names.
    public struct CategoryInfo: Hashable, Codable, Sendable {
        public var code: String
        public var name: LocalizedText
    }

    public init(code: Department, name: LocalizedText, description: LocalizedText, status: Status, coming: LocalizedText? = nil, plannedServices: [LocalizedText]? = nil, categories: [CategoryInfo]? = nil, entry: String? = nil) {
        self.code = code
        self.name = name
        self.description = description
        self.status = status
        self.coming = coming
        self.plannedServices = plannedServices
        self.categories = categories
        self.entry = entry
    }
}
