import Foundation

extension UUID {
    /// The lowercase 8-4-4-4-12 form, without going through `uuidString`'s printf (a hot spot in bulk loads).
    var lowercasedText: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        return withUnsafeBytes(of: uuid) { raw in
            String(unsafeUninitializedCapacity: 36) { out in
                var o = 0
                for (i, byte) in raw.enumerated() {
                    if i == 4 || i == 6 || i == 8 || i == 10 { out[o] = UInt8(ascii: "-"); o += 1 }
                    out[o] = digits[Int(byte >> 4)]
                    out[o + 1] = digits[Int(byte & 0x0f)]
                    o += 2
                }
                return o
            }
        }
    }
}
