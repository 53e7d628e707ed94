import Crypto
import MinshengCore
import MinshengFace
import MinshengStore
import Vapor

/// Real-person authentication (实人认证): a challenge of two random movements, answered with the frames the camera
/// took; the decision matches three clear frames against the registry photo and checks the movements. A pass raises
/// the account to L3. Frames are analysed in memory and discarded; only scores and the outcome are kept, in the audit.
struct FaceController: RouteCollection {
    /// Decoded frames per answer, in all.
    static let maxFrameBytes = 10 * 1024 * 1024
    static let bodyLimit: ByteCount = "15mb"

    func boot(routes: any RoutesBuilder) throws {
        let face = routes.grouped("api", "v1", "identity", "face", "challenges")
        face.post(use: issue)
        face.upload(limit: Self.bodyLimit, from: .citizen(.l2)).on(.POST, ":challengeID", "frames", body: .collect(maxSize: Self.bodyLimit), use: answer)
        routes.post("api", "v1", "officer", "residents", ":residentID", "face-unlock", use: unlock)
    }

    struct ActionDTO: Content {
        var code: String
        var instructionZh: String
        var instructionEn: String
    }

    struct ChallengeDTO: Content {
        var id: UUID
        var actions: [ActionDTO]
        var expiresAt: Date
        var minFrames: Int
        var maxFrames: Int
        var maxBytes: Int
    }

    struct FrameBody: Decodable, Sendable {
        var millis: Double
        var image: String
    }

    struct AnswerBody: StrictBody {
        static let fields: Set<String> = ["frames"]
        var frames: [FrameBody]
    }

    struct VerdictDTO: Content {
        var passed: Bool
        var level: String
        var checks: [FaceCheck]
        var distances: [Double]
    }

    static let unavailable = Problem(.serviceUnavailable, slug: "face-unavailable", zh: "人脸识别服务暂不可用，请稍后再试或到窗口核验",
                                     en: "Face authentication is not available now; try later or verify at a counter")

    /// The citizen's registry record with a photo, face authentication not locked.
    static func subject(_ account: CitizenAccount, on req: Request) async throws -> Resident {
        guard req.services.faces.modelsPresent else { throw unavailable }
        guard let residentID = account.residentID, let resident = try await req.services.registry.resident(id: residentID, on: req.db) else {
            throw Problem.levelRequired(AssuranceLevel.l2.code)
        }
        guard resident.hasPhoto else {
            throw Problem(.unprocessableEntity, slug: "no-registry-photo", zh: "户籍信息中没有您的证件照片，请到窗口核验",
                          en: "The registry holds no ID photo of you; verify at a counter")
        }
        if try await req.services.faceRecords.isLocked(accountID: account.id, residentID: resident.id, on: req.db) { throw locked }
        return resident
    }

    static let locked = Problem(.tooManyRequests, slug: "face-locked", zh: "今日人脸认证失败次数过多，已锁定 24 小时；可到窗口由民警核验后解锁",
                                en: "Too many failed attempts today: face authentication is locked for 24 hours; an officer can unlock it at a counter")

    func issue(req: Request) async throws -> Response {
        let account = try await req.requireCitizen(level: .l2)
        let resident = try await Self.subject(account, on: req)
        var generator = SystemRandomNumberGenerator()
        let actions = LivenessAction.draw(blinkAvailable: req.services.faces.blinkAvailable, using: &generator)
        let challenge = try await req.services.faceRecords.issue(accountID: account.id, residentID: resident.id, actions: actions.map(\.rawValue), on: req.db)
        let policy = FaceDecisionPolicy()
        let dto = ChallengeDTO(id: challenge.id, actions: actions.map { ActionDTO(code: $0.rawValue, instructionZh: $0.instructionZh, instructionEn: $0.instructionEn) },
                               expiresAt: challenge.expiresAt, minFrames: policy.minFrames, maxFrames: policy.maxFrames, maxBytes: Self.maxFrameBytes)
        return try await dto.encodeResponse(status: .created, for: req)
    }

    func answer(req: Request) async throws -> VerdictDTO {
        let account = try await req.requireCitizen(level: .l2)
        let id = try OfficerController.uuidParameter("challengeID", req)
        guard let challenge = try await req.services.faceRecords.challenge(id: id, accountID: account.id, on: req.db) else {
            throw Problem(.notFound, slug: "challenge-not-found", zh: "未找到该认证请求", en: "No such challenge")
        }
        let resident = try await Self.subject(account, on: req)
        // Check the frames' shape before taking the challenge: a malformed request does not use it up.
        let body = try req.strictBody(AnswerBody.self, maxBytes: 15 * 1024 * 1024)
        let policy = FaceDecisionPolicy()
        guard (1...policy.maxFrames).contains(body.frames.count) else {
            throw Problem.validation([FieldProblem(field: "frames", reasonZh: "请发送 \(policy.minFrames)–\(policy.maxFrames) 帧", reasonEn: "send \(policy.minFrames)–\(policy.maxFrames) frames")])
        }
        var images: [(Double, Data)] = []
        var total = 0
        for (n, frame) in body.frames.enumerated() {
            guard let data = Data(base64Encoded: frame.image), (try? FaceImage(data))?.format == .jpeg else {
                throw Problem.validation([FieldProblem(field: "frames[\(n)].image", reasonZh: "须为 Base64 编码的 JPEG 图像", reasonEn: "must be a base64 JPEG image")])
            }
            total += data.count
            images.append((frame.millis, data))
        }
        guard total <= Self.maxFrameBytes else {
            throw Problem(.payloadTooLarge, slug: "frames-too-large", zh: "画面总大小超过 10 MB", en: "the frames exceed 10 MB in all")
        }
        let pool = req.services.faces
        // The registry photo's descriptor: computed once, then kept sealed.
        guard let photo = try await req.services.registry.photo(residentID: resident.id, on: req.db) else { throw Self.unavailable }
        let registry: [Float]
        if let cached = try await req.services.faceRecords.cachedTemplate(residentID: resident.id, photo: photo, on: req.db) {
            registry = cached
        } else {
            guard let face = (try? await pool.analyze(photo))?.faces.first else {
                throw Problem(.unprocessableEntity, slug: "registry-photo-unusable", zh: "户籍照片无法用于比对，请到窗口核验",
                              en: "The registry photo cannot be used for matching; verify at a counter")
            }
            registry = face.descriptor
            try await req.services.faceRecords.saveTemplate(residentID: resident.id, photo: photo, descriptor: registry, on: req.db)
        }
        switch try await req.services.faceRecords.take(id: challenge.id, accountID: account.id, residentID: resident.id, on: req.db) {
        case .taken: break
        case .locked: throw Self.locked
        case .used:
            throw Problem(.conflict, slug: "challenge-used", zh: "该认证请求已使用或已过期，请重新开始", en: "This challenge was already answered or has expired; start again")
        }
        // Every frame analysed at once across the pool's engines (one per core), then put back in order.
        let frames = await withTaskGroup(of: (Int, FaceFrame).self) { group in
            for (n, (millis, data)) in images.enumerated() {
                group.addTask {
                    let analysis = try? await pool.analyze(data, upsample: false)
                    return (n, FaceFrame(millis: millis, digest: Data(SHA256.hash(data: data)).hexString, analysis: analysis))
                }
            }
            var analysed: [(Int, FaceFrame)] = []
            for await frame in group { analysed.append(frame) }
            return analysed.sorted { $0.0 < $1.0 }.map(\.1)
        }
        let actions = challenge.actions.compactMap(LivenessAction.init(rawValue:))
        let verdict = FaceDecision.decide(frames: frames, registry: registry, actions: actions, policy: policy)
        var scores = ["distances": verdict.distances.map { String(format: "%.3f", $0) }.joined(separator: ","), "frames": String(frames.count),
                      "flatFits": verdict.flatFits.map { String(format: "%.3f", $0) }.joined(separator: ",")]
        scores["failed"] = verdict.checks.filter { !$0.passed }.map(\.id).joined(separator: ",")
        try await req.services.faceRecords.record(challengeID: challenge.id, accountID: account.id, residentID: resident.id,
                                                  passed: verdict.passed, scores: scores, on: req.db)
        return VerdictDTO(passed: verdict.passed, level: verdict.passed ? "L3" : account.level.code, checks: verdict.checks, distances: verdict.distances)
    }

    struct UnlockBody: StrictBody {
        static let fields: Set<String> = ["purpose"]
        var purpose: String
    }

    /// An officer of the person's jurisdiction clears the lock after checking them in person (audited).
    func unlock(req: Request) async throws -> HTTPStatus {
        let officer = try await req.requireOfficer(anyOf: OfficerRole.casework)
        let body = try req.strictBody(UnlockBody.self)
        let resident = try await OfficerAccess.read(residentID: try OfficerController.uuidParameter("residentID", req), purpose: body.purpose,
                                                    officer: officer, on: req)
        try await req.services.faceRecords.unlock(residentID: resident.id, officer: officer.principal, purpose: body.purpose, on: req.db)
        return .noContent
    }
}
