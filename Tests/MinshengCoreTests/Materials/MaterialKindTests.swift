import MinshengCore
import Testing

@Suite("Material files are recognised by their bytes")
struct MaterialKindTests {
    @Test("PDF, JPEG and PNG signatures; anything else, empty or oversized files refused")
    func sniffing() {
        #expect(MaterialKind.sniff(Array("%PDF-1.7\n".utf8)) == .pdf)
        #expect(MaterialKind.sniff([0xFF, 0xD8, 0xFF, 0xDB]) == .jpeg)
        #expect(MaterialKind.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00]) == .png)
        // Near misses: a truncated PNG signature, a PDF marker not at the start, GIF, a Windows program, HTML.
        #expect(MaterialKind.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A]) == nil)
        #expect(MaterialKind.sniff(Array(" %PDF-1.7".utf8)) == nil)
        #expect(MaterialKind.sniff(Array("GIF89a".utf8)) == nil)
        #expect(MaterialKind.sniff(Array("MZ\u{90}".utf8)) == nil)
        #expect(MaterialKind.sniff(Array("<html>".utf8)) == nil)
        #expect(MaterialKind.check([UInt8]()) == .failure(.empty))
        #expect(MaterialKind.check([UInt8](repeating: 0, count: 4)) == .failure(.unsupportedType))
        var big = Array("%PDF-".utf8)
        big += [UInt8](repeating: 0x20, count: MaterialKind.maxBytes)
        #expect(MaterialKind.check(big) == .failure(.tooLarge(big.count)))
        #expect(MaterialKind.check(Array("%PDF-".utf8) + [UInt8](repeating: 0x20, count: MaterialKind.maxBytes - 5)) == .success(.pdf))
    }
}
