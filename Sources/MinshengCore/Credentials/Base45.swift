import Foundation

/// Base45 (RFC 9285): binary as QR alphanumeric characters, so a signed token fits a small QR and can be pasted as text.
public enum Base45 {
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".utf8)
    /// Each byte's value in the alphabet, or −1: a table, since decoding is on every offline check's path.
    static let values: [Int] = {
        var table = [Int](repeating: -1, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = i }
        return table
    }()

    public static func encode(_ data: Data) -> String {
        var out = [UInt8]()
        out.reserveCapacity(data.count * 3 / 2 + 2)
        let bytes = [UInt8](data)
        var i = 0
        while i + 1 < bytes.count {
            var n = Int(bytes[i]) * 256 + Int(bytes[i + 1])
            for _ in 0..<3 { out.append(alphabet[n % 45]); n /= 45 }
            i += 2
        }
        if i < bytes.count {
            var n = Int(bytes[i])
            for _ in 0..<2 { out.append(alphabet[n % 45]); n /= 45 }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// nil when a character is outside the alphabet, the length is impossible or a group overflows.
    public static func decode(_ text: String) -> Data? {
        var text = text
        return text.withUTF8 { decode(utf8: $0) }
    }

    /// Decodes base45 bytes (ASCII) without going through `String`: the offline verifier's hot path.
    public static func decode(utf8 chars: UnsafeBufferPointer<UInt8>) -> Data? {
        guard chars.count % 3 != 1 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(chars.count * 2 / 3 + 1)
        var i = 0
        while i < chars.count {
            let n = min(3, chars.count - i)
            var value = 0, factor = 1
            for k in 0..<n {
                let v = values[Int(chars[i + k])]
                guard v >= 0 else { return nil }
                value += v * factor
                factor *= 45
            }
            if n == 3 {
                guard value <= 0xFFFF else { return nil }
                out.append(UInt8(value >> 8))
                out.append(UInt8(value & 0xFF))
            } else {
                guard value <= 0xFF else { return nil }
                out.append(UInt8(value))
            }
            i += 3
        }
        return Data(out)
    }
}
