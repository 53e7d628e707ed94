// minsheng-face-bench: the face pipeline's speed, memory and accuracy on the fixture photos, for BENCHMARKS.md.
// Run by scripts/bench-face.sh (release build) beside the plain C++ floor over the same dlib calls.
// Usage: minsheng-face-bench MODELS_DIR FIXTURES_DIR [ROUNDS]
import Foundation
import MinshengFace

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

func peakMemoryMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kb / 1024
}

func millis(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: minsheng-face-bench MODELS_DIR FIXTURES_DIR [ROUNDS]\n".utf8))
    exit(2)
}
let models = arguments[1], fixtures = URL(fileURLWithPath: arguments[2])
let rounds = arguments.count > 3 ? Int(arguments[3]) ?? 20 : 20
let engine: FaceEngine
do { engine = try FaceEngine(modelsDirectory: models) } catch {
    FileHandle.standardError.write(Data("\(error.reasonEn)\n".utf8))
    exit(2)
}
func load(_ name: String) -> Data { (try? Data(contentsOf: fixtures.appendingPathComponent(name))) ?? Data() }

// 1. One frame: decode, detect (no upsampling, as for the frames of an answer), align, describe — per image.
let frameImages = ["obama_1.jpg", "obama_2.jpg", "biden_1.jpg", "kit_harington_2.jpg", "rose_leslie_2.jpg", "alex_lacamoire_1.jpg",
                   "warped/still_1.jpg", "warped/turn_left.jpg"]
var all: [Double] = []
for name in frameImages {
    let data = load(name)
    var times: [Double] = []
    for _ in 0..<rounds { times.append(millis { _ = try? engine.analyze(data, upsample: false) }) }
    all += times
    print(String(format: "frame %@ median_ms=%.2f p99_ms=%.2f", name, percentile(times, 0.5), percentile(times, 0.99)))
}
print(String(format: "frame ALL frames=%d median_ms=%.2f p99_ms=%.2f", all.count, percentile(all, 0.5), percentile(all, 0.99)))

// 2. The decision as the API makes it: a registry descriptor, an answer of frames analysed, the pure decision with
// its depth fits. Three frames (the matching part alone) and a whole six-frame answer.
let registry = (try? engine.analyze(load("obama_1.jpg")))?.faces.first?.descriptor ?? []
let answer = ["warped/still_1.jpg", "warped/still_2.jpg", "warped/still_3.jpg", "warped/turn_left.jpg", "warped/raise_head.jpg", "warped/still_4.jpg"].map(load)
func frames(_ images: [Data]) -> [FaceFrame] {
    images.enumerated().map { n, data in FaceFrame(millis: Double(n) * 350 + 100, digest: "\(n)", analysis: try? engine.analyze(data, upsample: false)) }
}
var three: [Double] = [], six: [Double] = [], decideOnly: [Double] = []
var verdict: FaceVerdict?
for _ in 0..<max(5, rounds / 2) {
    three.append(millis { let f = frames(Array(answer.prefix(3))); _ = f.compactMap(\.face).map { FaceEngine.distance($0.descriptor, registry) } })
    var analysed: [FaceFrame] = []
    six.append(millis {
        analysed = frames(answer)
        verdict = FaceDecision.decide(frames: analysed, registry: registry, actions: [.turnLeft, .raiseHead])
    })
    decideOnly.append(millis { _ = FaceDecision.decide(frames: analysed, registry: registry, actions: [.turnLeft, .raiseHead]) })
}
print(String(format: "decision three-frames median_ms=%.1f p99_ms=%.1f", percentile(three, 0.5), percentile(three, 0.99)))
print(String(format: "decision six-frame-answer(one engine) median_ms=%.1f p99_ms=%.1f", percentile(six, 0.5), percentile(six, 0.99)))
print(String(format: "decision pure-part(depth fits included) median_ms=%.2f p99_ms=%.2f", percentile(decideOnly, 0.5), percentile(decideOnly, 0.99)))
print("decision verdict failed=\(verdict?.checks.filter { !$0.passed }.map(\.id) ?? []) fits=\(verdict?.flatFits.map { String(format: "%.3f", $0) } ?? [])")

// 3. Accuracy on the fixtures at the decision's threshold: every pair of labelled faces, largest face each.
let manifest = (try? String(contentsOf: fixtures.appendingPathComponent("manifest.tsv"), encoding: .utf8)) ?? ""
let labelled: [(String, String)] = manifest.split(separator: "\n").dropFirst().compactMap { line in
    let cols = line.split(separator: "\t").map(String.init)
    guard cols.count >= 3, cols[1] != "-", cols[2] == "1", FileManager.default.fileExists(atPath: fixtures.appendingPathComponent(cols[0]).path) else { return nil }
    return (cols[0], cols[1])
}
let threshold = FaceDecisionPolicy().matchThreshold
let described = labelled.compactMap { name, person in (try? engine.analyze(load(name)))?.faces.first.map { (name, person, $0.descriptor) } }
var ta = 0, fr = 0, fa = 0, tr = 0
var sameMax = 0.0, diffMin = Double.infinity
for i in described.indices {
    for j in described.indices where j > i {
        let d = FaceEngine.distance(described[i].2, described[j].2)
        if described[i].1 == described[j].1 {
            sameMax = max(sameMax, d)
            if d < threshold { ta += 1 } else { fr += 1 }
        } else {
            diffMin = min(diffMin, d)
            if d < threshold { fa += 1 } else { tr += 1 }
        }
    }
}
print(String(format: "accuracy threshold=%.2f faces=%d same-pairs=%d true-accepts=%d false-rejects=%d different-pairs=%d false-accepts=%d true-rejects=%d same-max=%.3f different-min=%.3f",
             threshold, described.count, ta + fr, ta, fr, fa + tr, fa, tr, sameMax, diffMin))

// 4. The depth check's calibration: flat warps against the frontal print, other photos of the same people.
func crop(_ name: String) -> FaceCrop? { (try? engine.analyze(load(name), upsample: false))?.crop }
if let still = crop("warped/still_1.jpg") {
    let flat = ["still_2", "still_3", "still_4", "turn_left", "turn_right", "raise_head", "lower_head"].compactMap { crop("warped/\($0).jpg").flatMap(still.flatFit) }
    print(String(format: "depth flat-warps n=%d min=%.3f max=%.3f", flat.count, flat.min() ?? .nan, flat.max() ?? .nan))
}
let pairs = [("obama_1.jpg", "obama_2.jpg"), ("obama_2.jpg", "obama_3.jpg"), ("kit_harington_1.jpg", "kit_harington_2.jpg"),
             ("rose_leslie_1.jpg", "rose_leslie_2.jpg"), ("alex_lacamoire_1.jpg", "alex_lacamoire_2.png"), ("biden_1.jpg", "biden_2.jpg")]
let real = pairs.compactMap { a, b in crop(a).flatMap { ca in crop(b).flatMap(ca.flatFit) } }
print(String(format: "depth same-person-other-pose n=%d min=%.3f max=%.3f threshold=%.2f", real.count, real.min() ?? .nan, real.max() ?? .nan, FaceDecisionPolicy().maxFlatFit))
print(String(format: "memory peak_rss_mib=%.1f", peakMemoryMiB()))
