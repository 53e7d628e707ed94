import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The reverse proxies whose `X-Forwarded-For` is believed (`MINSHENG_TRUSTED_PROXIES`, CIDRs): every per-address
/// throttle keys on the address this finds, so behind a proxy clients are still told apart, and nobody else can
/// choose the address they are counted under.
public struct TrustedProxies: Sendable, Equatable {
    /// One IPv4 or IPv6 range.
    public struct Block: Sendable, Equatable {
        let bytes: [UInt8]
        let prefix: Int

        /// `10.0.0.0/8`, `2001:db8::/32`, or a single address.
        public init?(_ text: String) {
            let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let bytes = TrustedProxies.address(String(parts[0])) else { return nil }
            let bits = bytes.count * 8
            var prefix = bits
            if parts.count == 2 {
                guard let given = Int(parts[1]), (0...bits).contains(given), parts[1].allSatisfy(\.isASCII) else { return nil }
                prefix = given
            }
            self.bytes = bytes
            self.prefix = prefix
        }

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var left = prefix
            for (a, b) in zip(address, bytes) where left > 0 {
                let mask: UInt8 = left >= 8 ? 0xFF : ~(0xFF >> UInt8(left))
                if a & mask != b & mask { return false }
                left -= 8
            }
            return true
        }
    }

    public let blocks: [Block]

    public init(_ blocks: [Block] = []) { self.blocks = blocks }

    /// The entries of a list that are not CIDRs.
    public struct Invalid: Error, Equatable {
        public let entries: [String]
    }

    /// Parses a comma-separated list; the entries that are not CIDRs come back as problems.
    public static func parse(_ list: String) -> Result<TrustedProxies, Invalid> {
        var blocks: [Block] = []
        var bad: [String] = []
        for entry in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            if let block = Block(entry) { blocks.append(block) } else { bad.append(entry) }
        }
        return bad.isEmpty ? .success(TrustedProxies(blocks)) : .failure(Invalid(entries: bad))
    }

    public func isTrusted(_ address: String) -> Bool {
        guard let bytes = Self.address(address) else { return false }
        return blocks.contains { $0.contains(bytes) }
    }

    /// The client's address: the peer itself unless it is a trusted proxy; then the rightmost hop of
    /// `X-Forwarded-For` that is not a trusted proxy (hops to its left were written by whoever sent the request and
    /// prove nothing). When every hop is trusted, the leftmost; a hop that is not an address ends the walk there.
    public func clientAddress(peer: String?, forwardedFor: [String]) -> String? {
        guard let peer else { return nil }
        guard isTrusted(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { Self.stripPort($0.trimmingCharacters(in: .whitespaces)) }
        var client = peer
        for hop in hops.reversed() {
            guard let bytes = Self.address(hop) else { return client }
            client = Self.canonical(bytes)
            if !blocks.contains(where: { $0.contains(bytes) }) { return client }
        }
        return client
    }

    /// The key a per-address throttle counts under: an IPv4 address as it is (IPv4-mapped IPv6 as IPv4), an IPv6
    /// address by its /64, since one subscriber is routinely given a whole /64 and could otherwise take a fresh address
    /// for every try (issue 16 review). Text that is not an address is kept as it is.
    public static func throttleKey(_ address: String) -> String {
        guard let bytes = Self.address(stripPort(address)) else { return address }
        guard bytes.count == 16 else { return canonical(bytes) }
        return canonical(Array(bytes.prefix(8)) + [UInt8](repeating: 0, count: 8)) + "/64"
    }

    /// `[2001:db8::1]:443` and `192.0.2.1:80` without their ports.
    static func stripPort(_ hop: String) -> String {
        if hop.hasPrefix("["), let end = hop.firstIndex(of: "]") { return String(hop[hop.index(after: hop.startIndex)..<end]) }
        if hop.filter({ $0 == ":" }).count == 1, let colon = hop.firstIndex(of: ":") { return String(hop[..<colon]) }
        return hop
    }

    /// An address's bytes: 4 for IPv4 (IPv4-mapped IPv6 included), 16 for IPv6.
    static func address(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes.prefix(10).allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF { return Array(bytes.suffix(4)) }
        return bytes
    }

    static func canonical(_ bytes: [UInt8]) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        var copy = bytes
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        guard inet_ntop(family, &copy, &buffer, socklen_t(buffer.count)) != nil else { return "" }
        return String(cString: buffer)
    }
}
