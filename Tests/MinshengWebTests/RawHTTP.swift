import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import Vapor

/// A plain TCP client for the tests that show a limit is applied before a body is read: it sends a request's head,
/// declaring a large body, and then only a small part of that body, and waits for the answer. A server that read the
/// whole body before answering would wait for bytes that never come (the wait ends, unanswered, after `patience`).
enum RawHTTP {
    struct Answer: Sendable {
        var status: Int
        var head: String
        /// How many bytes of the declared body had been sent when the answer came.
        var bodyBytesSent: Int
    }

    /// Starts the application's server on a free port of 127.0.0.1 for `body`, then stops it.
    static func serving(_ app: Application, _ body: (Int) async throws -> Void) async throws {
        try await app.asyncBoot()
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        do {
            let port = try #require(app.http.server.shared.localAddress?.port)
            try await body(port)
        } catch {
            await app.server.shutdown()
            throw error
        }
        await app.server.shutdown()
    }

    /// Sends `method path` with `headers` and a `Content-Length` of `declared`, then `sent` bytes of body, and reads the
    /// answer's head (off Swift's cooperative threads: the socket blocks).
    /// With `body`, those bytes are the body sent (a complete request when `declared` is their length).
    static func partial(port: Int, method: String = "POST", path: String, headers: [String: String] = [:], declared: Int, sent: Int,
                        body: String? = nil, patience: Int = 60) async throws -> Answer {
        let bytes = body.map { Array($0.utf8) } ?? Array(repeating: UInt8(ascii: "x"), count: sent)
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try exchange(port: port, method: method, path: path, headers: headers, declared: declared, body: bytes, patience: patience) })
            }
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private static func exchange(port: Int, method: String, path: String, headers: [String: String], declared: Int, body: [UInt8], patience: Int) throws -> Answer {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(errno)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: patience, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect: \(errno)") }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Length: \(declared)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        try write(fd, Array(head.utf8))
        try write(fd, body)
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !received.containsHeadEnd {
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n > 0 else { throw Failure(description: "no answer after \(body.count) of \(declared) body bytes (recv \(n), errno \(errno))") }
            received += buffer[0..<n]
        }
        let text = String(decoding: received, as: UTF8.self)
        let status = Int(text.split(separator: " ", maxSplits: 2).dropFirst().first ?? "") ?? 0
        return Answer(status: status, head: text, bodyBytesSent: body.count)
    }

    private static func write(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(description: "send: \(errno)") }
            offset += n
        }
    }
}

private extension Array where Element == UInt8 {
    var containsHeadEnd: Bool {
        count >= 4 && indices.dropLast(3).contains { self[$0] == 13 && self[$0 + 1] == 10 && self[$0 + 2] == 13 && self[$0 + 3] == 10 }
    }
}
