import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real SMTP server for the e-mail tests: aiosmtpd (PyPI, installed in the repository's `.venv` by
/// `scripts/setup.sh --test`) on a loopback port, writing every message it accepts to a Maildir.
final class SMTPSink: @unchecked Sendable {
    let port: Int
    let directory: String
    private let process: Process

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private init(port: Int, directory: String, process: Process) {
        self.port = port
        self.directory = directory
        self.process = process
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    static func start() throws -> SMTPSink {
        let python = ProcessInfo.processInfo.environment["MINSHENG_TEST_PYTHON"] ?? root.appendingPathComponent(".venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw Missing(description: "\(python) is missing: run scripts/setup.sh --test (it installs aiosmtpd for the e-mail tests)")
        }
        for _ in 0..<5 {
            let port = Int.random(in: 20000..<60000)
            let directory = NSTemporaryDirectory() + "minsheng-maildir-\(UUID().uuidString)"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = ["-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)", "-c", "aiosmtpd.handlers.Mailbox", directory]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            for _ in 0..<100 {
                if !process.isRunning { break }
                if accepts(port: port) { return SMTPSink(port: port, directory: directory, process: process) }
                usleep(100_000)
            }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        throw Missing(description: "aiosmtpd did not start on a loopback port")
    }

    var url: String { "smtp://127.0.0.1:\(port)" }

    /// The raw messages received so far.
    func messages() -> [String] {
        let folder = directory + "/new"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        return names.compactMap { try? String(contentsOfFile: folder + "/" + $0, encoding: .utf8) }
    }

    func stop() {
        // aiosmtpd's event loop does not stop on SIGTERM.
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
