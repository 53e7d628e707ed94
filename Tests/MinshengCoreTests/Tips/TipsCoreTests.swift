import Foundation
import MinshengCore
import Testing

@Suite("Crime reports, pure: codes, metadata removal, the officers' workflow, near-identical texts")
struct TipsCoreTests {
    @Test("typed codes read back in their printed form: any case, spaces or hyphens, look-alikes, with or without the prefix")
    func codes() {
        var rng = SystemRandomNumberGenerator()
        let code = TipCode.newCode(using: &rng)
        let claim = TipCode.newClaimCode(using: &rng)
        #expect(code.hasPrefix("JB-") && code.count == 12 && claim.hasPrefix("LJ-") && claim.count == 17)
        #expect(TipCode.tipCode(code.lowercased()) == code)
        #expect(TipCode.tipCode(String(code.dropFirst(3)).replacingOccurrences(of: "-", with: " ")) == code)
        #expect(TipCode.claimCode(claim.lowercased()) == claim && TipCode.claimCode(String(claim.dropFirst(3))) == claim)
        #expect(TipCode.tipCode("JB-ABCD-EFGO") == "JB-ABCD-EFG0" && TipCode.tipCode("JB-ABCD-EFGI") == "JB-ABCD-EFG1")
        #expect(TipCode.tipCode("JB-ABCD") == nil && TipCode.tipCode("JB-ABCD-EF#G") == nil && TipCode.claimCode(code) == nil)
        #expect(TipCode.normalise(TipCode.newSecret(using: &rng))?.count == 20)
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let n = data.count
        return [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + Array(type.utf8) + data + [0, 0, 0, 0]
    }

    @Test("PNG: text, EXIF and time chunks are taken out; the picture's chunks stay, byte for byte")
    func png() throws {
        let ihdr = Self.chunk("IHDR", Array(repeating: 1, count: 13)), idat = Self.chunk("IDAT", Array(repeating: 7, count: 40)), iend = Self.chunk("IEND", [])
        let file = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + ihdr + Self.chunk("tEXt", Array("Author\0Li Ming".utf8))
            + Self.chunk("eXIf", Array("GPS 22.54 114.05".utf8)) + idat + Self.chunk("tIME", [7, 226, 1, 1, 0, 0, 0]) + iend
        #expect(EvidenceKind.sniff(file) == .png)
        let stripped = try EvidenceMetadata.stripped(file, kind: .png).get()
        #expect(stripped == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + ihdr + idat + iend)
        #expect(EvidenceMetadata.stripped(Array(file.prefix(30)), kind: .png) == .failure(.malformed))
    }

    static func box(_ type: String, _ content: [UInt8]) -> [UInt8] {
        let n = content.count + 8
        return [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + Array(type.utf8) + content
    }

    @Test("MP4: the user-data and metadata boxes are renamed free and emptied, wherever they sit; everything else keeps its bytes and offsets")
    func mp4() throws {
        let gps = Array("\u{A9}xyz+22.5431+114.0579/ iPhone SN-77".utf8)
        let hdlr = Self.box("hdlr", Array(repeating: 0, count: 8) + Array("vide".utf8) + Array(repeating: 0, count: 13))
        let trak = Self.box("trak", Self.box("tkhd", Array(repeating: 3, count: 20)) + Self.box("mdia", hdlr) + Self.box("udta", gps))
        let file = Self.box("ftyp", Array("isom0000".utf8)) + Self.box("moov", Self.box("mvhd", Array(repeating: 2, count: 20)) + trak + Self.box("udta", Self.box("meta", gps)))
            + Self.box("mdat", Array(repeating: 9, count: 64))
        #expect(EvidenceKind.sniff(file) == .mp4)
        let stripped = try EvidenceMetadata.stripped(file, kind: .mp4).get()
        #expect(stripped.count == file.count)
        let text = String(decoding: stripped, as: UTF8.self)
        #expect(!text.contains("22.5431") && !text.contains("SN-77") && !text.contains("udta") && text.contains("mvhd") && text.contains("tkhd"))
        #expect(stripped.suffix(72) == file.suffix(72))
        #expect(EvidenceMetadata.stripped(Array(file.prefix(20)) + Self.box("moov", []).prefix(6), kind: .mp4) == .failure(.malformed))
    }

    static let progressive = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("MinshengFaceTests/Fixtures/progressive/biden_1_progressive.jpg")

    static func segment(_ marker: UInt8, _ payload: String) -> [UInt8] {
        let n = payload.utf8.count + 2
        return [0xFF, marker, UInt8(n >> 8), UInt8(n & 0xFF)] + Array(payload.utf8)
    }

    /// A progressive photo as a phone might leave it: EXIF, MPF and a comment up front, XMP, IPTC and a comment between
    /// its scans, and after its end a second image with its own EXIF, a motion-photo film and a vendor trailer.
    static func phoneJPEG(_ clean: [UInt8]) -> [UInt8] {
        var scans = clean.indices.filter { clean[$0] == 0xFF && $0 + 1 < clean.count && clean[$0 + 1] == 0xDA }
        let between = scans.count > 3 ? scans.remove(at: 3) : clean.count - 2
        return Array(clean[0..<2]) + segment(0xE1, "Exif\0\0GPSLatitude=22.5431 EXIF-FRONT-MARK") + segment(0xE2, "MPF\0MPF-INDEX-MARK")
            + segment(0xFE, "COM-FRONT-MARK") + Array(clean[2..<between])
            + segment(0xE1, "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>XMP-BETWEEN-MARK</x:xmpmeta>") + segment(0xED, "Photoshop 3.0\0IPTC-BETWEEN-MARK")
            + segment(0xFE, "COM-BETWEEN-MARK") + Array(clean[between...])
            + [0xFF, 0xD8] + segment(0xE1, "Exif\0\0GPS-SECOND-IMAGE-MARK") + [0xFF, 0xD9]
            + [0, 0, 0, 24] + Array("ftypmp42MOTION-FILM-MARK".utf8) + Array("VENDOR-TRAILER-MARK".utf8)
    }

    static let jpegMarks = ["EXIF-FRONT-MARK", "MPF-INDEX-MARK", "COM-FRONT-MARK", "XMP-BETWEEN-MARK", "IPTC-BETWEEN-MARK", "COM-BETWEEN-MARK",
                            "GPS-SECOND-IMAGE-MARK", "MOTION-FILM-MARK", "VENDOR-TRAILER-MARK"]

    @Test("JPEG: every segment of the whole file is walked — metadata between progressive scans goes, everything after EOI goes, the picture stays byte for byte")
    func jpegWholeFile() throws {
        let clean = Array(try Data(contentsOf: Self.progressive))
        #expect(clean.indices.dropLast().filter { clean[$0] == 0xFF && clean[$0 + 1] == 0xDA }.count == 10, "the fixture has its ten scans")
        let phone = Self.phoneJPEG(clean)
        let stripped = try EvidenceMetadata.stripped(phone, kind: .jpeg).get()
        let text = String(decoding: stripped, as: UTF8.self)
        for mark in Self.jpegMarks { #expect(!text.contains(mark), "\(mark) survived") }
        // The picture data (scans with their stuffing and restarts, tables between scans) is exactly the clean file's.
        #expect(stripped == clean)
        // A cut-off last scan keeps what there is and is closed; restart markers and stuffed bytes stay in the data.
        let scan: [UInt8] = [0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]
        let cut = try EvidenceMetadata.stripped([0xFF, 0xD8] + Self.segment(0xFE, "COM-MARK") + scan, kind: .jpeg).get()
        #expect(cut == [0xFF, 0xD8] + scan + [0xFF, 0xD9])
    }

    static func u32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }

    /// A track whose one sample lies at `offset`: tkhd, mdhd, the handler (with its name), and the sample tables.
    static func track(handler: String, entry: String, name: String, offset: Int, size: Int) -> [UInt8] {
        let full = { (type: String, content: [UInt8]) in box(type, [0, 0, 0, 0] + content) }
        let hdlr = full("hdlr", u32(0) + Array(handler.utf8) + Array(repeating: 0, count: 12) + Array(name.utf8) + [0])
        let stbl = box("stbl", full("stsd", u32(1) + box(entry, Array(repeating: 0, count: 8))) + full("stts", u32(0))
            + full("stsc", u32(1) + u32(1) + u32(1) + u32(1)) + full("stsz", u32(0) + u32(1) + u32(size)) + full("stco", u32(1) + u32(offset)))
        return box("trak", full("tkhd", Array(repeating: 0, count: 80)) + box("mdia", full("mdhd", Array(repeating: 0, count: 20)) + hdlr + box("minf", stbl)))
    }

    /// A camera film: picture, sound, a GPS telemetry track (`gpmd` under a `meta` handler) whose sample is in `mdat`,
    /// and XMP in `uuid` boxes at the top and inside the picture track.
    static func cameraMP4() -> (file: [UInt8], picture: Range<Int>) {
        let picture = Array("PICTURE-FRAME-BYTES".utf8), sound = Array("SOUND-FRAME-BYTES".utf8), gps = Array("GPS5 22.5431 114.0579 GPS-TRACK-MARK".utf8)
        let xmp = Array(repeating: UInt8(0xBE), count: 16) + Array("<x:xmpmeta>XMP-TOP-MARK</x:xmpmeta>".utf8)
        let ftyp = box("ftyp", Array("mp42\0\0\0\0isommp42".utf8))
        func moov(_ base: Int) -> [UInt8] {
            var video = track(handler: "vide", entry: "avc1", name: "VideoHandler", offset: base, size: picture.count)
            video = Array(video.prefix(8)) + Array(video.dropFirst(8)) + box("uuid", Array(repeating: 0x11, count: 16) + Array("XMP-TRAK-MARK".utf8))
            video.replaceSubrange(0..<4, with: u32(video.count))
            return box("moov", box("mvhd", Array(repeating: 0, count: 100)) + video
                + track(handler: "soun", entry: "mp4a", name: "SoundHandler", offset: base + picture.count, size: sound.count)
                + track(handler: "meta", entry: "gpmd", name: "GoPro MET", offset: base + picture.count + sound.count, size: gps.count))
        }
        let base = ftyp.count + moov(0).count + 8
        let file = ftyp + moov(base) + box("mdat", picture + sound + gps) + box("uuid", xmp)
        return (file, base..<(base + picture.count))
    }

    /// The box types from `start` to `end`.
    static func types(_ b: [UInt8], _ start: Int, _ end: Int) -> [(String, Int, Int)] {
        var out: [(String, Int, Int)] = []
        var i = start
        while i + 8 <= end {
            let size = Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3])
            guard size >= 8, i + size <= end else { return out + [("bad", i, 0)] }
            out.append((String(decoding: b[(i + 4)..<(i + 8)], as: UTF8.self), i, size))
            i += size
        }
        return out
    }

    @Test("MP4: XMP in uuid boxes at any depth and a GPS telemetry track (its samples in mdat too) are gone; picture and sound keep their bytes and offsets")
    func mp4Tracks() throws {
        let (file, picture) = Self.cameraMP4()
        let stripped = try EvidenceMetadata.stripped(file, kind: .mp4).get()
        #expect(stripped.count == file.count)
        let text = String(decoding: stripped, as: UTF8.self)
        for mark in ["GPS-TRACK-MARK", "22.5431", "XMP-TOP-MARK", "XMP-TRAK-MARK", "gpmd", "GoPro MET"] { #expect(!text.contains(mark), "\(mark) survived") }
        #expect(text.contains("PICTURE-FRAME-BYTES") && text.contains("SOUND-FRAME-BYTES") && text.contains("avc1") && text.contains("mp4a"))
        #expect(stripped[picture] == file[picture])
        // Still well formed: the same boxes, the removed ones now free space.
        let top = Self.types(stripped, 0, stripped.count)
        #expect(top.map(\.0) == ["ftyp", "moov", "mdat", "free"])
        let moov = try #require(top.first { $0.0 == "moov" })
        let tracks = Self.types(stripped, moov.1 + 8, moov.1 + moov.2)
        #expect(tracks.map(\.0) == ["mvhd", "trak", "trak", "free"])
        let video = tracks[1]
        #expect(Self.types(stripped, video.1 + 8, video.1 + video.2).map(\.0) == ["tkhd", "mdia", "free"])
    }

    @Test("JPEG: a segment whose length runs past the end is malformed, not a crash; files over 50 MiB and other kinds are refused")
    func refusals() {
        #expect(EvidenceMetadata.stripped([0xFF, 0xD8, 0xFF, 0xE1, 0x7F, 0xFF, 0x00], kind: .jpeg) == .failure(.malformed))
        #expect(EvidenceKind.check([]) == .failure(.empty))
        #expect(EvidenceKind.check(Array("GIF89a".utf8)) == .failure(.unsupportedType))
        #expect(EvidenceKind.check([0xFF, 0xD8, 0xFF] + Array(repeating: 0, count: EvidenceKind.maxBytes)) == .failure(.tooLarge))
    }

    static let drugs = TipCategory(id: "drugs", name: .init(zh: "涉毒", en: "Drugs"), rewardMin: 500, rewardMax: 20000, source: "test")

    @Test("the workflow: steps only in order; the reward within the band; approved by an approver who did not assess it; unlimited bands")
    func workflow() {
        func next(_ a: TipAction, _ s: TipState, actor: String = "010001", approver: Bool = false, assessedBy: String? = nil, category: TipCategory = TipsCoreTests.drugs) -> Result<TipState, TipWorkflowError> {
            TipWorkflow.next(a, from: s, category: category, actor: actor, isApprover: approver, assessedBy: assessedBy)
        }
        #expect(next(.assign(officer: "010001"), .received) == .success(.assigned))
        #expect(next(.substantiate(note: ""), .received) == .failure(.notAllowed(from: .received, action: "substantiate")))
        #expect(next(.unsubstantiate(reason: " "), .verifying) == .failure(.needsReason))
        #expect(next(.transfer(unit: "LH", reason: "属罗湖辖区"), .verifying) == .success(.transferred))
        #expect(next(.assessReward(yuan: 499), .substantiated) == .failure(.rewardOutsideBand(yuan: 499, band: Self.drugs.bandText)))
        #expect(next(.assessReward(yuan: 20000), .substantiated) == .success(.rewardAssessed))
        #expect(next(.approveReward(yuan: 20000), .rewardAssessed, actor: "010002") == .failure(.needsRole("approver 审批")))
        #expect(next(.approveReward(yuan: 20000), .rewardAssessed, actor: "010002", approver: true, assessedBy: "010002") == .failure(.sameOfficer))
        #expect(next(.approveReward(yuan: 20000), .rewardAssessed, actor: "010002", approver: true, assessedBy: "010001") == .success(.rewardClaimable))
        #expect(next(.pay, .rewardAssessed) == .failure(.notAllowed(from: .rewardAssessed, action: "pay")))
        #expect(next(.pay, .rewardClaimable, actor: "010003", assessedBy: "010001") == .success(.paid))
        #expect(next(.pay, .rewardClaimable, actor: "010001", assessedBy: "010001") == .failure(.assessorCannotPay))
        let terror = TipCategory(id: "terrorism", name: .init(zh: "涉恐", en: "Terrorism"), rewardMin: 2000, rewardMax: nil, source: "test")
        #expect(next(.assessReward(yuan: 800_000), .substantiated, category: terror) == .success(.rewardAssessed))
        #expect(TipCategoryCatalog.validate([Self.drugs]).contains { $0.contains("other") })
    }

    @Test("near-identical texts: punctuation and spacing do not matter, a different report does")
    func duplicates() {
        let a = DuplicateText.shingles("福田区某小区地下车库每晚十点后有人交易毒品，车牌粤B12345")
        let b = DuplicateText.shingles("福田区某小区 地下车库每晚十点后有人交易毒品。车牌：粤B12345！")
        let c = DuplicateText.shingles("罗湖区一家棋牌室长期聚众赌博，每晚有二十多人")
        #expect(DuplicateText.similarity(a, b) >= DuplicateText.threshold)
        #expect(DuplicateText.similarity(a, c) < 0.1)
    }
}
