import Foundation
import MinshengFace
import Testing

/// The decision on synthetic frame sequences: each check passes on a good capture and fails on its own attack.
@Suite("The face decision")
struct FaceDecisionTests {
    /// A descriptor near `base` (distance ≈ `offset`).
    static func descriptor(_ base: Float, offset: Float = 0) -> [Float] {
        (0..<128).map { i in (i == 0 ? base + offset : base) }
    }

    static let registry = descriptor(0.1)

    static func frame(_ n: Int, yaw: Double = 0, pitch: Double = 0.6, person: [Float] = descriptor(0.1, offset: 0.2), faces: Int = 1,
                      sharpness: Double = 300, digest: String? = nil) -> FaceFrame {
        let face = FaceObservation(left: 100, top: 100, right: 260, bottom: 260, landmarks: Array(repeating: 0, count: 10), sharpness: sharpness,
                                   brightness: 120, roll: 2, yaw: yaw, pitch: pitch, descriptor: person)
        return FaceFrame(millis: Double(n) * 400, digest: digest ?? "frame-\(n)", faceCount: faces, face: faces == 0 ? nil : face)
    }

    /// Frontal frames, a turn to the left, back to frontal, a nod down.
    static func good() -> [FaceFrame] {
        [frame(0), frame(1), frame(2), frame(3, yaw: -0.08), frame(4, yaw: -0.2), frame(5, yaw: -0.05), frame(6), frame(7, pitch: 0.8), frame(8)]
    }

    static let actions: [LivenessAction] = [.turnLeft, .lowerHead]

    /// The flat-picture measure of synthetic frames: frames whose digest says "flat" are a plane moved in space.
    static func flatness(_ anchor: FaceFrame, _ frame: FaceFrame) -> Double? { frame.digest.hasPrefix("flat") ? 0.98 : 0.1 }

    func failed(_ frames: [FaceFrame], actions: [LivenessAction] = actions) -> [String] {
        FaceDecision.decide(frames: frames, registry: Self.registry, actions: actions, flatness: Self.flatness).checks.filter { !$0.passed }.map(\.id)
    }

    @Test("a live capture that matches passes every check, with three distances")
    func passes() {
        let verdict = FaceDecision.decide(frames: Self.good(), registry: Self.registry, actions: Self.actions, flatness: Self.flatness)
        #expect(verdict.passed, "\(verdict.checks.filter { !$0.passed })")
        #expect(verdict.distances.count == 3)
        #expect(verdict.flatFits == [0.1, 0.1])
        #expect(verdict.checks.allSatisfy { !$0.reasonZh.isEmpty && !$0.reasonEn.isEmpty })
    }

    @Test("a still photo (no movement), actions out of order, or a flat photo warped without turning fail the actions and the depth")
    func stillAndOrder() {
        #expect(failed((0..<8).map { Self.frame($0) }) == ["actions", "depth"])
        #expect(failed(Self.good(), actions: [.lowerHead, .turnLeft]) == ["actions", "depth"])
        // A flat photo tilted in perspective: the face narrows but the nose stays between the eyes (yaw unchanged).
        let warped = (0..<8).map { n in Self.frame(n, yaw: 0.01 * Double(n % 2)) }
        #expect(failed(warped) == ["actions", "depth"])
    }

    @Test("a flat photo warped far enough to fake the movements fails the depth check alone; unknown depth fails too")
    func flatFake() {
        let faked = Self.good().enumerated().map { n, f in
            var frame = f
            if n == 4 || n == 7 { frame.digest = "flat-\(n)" }
            return frame
        }
        #expect(failed(faked) == ["depth"])
        // The furthest frame of a movement is the one judged: a flat frame further into the turn is found.
        var further = Self.good()
        further.insert(Self.frame(5, yaw: -0.3, digest: "flat-further"), at: 5)
        for i in further.indices { further[i].millis = Double(i) * 400 }
        #expect(failed(further) == ["depth"])
        // Without the crops the measure cannot be made, and a movement of unknown depth is not taken as real.
        let unknown = FaceDecision.decide(frames: Self.good(), registry: Self.registry, actions: Self.actions) { _, _ in nil }
        #expect(unknown.checks.filter { !$0.passed }.map(\.id) == ["depth"])
    }

    @Test("a replayed frame, a second person, another person's face, a missing face, too few frames, late frames")
    func attacks() {
        var replay = Self.good()
        replay[6] = Self.frame(6, digest: "frame-1")
        #expect(failed(replay) == ["no-repeats"])
        var two = Self.good()
        two[2] = Self.frame(2, faces: 2)
        #expect(failed(two) == ["one-face"])
        var swapped = Self.good()
        for i in 6..<swapped.count { swapped[i] = Self.frame(i, pitch: i == 7 ? 0.8 : 0.6, person: Self.descriptor(0.9)) }
        #expect(failed(swapped).contains("same-person"))
        let stranger = Self.good().map { Self.frame(Int($0.millis / 400), yaw: $0.face!.yaw, pitch: $0.face!.pitch, person: Self.descriptor(0.9)) }
        #expect(failed(stranger) == ["match"])
        #expect(failed(Array(Self.good().prefix(4))).contains("frame-count"))
        var late = Self.good()
        late[8].millis = 61_000
        #expect(failed(late) == ["timing"])
        var backwards = Self.good()
        backwards[3].millis = 100
        #expect(failed(backwards) == ["timing"])
    }

    @Test("blurred frames leave fewer than three clear ones")
    func blurred() {
        let blurred = Self.good().enumerated().map { n, f in n == 4 || n == 7 ? f : Self.frame(n, sharpness: 5) }
        #expect(failed(blurred).contains("clear-frames"))
    }

    @Test("two different actions are drawn; blink only where its model is present")
    func draw() {
        var rng = SystemRandomNumberGenerator()
        var blinks = 0
        for _ in 0..<200 {
            let drawn = LivenessAction.draw(using: &rng)
            #expect(drawn.count == 2 && drawn[0] != drawn[1] && !drawn.contains(.blink))
            let with = LivenessAction.draw(blinkAvailable: true, using: &rng)
            #expect(with.count == 2 && with[0] != with[1])
            if with.contains(.blink) { blinks += 1 }
        }
        #expect(blinks > 0)
    }

    /// Frames for a blink then a left turn: eyes open (0.3), shut (0.12) with the face's shape steady, open again.
    static func blinkFrames(shut: Double = 0.12, ratio: Double = 1.2, reopen: Double = 0.3) -> [FaceFrame] {
        let eyes = [0.3, 0.31, 0.3, 0.29, shut, shut, reopen, reopen, reopen, reopen]
        return eyes.enumerated().map { n, open in
            var frame = Self.frame(n, yaw: n == 8 ? -0.22 : 0)
            frame.face?.eyeOpenness = open
            frame.face?.faceRatio = n == 4 || n == 5 ? ratio : 1.2
            return frame
        }
    }

    @Test("a blink is the eyes closing by 35% with the face's shape steady and opening again; a bent print or eyes that stay shut fail")
    func blink() {
        #expect(failed(Self.blinkFrames(), actions: [.blink, .turnLeft]) == [])
        #expect(failed(Self.blinkFrames(shut: 0.24), actions: [.blink, .turnLeft]) == ["actions", "depth"])
        #expect(failed(Self.blinkFrames(ratio: 1.45), actions: [.blink, .turnLeft]) == ["actions", "depth"])
        #expect(failed(Self.blinkFrames(reopen: 0.12), actions: [.blink, .turnLeft]) == ["actions", "depth"])
        // Without the 68-point model's measures a blink is never seen.
        #expect(failed(Self.good(), actions: [.blink, .turnLeft]) == ["actions", "depth"])
    }
}
