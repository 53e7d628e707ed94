import MinshengStore
import Vapor

extension Problem {
    /// Maps any error to a problem a person can act on; unknown errors become a plain 500 without internals.
    static func from(_ error: any Error) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let store as StoreError:
            return from(store)
        case let points as PointsError:
            return from(points)
        case let tips as TipError:
            return from(tips)
        case let abort as any AbortError:
            switch abort.status {
            case .payloadTooLarge:
                return Problem(.payloadTooLarge, slug: "payload-too-large", zh: "提交的内容过大（上限 1 MiB）", en: "The request body is too large (limit 1 MiB)")
            case .unsupportedMediaType:
                return Problem(.unsupportedMediaType, slug: "unsupported-media-type", zh: "请以 application/json 提交", en: "Send the body as application/json")
            case .notFound:
                return .notFound
            case .methodNotAllowed:
                return Problem(.methodNotAllowed, slug: "method-not-allowed", zh: "不支持此请求方法", en: "Method not allowed")
            default:
                if abort.status.code >= 500 { return internalError }
                return Problem(abort.status, slug: "http-\(abort.status.code)", zh: "请求无法处理", en: abort.status.reasonPhrase, detail: abort.reason)
            }
        case is DecodingError:
            return .badRequest("请求格式不正确", "The request could not be read")
        default:
            return internalError
        }
    }

    static func from(_ error: PointsError) -> Problem {
        let status: HTTPResponseStatus
        let slug: String
        switch error {
        case .noPolicy: (status, slug) = (.notFound, "points-no-policy")
        case .outsideWindow: (status, slug) = (.conflict, "points-outside-window")
        case .notInRegistry: (status, slug) = (.notFound, "resident-not-found")
        case .notFound: (status, slug) = (.notFound, "not-found")
        case .workflow: (status, slug) = (.conflict, "workflow")
        case .batchNotDue: (status, slug) = (.conflict, "points-batch-not-due")
        case .undecided: (status, slug) = (.conflict, "points-undecided")
        case .noBatch: (status, slug) = (.notFound, "points-no-batch")
        case .objectionClosed: (status, slug) = (.conflict, "points-objection-closed")
        case .objectionsOpen: (status, slug) = (.conflict, "points-objections-open")
        case .objectionPeriodRunning: (status, slug) = (.conflict, "points-objection-period")
        case .alreadyFinalized: (status, slug) = (.conflict, "points-finalized")
        case .outsideJurisdiction: return outsideJurisdiction()
        }
        return Problem(status, slug: slug, zh: error.message.zh, en: error.message.en)
    }

    static func from(_ error: TipError) -> Problem {
        let status: HTTPResponseStatus
        let slug: String
        var field: String?
        switch error {
        case .unknownCategory: (status, slug, field) = (.unprocessableEntity, "validation", "category")
        case .text: (status, slug, field) = (.unprocessableEntity, "validation", "text")
        case .place: (status, slug, field) = (.unprocessableEntity, "validation", "division")
        case .evidence(let index, let problem):
            (status, slug, field) = (problem == .tooLarge ? .payloadTooLarge : .unprocessableEntity, "tips-evidence", "files[\(index)]")
        case .notFound: (status, slug) = (.notFound, "tips-not-found")
        case .workflow(.rewardOutsideBand): (status, slug, field) = (.unprocessableEntity, "tips-reward-band", "yuan")
        case .workflow(.needsReason): (status, slug, field) = (.unprocessableEntity, "validation", "reason")
        case .workflow(.needsRole), .workflow(.sameOfficer), .notAllowed: (status, slug) = (.forbidden, "forbidden")
        case .workflow(.assessorCannotPay): (status, slug) = (.forbidden, "tips-assessor-cannot-pay")
        case .workflow(.rewardChanged): (status, slug, field) = (.conflict, "tips-reward-changed", "yuan")
        case .workflow: (status, slug) = (.conflict, "workflow")
        case .nothingToClaim: (status, slug) = (.conflict, "tips-nothing-to-claim")
        case .unknownClaimCode: (status, slug) = (.notFound, "tips-unknown-claim-code")
        }
        let message = error.message
        return Problem(status, slug: slug, zh: message.zh, en: message.en,
                       errors: field.map { [FieldProblem(field: $0, reasonZh: message.zh, reasonEn: message.en)] })
    }

    static let internalError = Problem(.internalServerError, slug: "internal", zh: "系统繁忙，请稍后再试", en: "Something went wrong on our side; please try again later")

    /// Every failed identity link, whatever the reason: the same status, type and words.
    static let identityLinkRefused = Problem(
        .unprocessableEntity, slug: "identity-link-refused",
        zh: "无法完成实名核验：请核对姓名与公民身份号码；已绑定的账号不能在线改绑，如有疑问请携带身份证到派出所办理",
        en: "The identity could not be linked: check the name and ID number; an account already linked cannot be re-linked online; if in doubt, bring your ID card to a police station")

    static func from(_ error: StoreError) -> Problem {
        switch error {
        case .residentNotFound: Problem(.notFound, slug: "resident-not-found", zh: "未找到该人员", en: "No such resident")
        case .householdNotFound: Problem(.notFound, slug: "household-not-found", zh: "未找到该户", en: "No such household")
        case .duplicateIDNumber: Problem(.conflict, slug: "duplicate-id-number", zh: "公民身份号码已存在", en: "That ID number is already registered")
        case .phoneTaken:
            Problem(.conflict, slug: "phone-taken", zh: "该手机号已注册，请直接登录", en: "That phone number already has an account; sign in instead",
                    errors: [FieldProblem(field: "phone", reasonZh: "该手机号已注册", reasonEn: "already registered")])
        case .accountNotFound: Problem(.notFound, slug: "account-not-found", zh: "未找到账号", en: "No such account")
        case .identityLinkRefused: identityLinkRefused
        case .residentNotActive:
            Problem(.unprocessableEntity, slug: "resident-not-active", zh: "该户籍记录不是正常状态，请到户政窗口办理",
                    en: "That registry record is not active; please visit a household-registration counter")
        case .officerNotFound: Problem(.notFound, slug: "officer-not-found", zh: "未找到该民警", en: "No such officer")
        case .unitNotFound: Problem(.notFound, slug: "unit-not-found", zh: "未找到该单位", en: "No such unit")
        case .duplicateOfficer: Problem(.conflict, slug: "duplicate-officer", zh: "警号已存在", en: "That police number already exists")
        case .duplicateUnit: Problem(.conflict, slug: "duplicate-unit", zh: "单位代码已存在", en: "That unit code already exists")
        case .versionConflict: Problem(.conflict, slug: "version-conflict", zh: "记录已被他人修改，请刷新后重试", en: "The record changed meanwhile; reload and retry")
        case .badDataKey, .undecryptable, .corruptRecord, .badDatabaseURL: internalError
        }
    }
}
