import Foundation
import MinshengCore

/// A plain-text e-mail (RFC 5322 with MIME, RFC 2045–2047): UTF-8 text in base64, headers with non-ASCII words
/// encoded, lines ending in CRLF. Built from a notice, Chinese first and English after.
public struct MIMEMessage: Sendable, Hashable {
    public var from: String
    public var fromName: String
    public var to: String
    public var subject: String
    public var body: String
    public var messageID: String
    public var date: Date

    public init(from: String, fromName: String, to: String, subject: String, body: String, messageID: String, date: Date) {
        self.from = from
        self.fromName = fromName
        self.to = to
        self.subject = subject
        self.body = body
        self.messageID = messageID
        self.date = date
    }

    /// The e-mail for a notice.
    public static func notice(_ message: OutboundMessage, from: String, fromName: String, baseURL: String) -> MIMEMessage {
        let body = """
            \(message.titleZh)

            详情请登录民生警务个人中心查看：\(baseURL)\(message.link)
            本邮件由系统自动发送，请勿回复。如需退订，请在个人中心“消息设置”中修改。

            ----
            \(message.titleEn)

            See your personal center for details: \(baseURL)\(message.link)
            This message was sent automatically; please do not reply. To stop these e-mails, change your notification settings in the personal center.
            """
        let domain = from.split(separator: "@").last.map(String.init) ?? "minsheng.local"
        return MIMEMessage(from: from, fromName: fromName, to: message.address, subject: "【\(fromName)】\(message.titleZh)", body: body,
                           messageID: "<\(message.id.uuidString.lowercased())@\(domain)>", date: message.createdAt)
    }

    /// The message as sent after DATA, dot-stuffed, ending in CRLF (the terminating `.` line is the client's).
    public func rendered() -> String {
        var lines = [
            Self.folded("From: \(Self.encodedWord(fromName))", "<\(from)>"),
            "To: <\(to)>",
            "Subject: \(Self.encodedWord(subject))",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: \(messageID)",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            "Auto-Submitted: auto-generated",
            "",
        ]
        let normalised = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        lines.append(contentsOf: Data(normalised.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
            .components(separatedBy: "\r\n"))
        // Base64 never starts a line with "."; headers could only if a value did, and none of ours can.
        return lines.map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 2047 encoded-words (base64, ≤ 75 characters each, split on character boundaries) for non-ASCII text.
    public static func encodedWord(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !$0.isASCII || $0.value < 32 }) else { return text }
        var words: [String] = []
        var chunk = ""
        for character in text {
            let candidate = chunk + String(character)
            // "=?UTF-8?B?" + base64 + "?=" stays within 64 characters (39 bytes of text), so that even after
            // "Subject: " a line keeps under the 78 RFC 5322 recommends.
            if candidate.utf8.count > 39, !chunk.isEmpty {
                words.append(chunk)
                chunk = String(character)
            } else {
                chunk = candidate
            }
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: "\r\n ")
    }

    /// `head tail` on one line when it fits in 78 characters, else folded before the tail.
    static func folded(_ head: String, _ tail: String) -> String {
        let lastLine = head.components(separatedBy: "\r\n").last ?? head
        return lastLine.utf8.count + 1 + tail.utf8.count <= 78 ? "\(head) \(tail)" : "\(head)\r\n \(tail)"
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
