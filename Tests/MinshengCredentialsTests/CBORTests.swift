import Foundation
import MinshengCore
import Testing

@Suite("CBOR: deterministic encoding, strict decoding within limits")
struct CBORTests {
    @Test("RFC 8949 appendix A examples encode to the listed bytes and decode back")
    func appendixA() throws {
        let cases: [(CBOR, String)] = [
            (.int(0), "00"), (.int(23), "17"), (.int(24), "1818"), (.int(1000), "1903e8"), (.int(1_000_000), "1a000f4240"),
            (.int(-1), "20"), (.int(-1000), "3903e7"), (.bytes(Data([1, 2, 3, 4])), "4401020304"), (.text("IETF"), "6449455446"),
            (.text("水"), "63e6b0b4"), (.array([.int(1), .array([.int(2), .int(3)])]), "8201820203"),
            (.map([CBORPair(.int(1), .int(2)), CBORPair(.int(3), .int(4))]), "a201020304"), (.bool(false), "f4"), (.null, "f6"),
            (.tagged(1, .int(1_363_896_240)), "c11a514b67b0"),
        ]
        for (item, hex) in cases {
            #expect(item.encoded.hexString == hex)
            #expect(try CBORDecoder().decode(Data(hexString: hex)!) == item)
        }
    }

    @Test("refusals: non-minimal heads, indefinite lengths, floats, duplicate keys, trailing bytes, bad UTF-8, depth, size, count")
    func refusals() {
        let decoder = CBORDecoder(maxBytes: 64, maxDepth: 3, maxItems: 10)
        func refuses(_ hex: String, _ error: CBORError) {
            #expect(throws: error) { try decoder.decode(Data(hexString: hex)!) }
        }
        refuses("1817", .notMinimal)
        refuses("5f4101ff", .unsupported("indefinite length"))
        refuses("f93c00", .unsupported("simple value or float 25"))
        refuses("a201020103", .duplicateKey)
        refuses("0000", .trailingBytes)
        refuses("62c328", .invalidText)
        refuses("8181818181", .tooDeep(limit: 3))
        refuses("8b0102030405060708090a0b", .tooManyItems(limit: 10))
        refuses("5a00010000", .truncated)
        refuses("9bffffffffffffffff", .truncated)
        #expect(throws: CBORError.tooLarge(limit: 64)) { try decoder.decode(Data(count: 65)) }
        #expect(throws: CBORError.truncated) { try decoder.decode(Data()) }
    }

    @Test("fuzz: 200 000 random and mutated inputs never crash, and what decodes re-encodes to the same bytes")
    func fuzz() {
        var rng = SplitMix64(seed: 2017)
        let decoder = CBORDecoder(maxBytes: 512, maxDepth: 6, maxItems: 128)
        let seed = OfflineTokenPayload(type: .idCard, purposeCode: 1, claims: [.name: "李明", .validUntil: "2031-05-01"], photoDigest: Data(count: 32),
                                       issuedAt: 1_800_000_000, expiresAt: 1_800_000_090, statusList: 0, statusIndex: 7).cbor.encoded
        var accepted = 0
        for round in 0..<200_000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = [UInt8](seed)
                for _ in 0...(Int(rng.next() % 4)) {
                    let i = Int(rng.next() % UInt64(bytes.count))
                    switch rng.next() % 3 {
                    case 0: bytes[i] = UInt8(truncatingIfNeeded: rng.next())
                    case 1: bytes.remove(at: i)
                    default: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: i)
                    }
                    if bytes.isEmpty { bytes = [0] }
                }
            } else {
                bytes = (0..<Int(rng.next() % 40)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            }
            if let item = try? decoder.decode(Data(bytes)) {
                accepted += 1
                #expect(item.encoded == Data(bytes))
            }
        }
        #expect(accepted > 0)
    }
}
