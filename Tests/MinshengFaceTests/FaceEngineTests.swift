import Foundation
import MinshengFace
import Testing

/// dlib on the fixture photos (see Fixtures/README.md for their sources and the reference distances they give).
@Suite("Face detection, description and distance")
struct FaceEngineTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let models = ProcessInfo.processInfo.environment["MINSHENG_MODELS_DIR"] ?? root.appendingPathComponent("var/models").path
    static let engine: FaceEngine? = try? FaceEngine(modelsDirectory: models)

    func engine() throws -> FaceEngine {
        try #require(Self.engine, "face models missing in \(Self.models): run scripts/fetch-models.sh (make test does)")
    }

    func fixture(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        return try Data(contentsOf: url)
    }

    func face(_ name: String) throws -> FaceObservation {
        let analysis = try engine().analyze(try fixture(name))
        return try #require(analysis.faces.first, "no face in \(name)")
    }

    @Test("the same person is under 0.6 and different people are over it (with a margin on the reference values)")
    func sameAndDifferent() throws {
        let obama = try face("obama_1.jpg")
        #expect(obama.distance(to: try face("obama_2.jpg")) < 0.55)
        #expect(obama.distance(to: try face("obama_3.jpg")) < 0.55)
        #expect(obama.distance(to: try face("obama_1_small.jpg")) < 0.2)
        #expect(try face("alex_lacamoire_1.jpg").distance(to: try face("alex_lacamoire_2.png")) < 0.59)
        #expect(try face("biden_1.jpg").distance(to: try face("biden_2.jpg")) < 0.55)
        for other in ["biden_1.jpg", "kit_harington_1.jpg", "rose_leslie_1.jpg", "alex_lacamoire_1.jpg"] {
            #expect(obama.distance(to: try face(other)) > 0.7, "obama vs \(other)")
        }
        #expect(obama.descriptor.count == 128)
    }

    @Test("with the optional 68-point model (Debian's libdlib-data) the eyes' openness and the face's ratio are measured; without it they are absent")
    func blinkMeasures() throws {
        let shipped = "/usr/share/dlib/\(FaceEngine.blinkModelFile)"
        try #require(FileManager.default.fileExists(atPath: shipped), "\(shipped) missing: scripts/setup.sh --test installs libdlib-data")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("minsheng-models-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for file in FaceEngine.modelFiles {
            try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent(file).path, withDestinationPath: "\(Self.models)/\(file)")
        }
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent(FaceEngine.blinkModelFile).path, withDestinationPath: shipped)
        let with68 = try FaceEngine(modelsDirectory: folder.path)
        #expect(with68.measuresBlinks)
        let measured = try #require(try with68.analyze(try fixture("obama_1.jpg")).faces.first)
        let eyes = try #require(measured.eyeOpenness), ratio = try #require(measured.faceRatio)
        #expect((0.15...0.45).contains(eyes), "eyes \(eyes)")
        #expect((0.7...1.6).contains(ratio), "ratio \(ratio)")
        #expect(try engine().measuresBlinks == false)
        #expect(try face("obama_1.jpg").eyeOpenness == nil)
    }

    @Test("faces are counted; a dog photo has none; a face cut by the edge runs outside the image")
    func counts() throws {
        #expect(try engine().analyze(try fixture("two_people.jpg")).faceCount == 2)
        #expect(try engine().analyze(try fixture("no_face_dogs.jpg")).faceCount == 0)
        let partial = try engine().analyze(try fixture("obama_partial_face.jpg"))
        let face = try #require(partial.faces.first)
        #expect(!partial.isInside(face))
        #expect(face.distance(to: try self.face("obama_1.jpg")) < 0.4)
    }

    @Test("quality: size, sharpness, brightness and a frontal pose are measured")
    func quality() throws {
        let analysis = try engine().analyze(try fixture("obama_1.jpg"))
        let face = try #require(analysis.faces.first)
        #expect(max(analysis.width, analysis.height) <= 640)
        #expect(face.width > 80)
        #expect(face.sharpness > 10)
        #expect((40...220).contains(face.brightness))
        #expect(abs(face.roll) < 15 && abs(face.yaw) < 0.3)
        #expect(face.landmarks.count == 10)
    }

    @Test("hostile or broken input is an error, never a crash")
    func hostile() throws {
        let engine = try engine()
        var good = try fixture("obama_1.jpg")
        #expect(throws: FaceError.unreadableImage) { try engine.analyze(Data()) }
        #expect(throws: FaceError.unreadableImage) { try engine.analyze(Data("GIF89a".utf8)) }
        #expect(throws: FaceError.unreadableImage) { try engine.analyze(good.prefix(300)) }
        // A PNG header claiming 100 000 × 100 000 pixels is refused before decoding.
        var bomb = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
        bomb.append(Data("IHDR".utf8))
        bomb.append(Data([0x00, 0x01, 0x86, 0xA0, 0x00, 0x01, 0x86, 0xA0, 8, 2, 0, 0, 0]))
        #expect(throws: FaceError.imageTooLarge) { try engine.analyze(bomb) }
        // Random corruption of the body: an error or a result, whatever dlib makes of it — never a crash.
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<10 {
            var broken = good
            for _ in 0..<20 {
                let at = Int.random(in: 200..<broken.count, using: &rng)
                broken[at] = UInt8.random(in: 0...255, using: &rng)
            }
            _ = try? engine.analyze(broken)
            broken = broken.prefix(Int.random(in: 100..<broken.count, using: &rng))
            _ = try? engine.analyze(broken)
        }
        good = try fixture("alex_lacamoire_2.png")
        for cut in [40, 1000, good.count / 2] { _ = try? engine.analyze(good.prefix(cut)) }
    }

    @Test("EXIF orientation is read from the header in both byte orders")
    func exif() throws {
        // A minimal JPEG header: SOI, APP1 Exif (big-endian, orientation 6), SOF0 640×480.
        func jpeg(little: Bool) -> Data {
            var tiff: [UInt8] = little ? [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0]
                : [0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]
            tiff = [0x45, 0x78, 0x69, 0x66, 0, 0] + tiff
            var bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE1, UInt8((tiff.count + 2) >> 8), UInt8((tiff.count + 2) & 0xFF)] + tiff
            bytes += [0xFF, 0xC0, 0x00, 0x11, 8, 0x01, 0xE0, 0x02, 0x80, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]
            return Data(bytes)
        }
        for little in [true, false] {
            let image = try FaceImage(jpeg(little: little))
            #expect(image.orientation == 6)
            #expect(image.width == 640 && image.height == 480)
        }
    }
}
