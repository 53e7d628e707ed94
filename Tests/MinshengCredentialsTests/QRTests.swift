import Crypto
import Foundation
import MinshengCore
import MinshengCredentials
import MinshengQR
import Testing

@Suite("QR codes: libqrencode at level M, read back by zbar")
struct QRTests {
    @Test("the largest offline token fits a version ≤ 12 code, and its PNG reads back to the same text")
    func roundTrip() throws {
        let key = IssuerKey()
        // A border check's claims: the longest the purposes file allows.
        let payload = OfflineTokenPayload(type: .hkMacauPass, purposeCode: 3,
                                          claims: [.name: "欧阳娜娜娜", .idNumberMasked: "4403**********001X", .documentNumber: "CA1234567", .birthDate: "1990-01-01",
                                                   .gender: "女", .endorsements: "探亲 2027-01-01, 商务 2027-06-30", .validUntil: "2031-05-01", .validFrom: "2021-05-01"],
                                          photoDigest: Data(SHA256.hash(data: Data())), issuedAt: 1_800_000_000, expiresAt: 1_800_000_300,
                                          statusList: 3, statusIndex: 1_000_000)
        let token = try OfflineToken.make(payload, key: key)
        let code = try QRCode(encoding: token)
        #expect(code.version <= 12, "version \(code.version) for \(OfflineToken.bytes(of: token)!.count) bytes")
        let png = code.png(scale: 6)
        #expect(try QRReader.read(image: png) == [token])
        let svg = code.svg(title: "出示码 presentation code")
        #expect(svg.hasPrefix("<svg") && svg.contains("aria-label=\"出示码 presentation code\""))
    }

    @Test("an online reference reads back; a picture without a code and bytes that are no image are told apart")
    func failures() throws {
        let code = try QRCode(encoding: "MSR:ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        #expect(try QRReader.read(image: code.png(scale: 4)) == ["MSR:ABCDEFGHIJKLMNOPQRSTUVWXYZ"])
        #expect(throws: QRReader.Failure.notAnImage) { try QRReader.read(image: Data("not an image".utf8)) }
        #expect(throws: QRReader.Failure.noCode) { try QRReader.read(image: Self.whitePNG(side: 64)) }
        #expect(throws: QRCode.Failure.empty) { try QRCode(encoding: "") }
    }

    @Test("a tiny PNG declaring a 60000×60000 canvas is refused from its header, before dlib would allocate it")
    func declaredCanvas() throws {
        let png = Self.whitePNG(side: 1, declaring: 60_000)
        #expect(png.count < 100)
        #expect(throws: QRReader.Failure.tooLarge) { try QRReader.read(image: png) }
        // Just under the face frames' limits the same kind of file is decoded (and holds no code).
        #expect(throws: QRReader.Failure.notAnImage) { try QRReader.read(image: Self.whitePNG(side: 1, declaring: 4000)) }
    }

    /// A plain white greyscale PNG (whose header may declare another size than the pixels it holds).
    static func whitePNG(side: Int, declaring declared: Int? = nil) -> Data {
        func chunk(_ type: String, _ body: Data) -> Data {
            let typed = Data(type.utf8) + body
            return Data(withUnsafeBytes(of: UInt32(body.count).bigEndian, Array.init)) + typed + Data(withUnsafeBytes(of: Zlib.crc32(typed).bigEndian, Array.init))
        }
        let size = UInt32(declared ?? side).bigEndian
        var header = Data(withUnsafeBytes(of: size, Array.init)) + Data(withUnsafeBytes(of: size, Array.init))
        header.append(contentsOf: [8, 0, 0, 0, 0])
        let raw = Data((0..<side).flatMap { _ in [UInt8(0)] + [UInt8](repeating: 255, count: side) })
        return Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + chunk("IHDR", header) + chunk("IDAT", Zlib.compress(raw)) + chunk("IEND", Data())
    }
}
