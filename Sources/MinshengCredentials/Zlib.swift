import CZlib
import Foundation

/// zlib's DEFLATE in the zlib format (RFC 1950), as the token status list requires.
public enum Zlib {
    public static func compress(_ data: Data, level: Int32 = 9) -> Data {
        var bound = compressBound(uLong(data.count))
        var out = [UInt8](repeating: 0, count: Int(bound))
        let status = data.withUnsafeBytes { src in
            CZlib.compress2(&out, &bound, src.bindMemory(to: Bytef.self).baseAddress, uLong(data.count), level)
        }
        precondition(status == Z_OK, "zlib compress2 failed: \(status)")
        return Data(out.prefix(Int(bound)))
    }

    /// Inflates at most `limit` bytes; nil for corrupt input or output beyond the limit (a zip bomb).
    public static func decompress(_ data: Data, limit: Int) -> Data? {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: limit + 1)
        let input = [UInt8](data)
        let status: Int32 = input.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                stream.next_in = UnsafeMutablePointer(mutating: src.baseAddress)
                stream.avail_in = uInt(src.count)
                stream.next_out = dst.baseAddress
                stream.avail_out = uInt(dst.count)
                return inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) <= limit else { return nil }
        return Data(out.prefix(Int(stream.total_out)))
    }

    public static func crc32(_ data: Data) -> UInt32 {
        data.withUnsafeBytes { UInt32(CZlib.crc32(0, $0.bindMemory(to: Bytef.self).baseAddress, uInt($0.count))) }
    }
}
