import Foundation

/// What an uploaded image is before it is decoded: its format, pixel size and EXIF orientation, read from the
/// headers alone so that an oversized or hostile file is refused before any pixel is decoded.
public struct FaceImage: Sendable {
    public enum Format: Sendable { case jpeg, png }

    /// The largest image decoded: 40 megapixels, and at most 12 000 pixels a side.
    public static let maxPixels = 40_000_000
    public static let maxSide = 12_000

    public let format: Format
    public let width: Int
    public let height: Int
    /// EXIF orientation 1–8 (1 when absent).
    public let orientation: Int

    /// Reads the headers; throws `FaceError.unreadableImage` or `.imageTooLarge`.
    public init(_ data: Data) throws(FaceError) {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            // IHDR is the first chunk: length(4) "IHDR"(4) width(4) height(4).
            guard bytes.count >= 24, Array(bytes[12..<16]) == Array("IHDR".utf8) else { throw .unreadableImage }
            format = .png
            width = Self.be32(bytes, 16)
            height = Self.be32(bytes, 20)
            orientation = 1
        } else if bytes.starts(with: [0xFF, 0xD8]) {
            format = .jpeg
            var found: (Int, Int)?
            var exif = 1
            var i = 2
            while i + 4 <= bytes.count {
                guard bytes[i] == 0xFF else { throw .unreadableImage }
                let marker = bytes[i + 1]
                if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { i += 2; continue }
                if marker == 0xFF { i += 1; continue }
                let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
                guard length >= 2, i + 2 + length <= bytes.count else { break }
                let segment = (i + 4)..<(i + 2 + length)
                if marker == 0xE1 { exif = Self.exifOrientation(Array(bytes[segment])) ?? exif }
                // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC): precision(1) height(2) width(2).
                if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker), length >= 7 {
                    found = (Int(bytes[i + 7]) << 8 | Int(bytes[i + 8]), Int(bytes[i + 5]) << 8 | Int(bytes[i + 6]))
                    break
                }
                if marker == 0xDA { break }
                i += 2 + length
            }
            guard let (w, h) = found else { throw .unreadableImage }
            width = w
            height = h
            orientation = exif
        } else {
            throw .unreadableImage
        }
        guard width > 0, height > 0 else { throw .unreadableImage }
        guard width <= Self.maxSide, height <= Self.maxSide, width * height <= Self.maxPixels else { throw .imageTooLarge }
    }

    static func be32(_ b: [UInt8], _ at: Int) -> Int {
        Int(b[at]) << 24 | Int(b[at + 1]) << 16 | Int(b[at + 2]) << 8 | Int(b[at + 3])
    }

    /// The orientation tag (0x0112) of an APP1 "Exif" segment, in either byte order.
    static func exifOrientation(_ app1: [UInt8]) -> Int? {
        guard app1.count >= 14, Array(app1[0..<6]) == [0x45, 0x78, 0x69, 0x66, 0, 0] else { return nil }
        let tiff = Array(app1[6...])
        guard tiff.count >= 8 else { return nil }
        let little = tiff[0] == 0x49
        guard little || tiff[0] == 0x4D else { return nil }
        func u16(_ at: Int) -> Int? {
            guard at + 2 <= tiff.count else { return nil }
            return little ? Int(tiff[at]) | Int(tiff[at + 1]) << 8 : Int(tiff[at]) << 8 | Int(tiff[at + 1])
        }
        func u32(_ at: Int) -> Int? {
            guard at + 4 <= tiff.count else { return nil }
            let b = tiff[at..<(at + 4)].map(Int.init)
            return little ? b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24 : b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]
        }
        guard let ifd = u32(4), let count = u16(ifd) else { return nil }
        for entry in 0..<min(count, 256) {
            let at = ifd + 2 + entry * 12
            guard let tag = u16(at) else { return nil }
            if tag == 0x0112, let value = u16(at + 8), (1...8).contains(value) { return value }
        }
        return nil
    }
}
