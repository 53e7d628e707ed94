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
    /// The face's grey surroundings, for the flat-picture and same-picture checks (in memory only).
    public var crop: FaceCrop?

    public init(millis: Double, digest: String, faceCount: Int, face: FaceObservation?, inside: Bool = true, crop: FaceCrop? = nil) {
        self.millis = millis
        self.digest = digest
        self.faceCount = faceCount
        self.face = face
        self.inside = inside
        self.crop = crop
    }

    /// A frame from its analysis (nil when the image could not be analysed): the largest face, whether it lies inside
    /// the image, and its crop; no face when none was found.
    public init(millis: Double, digest: String, analysis: FaceAnalysis?) {
        guard let analysis, let face = analysis.faces.first else {
            self.init(millis: millis, digest: digest, faceCount: 0, face: nil, inside: false)
            return
        }
        self.init(millis: millis, digest: digest, faceCount: analysis.faceCount, face: face, inside: analysis.isInside(face), crop: analysis.crop)
    }

    /// The same picture as `other`: the same bytes, or (re-wrapped or re-sent) the same face landmarks to half a pixel
    /// and the same grey levels to half a level on average. A live camera never gives two such frames.
    public func isSamePicture(as other: FaceFrame) -> Bool {
        if digest == other.digest { return true }
        guard let a = face, let b = other.face, let ca = crop, let cb = other.crop, a.landmarks.count == b.landmarks.count else { return false }
        guard zip(a.landmarks, b.landmarks).allSatisfy({ abs($0 - $1) <= 0.5 }) else { return false }
        return ca.meanDifference(to: cb) < 0.5
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
    /// A movement whose frame one homography maps onto the clearest frontal frame this well (the worst textured cell's
    /// correlation) is a flat picture turned or tilted, not a head. Fixtures: flat warps of photos 0.65–1.00, other
    /// photos of the same people (real heads in other poses) −0.75–0.24 (BENCHMARKS.md).
    public var maxFlatFit = 0.5
    /// A blink (68-point model only): the eyes' aspect ratio falls by at least this share of its open baseline, with the
    /// face's height/width ratio within `blinkRatioTolerance` of its baseline (a bent or tilted print changes it), and
    /// comes back to at least `blinkRecovery` of the baseline.
    public var blinkDrop = 0.35
    public var blinkRecovery = 0.85
    public var blinkRatioTolerance = 0.1

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
    /// Per requested movement seen, how well one plane explains it (high = a flat picture).
    public var flatFits: [Double] = []
    public var passed: Bool { !checks.isEmpty && checks.allSatisfy(\.passed) }
}

/// The pure decision over a challenge's frames: no I/O, every check listed.
public enum FaceDecision {
    /// The flat-picture measure between two frames (nil when either has no crop): `FaceCrop.flatFit`.
    public static func flatFit(_ a: FaceFrame, _ b: FaceFrame) -> Double? {
        guard let ca = a.crop, let cb = b.crop else { return nil }
        return ca.flatFit(to: cb)
    }

    public static func decide(frames: [FaceFrame], registry: [Float], actions: [LivenessAction], policy: FaceDecisionPolicy = FaceDecisionPolicy(),
                              flatness: (FaceFrame, FaceFrame) -> Double? = FaceDecision.flatFit) -> FaceVerdict {
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
        let unique = !frames.indices.contains { i in frames[(i + 1)...].contains { frames[i].isSamePicture(as: $0) } }
        check("no-repeats", unique, unique ? "未发现重复画面" : "发现完全相同的画面（疑似回放），请现场重新拍摄",
              unique ? "no frame repeats another" : "identical frames were sent (a replay?); capture again live")
        let one = !frames.isEmpty && frames.allSatisfy { $0.faceCount == 1 && $0.face != nil && $0.inside }
        check("one-face", one, one ? "每一帧均只有一张完整的人脸" : "画面中须始终只有您一人，且脸部完整位于取景框内",
              one ? "exactly one whole face in every frame" : "only you, with your whole face inside the frame, must be in every frame")

        let seen = frames.filter { $0.face != nil }
        let faces = seen.compactMap(\.face)
        // The three clearest frontal frames, each matched against the registry photo.
        let clearFrames = seen.filter {
            let f = $0.face!
            return f.width >= policy.minFaceWidth && f.sharpness >= policy.minSharpness && policy.brightness.contains(f.brightness)
                && abs(f.yaw) <= policy.maxFrontalYaw && abs(f.roll) <= policy.maxRoll
        }.sorted { $0.face!.sharpness > $1.face!.sharpness }.prefix(3)
        let clear = clearFrames.map { $0.face! }
        let distances = clear.map { FaceEngine.distance($0.descriptor, registry) }
        let enoughClear = clear.count == 3
        check("clear-frames", enoughClear, enoughClear ? "已采集三张清晰的正脸画面" : "未能采集到三张清晰的正脸画面：请正对镜头、保持光线充足、不要晃动",
              enoughClear ? "three clear frontal frames were found" : "three clear frontal frames were not found: face the camera, in good light, keeping still")
        let matched = enoughClear && distances.allSatisfy { $0 < policy.matchThreshold }
        check("match", matched, matched ? "与户籍照片比对一致" : (enoughClear ? "与户籍照片比对不一致，请本人办理" : "未能与户籍照片比对：没有足够清晰的正脸画面"),
              matched ? "the face matches the registry photo"
                  : (enoughClear ? "the face does not match the registry photo; the holder must apply in person"
                      : "the face could not be compared with the registry photo: too few clear frontal frames"))

        // One person throughout: every frame close to the clearest one.
        let anchor = clear.first ?? faces.first
        let same = anchor.map { a in faces.allSatisfy { FaceEngine.distance($0.descriptor, a.descriptor) < policy.matchThreshold } } ?? false
        check("same-person", same, same ? "全程为同一人" : (faces.isEmpty ? "画面中未检测到人脸" : "拍摄过程中出现了不同的人"),
              same ? "the same person throughout" : (faces.isEmpty ? "no face was seen in the frames" : "a different person appeared during the capture"))

        // The requested movements, in order, measured from the frontal baseline (the median of the first frames).
        let baseline = faces.prefix(3)
        let yaw0 = median(baseline.map(\.yaw)), pitch0 = median(baseline.map(\.pitch))
        // How far a face has gone in the direction of an action (≥ 1 once it has gone far enough).
        func reach(_ face: FaceObservation, _ action: LivenessAction) -> Double {
            switch action {
            case .turnLeft: (yaw0 - face.yaw) / policy.turn
            case .turnRight: (face.yaw - yaw0) / policy.turn
            case .raiseHead: (pitch0 - face.pitch) / policy.nod
            case .lowerHead: (face.pitch - pitch0) / policy.nod
            case .blink: 0
            }
        }
        let eyes0 = median(faces.prefix(3).compactMap(\.eyeOpenness)), ratio0 = median(faces.prefix(3).compactMap(\.faceRatio))
        func closed(_ face: FaceObservation) -> Bool {
            guard let eyes = face.eyeOpenness, let ratio = face.faceRatio, eyes0 > 0, ratio0 > 0 else { return false }
            return eyes <= (1 - policy.blinkDrop) * eyes0 && abs(ratio - ratio0) <= policy.blinkRatioTolerance * ratio0
        }
        func reopened(_ face: FaceObservation) -> Bool { (face.eyeOpenness ?? 0) >= policy.blinkRecovery * eyes0 && eyes0 > 0 }
        var from = 0
        var seenAll = !faces.isEmpty
        var movementFrames: [FaceFrame] = []
        for action in actions {
            if action == .blink {
                // Eyes closing with the face's shape steady, then opening again; no depth to judge in a blink.
                guard let shut = faces[min(from, faces.count)...].firstIndex(where: closed),
                      faces[(shut + 1)...].contains(where: reopened) else { seenAll = false; break }
                from = shut + 1
                continue
            }
            guard let found = faces[min(from, faces.count)...].firstIndex(where: { reach($0, action) >= 1 }) else { seenAll = false; break }
            // The movement at its furthest, while it lasts: the frame that shows its depth best.
            var furthest = found
            var next = found + 1
            while next < faces.count, reach(faces[next], action) >= 1 {
                if reach(faces[next], action) > reach(faces[furthest], action) { furthest = next }
                next += 1
            }
            movementFrames.append(seen[furthest])
            from = found + 1
        }
        let names = actions.map(\.instructionZh).joined(separator: "、")
        check("actions", seenAll, seenAll ? "已按顺序完成动作：\(names)" : "未按要求完成动作：\(names)。照片或屏幕翻拍无法完成转头、点头",
              seenAll ? "the requested movements were seen in order" : "the requested movements were not seen in order (a photo or a screen cannot turn or nod)")

        // A real head: each movement's frame is not the frontal frame's picture turned or tilted as one plane.
        let anchorFrame = clearFrames.first ?? seen.first
        let fits = anchorFrame.map { a in movementFrames.map { flatness(a, $0) } } ?? []
        let deep = seenAll && (!fits.isEmpty || !actions.contains { $0 != .blink }) && fits.allSatisfy { ($0 ?? 1) < policy.maxFlatFit }
        check("depth", deep, deep ? "动作呈现真实的立体人脸" : (seenAll ? "动作画面像一张被倾斜或转动的平面照片，请本人正对摄像头现场完成动作" : "未检测到动作，无法确认为真人现场操作"),
              deep ? "the movements show a real, three-dimensional face"
                  : (seenAll ? "the movement looks like a flat picture being tilted or turned; do the movements yourself, live, in front of the camera"
                      : "no movement was seen, so a live person could not be confirmed"))
        return FaceVerdict(checks: checks, distances: distances, flatFits: fits.map { $0 ?? 1 })
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }
}
