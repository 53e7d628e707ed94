/// What the citizen is asked to do in front of the camera. Turns are read from the 5-point landmarks as the nose's
/// offset along the eye line (yaw), nods as its drop below it (pitch), both in eye distances; blinking needs the
/// 68-point model, which is optional (non-commercial upstream) and not installed by default.
public enum LivenessAction: String, Codable, Sendable, CaseIterable {
    case turnLeft = "turn-left"
    case turnRight = "turn-right"
    case raiseHead = "raise-head"
    case lowerHead = "lower-head"
    case blink

    /// The actions the 5-point model can check.
    public static let withoutBlink: [LivenessAction] = [.turnLeft, .turnRight, .raiseHead, .lowerHead]

    public var instructionZh: String {
        switch self {
        case .turnLeft: "请缓慢向左转头"
        case .turnRight: "请缓慢向右转头"
        case .raiseHead: "请缓慢抬头"
        case .lowerHead: "请缓慢低头"
        case .blink: "请眨眼"
        }
    }

    public var instructionEn: String {
        switch self {
        case .turnLeft: "Turn your head slowly to the left"
        case .turnRight: "Turn your head slowly to the right"
        case .raiseHead: "Raise your head slowly"
        case .lowerHead: "Lower your head slowly"
        case .blink: "Blink"
        }
    }

    /// Two different actions drawn at random (never both directions of one movement in a row is allowed: any two differ).
    public static func draw(count: Int = 2, blinkAvailable: Bool = false, using generator: inout some RandomNumberGenerator) -> [LivenessAction] {
        var pool = withoutBlink + (blinkAvailable ? [.blink] : [])
        pool.shuffle(using: &generator)
        return Array(pool.prefix(count))
    }
}
