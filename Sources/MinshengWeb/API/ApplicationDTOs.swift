import Foundation
import MinshengCore
import Vapor

struct SubmitApplicationBody: StrictBody {
    static let fields: Set<String> = ["service", "form", "idempotencyKey", "channel", "materials"]
    var service: String
    var form: [String: String]
    var idempotencyKey: String
    var channel: String?
    /// Materials reused from the vault: the service's material id → the vault item's id.
    var materials: [String: String]?
}

struct ApplicationActionBody: StrictBody {
    static let fields: Set<String> = ["action", "reason", "items", "comment"]
    var action: String
    var reason: String?
    var items: [String]?
    var comment: String?

    /// The workflow action this body names.
    func workflowAction() throws -> ApplicationAction {
        guard let kind = ActionKind(rawValue: action) else {
            throw Problem.validation([FieldProblem(field: "action", reasonZh: "未知操作", reasonEn: "unknown action; one of \(ActionKind.allCases.map(\.rawValue).joined(separator: ", "))")])
        }
        switch kind {
        case .submit: return .submit
        case .withdraw: return .withdraw
        case .supplement: return .supplement
        case .accept: return .accept
        case .requestSupplement: return .requestSupplement(items: items ?? [])
        case .notAccept: return .notAccept(reason: reason ?? "")
        case .startReview: return .startReview
        case .forwardForApproval: return .forwardForApproval
        case .approve: return .approve(comment: comment)
        case .refuse: return .refuse(reason: reason ?? "")
        case .complete: return .complete
        }
    }
}

struct TimelineEventDTO: Content {
    var at: Date
    var actor: String
    var action: String
    var actionNameZh: String
    var actionNameEn: String
    var from: String
    var to: String
    var comment: String?
    var items: [String]
}

struct ApplicationDTO: Content {
    var id: UUID
    var reference: String
    var service: String
    var serviceName: LocalizedTextDTO
    var state: String
    /// Where it was submitted: mobile, pc, kiosk, counter, or system (opened by the platform itself).
    var channel: String
    var stateNameZh: String
    var stateNameEn: String
    var submittedAt: Date?
    var acceptedOn: String?
    var dueDate: String?
    var overdue: Bool
    var supplementItems: [String]
    var form: [String: String]
    var materials: [AttachedMaterialDTO]
    var unitCode: String?
    /// The officer handling it now, if claimed.
    var claimedBy: String?
    var timeline: [TimelineEventDTO]
    var availableActions: [String]

    init(_ a: ServiceApplication, service: ServiceDefinition?, actor: WorkflowActor) {
        id = a.id
        reference = a.reference
        self.service = a.serviceCode
        serviceName = LocalizedTextDTO(serviceName: service, code: a.serviceCode)
        state = a.record.state.rawValue
        channel = a.channel.rawValue
        stateNameZh = a.record.state.nameZh
        stateNameEn = a.record.state.nameEn
        submittedAt = a.record.submittedAt
        acceptedOn = a.record.acceptedOn?.description
        dueDate = a.record.dueDate?.description
        overdue = a.record.isOverdue(today: .today())
        supplementItems = a.record.supplementItems
        form = a.form
        materials = a.materials.map { AttachedMaterialDTO(materialID: $0.materialID, source: $0.source.rawValue, reference: $0.reference) }
        unitCode = a.unitCode
        claimedBy = a.claimedBy
        timeline = a.record.events.map {
            TimelineEventDTO(at: $0.at, actor: $0.actor.description, action: $0.action.rawValue, actionNameZh: $0.action.nameZh,
                             actionNameEn: $0.action.nameEn, from: $0.from.rawValue, to: $0.to.rawValue, comment: $0.comment, items: $0.items)
        }
        availableActions = Workflow.availableActions(for: a.record, actor: actor).map(\.rawValue)
    }
}

/// One line of the officer's queue (open the application for its form, materials and timeline).
struct QueueItemDTO: Content {
    var id: UUID
    var reference: String
    var service: String
    var serviceName: LocalizedTextDTO
    var state: String
    var stateNameZh: String
    var stateNameEn: String
    var submittedAt: Date
    var dueDate: String?
    var overdue: Bool
    var unitCode: String?
    var claimedBy: String?

    init(_ item: QueueItem, service: ServiceDefinition?, today: CivilDate) {
        id = item.id
        reference = item.reference
        self.service = item.serviceCode
        serviceName = LocalizedTextDTO(serviceName: service, code: item.serviceCode)
        state = item.state.rawValue
        stateNameZh = item.state.nameZh
        stateNameEn = item.state.nameEn
        submittedAt = item.submittedAt
        dueDate = item.dueDate?.description
        overdue = item.isOverdue(today: today)
        unitCode = item.unitCode
        claimedBy = item.claimedBy
    }
}

struct LocalizedTextDTO: Content {
    var zh: String
    var en: String
}

extension LocalizedTextDTO {
    /// A service's name, or its code when the catalog no longer has it.
    init(serviceName service: ServiceDefinition?, code: String) {
        self.init(zh: service?.name.zh ?? code, en: service?.name.en ?? code)
    }
}

struct AttachedMaterialDTO: Content {
    var materialID: String
    var source: String
    var reference: String
}
