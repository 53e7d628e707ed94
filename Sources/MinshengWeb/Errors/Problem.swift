import Vapor

/// A per-field reason in a problem, in both languages.
public struct FieldProblem: Content, Equatable, Error {
    public var field: String
    public var reasonZh: String
    public var reasonEn: String

    public init(field: String, reasonZh: String, reasonEn: String) {
        self.field = field
        self.reasonZh = reasonZh
        self.reasonEn = reasonEn
    }
}

/// An RFC 9457 problem: what went wrong, for a person, in Chinese and English.
public struct Problem: Error, Content, Equatable {
    /// A URI naming the kind of problem (`/problems/<slug>`).
    public var type: String
    /// The English title (RFC 9457's `title`).
    public var title: String
    public var titleZh: String
    public var status: Int
    public var detail: String?
    public var errors: [FieldProblem]?
    /// Seconds until a throttled request may be retried.
    public var retryAfter: Int?

    public init(_ status: HTTPResponseStatus, slug: String, zh: String, en: String, detail: String? = nil, errors: [FieldProblem]? = nil, retryAfter: Int? = nil) {
        self.type = "/problems/\(slug)"
        self.title = en
        self.titleZh = zh
        self.status = Int(status.code)
        self.detail = detail
        self.errors = errors
        self.retryAfter = retryAfter
    }

    public var httpStatus: HTTPResponseStatus { HTTPResponseStatus(statusCode: status) }

    static func validation(_ errors: [FieldProblem]) -> Problem {
        Problem(.unprocessableEntity, slug: "validation", zh: "提交的信息有误", en: "The request has invalid fields", errors: errors)
    }

    static func badRequest(_ zh: String, _ en: String, errors: [FieldProblem]? = nil) -> Problem {
        Problem(.badRequest, slug: "bad-request", zh: zh, en: en, errors: errors)
    }

    static let unauthorized = Problem(.unauthorized, slug: "unauthorized", zh: "请先登录", en: "Please sign in first")
    static let forbidden = Problem(.forbidden, slug: "forbidden", zh: "无权进行此操作", en: "You may not do this")
    static let notFound = Problem(.notFound, slug: "not-found", zh: "未找到", en: "Not found")
    static let csrf = Problem(.forbidden, slug: "csrf", zh: "页面已过期，请刷新后重试", en: "The page expired; reload it and try again")

    static func outsideJurisdiction() -> Problem {
        Problem(.forbidden, slug: "outside-jurisdiction", zh: "该人员不在本单位辖区内", en: "This resident is outside your unit's jurisdiction")
    }

    static func levelRequired(_ level: String) -> Problem {
        Problem(.forbidden, slug: "assurance-level", zh: "需要更高的实名认证等级（\(level)）", en: "This needs a higher assurance level (\(level))")
    }
}
