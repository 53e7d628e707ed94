import Foundation

/// A CBOR data item (RFC 8949), the subset the offline token and COSE_Sign1 need: integers, byte and text strings,
/// arrays, maps, tags, booleans and null. Encoding is deterministic (shortest lengths, definite lengths only, map keys
/// in the order given, which callers keep sorted); no floats.
public indirect enum CBOR: Hashable, Sendable {
    case unsigned(UInt64)
    /// The negative integer −1 − n.
    case negative(UInt64)
    case bytes(Data)
    case text(String)
    case array([CBOR])
    case map([CBORPair])
    case tagged(UInt64, CBOR)
    case bool(Bool)
    case null

    public static func int(_ value: Int) -> CBOR {
        value >= 0 ? .unsigned(UInt64(value)) : .negative(UInt64(-1 - value))
    }

    /// The value as an `Int`, when it is an integer that fits.
    public var intValue: Int? {
        switch self {
        case .unsigned(let n): n <= UInt64(Int.max) ? Int(n) : nil
        case .negative(let n): n < UInt64(Int.max) ? -1 - Int(n) : nil
        default: nil
        }
    }

    public var textValue: String? { if case .text(let s) = self { s } else { nil } }
    public var bytesValue: Data? { if case .bytes(let d) = self { d } else { nil } }
    public var arrayValue: [CBOR]? { if case .array(let a) = self { a } else { nil } }
    public var mapValue: [CBORPair]? { if case .map(let m) = self { m } else { nil } }

    /// The value under `key` in a map.
    public subscript(key: CBOR) -> CBOR? {
        mapValue?.first { $0.key == key }?.value
    }

    /// The encoded bytes.
    public var encoded: Data {
        var out = Data()
        CBOR.encode(self, into: &out)
        return out
    }

    static func head(_ major: UInt8, _ argument: UInt64, into out: inout Data) {
        let m = major << 5
        switch argument {
        case 0..<24: out.append(m | UInt8(argument))
        case 24...0xFF: out.append(m | 24); out.append(UInt8(argument))
        case 0x100...0xFFFF: out.append(m | 25); appendBigEndian(argument, bytes: 2, into: &out)
        case 0x10000...0xFFFF_FFFF: out.append(m | 26); appendBigEndian(argument, bytes: 4, into: &out)
        default: out.append(m | 27); appendBigEndian(argument, bytes: 8, into: &out)
        }
    }

    static func appendBigEndian(_ value: UInt64, bytes: Int, into out: inout Data) {
        for shift in stride(from: (bytes - 1) * 8, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    static func encode(_ item: CBOR, into out: inout Data) {
        switch item {
        case .unsigned(let n): head(0, n, into: &out)
        case .negative(let n): head(1, n, into: &out)
        case .bytes(let d): head(2, UInt64(d.count), into: &out); out.append(d)
        case .text(let s):
            let utf8 = Data(s.utf8)
            head(3, UInt64(utf8.count), into: &out); out.append(utf8)
        case .array(let items):
            head(4, UInt64(items.count), into: &out)
            for i in items { encode(i, into: &out) }
        case .map(let pairs):
            head(5, UInt64(pairs.count), into: &out)
            for p in pairs { encode(p.key, into: &out); encode(p.value, into: &out) }
        case .tagged(let tag, let inner): head(6, tag, into: &out); encode(inner, into: &out)
        case .bool(let b): out.append(b ? 0xF5 : 0xF4)
        case .null: out.append(0xF6)
        }
    }
}

/// One key and value of a CBOR map, in order.
public struct CBORPair: Hashable, Sendable {
    public var key: CBOR
    public var value: CBOR
    public init(_ key: CBOR, _ value: CBOR) {
        self.key = key
        self.value = value
    }
}

/// Why bytes are not an acceptable CBOR item.
public enum CBORError: Error, Equatable, Sendable {
    case tooLarge(limit: Int)
    case truncated
    case tooDeep(limit: Int)
    case tooManyItems(limit: Int)
    case unsupported(String)
    case notMinimal
    case invalidText
    case duplicateKey
    case trailingBytes
}

/// Decodes CBOR from untrusted bytes (a scanned QR), within limits: total size, nesting depth and item count, definite
/// lengths only, shortest-form heads only (so one value has one encoding and a signature covers exactly it), UTF-8 text,
/// no duplicate map keys, no floats or undefined simple values, nothing after the item.
public struct CBORDecoder: Sendable {
    public var maxBytes: Int
    public var maxDepth: Int
    public var maxItems: Int

    public init(maxBytes: Int = 1024, maxDepth: Int = 6, maxItems: Int = 128) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxItems = maxItems
    }

    public func decode(_ data: Data) throws(CBORError) -> CBOR {
        guard data.count <= maxBytes else { throw .tooLarge(limit: maxBytes) }
        var reader = Reader(bytes: [UInt8](data), limits: self)
        let item = try reader.item(depth: 0)
        guard reader.position == reader.bytes.count else { throw .trailingBytes }
        return item
    }

    struct Reader {
        let bytes: [UInt8]
        let limits: CBORDecoder
        var position = 0
        var items = 0

        mutating func byte() throws(CBORError) -> UInt8 {
            guard position < bytes.count else { throw .truncated }
            defer { position += 1 }
            return bytes[position]
        }

        mutating func argument(_ info: UInt8) throws(CBORError) -> UInt64 {
            let width: Int
            switch info {
            case 0..<24: return UInt64(info)
            case 24: width = 1
            case 25: width = 2
            case 26: width = 4
            case 27: width = 8
            case 31: throw .unsupported("indefinite length")
            default: throw .unsupported("reserved additional information \(info)")
            }
            var value: UInt64 = 0
            for _ in 0..<width { value = value << 8 | UInt64(try byte()) }
            let minimum: UInt64 = switch width { case 1: 24; case 2: 0x100; case 4: 0x10000; default: 0x1_0000_0000 }
            guard value >= minimum else { throw .notMinimal }
            return value
        }

        mutating func take(_ count: UInt64) throws(CBORError) -> Data {
            guard count <= UInt64(bytes.count - position) else { throw .truncated }
            defer { position += Int(count) }
            return Data(bytes[position..<position + Int(count)])
        }

        mutating func item(depth: Int) throws(CBORError) -> CBOR {
            guard depth <= limits.maxDepth else { throw .tooDeep(limit: limits.maxDepth) }
            items += 1
            guard items <= limits.maxItems else { throw .tooManyItems(limit: limits.maxItems) }
            let initial = try byte()
            let major = initial >> 5
            let info = initial & 0x1F
            if major == 7 {
                switch info {
                case 20: return .bool(false)
                case 21: return .bool(true)
                case 22: return .null
                default: throw .unsupported("simple value or float \(info)")
                }
            }
            let arg = try argument(info)
            switch major {
            case 0: return .unsigned(arg)
            case 1: return .negative(arg)
            case 2: return .bytes(try take(arg))
            case 3:
                guard let text = String(validating: try take(arg), as: UTF8.self) else { throw .invalidText }
                return .text(text)
            case 4:
                // Each element takes at least one byte: a count beyond what is left is refused before allocating.
                guard arg <= UInt64(bytes.count - position) else { throw .truncated }
                var out: [CBOR] = []
                out.reserveCapacity(Int(arg))
                for _ in 0..<arg { out.append(try item(depth: depth + 1)) }
                return .array(out)
            case 5:
                guard arg <= UInt64(bytes.count - position) / 2 else { throw .truncated }
                var out: [CBORPair] = []
                var keys = Set<CBOR>()
                for _ in 0..<arg {
                    let key = try item(depth: depth + 1)
                    guard keys.insert(key).inserted else { throw .duplicateKey }
                    out.append(CBORPair(key, try item(depth: depth + 1)))
                }
                return .map(out)
            default:
                return .tagged(arg, try item(depth: depth + 1))
            }
        }
    }
}
