/// The kinds of evidence a report accepts (举报证据), recognised by their bytes, and the copy officers view: the
/// original's metadata (EXIF with its GPS position, XMP, IPTC, comments; PNG text chunks; a film's user data) taken out,
/// unless the informant chose to keep the location.
public enum EvidenceKind: String, Codable, Hashable, Sendable, CaseIterable {
    case jpeg, png, mp4, quicktime

    /// The largest file: 50 MiB.
    public static let maxBytes = 50 * 1024 * 1024

    public var mediaType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .mp4: "video/mp4"
        case .quicktime: "video/quicktime"
        }
    }

    public var isVideo: Bool { self == .mp4 || self == .quicktime }

    public static func sniff(_ bytes: [UInt8]) -> EvidenceKind? {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.count >= 12, bytes[4..<8].elementsEqual(Array("ftyp".utf8)) {
            return bytes[8..<10].elementsEqual(Array("qt".utf8)) ? .quicktime : .mp4
        }
        return nil
    }

    public static func check(_ bytes: [UInt8]) -> Result<EvidenceKind, EvidenceProblem> {
        if bytes.isEmpty { return .failure(.empty) }
        if bytes.count > maxBytes { return .failure(.tooLarge) }
        guard let kind = sniff(bytes) else { return .failure(.unsupportedType) }
        return .success(kind)
    }
}

public enum EvidenceProblem: Error, Hashable, Sendable {
    case empty, tooLarge, unsupportedType, malformed, tooMany

    public var message: LocalizedText {
        switch self {
        case .empty: LocalizedText(zh: "文件是空的", en: "The file is empty")
        case .tooLarge: LocalizedText(zh: "每个文件不能超过 50 MB", en: "Each file must be 50 MB or less")
        case .unsupportedType: LocalizedText(zh: "只接受 JPEG、PNG 照片或 MP4、MOV 视频（按文件内容判断）", en: "Only JPEG or PNG photos and MP4 or MOV videos are accepted (judged by the content)")
        case .malformed: LocalizedText(zh: "文件已损坏，无法读取", en: "The file is damaged and cannot be read")
        case .tooMany: LocalizedText(zh: "每次举报最多 9 个文件", en: "At most 9 files per report")
        }
    }
}

/// Metadata removal, on the bytes, without re-encoding (the picture officers see is the picture taken).
public enum EvidenceMetadata {
    /// The file with its metadata taken out, or `.malformed` when its structure cannot be walked.
    public static func stripped(_ bytes: [UInt8], kind: EvidenceKind) -> Result<[UInt8], EvidenceProblem> {
        switch kind {
        case .jpeg: strippedJPEG(bytes)
        case .png: strippedPNG(bytes)
        case .mp4, .quicktime: strippedISO(bytes)
        }
    }

    /// JPEG, walked segment by segment to the end of the image: APP1 (EXIF, XMP) and every other APPn but ICC colour
    /// profiles (APP2 `ICC_PROFILE`), the JFIF header and Adobe's colour-transform flag, and COM, are dropped wherever
    /// they stand, between progressive scans too. Entropy-coded data is copied as it is, scanned only for the next marker
    /// (0xFF00 stuffing and RSTn belong to it). Nothing after EOI is kept: MPF's second images with their own EXIF,
    /// motion-photo films and vendor trailers go with it.
    static func strippedJPEG(_ b: [UInt8]) -> Result<[UInt8], EvidenceProblem> {
        guard b.count >= 4, b[0] == 0xFF, b[1] == 0xD8 else { return .failure(.malformed) }
        var out: [UInt8] = [0xFF, 0xD8]
        out.reserveCapacity(b.count)
        var i = 2
        var scanned = false
        while i + 2 <= b.count {
            guard b[i] == 0xFF else { return .failure(.malformed) }
            let marker = b[i + 1]
            if marker == 0xFF { i += 1; continue }  // fill byte
            if marker == 0xD9 {  // end of image: whatever follows is not the picture
                out += [0xFF, 0xD9]
                return .success(out)
            }
            if (0xD0...0xD7).contains(marker) || marker == 0x01 { out.append(contentsOf: b[i..<i + 2]); i += 2; continue }
            guard i + 4 <= b.count else { return .failure(.malformed) }
            let length = Int(b[i + 2]) << 8 | Int(b[i + 3])
            guard length >= 2, i + 2 + length <= b.count else { return .failure(.malformed) }
            let payload = b[(i + 4)..<(i + 2 + length)]
            if !Self.isJPEGMetadata(marker: marker, payload: payload) { out.append(contentsOf: b[i..<i + 2 + length]) }
            i += 2 + length
            guard marker == 0xDA else { continue }
            // Start of scan: the entropy-coded data runs to the next marker that is neither stuffing nor a restart.
            scanned = true
            let start = i
            while i + 1 < b.count, !(b[i] == 0xFF && b[i + 1] != 0x00 && b[i + 1] != 0xFF && !(0xD0...0xD7).contains(b[i + 1])) { i += 1 }
            if i + 1 >= b.count {
                // A file cut short inside its last scan: the picture data there is, closed with EOI.
                out.append(contentsOf: b[start..<b.count])
                out += [0xFF, 0xD9]
                return .success(out)
            }
            out.append(contentsOf: b[start..<i])
        }
        return scanned ? .success(out + [0xFF, 0xD9]) : .failure(.malformed)
    }

    /// Whether a JPEG segment is metadata to drop: COM, and APPn but an ICC profile, the JFIF header (APP0 `JFIF`, no
    /// thumbnail) and Adobe's 12-byte colour-transform segment (APP14), which decoders need to show the colours right.
    static func isJPEGMetadata(marker: UInt8, payload: ArraySlice<UInt8>) -> Bool {
        if marker == 0xFE { return true }
        guard (0xE0...0xEF).contains(marker) else { return false }
        func starts(_ id: String) -> Bool { payload.starts(with: Array(id.utf8)) }
        switch marker {
        case 0xE0: return !(starts("JFIF\0") && payload.count == 14)
        case 0xE2: return !starts("ICC_PROFILE\0")
        case 0xEE: return !(starts("Adobe") && payload.count == 12)
        default: return true
        }
    }

    /// PNG: drops eXIf, tEXt, zTXt, iTXt and tIME chunks.
    static func strippedPNG(_ b: [UInt8]) -> Result<[UInt8], EvidenceProblem> {
        guard b.count >= 8 else { return .failure(.malformed) }
        var out = Array(b[0..<8])
        out.reserveCapacity(b.count)
        var i = 8
        let dropped: Set<String> = ["eXIf", "tEXt", "zTXt", "iTXt", "tIME"]
        while i + 12 <= b.count {
            let length = Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3])
            guard length >= 0, i + 12 + length <= b.count else { return .failure(.malformed) }
            let type = String(decoding: b[(i + 4)..<(i + 8)], as: UTF8.self)
            if !dropped.contains(type) { out.append(contentsOf: b[i..<(i + 12 + length)]) }
            i += 12 + length
            if type == "IEND" { return .success(out) }
        }
        return .failure(.malformed)
    }

    /// MP4 and QuickTime: every `udta`, `meta` and `uuid` box (where phones and cameras write the place, the device,
    /// the owner and XMP), at any depth, is renamed `free`, which players skip, and zeroed. A track that is neither
    /// sound nor picture (a `meta` handler's GPS or telemetry such as `gpmd` and `camm`, text, timecode, hint) is
    /// removed the same way, its whole `trak` box and every sample of it in `mdat` zeroed (found through its sample
    /// tables). Sizes and offsets are unchanged, so the sound and picture play as before.
    ///
    /// The file is untrusted (an anonymous upload): every size and count read from it is held to what its bytes can
    /// hold, containers nested deeper than `ISOBoxes.maxDepth` are refused rather than left unread, and the samples
    /// zeroed come to no more bytes than the file has, so the work and memory stay proportional to its length.
    static func strippedISO(_ b: [UInt8]) -> Result<[UInt8], EvidenceProblem> {
        var out = b
        var budget = b.count  // sample bytes left to zero: tracks do not share bytes, so all of them fit in the file
        let containers: Set<String> = ["moov", "trak", "mdia", "minf", "stbl", "edts", "dinf", "moof", "traf", "mvex", "mfra", "tref", "sinf", "schi"]
        func blank(_ start: Int, _ size: Int, header: Int) {
            out.replaceSubrange((start + 4)..<(start + 8), with: Array("free".utf8))
            out.replaceSubrange((start + header)..<(start + size), with: repeatElement(0, count: size - header))
        }
        func walk(_ start: Int, _ end: Int, depth: Int) -> Bool {
            guard depth <= ISOBoxes.maxDepth else { return false }
            return ISOBoxes.eachChild(b, start, end) { box in
                switch box.type {
                case "udta", "meta", "uuid": blank(box.start, box.size, header: box.header)
                case "trak" where !ISOBoxes.isSoundOrPicture(b, box):
                    let agreed = ISOBoxes.forEachSampleRange(b, box, budget: &budget) { range in
                        out.replaceSubrange(range, with: repeatElement(0, count: range.count))
                    }
                    guard agreed else { return false }
                    blank(box.start, box.size, header: box.header)
                default:
                    if containers.contains(box.type) { return walk(box.start + box.header, box.start + box.size, depth: depth + 1) }
                }
                return true
            }
        }
        return walk(0, b.count, depth: 0) ? .success(out) : .failure(.malformed)
    }
}

/// Reading ISO base media (MP4, QuickTime) boxes: their extent, a track's handler and where its samples lie.
enum ISOBoxes {
    struct Box {
        var type: String
        var start: Int
        var size: Int
        var header: Int
        var content: Range<Int> { (start + header)..<(start + size) }
    }

    /// The boxes from `start` to `end`, one at a time (none kept: a file of empty boxes costs no memory), handed to
    /// `visit`; false when one runs past `end` or `visit` says so. A few bytes of padding at the end are allowed.
    static func eachChild(_ b: [UInt8], _ start: Int, _ end: Int, _ visit: (Box) -> Bool) -> Bool {
        var i = start
        while i + 8 <= end {
            var size = Int(uint32(b, i))
            let type = String(decoding: b[(i + 4)..<(i + 8)], as: UTF8.self)
            var header = 8
            if size == 1 {
                guard i + 16 <= end else { return false }
                size = b[(i + 8)..<(i + 16)].reduce(0) { $0 << 8 | Int($1) }  // past 2^63 it turns negative: refused below
                header = 16
            } else if size == 0 {
                size = end - i
            }
            guard size >= header, size <= end - i, visit(Box(type: type, start: i, size: size, header: header)) else { return false }
            i += size
        }
        return true
    }

    /// The first box of each of `types` from `start` to `end`, or nil when one runs past `end`.
    static func firstOfEach(_ types: Set<String>, _ b: [UInt8], _ start: Int, _ end: Int) -> [String: Box]? {
        var found: [String: Box] = [:]
        let whole = eachChild(b, start, end) { box in
            if types.contains(box.type), found[box.type] == nil { found[box.type] = box }
            return true
        }
        return whole ? found : nil
    }

    static func uint32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
    }

    /// The first box of `type` along `path` inside `box`.
    static func find(_ b: [UInt8], _ box: Box, _ path: [String]) -> Box? {
        guard let first = path.first else { return box }
        guard let child = firstOfEach([first], b, box.content.lowerBound, box.content.upperBound)?[first] else { return nil }
        return find(b, child, Array(path.dropFirst()))
    }

    /// Whether a `trak` carries sound (`soun`) or picture (`vide`), by its media handler.
    static func isSoundOrPicture(_ b: [UInt8], _ trak: Box) -> Bool {
        guard let hdlr = find(b, trak, ["mdia", "hdlr"]), hdlr.content.count >= 12 else { return false }
        let handler = String(decoding: b[(hdlr.content.lowerBound + 8)..<(hdlr.content.lowerBound + 12)], as: UTF8.self)
        return handler == "soun" || handler == "vide"
    }

    /// The deepest nesting of containers walked (a film's own go five deep); deeper is refused as malformed.
    static let maxDepth = 10

    /// Every sample of a track, from its sample tables (`stsz`, `stsc`, `stco`/`co64`), handed to `body` as byte
    /// ranges of the file, one for the samples of each chunk. False when the tables do not agree or claim more than
    /// the file holds: more entries than their box has room for, more samples than bytes, a sample past the end, or
    /// (with the tracks before, through `budget`) more sample bytes than the file has. A track without tables has no
    /// samples. The work is bounded by the tables' entries and the bytes zeroed, so by the file's length.
    static func forEachSampleRange(_ b: [UInt8], _ trak: Box, budget: inout Int, _ body: (Range<Int>) -> Void) -> Bool {
        guard let stbl = find(b, trak, ["mdia", "minf", "stbl"]) else { return true }
        guard let tables = firstOfEach(["stsz", "stsc", "stco", "co64"], b, stbl.content.lowerBound, stbl.content.upperBound) else { return false }
        func table(_ type: String) -> Box? { tables[type] }
        guard let stsz = table("stsz"), let stsc = table("stsc"), let offsets = table("stco") ?? table("co64") else {
            return table("stsz") == nil && table("stco") == nil && table("co64") == nil
        }
        // Chunk offsets: no more than the box's entries.
        let wide = offsets.type == "co64"
        let o = offsets.content.lowerBound
        guard offsets.content.count >= 8 else { return false }
        let chunkCount = Int(uint32(b, o + 4))
        guard chunkCount <= (offsets.content.count - 8) / (wide ? 8 : 4) else { return false }
        func chunkOffset(_ k: Int) -> Int {
            wide ? Int(uint32(b, o + 8 + 8 * k)) << 32 | Int(uint32(b, o + 12 + 8 * k)) : Int(uint32(b, o + 8 + 4 * k))
        }
        // Sample sizes: one size for all, and then no more samples than the file has bytes for, or the box's entries.
        let z = stsz.content.lowerBound
        guard stsz.content.count >= 12 else { return false }
        let fixed = Int(uint32(b, z + 4)), sampleCount = Int(uint32(b, z + 8))
        if fixed > 0 {
            guard sampleCount <= b.count / fixed else { return false }
        } else {
            guard sampleCount <= (stsz.content.count - 12) / 4 else { return false }
        }
        func size(_ k: Int) -> Int { fixed > 0 ? fixed : Int(uint32(b, z + 12 + 4 * k)) }
        // Samples per chunk, in runs: no more runs than the box's entries, each over chunks after the one before.
        let c = stsc.content.lowerBound
        guard stsc.content.count >= 8 else { return false }
        let runs = Int(uint32(b, c + 4))
        guard runs <= (stsc.content.count - 8) / 12 else { return false }
        var sample = 0
        for r in 0..<runs where sample < sampleCount {
            let first = Int(uint32(b, c + 8 + 12 * r)) - 1
            let perChunk = Int(uint32(b, c + 12 + 12 * r))
            let last = r + 1 < runs ? Int(uint32(b, c + 8 + 12 * (r + 1))) - 1 : chunkCount
            guard first >= 0, first <= last, last <= chunkCount else { return false }
            for chunk in first..<last {
                guard sample < sampleCount else { break }  // every sample placed: the chunks left hold none
                let start = chunkOffset(chunk)
                guard start >= 0, start <= b.count else { return false }
                var at = start
                for _ in 0..<min(perChunk, sampleCount - sample) {
                    let n = size(sample)
                    guard n <= budget, at <= b.count - n else { return false }
                    budget -= n
                    at += n
                    sample += 1
                }
                if at > start { body(start..<at) }
            }
        }
        return true
    }
}
