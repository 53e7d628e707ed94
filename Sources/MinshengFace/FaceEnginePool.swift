import Foundation

/// One engine per core, loaded on first use; each call borrows a free engine (dlib's network is not thread-safe).
public actor FaceEnginePool {
    public let modelsDirectory: String
    public let size: Int
    private var idle: [FaceEngine] = []
    private var created = 0
    private var waiters: [CheckedContinuation<FaceEngine, Never>] = []

    public init(modelsDirectory: String, size: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.modelsDirectory = modelsDirectory
        self.size = max(1, size)
    }

    /// Whether the model files are present (the server answers 503 for face authentication without them).
    public nonisolated var modelsPresent: Bool {
        FaceEngine.modelFiles.allSatisfy { FileManager.default.fileExists(atPath: "\(modelsDirectory)/\($0)") }
    }

    /// Whether the optional 68-point model is there, so that blinking can be asked for.
    public nonisolated var blinkAvailable: Bool {
        FileManager.default.fileExists(atPath: "\(modelsDirectory)/\(FaceEngine.blinkModelFile)")
    }

    private func borrow() async throws(FaceError) -> FaceEngine {
        if let engine = idle.popLast() { return engine }
        if created < size {
            created += 1
            do {
                return try FaceEngine(modelsDirectory: modelsDirectory)
            } catch {
                created -= 1
                throw error
            }
        }
        return await withCheckedContinuation { waiters.append($0) }
    }

    private func giveBack(_ engine: FaceEngine) {
        if waiters.isEmpty { idle.append(engine) } else { waiters.removeFirst().resume(returning: engine) }
    }

    /// Analyses an image on a free engine, off the caller's thread.
    public func analyze(_ data: Data, maxSide: Int = 640, upsample: Bool = true) async throws(FaceError) -> FaceAnalysis {
        let engine = try await borrow()
        let result: Result<FaceAnalysis, FaceError> = await Task.detached {
            do throws(FaceError) { return .success(try engine.analyze(data, maxSide: maxSide, upsample: upsample)) } catch { return .failure(error) }
        }.value
        giveBack(engine)
        return try result.get()
    }
}
