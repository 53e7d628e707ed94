import MinshengCore
import Testing

/// Films built to make the metadata cleaner run away: counts and sizes far past what the file holds, tables that
/// never run out, containers nested without end. Each is refused as damaged (or cleaned) at once, without a crash.
@Suite("Crime reports, pure: hostile MP4 films are refused as damaged, not a crash or a runaway")
struct EvidenceHostileFilmTests {
    static let box = TipsCoreTests.box, u32 = TipsCoreTests.u32
    static func full(_ type: String, _ content: [UInt8]) -> [UInt8] { box(type, [0, 0, 0, 0] + content) }
    static func u64(_ v: UInt64) -> [UInt8] { u32(Int(v >> 32)) + u32(Int(v & 0xFFFF_FFFF)) }

    /// A film whose tracks (`tracks` the same) have a `meta` handler, so their samples are zeroed, and these sample
    /// tables, before an `mdat` of `data` bytes of 0x77.
    static func film(tables: [UInt8], data: Int = 64, tracks: Int = 1) -> [UInt8] {
        let hdlr = full("hdlr", u32(0) + Array("meta".utf8) + Array(repeating: 0, count: 12) + Array("GPS\0".utf8))
        let trak = box("trak", full("tkhd", Array(repeating: 0, count: 80)) + box("mdia", hdlr + box("minf", box("stbl", tables))))
        let moov = box("moov", Array(Array(repeating: trak, count: tracks).joined()))
        return box("ftyp", Array("isom\0\0\0\0isommp42".utf8)) + moov + box("mdat", Array(repeating: 0x77, count: data))
    }

    static func stco(_ offsets: [Int], count: Int? = nil) -> [UInt8] { full("stco", u32(count ?? offsets.count) + offsets.flatMap(u32)) }
    static func stsc(first: Int = 1, perChunk: Int, runs: Int = 1) -> [UInt8] { full("stsc", u32(runs) + u32(first) + u32(perChunk) + u32(1)) }
    static func stsz(fixed: Int, count: Int, sizes: [Int] = []) -> [UInt8] { full("stsz", u32(fixed) + u32(count) + sizes.flatMap(u32)) }

    static func damaged(_ file: [UInt8]) -> Bool {
        EvidenceKind.check(file) == .success(.mp4) && EvidenceMetadata.stripped(file, kind: .mp4) == .failure(.malformed)
    }

    /// The same film, its tables made knowing where `mdat`'s bytes start (their length does not depend on it).
    static func film(data: Int = 64, tracks: Int = 1, _ tables: (_ mdat: Int) -> [UInt8]) -> [UInt8] {
        let mdat = film(tables: tables(0), data: data, tracks: tracks).count - data
        return film(tables: tables(mdat), data: data, tracks: tracks)
    }

    @Test("4 294 967 295 one-byte samples in one chunk of 4 294 967 295 samples: refused as damaged, nothing allocated for them")
    func samplesPastTheFile() {
        let file = Self.film { Self.stco([$0]) + Self.stsc(perChunk: 0xFFFF_FFFF) + Self.stsz(fixed: 1, count: 0xFFFF_FFFF) }
        #expect(file.count < 400)
        #expect(Self.damaged(file))
        // Just more samples than the file has bytes, or half of 2^32: refused too.
        #expect(Self.damaged(Self.film { Self.stco([$0]) + Self.stsc(perChunk: 0xFFFF_FFFF) + Self.stsz(fixed: 1, count: file.count + 1) }))
        #expect(Self.damaged(Self.film { Self.stco([$0]) + Self.stsc(perChunk: 0xFFFF_FFFF) + Self.stsz(fixed: 1, count: 0x7FFF_FFFF) }))
        // And one sample's size alone past the file.
        #expect(Self.damaged(Self.film { Self.stco([$0]) + Self.stsc(perChunk: 1) + Self.stsz(fixed: 0xFFFF_FFFF, count: 1) }))
    }

    @Test("a chunk that would hold 4 294 967 295 samples when the track has 16: the 16 are zeroed and the walk stops there")
    func chunkOutlastsSamples() throws {
        let file = Self.film { Self.stco([$0, $0 + 16, $0 + 32]) + Self.stsc(perChunk: 0xFFFF_FFFF) + Self.stsz(fixed: 1, count: 16) }
        let mdat = file.count - 64
        let stripped = try EvidenceMetadata.stripped(file, kind: .mp4).get()
        #expect(stripped.count == file.count)
        #expect(stripped[mdat..<(mdat + 16)].allSatisfy { $0 == 0 } && stripped[(mdat + 16)...].allSatisfy { $0 == 0x77 })
        #expect(!String(decoding: stripped, as: UTF8.self).contains("GPS"))
    }

    @Test("entry counts of 4 294 967 295 in tables of a few bytes (stco, co64, stsc, stsz), offsets past the end, runs going back: refused as damaged")
    func countsPastTheirBoxes() throws {
        let sizes = Self.stsz(fixed: 0, count: 1, sizes: [8])
        #expect(Self.damaged(Self.film { Self.stco([$0], count: 0xFFFF_FFFF) + Self.stsc(perChunk: 1) + sizes }))
        #expect(Self.damaged(Self.film { Self.full("co64", Self.u32(0xFFFF_FFFF) + Self.u64(UInt64($0))) + Self.stsc(perChunk: 1) + sizes }))
        #expect(Self.damaged(Self.film { Self.stco([$0]) + Self.stsc(perChunk: 1, runs: 0xFFFF_FFFF) + sizes }))
        #expect(Self.damaged(Self.film { Self.stco([$0]) + Self.stsc(perChunk: 1) + Self.stsz(fixed: 0, count: 0xFFFF_FFFF, sizes: [8]) }))
        // A 64-bit chunk offset past the end (or negative as a signed number), and runs that go backwards.
        for offset: UInt64 in [UInt64.max, 1 << 40] {
            #expect(Self.damaged(Self.film { _ in Self.full("co64", Self.u32(1) + Self.u64(offset)) + Self.stsc(perChunk: 1) + sizes }))
        }
        let backwards = Self.full("stsc", Self.u32(2) + Self.u32(2) + Self.u32(1) + Self.u32(1) + Self.u32(1) + Self.u32(1) + Self.u32(1))
        #expect(Self.damaged(Self.film { Self.stco([$0, $0]) + backwards + sizes }))
        // The same tables, told the truth, are cleaned: the sample's 8 bytes zeroed.
        let told = Self.film { Self.full("co64", Self.u32(1) + Self.u64(UInt64($0))) + Self.stsc(perChunk: 1) + sizes }
        let cleaned = try EvidenceMetadata.stripped(told, kind: .mp4).get()
        #expect(cleaned.suffix(64).prefix(8).allSatisfy { $0 == 0 } && cleaned.suffix(56).allSatisfy { $0 == 0x77 })
    }

    @Test("many chunks all over the same bytes, or two tracks claiming more bytes than the file has: refused as damaged")
    func overlappingSamples() throws {
        // 600 chunks, each one sample of the whole mdat: 600 × 64 bytes to zero in a file of a few kilobytes.
        let sizes = Self.stsz(fixed: 0, count: 600, sizes: Array(repeating: 64, count: 600))
        let many = Self.film { Self.stco(Array(repeating: $0, count: 600)) + Self.stsc(perChunk: 1) + sizes }
        #expect(many.count < 600 * 64)
        #expect(Self.damaged(many))
        // Two tracks whose one sample is the whole mdat of 4 096 bytes: 8 192 bytes claimed, in a file of less.
        let twice = Self.film(data: 4096, tracks: 2) { Self.stco([$0]) + Self.stsc(perChunk: 1) + Self.stsz(fixed: 4096, count: 1) }
        #expect(twice.count < 8192)
        #expect(Self.damaged(twice))
        // One of them is cleaned.
        let once = Self.film(data: 4096) { Self.stco([$0]) + Self.stsc(perChunk: 1) + Self.stsz(fixed: 4096, count: 1) }
        #expect(try EvidenceMetadata.stripped(once, kind: .mp4).get().suffix(4096).allSatisfy { $0 == 0 })
    }

    @Test("box sizes past their container, 64-bit sizes of 2^63 and more, containers nested thousands deep: refused as damaged")
    func boxesAndNesting() throws {
        let ftyp = Self.box("ftyp", Array("isom\0\0\0\0isommp42".utf8))
        #expect(Self.damaged(ftyp + Self.u32(0xFFFF_FFFF) + Array("moov".utf8) + Array(repeating: 0, count: 16)))
        #expect(Self.damaged(ftyp + Self.u32(1) + Array("mdat".utf8) + Self.u64(1 << 63) + Array(repeating: 0, count: 16)))
        #expect(Self.damaged(ftyp + Self.u32(1) + Array("mdat".utf8) + Self.u64(UInt64.max) + Array(repeating: 0, count: 16)))
        #expect(Self.damaged(ftyp + Self.box("moov", Self.u32(4096) + Array("mvhd".utf8))))
        // Nested 2 000 deep (built inside out), and a udta hidden twelve containers down: refused, not skipped.
        var deep = Self.box("udta", Array("GPS-DEEP-MARK".utf8))
        for _ in 0..<2_000 { deep = Self.box("moov", deep) }
        #expect(Self.damaged(ftyp + deep))
        var hidden = Self.box("udta", Array("GPS-DEEP-MARK".utf8))
        for _ in 0..<12 { hidden = Self.box("edts", hidden) }
        #expect(Self.damaged(ftyp + Self.box("moov", hidden)))
        // A track of 100 000 empty boxes (read one at a time, none kept) is cleaned: the track removed whole.
        let empties = Array(Array(repeating: Self.box("free", []), count: 100_000).joined())
        let crowded = try EvidenceMetadata.stripped(ftyp + Self.box("moov", Self.box("trak", empties + Self.box("mdia", empties))), kind: .mp4).get()
        #expect(crowded.count == ftyp.count + 16 + 2 * empties.count + 8 && !String(decoding: crowded, as: UTF8.self).contains("trak"))
        // Eight down is cleaned.
        var eight = Self.box("udta", Array("GPS-DEEP-MARK".utf8))
        for _ in 0..<8 { eight = Self.box("edts", eight) }
        let cleaned = try EvidenceMetadata.stripped(ftyp + Self.box("moov", eight), kind: .mp4).get()
        #expect(!String(decoding: cleaned, as: UTF8.self).contains("GPS-DEEP-MARK"))
    }
}
