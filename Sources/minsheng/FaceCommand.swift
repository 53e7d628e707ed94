import ArgumentParser
import Foundation
import MinshengFace

/// Operators' tools for the face engine: what it sees in an image, and how far apart two faces are — for calibrating
/// the match threshold on a deployment's own photos.
struct FaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "face", abstract: "Face engine tools.", subcommands: [Check.self, Compare.self])

    /// The decision's match threshold, so the tool and the platform agree.
    static let threshold = FaceDecisionPolicy().matchThreshold

    static func engine(_ models: String?) throws -> FaceEngine {
        let directory = models ?? ProcessInfo.processInfo.environment["MINSHENG_MODELS_DIR"] ?? FileManager.default.currentDirectoryPath + "/var/models"
        do {
            return try FaceEngine(modelsDirectory: directory)
        } catch {
            printErr("\(error.reasonEn) (\(error)); run scripts/fetch-models.sh")
            throw ExitCode(2)
        }
    }

    static func analyze(_ path: String, with engine: FaceEngine) throws -> FaceAnalysis {
        guard let data = FileManager.default.contents(atPath: path) else {
            printErr("\(path): cannot be read")
            throw ExitCode(2)
        }
        do {
            return try engine.analyze(data)
        } catch {
            printErr("\(path): \(error.reasonEn)")
            throw ExitCode(2)
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print each face found in an image with its box and quality.")
        @Argument(help: "A JPEG or PNG file.") var image: String
        @ArgumentParser.Option(help: "The folder with the face models (default MINSHENG_MODELS_DIR or ./var/models).") var models: String?

        func run() async throws {
            let engine = try FaceCommand.engine(models)
            let analysis = try FaceCommand.analyze(image, with: engine)
            print("image=\(image) size=\(analysis.width)x\(analysis.height) faces=\(analysis.faceCount)")
            for (n, face) in analysis.faces.enumerated() {
                print(String(format: "face=%d box=(%d,%d)-(%d,%d) size=%dx%d inside=%@ sharpness=%.1f brightness=%.1f roll=%.1f yaw=%.3f pitch=%.3f",
                             n + 1, face.left, face.top, face.right, face.bottom, face.width, face.height, analysis.isInside(face) ? "yes" : "no",
                             face.sharpness, face.brightness, face.roll, face.yaw, face.pitch))
            }
        }
    }

    struct Compare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the distance between the largest faces of two images and whether they match.",
            discussion: "Exits 0 with `distance=D decision=match|no-match`, or 2 with the reason when an image has no usable face."
        )
        @Argument(help: "The first image.") var first: String
        @Argument(help: "The second image.") var second: String
        @ArgumentParser.Option(help: "The match threshold.") var threshold = FaceCommand.threshold
        @ArgumentParser.Option(help: "The folder with the face models (default MINSHENG_MODELS_DIR or ./var/models).") var models: String?

        func run() async throws {
            let engine = try FaceCommand.engine(models)
            var faces: [FaceObservation] = []
            for path in [first, second] {
                let analysis = try FaceCommand.analyze(path, with: engine)
                guard let face = analysis.faces.first else {
                    printErr("\(path): no face found")
                    throw ExitCode(2)
                }
                faces.append(face)
            }
            let distance = faces[0].distance(to: faces[1])
            print(String(format: "distance=%.4f decision=%@", distance, distance < threshold ? "match" : "no-match"))
        }
    }
}
