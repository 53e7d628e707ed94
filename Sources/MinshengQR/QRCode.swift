import CQRencode
import Foundation
import MinshengCredentials

/// A QR symbol made by libqrencode at error correction M (15% of the code may be damaged or glared on a phone screen
/// and it still reads), with the modes chosen by the library (base45 text goes in alphanumeric mode).
public struct QRCode: Sendable, Hashable {
    public let version: Int
    /// Modules per side.
    public let width: Int
    /// Dark modules, row-major.
    public let modules: [Bool]

    public enum Failure: Error, Equatable {
        case tooLong
        case empty
    }

    public init(encoding text: String) throws(Failure) {
        guard !text.isEmpty else { throw .empty }
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { throw .tooLong }
        defer { QRcode_free(code) }
        version = Int(code.pointee.version)
        width = Int(code.pointee.width)
        var dark = [Bool](repeating: false, count: width * width)
        for i in 0..<(width * width) { dark[i] = code.pointee.data[i] & 1 == 1 }
        modules = dark
    }

    public func isDark(x: Int, y: Int) -> Bool { modules[y * width + x] }

    /// An SVG with a 4-module quiet zone, one path of unit squares, crisp at any size; `title` is read by screen readers.
    public func svg(size: Int = 288, title: String) -> String {
        let side = width + 8
        var path = ""
        path.reserveCapacity(width * width * 6)
        for y in 0..<width {
            var x = 0
            while x < width {
                guard isDark(x: x, y: y) else { x += 1; continue }
                var run = 1
                while x + run < width, isDark(x: x + run, y: y) { run += 1 }
                path += "M\(x + 4) \(y + 4)h\(run)v1h-\(run)z"
                x += run
            }
        }
        let escaped = title.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\" width=\"\(size)\" height=\"\(size)\" role=\"img\" aria-label=\"\(escaped)\" shape-rendering=\"crispEdges\">"
            + "<title>\(escaped)</title><rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/><path fill=\"#000\" d=\"\(path)\"/></svg>"
    }

    /// An 8-bit grey PNG, `scale` pixels per module, with the quiet zone.
    public func png(scale: Int = 8) -> Data {
        let side = (width + 8) * scale
        var raw = Data(capacity: (side + 1) * side)
        for py in 0..<side {
            raw.append(0)  // filter: none
            let my = py / scale - 4
            for px in 0..<side {
                let mx = px / scale - 4
                let dark = mx >= 0 && my >= 0 && mx < width && my < width && isDark(x: mx, y: my)
                raw.append(dark ? 0 : 255)
            }
        }
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var header = Data()
        for v in [UInt32(side), UInt32(side)] { header.append(contentsOf: withUnsafeBytes(of: v.bigEndian, Array.init)) }
        header.append(contentsOf: [8, 0, 0, 0, 0])  // 8-bit, greyscale, deflate, no filter method, no interlace
        Self.chunk("IHDR", header, into: &png)
        Self.chunk("IDAT", Zlib.compress(raw, level: 6), into: &png)
        Self.chunk("IEND", Data(), into: &png)
        return png
    }

    static func chunk(_ type: String, _ body: Data, into png: inout Data) {
        png.append(contentsOf: withUnsafeBytes(of: UInt32(body.count).bigEndian, Array.init))
        let typed = Data(type.utf8) + body
        png.append(typed)
        png.append(contentsOf: withUnsafeBytes(of: Zlib.crc32(typed).bigEndian, Array.init))
    }
}
