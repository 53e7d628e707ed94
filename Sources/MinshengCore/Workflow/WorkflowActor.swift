import Foundation

/// Who performs a workflow action, and in which capacity: the applicant, an officer with roles, or the system.
public struct WorkflowActor: Hashable, Sendable {
    /// The principal recorded in the event.
    public let principal: Principal
    /// The officer's roles; empty for citizens and the system.
    public let roles: Set<OfficerRole>
    /// Whether the actor acts as an officer.
    public let isOfficer: Bool
    /// Whether the actor is the platform itself.
    public let isSystem: Bool

    private init(principal: Principal, roles: Set<OfficerRole>, isOfficer: Bool, isSystem: Bool) {
        self.principal = principal
        self.roles = roles
        self.isOfficer = isOfficer
        self.isSystem = isSystem
    }

    /// A citizen acting as applicant; the workflow checks that they own the application.
    public static func applicant(_ principal: Principal) -> WorkflowActor {
        WorkflowActor(principal: principal, roles: [], isOfficer: false, isSystem: false)
    }

    /// An officer holding `roles`; `admin` may take every officer step.
    public static func officer(_ principal: Principal, roles: Set<OfficerRole>) -> WorkflowActor {
        WorkflowActor(principal: principal, roles: roles, isOfficer: true, isSystem: false)
    }

    /// The platform, e.g. the job that applies an approved application's effects.
    public static func system(_ principal: Principal) -> WorkflowActor {
        WorkflowActor(principal: principal, roles: [], isOfficer: false, isSystem: true)
    }

    /// Whether the actor acts as a citizen.
    public var isCitizen: Bool { !isOfficer && !isSystem }

    /// Whether the actor is an officer holding one of `roles`, or a platform admin.
    func holdsAny(of roles: Set<OfficerRole>) -> Bool {
        isOfficer && (self.roles.contains(.admin) || !self.roles.isDisjoint(with: roles))
    }
}
