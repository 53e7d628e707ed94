import Foundation
import MinshengFace
import Testing

/// Attacks built from the fixture photos, through the real engine: a print of obama_2 turned, tilted and stretched in
/// perspective to fake each movement (Fixtures/warped, made by scripts/make-face-warps.py), the same picture sent
/// twice under other bytes, and another person swapped in — each failing its own check while the others pass.
@Suite("Face attacks from the fixtures")
struct FaceSpoofTests {
    static let engine = FaceEngineTests.engine

    func engine() throws -> FaceEngine {
        try #require(Self.engine, "face models missing in \(FaceEngineTests.models): run scripts/fetch-models.sh (make test does)")
    }

    func fixture(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        return try Data(contentsOf: url)
    }

    /// A frame as the API makes it: analysed without upsampling, with its digest and crop.
    func frame(_ name: String, _ n: Int, data: Data? = nil) throws -> FaceFrame {
        let bytes = try data ?? fixture(name)
        let analysis = try engine().analyze(bytes, upsample: false)
        try #require(analysis.faces.first != nil, "no face in \(name)")
        return FaceFrame(millis: Double(n) * 350 + 100, digest: "\(name)#\(bytes.count)#\(bytes.hashValue)", analysis: analysis)
    }

    func registry() throws -> [Float] { try #require(try engine().analyze(try fixture("obama_1.jpg")).faces.first).descriptor }

    /// Three frontal stills, then the fakes of the two movements, then frontal again.
    func printAttack(_ moves: [String]) throws -> [FaceFrame] {
        let names = ["warped/still_1.jpg", "warped/still_2.jpg", "warped/still_3.jpg"] + moves.map { "warped/\($0).jpg" } + ["warped/still_4.jpg"]
        return try names.enumerated().map { n, name in try frame(name, n) }
    }

    func failed(_ verdict: FaceVerdict) -> [String] { verdict.checks.filter { !$0.passed }.map(\.id) }

    @Test("one plane explains a print turned, tilted or stretched (≥ 0.5); other photos of the same people, real heads in other poses, are far below")
    func flatFitSeparates() throws {
        let still = try #require(try engine().analyze(try fixture("warped/still_1.jpg"), upsample: false).crop)
        for warp in ["still_2", "still_3", "turn_left", "turn_right", "raise_head", "lower_head"] {
            let crop = try #require(try engine().analyze(try fixture("warped/\(warp).jpg"), upsample: false).crop)
            let fit = try #require(still.flatFit(to: crop))
            #expect(fit >= 0.55, "\(warp): \(fit)")
        }
        let pairs = [("obama_1.jpg", "obama_2.jpg"), ("obama_2.jpg", "obama_3.jpg"), ("kit_harington_1.jpg", "kit_harington_2.jpg"),
                     ("rose_leslie_1.jpg", "rose_leslie_2.jpg"), ("alex_lacamoire_1.jpg", "alex_lacamoire_2.png"), ("biden_1.jpg", "biden_2.jpg")]
        for (a, b) in pairs {
            let ca = try #require(try engine().analyze(try fixture(a), upsample: false).crop)
            let cb = try #require(try engine().analyze(try fixture(b), upsample: false).crop)
            let fit = try #require(ca.flatFit(to: cb))
            #expect(fit < 0.4, "\(a) → \(b): \(fit)")
        }
        // Garbage crops never crash: no fit, or a low one.
        let noise = FaceCrop(pixels: (0..<(FaceCrop.side * FaceCrop.side)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }, landmarks: Array(repeating: 60, count: 10))
        #expect((still.flatFit(to: noise) ?? -1) < 0.5)
        #expect(still.flatFit(to: FaceCrop(pixels: [1, 2, 3], landmarks: [])) == nil)
    }

    @Test("a print moved to fake the movements matches the registry photo and shows the movements, but fails the depth check",
          arguments: [[LivenessAction.turnLeft, .raiseHead], [.turnRight, .lowerHead], [.raiseHead, .turnRight], [.lowerHead, .turnLeft]])
    func printFakesMovements(actions: [LivenessAction]) throws {
        let moves = actions.map { $0.rawValue.replacingOccurrences(of: "-", with: "_") }
        let verdict = FaceDecision.decide(frames: try printAttack(moves), registry: try registry(), actions: actions)
        #expect(failed(verdict) == ["depth"], "\(verdict.checks.filter { !$0.passed }) fits \(verdict.flatFits)")
        #expect(verdict.distances.count == 3 && verdict.distances.allSatisfy { $0 < 0.6 })
        #expect(verdict.flatFits.count == 2 && verdict.flatFits.allSatisfy { $0 >= 0.5 })
    }

    @Test("the same picture sent twice under other bytes is a replay; another person swapped in is caught")
    func replayAndSwap() throws {
        let photo = try fixture("warped/still_1.jpg")
        var rewrapped = Data(photo.prefix(2))
        rewrapped.append(contentsOf: [0xFF, 0xFE, 0x00, 0x07] + Array("again".utf8))
        rewrapped.append(photo.dropFirst(2))
        var frames = try printAttack(["turn_left", "raise_head"])
        frames.insert(try frame("warped/still_1.jpg", 9, data: rewrapped), at: 5)
        for i in frames.indices { frames[i].millis = Double(i) * 350 + 100 }
        let replay = FaceDecision.decide(frames: frames, registry: try registry(), actions: [.turnLeft, .raiseHead])
        #expect(failed(replay).contains("no-repeats"), "\(failed(replay))")

        var swapped = try printAttack(["turn_left", "raise_head"])
        swapped.append(try frame("biden_1.jpg", swapped.count))
        swapped.append(try frame("biden_2.jpg", swapped.count))
        let verdict = FaceDecision.decide(frames: swapped, registry: try registry(), actions: [.turnLeft, .raiseHead])
        #expect(failed(verdict).contains("same-person"), "\(failed(verdict))")
    }
}
