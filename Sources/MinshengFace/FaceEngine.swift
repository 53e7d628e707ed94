import CDlibFace
import Foundation

/// A face found in an image, with its quality measures and its 128-dimensional descriptor.
public struct FaceObservation: Sendable, Hashable {
    /// Box in the analysed image's pixels (after orientation and downscaling); may run outside the image.
    public var left: Int, top: Int, right: Int, bottom: Int
    /// dlib's five landmarks (x, y).
    public var landmarks: [Double]
    public var sharpness: Double
    public var brightness: Double
    public var roll: Double
    public var yaw: Double
    public var pitch: Double
    public var descriptor: [Float]
    /// With the optional 68-point model: the eyes' aspect ratio (open ≈ 0.25–0.35) and the face's height over width.
    public var eyeOpenness: Double?
    public var faceRatio: Double?

    public init(left: Int, top: Int, right: Int, bottom: Int, landmarks: [Double], sharpness: Double, brightness: Double,
                roll: Double, yaw: Double, pitch: Double, descriptor: [Float], eyeOpenness: Double? = nil, faceRatio: Double? = nil) {
        self.eyeOpenness = eyeOpenness
        self.faceRatio = faceRatio
        self.left = left
        self.top = top
        self.right = right
        self.bottom = bottom
        self.landmarks = landmarks
        self.sharpness = sharpness
        self.brightness = brightness
        self.roll = roll
        self.yaw = yaw
        self.pitch = pitch
        self.descriptor = descriptor
    }

    public var width: Int { right - left + 1 }
    public var height: Int { bottom - top + 1 }

    /// Euclidean distance between descriptors: under 0.6 is taken as the same person (dlib's threshold).
    public func distance(to other: FaceObservation) -> Double { FaceEngine.distance(descriptor, other.descriptor) }
}

/// The largest face's surroundings in grey, kept in memory for the flat-picture check (never stored): a square of
/// `FaceCrop.side`² pixels covering 1.5× the face box, with the 5 landmarks in its pixels.
public struct FaceCrop: Sendable, Hashable {
    public static let side = Int(MF_CROP_SIDE)
    public var pixels: [UInt8]
    public var landmarks: [Float]

    public init(pixels: [UInt8], landmarks: [Float]) {
        self.pixels = pixels
        self.landmarks = landmarks
    }

    /// How well one plane moved in space explains the change from this crop to `other`: the lowest correlation of the
    /// face's textured cells after the best homography (1 = a flat picture; a real head's parallax drives it down).
    /// Nil when no fit is possible.
    public func flatFit(to other: FaceCrop) -> Double? {
        guard pixels.count == Self.side * Self.side, other.pixels.count == pixels.count, landmarks.count == 10, other.landmarks.count == 10 else { return nil }
        let fit = pixels.withUnsafeBufferPointer { a in
            other.pixels.withUnsafeBufferPointer { b in
                landmarks.withUnsafeBufferPointer { la in
                    other.landmarks.withUnsafeBufferPointer { lb in mf_flat_fit(a.baseAddress, la.baseAddress, b.baseAddress, lb.baseAddress) }
                }
            }
        }
        return fit < -0.999 ? nil : Double(fit)
    }

    /// Mean absolute difference of the grey levels: 0 for the same picture sent twice, whatever its bytes.
    public func meanDifference(to other: FaceCrop) -> Double {
        guard pixels.count == other.pixels.count, !pixels.isEmpty else { return .infinity }
        var sum = 0
        for i in pixels.indices { sum += abs(Int(pixels[i]) - Int(other.pixels[i])) }
        return Double(sum) / Double(pixels.count)
    }
}

/// The analysis of one image.
public struct FaceAnalysis: Sendable {
    public var width: Int
    public var height: Int
    /// Faces, largest first (at most eight described).
    public var faces: [FaceObservation]
    /// All faces the detector found, described or not.
    public var faceCount: Int
    /// The largest face's surroundings (nil without a face).
    public var crop: FaceCrop?

    /// Whether a face's box lies entirely inside the image.
    public func isInside(_ face: FaceObservation) -> Bool {
        face.left >= 0 && face.top >= 0 && face.right < width && face.bottom < height
    }
}

/// dlib's detector, aligner and recognition network. One engine serialises its calls (dlib's network is not
/// thread-safe); keep one per core for parallel work (`FaceEnginePool`).
public final class FaceEngine: @unchecked Sendable {
    public static let modelFiles = ["shape_predictor_5_face_landmarks.dat", "dlib_face_recognition_resnet_model_v1.dat"]
    /// The optional 68-point model, used when it is in the models folder (it enables the blink action). Not fetched:
    /// upstream restricts it to non-commercial use; Debian's libdlib-data ships it in /usr/share/dlib.
    public static let blinkModelFile = "shape_predictor_68_face_landmarks.dat"

    /// Whether this engine measures blinks (the 68-point model was found and loaded).
    public let measuresBlinks: Bool

    private let handle: OpaquePointer
    private let lock = NSLock()

    /// Loads the models from `directory`; throws `.modelsUnavailable` naming what is missing.
    public init(modelsDirectory directory: String) throws(FaceError) {
        for file in Self.modelFiles where !FileManager.default.fileExists(atPath: "\(directory)/\(file)") {
            throw .modelsUnavailable("\(directory)/\(file) is missing")
        }
        var engine: OpaquePointer?
        let code = mf_engine_create(directory, &engine)
        guard code == MF_OK, let engine else { throw .modelsUnavailable("the models in \(directory) could not be loaded (code \(code))") }
        handle = engine
        let blink = "\(directory)/\(Self.blinkModelFile)"
        measuresBlinks = FileManager.default.fileExists(atPath: blink) && mf_engine_load_landmarks68(engine, blink) == MF_OK
    }

    deinit { mf_engine_destroy(handle) }

    /// Analyses a JPEG or PNG: EXIF orientation applied, scaled to at most `maxSide` on the long side, faces detected,
    /// aligned and described. Never crashes on hostile input: every failure is a `FaceError`.
    public func analyze(_ data: Data, maxSide: Int = 640, upsample: Bool = true) throws(FaceError) -> FaceAnalysis {
        let image = try FaceImage(data)
        var result = mf_result()
        var pixels = [UInt8](repeating: 0, count: FaceCrop.side * FaceCrop.side)
        let code: Int32 = data.withUnsafeBytes { raw -> Int32 in
            guard let base = raw.bindMemory(to: UInt8.self).baseAddress else { return Int32(MF_ERR_ARGUMENT) }
            return pixels.withUnsafeMutableBufferPointer { crop in
                lock.lock()
                defer { lock.unlock() }
                return mf_analyze(handle, base, raw.count, image.format == .jpeg ? Int32(MF_FORMAT_JPEG) : Int32(MF_FORMAT_PNG),
                                  Int32(image.orientation), Int32(maxSide), upsample ? 1 : 0, &result, crop.baseAddress)
            }
        }
        switch Int(code) {
        case Int(MF_OK): break
        case Int(MF_ERR_DECODE), Int(MF_ERR_ARGUMENT): throw .unreadableImage
        default: throw .internalFailure
        }
        let described = min(Int(result.face_count), Int(MF_MAX_FACES))
        var faces: [FaceObservation] = []
        withUnsafeBytes(of: &result.faces) { raw in
            let all = raw.bindMemory(to: mf_face.self)
            for i in 0..<described {
                var face = all[i]
                let landmarks = withUnsafeBytes(of: &face.landmarks) { Array($0.bindMemory(to: Float.self)).map(Double.init) }
                let descriptor = withUnsafeBytes(of: &face.descriptor) { Array($0.bindMemory(to: Float.self)) }
                faces.append(FaceObservation(
                    left: Int(face.left), top: Int(face.top), right: Int(face.right), bottom: Int(face.bottom), landmarks: landmarks,
                    sharpness: Double(face.sharpness), brightness: Double(face.brightness), roll: Double(face.roll), yaw: Double(face.yaw),
                    pitch: Double(face.pitch), descriptor: descriptor,
                    eyeOpenness: face.eye_openness > 0 ? Double(face.eye_openness) : nil, faceRatio: face.face_ratio > 0 ? Double(face.face_ratio) : nil))
            }
        }
        var crop: FaceCrop?
        if !faces.isEmpty {
            let landmarks = withUnsafeBytes(of: &result.crop_landmarks) { Array($0.bindMemory(to: Float.self)) }
            crop = FaceCrop(pixels: pixels, landmarks: landmarks)
        }
        return FaceAnalysis(width: Int(result.width), height: Int(result.height), faces: faces, faceCount: Int(result.face_count), crop: crop)
    }

    public static func distance(_ a: [Float], _ b: [Float]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return .infinity }
        var sum: Float = 0
        for i in a.indices { let d = a[i] - b[i]; sum += d * d }
        return Double(sum.squareRoot())
    }
}
