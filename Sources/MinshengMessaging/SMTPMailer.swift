import Foundation
import MinshengCore
import NIOCore
import NIOPosix

/// E-mail through an SMTP relay (RFC 5321): the platform hands its mail to the force's own mail server on the local
/// network (or a local MTA), which does the onward delivery, so no TLS or password is spoken here. One connection per
/// message: greeting, EHLO (HELO if refused), MAIL FROM, RCPT TO, DATA, QUIT. A 4xx answer or a lost connection is
/// retried later; a 5xx answer is a refusal. The whole exchange has a deadline.
public struct SMTPMailer: MessageGateway {
    public let channel = NotificationChannel.email
    public var host: String
    public var port: Int
    public var from: String
    public var fromName: String
    public var heloName: String
    /// The platform's address, for the link in the message.
    public var baseURL: String
    public var timeout: Duration

    public init(host: String, port: Int, from: String, fromName: String = "深圳公安民生警务", heloName: String = "minsheng.local",
                baseURL: String, timeout: Duration = .seconds(20)) {
        self.host = host
        self.port = port
        self.from = from
        self.fromName = fromName
        self.heloName = heloName
        self.baseURL = baseURL
        self.timeout = timeout
    }

    /// `smtp://host:port`, as `MINSHENG_SMTP_URL` gives it.
    public init?(url: String, from: String, baseURL: String) {
        guard let components = URLComponents(string: url), components.scheme == "smtp", let host = components.host, !host.isEmpty else { return nil }
        self.init(host: host, port: components.port ?? 25, from: from, baseURL: baseURL)
    }

    public func deliver(_ message: OutboundMessage) async -> DeliveryOutcome {
        do {
            let reference = try await send(MIMEMessage.notice(message, from: from, fromName: fromName, baseURL: baseURL))
            return .sent(providerReference: reference)
        } catch let error as SMTPError {
            return error.isPermanent ? .rejected(reason: error.description) : .retry(reason: error.description)
        } catch {
            return .retry(reason: "smtp: \(error)")
        }
    }

    /// Sends one message; returns the server's answer to the end of DATA (its queue id, usually).
    public func send(_ mail: MIMEMessage) async throws -> String {
        for address in [mail.from, mail.to] where !Self.isSafeAddress(address) { throw SMTPError.badAddress(address) }
        let deadline = timeout
        return try await withThrowingTaskGroup(of: String.self) { group in
            group.addTask { try await self.converse(mail) }
            group.addTask {
                try await Task.sleep(for: deadline)
                throw SMTPError.timedOut
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    /// No line breaks, brackets or spaces can reach a command line.
    public static func isSafeAddress(_ address: String) -> Bool {
        !address.isEmpty && address.utf8.count <= 254 && !address.contains(where: { $0.isWhitespace || $0.isNewline || "<>".contains($0) })
    }

    private func converse(_ mail: MIMEMessage) async throws -> String {
        let connection = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        return try await connection.executeThenClose { inbound, outbound in
            var replies = SMTPReplyReader(inbound.makeAsyncIterator())
            func command(_ line: String, expect codes: Set<Int>) async throws -> SMTPReply {
                try await outbound.write(ByteBuffer(string: line + "\r\n"))
                let reply = try await replies.next()
                guard codes.contains(reply.code) else { throw SMTPError.refused(command: String(line.prefix(4)), reply: reply) }
                return reply
            }
            let greeting = try await replies.next()
            guard greeting.code == 220 else { throw SMTPError.refused(command: "greeting", reply: greeting) }
            do {
                _ = try await command("EHLO \(heloName)", expect: [250])
            } catch SMTPError.refused(_, let reply) where reply.code >= 500 {
                _ = try await command("HELO \(heloName)", expect: [250])
            }
            _ = try await command("MAIL FROM:<\(mail.from)>", expect: [250])
            _ = try await command("RCPT TO:<\(mail.to)>", expect: [250, 251])
            _ = try await command("DATA", expect: [354])
            let accepted = try await command(mail.rendered() + ".", expect: [250])
            _ = try? await command("QUIT", expect: [221])
            return accepted.text
        }
    }
}

/// One SMTP reply: its code and text (the lines of a multi-line reply joined).
public struct SMTPReply: Sendable, Hashable {
    public var code: Int
    public var text: String
}

/// Why a message was not handed over.
public enum SMTPError: Error, CustomStringConvertible, Sendable {
    case refused(command: String, reply: SMTPReply)
    case connectionClosed
    case malformedReply(String)
    case badAddress(String)
    case timedOut

    /// A 5xx answer or an address that can never be sent to; everything else may work later.
    public var isPermanent: Bool {
        switch self {
        case .refused(_, let reply): reply.code >= 500
        case .badAddress: true
        case .connectionClosed, .malformedReply, .timedOut: false
        }
    }

    public var description: String {
        switch self {
        case .refused(let command, let reply): "smtp: \(command) answered \(reply.code) \(reply.text)"
        case .connectionClosed: "smtp: the server closed the connection"
        case .malformedReply(let line): "smtp: unreadable reply \"\(line.prefix(80))\""
        case .badAddress: "smtp: the address cannot be used in a command"
        case .timedOut: "smtp: no answer in time"
        }
    }
}

/// Reads replies (`250-first`, `250 last`) from the connection's bytes.
struct SMTPReplyReader {
    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var pending = ByteBuffer()

    init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) { self.iterator = iterator }

    mutating func next() async throws -> SMTPReply {
        var lines: [String] = []
        while true {
            let line = try await nextLine()
            let bytes = Array(line.utf8)
            guard bytes.count >= 3, let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)), (200...599).contains(code) else {
                throw SMTPError.malformedReply(line)
            }
            lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
            if bytes.count == 3 || bytes[3] == UInt8(ascii: " ") { return SMTPReply(code: code, text: lines.joined(separator: " ")) }
            guard bytes[3] == UInt8(ascii: "-") else { throw SMTPError.malformedReply(line) }
            if lines.count > 100 { throw SMTPError.malformedReply("more than 100 lines") }
        }
    }

    private mutating func nextLine() async throws -> String {
        while true {
            if let view = pending.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
                let length = view - pending.readerIndex + 1
                var line = pending.readString(length: length) ?? ""
                while let last = line.last, last.isNewline { line.removeLast() }
                return line
            }
            guard pending.readableBytes < 4096 else { throw SMTPError.malformedReply("a line longer than 4096 bytes") }
            guard var chunk = try await iterator.next() else { throw SMTPError.connectionClosed }
            pending.writeBuffer(&chunk)
        }
    }
}
