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

    /// JPEG: drops APP1 (EXIF, XMP), APP2–APP15 but ICC colour profiles (APP2 `ICC_PROFILE`), and COM segments.
    static func strippedJPEG(_ b: [UInt8]) -> Result<[UInt8], EvidenceProblem> {
        guard b.count >= 4, b[0] == 0xFF, b[1] == 0xD8 else { return .failure(.malformed) }
        var out: [UInt8] = [0xFF, 0xD8]
        out.reserveCapacity(b.count)
        var i = 2
        while i + 4 <= b.count {
            guard b[i] == 0xFF else { return .failure(.malformed) }
            let marker = b[i + 1]
            if marker == 0xFF { i += 1; continue }  // fill byte
            if marker == 0xDA {  // start of scan: the rest is picture data
                out.append(contentsOf: b[i...])
                return .success(out)
            }
            if (0xD0...0xD7).contains(marker) || marker == 0x01 { out.append(contentsOf: b[i..<i + 2]); i += 2; continue }
            let length = Int(b[i + 2]) << 8 | Int(b[i + 3])
            guard length >= 2, i + 2 + length <= b.count else { return .failure(.malformed) }
            let segment = b[i..<i + 2 + length]
            let isICC = marker == 0xE2 && length >= 14 && b[(i + 4)..<(i + 15)].elementsEqual(Array("ICC_PROFILE".utf8))
            let drop = marker == 0xFE || (marker >= 0xE1 && marker <= 0xEF && !isICC)
            if !drop { out.append(contentsOf: segment) }
            i += 2 + length
        }
        return .failure(.malformed)
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

    /// MP4 and QuickTime: every `udta` and `meta` box (where phones write the place, the device and the owner) is
    /// renamed `free`, which players skip, and zeroed; sizes and offsets are unchanged, so nothing else moves.
    static func strippedISO(_ b: [UInt8]) -> Result<[UInt8], EvidenceProblem> {
        var out = b
        func walk(_ start: Int, _ end: Int, depth: Int) -> Bool {
            var i = start
            while i + 8 <= end {
                var size = Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3])
                let type = String(decoding: b[(i + 4)..<(i + 8)], as: UTF8.self)
                var header = 8
                if size == 1 {
                    guard i + 16 <= end else { return false }
                    size = b[(i + 8)..<(i + 16)].reduce(0) { $0 << 8 | Int($1) }
                    header = 16
                } else if size == 0 {
                    size = end - i
                }
                guard size >= header, i + size <= end else { return false }
                if type == "udta" || type == "meta" {
                    // Renamed and emptied: players skip a `free` box, and nothing of the place or device is left in it.
                    out.replaceSubrange((i + 4)..<(i + 8), with: Array("free".utf8))
                    out.replaceSubrange((i + header)..<(i + size), with: repeatElement(0, count: size - header))
                } else if depth < 8, ["moov", "trak", "mdia", "minf", "stbl", "edts"].contains(type) {
                    guard walk(i + header, i + size, depth: depth + 1) else { return false }
                }
                i += size
            }
            return i == end || end - i < 8
        }
        return walk(0, b.count, depth: 0) ? .success(out) : .failure(.malformed)
    }
}
