import Foundation

/// Where a report stands (举报办理状态).
public enum TipState: String, Codable, Hashable, Sendable, CaseIterable {
    case received, assigned, verifying, substantiated, unsubstantiated, transferred
    case rewardAssessed = "reward-assessed"
    case rewardClaimable = "reward-claimable"
    case paid

    public var name: LocalizedText {
        switch self {
        case .received: LocalizedText(zh: "已接收", en: "Received")
        case .assigned: LocalizedText(zh: "已分派", en: "Assigned")
        case .verifying: LocalizedText(zh: "核查中", en: "Being verified")
        case .substantiated: LocalizedText(zh: "查证属实", en: "Substantiated")
        case .unsubstantiated: LocalizedText(zh: "查无实据", en: "Not substantiated")
        case .transferred: LocalizedText(zh: "已移交其他单位", en: "Transferred to another unit")
        case .rewardAssessed: LocalizedText(zh: "奖励已核定，待审批", en: "Reward assessed, awaiting approval")
        case .rewardClaimable: LocalizedText(zh: "奖励可领取", en: "Reward can be claimed")
        case .paid: LocalizedText(zh: "奖励已发放", en: "Reward paid")
        }
    }

    /// No officer step follows.
    public var isFinal: Bool { self == .unsubstantiated || self == .transferred || self == .paid }
}

/// An officer's step on a report.
public enum TipAction: Hashable, Sendable {
    case assign(officer: String)
    case startVerifying
    case substantiate(note: String)
    case unsubstantiate(reason: String)
    case transfer(unit: String, reason: String)
    /// The reward proposed, in yuan, within the category's band.
    case assessReward(yuan: Int)
    /// A second officer, an approver, confirms the assessed reward, naming the sum they saw (a sum assessed again since
    /// is not approved): the informant may now claim it.
    case approveReward(yuan: Int)
    /// Paid at the station against the one-time claim code.
    case pay

    public var kind: String {
        switch self {
        case .assign: "assign"
        case .startVerifying: "verify"
        case .substantiate: "substantiate"
        case .unsubstantiate: "unsubstantiate"
        case .transfer: "transfer"
        case .assessReward: "assess-reward"
        case .approveReward: "approve-reward"
        case .pay: "pay"
        }
    }
}

/// Why a step cannot be taken.
public enum TipWorkflowError: Error, Hashable, Sendable {
    case notAllowed(from: TipState, action: String)
    case rewardOutsideBand(yuan: Int, band: LocalizedText)
    case needsReason
    case sameOfficer
    case needsRole(String)
    /// The reward was assessed again after the approver read it.
    case rewardChanged(seen: Int, now: Int)
    /// The officer who assessed a reward does not hand it out.
    case assessorCannotPay

    public var message: LocalizedText {
        switch self {
        case .notAllowed(let from, let action): LocalizedText(zh: "举报处于“\(from.name.zh)”状态，不能执行 \(action)", en: "The report is \(from.name.en.lowercased()); \(action) is not possible now")
        case .rewardOutsideBand(let yuan, let band): LocalizedText(zh: "奖励 \(yuan) 元不在该类别的范围（\(band.zh)）内", en: "A reward of ¥\(yuan) is outside this category's band (\(band.en))")
        case .needsReason: LocalizedText(zh: "请写明理由", en: "Give the reason")
        case .sameOfficer: LocalizedText(zh: "核定奖励的民警不能审批同一笔奖励", en: "The officer who assessed a reward cannot approve it")
        case .needsRole(let role): LocalizedText(zh: "需要“\(role)”角色", en: "This needs the \(role) role")
        case .rewardChanged(let seen, let now):
            LocalizedText(zh: "奖励金额已由 \(seen) 元改为 \(now) 元，请重新查看后再审批", en: "The reward was changed from ¥\(seen) to ¥\(now); review it again before approving")
        case .assessorCannotPay: LocalizedText(zh: "核定奖励的民警不能兑付同一笔奖励，请由其他民警兑付", en: "The officer who assessed a reward cannot pay it out; another officer must")
        }
    }
}

/// The officer workflow of a report, pure: which step may follow which, by whom, with what.
public enum TipWorkflow {
    /// The state after `action`, or why not. `assessedBy` is who assessed the reward (the approver must be another).
    public static func next(_ action: TipAction, from state: TipState, category: TipCategory, actor: String, isApprover: Bool,
                            assessedBy: String?) -> Result<TipState, TipWorkflowError> {
        switch (state, action) {
        case (.received, .assign), (.assigned, .assign): return .success(.assigned)
        case (.received, .startVerifying), (.assigned, .startVerifying): return .success(.verifying)
        case (.verifying, .substantiate): return .success(.substantiated)
        case (.verifying, .unsubstantiate(let reason)), (.assigned, .unsubstantiate(let reason)):
            return reason.trimmingCharacters(in: .whitespaces).count < 2 ? .failure(.needsReason) : .success(.unsubstantiated)
        case (.received, .transfer(let unit, let reason)), (.assigned, .transfer(let unit, let reason)), (.verifying, .transfer(let unit, let reason)):
            return unit.isEmpty || reason.trimmingCharacters(in: .whitespaces).count < 2 ? .failure(.needsReason) : .success(.transferred)
        case (.substantiated, .assessReward(let yuan)), (.rewardAssessed, .assessReward(let yuan)):
            return category.allows(yuan) ? .success(.rewardAssessed) : .failure(.rewardOutsideBand(yuan: yuan, band: category.bandText))
        case (.rewardAssessed, .approveReward):
            guard isApprover else { return .failure(.needsRole("approver 审批")) }
            guard assessedBy != actor else { return .failure(.sameOfficer) }
            return .success(.rewardClaimable)
        case (.rewardClaimable, .pay):
            guard assessedBy != actor else { return .failure(.assessorCannotPay) }
            return .success(.paid)
        default: return .failure(.notAllowed(from: state, action: action.kind))
        }
    }
}
