import ArgumentParser
import Crypto
import FluentKit
import FluentSQL
import Foundation
import MinshengCatalog
import MinshengCore
import MinshengStore
import Vapor

extension Bench {
    /// `minsheng bench tips`: crime reports with one 2 MiB photo each, filed through the store as the API files them
    /// (type check by bytes, EXIF removed, both copies sealed and written, the secret bcrypt-hashed, the report, its
    /// evidence and first step in one PostgreSQL transaction), at a given concurrency; side by side in the same run
    /// with the floor: the same photo hashed, sealed, written and one row inserted, with no bcrypt and no parsing.
    struct Tips: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report submissions per second with a 2 MiB photo on PostgreSQL (which it EMPTIES first), against a raw seal-write-insert floor.")
        @ArgumentParser.Option(help: "Reports to submit in each run.") var reports = 200
        @ArgumentParser.Option(help: "Submissions in flight at once.") var concurrency = 8
        @ArgumentParser.Option(help: "The photo's size in MiB.") var photoMib = 2
        @ArgumentParser.Option(help: "bcrypt cost for the secrets (the server's default is 12).") var bcryptCost = 12
        @ArgumentParser.Option(help: "A PostgreSQL URL; every table in it is dropped first.") var postgres: String

        struct Hasher: SecretHasher {
            let cost: Int
            func hash(_ secret: String) async throws -> String {
                let cost = cost
                return try await Task.detached { try Bcrypt.hash(secret, cost: cost) }.value
            }
            func verify(_ secret: String, against hash: String) async -> Bool { (try? Bcrypt.verify(secret, created: hash)) ?? false }
            func spendVerifyWork() async {}
        }

        /// A JPEG of `size` bytes: an EXIF segment with a GPS position (to be removed), a scan header and noise.
        static func photo(size: Int, seed: UInt64) -> [UInt8] {
            var rng = SplitMix64(seed: seed)
            let exif = Array("Exif\0\0GPS 22.5431N 114.0579E Li Ming's phone".utf8)
            var bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE1, UInt8((exif.count + 2) >> 8), UInt8((exif.count + 2) & 0xFF)] + exif
            bytes += [0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]
            bytes.reserveCapacity(size)
            while bytes.count < size - 2 {
                let b = UInt8(truncatingIfNeeded: rng.next())
                bytes.append(b == 0xFF ? 0xFE : b)
            }
            return bytes + [0xFF, 0xD9]
        }

        func run() async throws {
            let resources = ProcessInfo.processInfo.environment["MINSHENG_RESOURCES"] ?? "Resources"
            let categories = try CatalogLoader.loadTipCategories(directory: resources + "/tips").get()
            let directory = NSTemporaryDirectory() + "minsheng-bench-tips-\(UUID().uuidString.prefix(8))"
            defer { try? FileManager.default.removeItem(atPath: directory) }
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let cipher = try FieldCipher(base64Key: FieldCipher.generateKey())
            let desk = TipDesk(cipher: cipher, informantCipher: try FieldCipher(base64Key: FieldCipher.generateKey()), categories: categories,
                               directory: directory, hasher: Hasher(cost: bcryptCost))
            let size = photoMib << 20
            let photos = (0..<reports).map { Self.photo(size: size, seed: UInt64($0)) }
            print("\(reports) reports, one \(photoMib) MiB JPEG each, \(concurrency) at a time, bcrypt cost \(bcryptCost), \(ProcessInfo.processInfo.activeProcessorCount) cores")
            try await Bench.withFreshDatabase(postgres: postgres, sqlite: "") { host in
                try await host.revertAll()
                try await host.migrate()
                let db = host.database
                let sql = db as! any SQLDatabase
                try await sql.raw("DROP TABLE IF EXISTS bench_floor").run()
                try await sql.raw("CREATE TABLE bench_floor (id uuid PRIMARY KEY, sha256 text NOT NULL, sealed bytea NOT NULL, created_at timestamptz NOT NULL)").run()
                let clock = ContinuousClock()

                func timed(_ name: String, _ one: @escaping @Sendable (Int) async throws -> Void) async throws -> Double {
                    let start = clock.now
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        var next = 0
                        for _ in 0..<min(concurrency, reports) {
                            let i = next; next += 1
                            group.addTask { try await one(i) }
                        }
                        while try await group.next() != nil, next < reports {
                            let i = next; next += 1
                            group.addTask { try await one(i) }
                        }
                        try await group.waitForAll()
                    }
                    let seconds = (clock.now - start).seconds
                    print(String(format: "%@: %d in %.2f s = %.1f /s (%.0f ms each at %d in flight)", name, reports, seconds, Double(reports) / seconds,
                                 seconds * 1000 * Double(min(concurrency, reports)) / Double(reports), min(concurrency, reports)))
                    return seconds
                }

                let floorDir = directory + "/floor"
                try FileManager.default.createDirectory(atPath: floorDir, withIntermediateDirectories: true)
                _ = try await timed("floor (SHA-256, AES-GCM seal, file write, one INSERT of a 100-byte row)") { i in
                    let bytes = Data(photos[i])
                    let digest = Data(SHA256.hash(data: bytes)).hexString
                    try cipher.seal(bytes).write(to: URL(fileURLWithPath: "\(floorDir)/\(digest)"))
                    try await sql.raw("INSERT INTO bench_floor VALUES (\(bind: UUID()), \(bind: digest), \(bind: cipher.seal(Data(digest.utf8))), now())").run()
                }
                _ = try await timed("bcrypt alone (cost \(bcryptCost))") { i in _ = try await Hasher(cost: bcryptCost).hash("secret-\(i)") }
                let districts = Division.shenzhenDistricts.map(\.code)
                _ = try await timed("report submissions (TipDesk.submit, as the API files them)") { i in
                    let submission = TipDesk.Submission(category: "drugs", text: "第\(i)号线索：有人在小区地下车库交易毒品，每晚十点左右出现，车牌粤B\(10000 + i)。",
                                                        place: .init(divisionCode: districts[i % districts.count], address: "某小区地下车库"), files: [photos[i]])
                    _ = try await desk.submit(submission, on: db)
                }
                let count = try await TipReportRow.query(on: db).count()
                print("reports on file: \(count); evidence rows: \(try await TipEvidenceRow.query(on: db).count())")
            }
        }
    }
}
