import Crypto
import Foundation

/// Random (version 4) UUIDs drawn from BoringSSL's generator a few kilobytes at a time: `UUID()` makes a `getrandom`
/// system call per identifier, which showed up in bulk-load profiles.
struct RandomUUIDs {
    private var pool: [UInt8] = []
    private var offset = 0

    mutating func next() -> UUID {
        if offset + 16 > pool.count {
            pool = SymmetricKey(size: SymmetricKeySize(bitCount: 8 * 4096)).withUnsafeBytes { Array($0) }
            offset = 0
        }
        var b = Array(pool[offset..<offset + 16])
        offset += 16
        b[6] = (b[6] & 0x0f) | 0x40  // version 4
        b[8] = (b[8] & 0x3f) | 0x80  // RFC 4122 variant
        return UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
    }
}
