import Foundation

/// One captured frame as the decision sees it: when it was taken, a digest of its bytes, how many faces were found
/// and the (largest) face's measures.
public struct FaceFrame: Sendable {
    /// Milliseconds since the challenge was issued.
    public var millis: Double
    /// SHA-256 (hex) of the frame's bytes: identical frames betray a replay.
    public var digest: String
    public var faceCount: Int
    public var face: FaceObservation?
    /// Whether the face's box lies inside the frame.
    public var inside: Bool

    public init(millis: Double, digest: String, faceCount: Int, face: FaceObservation?, inside: Bool = true) {
        self.millis = millis
        self.digest = digest
        self.faceCount = faceCount
        self.face = face
        self.inside = inside
    }
}

/// The thresholds of the decision, with where they come from (calibrated on the fixtures: see BENCHMARKS.md).
public struct FaceDecisionPolicy: Sendable, Hashable {
    /// Descriptor distance under which two faces are the same person. The fixtures give same-person pairs 0.09–0.52
    /// and different people ≥ 0.77; dlib's own threshold is 0.6.
    public var matchThreshold = 0.6
    /// Frames per answer and the window they must fall in.
    public var minFrames = 6
    public var maxFrames = 40
    public var windowMillis = 60_000.0
    /// A clear frame: face at least this many pixels wide, sharp and lit enough, nearly frontal.
    public var minFaceWidth = 80
    public var minSharpness = 20.0
    public var brightness = 40.0...220.0
    public var maxFrontalYaw = 0.2  // the 5-point measure reads 0.01–0.13 on the frontal fixture photos
    public var maxRoll = 15.0
    /// How far a movement must go, in eye distances, from the frontal baseline.
    public var turn = 0.15
    public var nod = 0.15

    public init() {}
}

/// One check of the decision, passed or failed, with its reason in both languages.
public struct FaceCheck: Sendable, Hashable, Codable {
    public var id: String
    public var passed: Bool
    public var reasonZh: String
    public var reasonEn: String
}

/// The answer to a challenge: every check, the three best match distances, and whether all passed.
public struct FaceVerdict: Sendable {
    public var checks: [FaceCheck]
    /// Distances of the three clearest frames to the registry photo.
    public var distances: [Double]
    public var passed: Bool { !checks.isEmpty && checks.allSatisfy(\.passed) }
}

/// The pure decision over a challenge's frames: no I/O, every check listed.
public enum FaceDecision {
    public static func decide(frames: [FaceFrame], registry: [Float], actions: [LivenessAction], policy: FaceDecisionPolicy = FaceDecisionPolicy()) -> FaceVerdict {
        var checks: [FaceCheck] = []
        func check(_ id: String, _ passed: Bool, _ zh: String, _ en: String) {
            checks.append(FaceCheck(id: id, passed: passed, reasonZh: zh, reasonEn: en))
        }

        // The frames themselves: how many, in order, inside the window, none repeated.
        let countOK = (policy.minFrames...policy.maxFrames).contains(frames.count)
        check("frame-count", countOK,
              countOK ? "拍摄帧数符合要求" : "拍摄帧数应为 \(policy.minFrames)–\(policy.maxFrames) 帧，请重新拍摄",
              countOK ? "enough frames were captured" : "send \(policy.minFrames)–\(policy.maxFrames) frames; capture again")
        let times = frames.map(\.millis)
        let ordered = zip(times, times.dropFirst()).allSatisfy { $0 < $1 } && (times.first ?? -1) >= 0 && (times.last ?? .infinity) <= policy.windowMillis
        check("timing", ordered, ordered ? "拍摄时间有效" : "拍摄超时或时间顺序异常，请在 60 秒内完成",
              ordered ? "the frames were taken in order within the time allowed" : "the frames are out of order or too late; finish within 60 seconds")
        let unique = Set(frames.map(\.digest)).count == frames.count
        check("no-repeats", unique, unique ? "未发现重复画面" : "发现完全相同的画面（疑似回放），请现场重新拍摄",
              unique ? "no frame repeats another" : "identical frames were sent (a replay?); capture again live")
        let one = !frames.isEmpty && frames.allSatisfy { $0.faceCount == 1 && $0.face != nil && $0.inside }
        check("one-face", one, one ? "每一帧均只有一张完整的人脸" : "画面中须始终只有您一人，且脸部完整位于取景框内",
              one ? "exactly one whole face in every frame" : "only you, with your whole face inside the frame, must be in every frame")

        let faces = frames.compactMap(\.face)
        // The three clearest frontal frames, each matched against the registry photo.
        let clear = faces.filter {
            $0.width >= policy.minFaceWidth && $0.sharpness >= policy.minSharpness && policy.brightness.contains($0.brightness)
                && abs($0.yaw) <= policy.maxFrontalYaw && abs($0.roll) <= policy.maxRoll
        }.sorted { $0.sharpness > $1.sharpness }.prefix(3)
        let distances = clear.map { FaceEngine.distance($0.descriptor, registry) }
        let enoughClear = clear.count == 3
        check("clear-frames", enoughClear, enoughClear ? "已采集三张清晰的正脸画面" : "未能采集到三张清晰的正脸画面：请正对镜头、保持光线充足、不要晃动",
              enoughClear ? "three clear frontal frames were found" : "three clear frontal frames were not found: face the camera, in good light, keeping still")
        let matched = enoughClear && distances.allSatisfy { $0 < policy.matchThreshold }
        check("match", matched, matched ? "与户籍照片比对一致" : "与户籍照片比对不一致，请本人办理",
              matched ? "the face matches the registry photo" : "the face does not match the registry photo; the holder must apply in person")

        // One person throughout: every frame close to the clearest one.
        let anchor = clear.first ?? faces.first
        let same = anchor.map { a in faces.allSatisfy { FaceEngine.distance($0.descriptor, a.descriptor) < policy.matchThreshold } } ?? false
        check("same-person", same, same ? "全程为同一人" : "拍摄过程中出现了不同的人",
              same ? "the same person throughout" : "a different person appeared during the capture")

        // The requested movements, in order, measured from the frontal baseline (the median of the first frames).
        let baseline = faces.prefix(3)
        let yaw0 = median(baseline.map(\.yaw)), pitch0 = median(baseline.map(\.pitch))
        var from = 0
        var seenAll = !faces.isEmpty
        for action in actions {
            guard let found = faces[min(from, faces.count)...].firstIndex(where: { face in
                switch action {
                case .turnLeft: face.yaw - yaw0 <= -policy.turn
                case .turnRight: face.yaw - yaw0 >= policy.turn
                case .raiseHead: face.pitch - pitch0 <= -policy.nod
                case .lowerHead: face.pitch - pitch0 >= policy.nod
                case .blink: false
                }
            }) else { seenAll = false; break }
            from = found + 1
        }
        let names = actions.map(\.instructionZh).joined(separator: "、")
        check("actions", seenAll, seenAll ? "已按顺序完成动作：\(names)" : "未按要求完成动作：\(names)。照片或屏幕翻拍无法完成转头、点头",
              seenAll ? "the requested movements were seen in order" : "the requested movements were not seen in order (a photo or a screen cannot turn or nod)")
        return FaceVerdict(checks: checks, distances: distances)
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }
}
