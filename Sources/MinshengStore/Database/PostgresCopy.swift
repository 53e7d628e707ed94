import FluentKit
import FluentPostgresDriver
import Foundation
import Logging
import NIOCore

/// Rows in PostgreSQL's COPY text format, for bulk loads (`COPY … FROM STDIN` is several times faster than multi-row INSERT).
struct CopyTextRows {
    private(set) var buffer = ByteBufferAllocator().buffer(capacity: 1 << 20)
    private var firstField = true

    mutating func text(_ value: String?) {
        separator()
        guard let value else { buffer.writeStaticString("\\N"); return }
        // Escape the characters COPY's text format gives meaning to.
        var needsEscape = false
        for byte in value.utf8 where byte == UInt8(ascii: "\\") || byte == 9 || byte == 10 || byte == 13 { needsEscape = true; break }
        guard needsEscape else { buffer.writeString(value); return }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case 9: buffer.writeStaticString("\\t")
            case 10: buffer.writeStaticString("\\n")
            case 13: buffer.writeStaticString("\\r")
            default: buffer.writeInteger(byte)
            }
        }
    }

    mutating func bytes(_ value: Data?) {
        separator()
        guard let value else { buffer.writeStaticString("\\N"); return }
        // bytea's hex form `\x…`, with COPY's own backslash escaped; written straight into the buffer's memory.
        buffer.writeStaticString("\\\\x")
        let count = value.count * 2
        buffer.reserveCapacity(minimumWritableBytes: count)
        value.withUnsafeBytes { source in
            _ = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { target in
                let hex: StaticString = "0123456789abcdef"
                hex.withUTF8Buffer { digits in
                    for (index, byte) in source.enumerated() {
                        target[2 * index] = digits[Int(byte >> 4)]
                        target[2 * index + 1] = digits[Int(byte & 0x0f)]
                    }
                }
                return count
            }
        }
    }

    mutating func uuid(_ value: UUID?) { text(value?.lowercasedText) }

    mutating func int(_ value: Int) { text(String(value)) }

    mutating func endRow() {
        buffer.writeInteger(UInt8(10))
        firstField = true
    }

    private mutating func separator() {
        if firstField { firstField = false } else { buffer.writeInteger(UInt8(9)) }
    }

    /// A timestamp as PostgreSQL reads it, in UTC with milliseconds.
    static func timestamp(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        let seconds = formatter.string(from: Date(timeIntervalSince1970: Double(millis / 1000)))
        return "\(seconds).\(String(format: "%03d", Int(millis % 1000)))+00"
    }
}

extension Database {
    /// The PostgreSQL connection behind this database (inside a transaction: the transaction's), when it is PostgreSQL.
    var postgres: (any PostgresDatabase)? { self as? any PostgresDatabase }
}

enum PostgresCopy {
    /// Streams `rows` into `table` on the database's connection (the transaction's, when in one).
    static func copy(_ rows: CopyTextRows, into table: String, columns: [String], on database: any PostgresDatabase, logger: Logger) async throws {
        let buffer = rows.buffer
        try await database.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                    try await writer.write(buffer)
                }
            }
        }.get()
    }
}
