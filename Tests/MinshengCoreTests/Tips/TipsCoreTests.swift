import Foundation
import MinshengCore
import Testing

@Suite("Crime reports, pure: codes, metadata removal, the officers' workflow, near-identical texts")
struct TipsCoreTests {
    @Test("typed codes read back in their printed form: any case, spaces or hyphens, look-alikes, with or without the prefix")
    func codes() {
        var rng = SystemRandomNumberGenerator()
        let code = TipCode.newCode(using: &rng)
        let claim = TipCode.newClaimCode(using: &rng)
        #expect(code.hasPrefix("JB-") && code.count == 12 && claim.hasPrefix("LJ-") && claim.count == 17)
        #expect(TipCode.tipCode(code.lowercased()) == code)
        #expect(TipCode.tipCode(String(code.dropFirst(3)).replacingOccurrences(of: "-", with: " ")) == code)
        #expect(TipCode.claimCode(claim.lowercased()) == claim && TipCode.claimCode(String(claim.dropFirst(3))) == claim)
        #expect(TipCode.tipCode("JB-ABCD-EFGO") == "JB-ABCD-EFG0" && TipCode.tipCode("JB-ABCD-EFGI") == "JB-ABCD-EFG1")
        #expect(TipCode.tipCode("JB-ABCD") == nil && TipCode.tipCode("JB-ABCD-EF#G") == nil && TipCode.claimCode(code) == nil)
        #expect(TipCode.normalise(TipCode.newSecret(using: &rng))?.count == 20)
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let n = data.count
        return [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + Array(type.utf8) + data + [0, 0, 0, 0]
    }

    @Test("PNG: text, EXIF and time chunks are taken out; the picture's chunks stay, byte for byte")
    func png() throws {
        let ihdr = Self.chunk("IHDR", Array(repeating: 1, count: 13)), idat = Self.chunk("IDAT", Array(repeating: 7, count: 40)), iend = Self.chunk("IEND", [])
        let file = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + ihdr + Self.chunk("tEXt", Array("Author\0Li Ming".utf8))
            + Self.chunk("eXIf", Array("GPS 22.54 114.05".utf8)) + idat + Self.chunk("tIME", [7, 226, 1, 1, 0, 0, 0]) + iend
        #expect(EvidenceKind.sniff(file) == .png)
        let stripped = try EvidenceMetadata.stripped(file, kind: .png).get()
        #expect(stripped == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + ihdr + idat + iend)
        #expect(EvidenceMetadata.stripped(Array(file.prefix(30)), kind: .png) == .failure(.malformed))
    }

    static func box(_ type: String, _ content: [UInt8]) -> [UInt8] {
        let n = content.count + 8
        return [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + Array(type.utf8) + content
    }

    @Test("MP4: the user-data and metadata boxes are renamed free and emptied, wherever they sit; everything else keeps its bytes and offsets")
    func mp4() throws {
        let gps = Array("\u{A9}xyz+22.5431+114.0579/ iPhone SN-77".utf8)
        let trak = Self.box("trak", Self.box("tkhd", Array(repeating: 3, count: 20)) + Self.box("udta", gps))
        let file = Self.box("ftyp", Array("isom0000".utf8)) + Self.box("moov", Self.box("mvhd", Array(repeating: 2, count: 20)) + trak + Self.box("udta", Self.box("meta", gps)))
            + Self.box("mdat", Array(repeating: 9, count: 64))
        #expect(EvidenceKind.sniff(file) == .mp4)
        let stripped = try EvidenceMetadata.stripped(file, kind: .mp4).get()
        #expect(stripped.count == file.count)
        let text = String(decoding: stripped, as: UTF8.self)
        #expect(!text.contains("22.5431") && !text.contains("SN-77") && !text.contains("udta") && text.contains("mvhd") && text.contains("tkhd"))
        #expect(stripped.suffix(72) == file.suffix(72))
        #expect(EvidenceMetadata.stripped(Array(file.prefix(20)) + Self.box("moov", []).prefix(6), kind: .mp4) == .failure(.malformed))
    }

    @Test("JPEG: a segment whose length runs past the end is malformed, not a crash; files over 50 MiB and other kinds are refused")
    func refusals() {
        #expect(EvidenceMetadata.stripped([0xFF, 0xD8, 0xFF, 0xE1, 0x7F, 0xFF, 0x00], kind: .jpeg) == .failure(.malformed))
        #expect(EvidenceKind.check([]) == .failure(.empty))
        #expect(EvidenceKind.check(Array("GIF89a".utf8)) == .failure(.unsupportedType))
        #expect(EvidenceKind.check([0xFF, 0xD8, 0xFF] + Array(repeating: 0, count: EvidenceKind.maxBytes)) == .failure(.tooLarge))
    }

    static let drugs = TipCategory(id: "drugs", name: .init(zh: "涉毒", en: "Drugs"), rewardMin: 500, rewardMax: 20000, source: "test")

    @Test("the workflow: steps only in order; the reward within the band; approved by an approver who did not assess it; unlimited bands")
    func workflow() {
        func next(_ a: TipAction, _ s: TipState, actor: String = "010001", approver: Bool = false, assessedBy: String? = nil, category: TipCategory = TipsCoreTests.drugs) -> Result<TipState, TipWorkflowError> {
            TipWorkflow.next(a, from: s, category: category, actor: actor, isApprover: approver, assessedBy: assessedBy)
        }
        #expect(next(.assign(officer: "010001"), .received) == .success(.assigned))
        #expect(next(.substantiate(note: ""), .received) == .failure(.notAllowed(from: .received, action: "substantiate")))
        #expect(next(.unsubstantiate(reason: " "), .verifying) == .failure(.needsReason))
        #expect(next(.transfer(unit: "LH", reason: "属罗湖辖区"), .verifying) == .success(.transferred))
        #expect(next(.assessReward(yuan: 499), .substantiated) == .failure(.rewardOutsideBand(yuan: 499, band: Self.drugs.bandText)))
        #expect(next(.assessReward(yuan: 20000), .substantiated) == .success(.rewardAssessed))
        #expect(next(.approveReward, .rewardAssessed, actor: "010002") == .failure(.needsRole("approver 审批")))
        #expect(next(.approveReward, .rewardAssessed, actor: "010002", approver: true, assessedBy: "010002") == .failure(.sameOfficer))
        #expect(next(.approveReward, .rewardAssessed, actor: "010002", approver: true, assessedBy: "010001") == .success(.rewardClaimable))
        #expect(next(.pay, .rewardAssessed) == .failure(.notAllowed(from: .rewardAssessed, action: "pay")))
        #expect(next(.pay, .rewardClaimable) == .success(.paid))
        let terror = TipCategory(id: "terrorism", name: .init(zh: "涉恐", en: "Terrorism"), rewardMin: 2000, rewardMax: nil, source: "test")
        #expect(next(.assessReward(yuan: 800_000), .substantiated, category: terror) == .success(.rewardAssessed))
        #expect(TipCategoryCatalog.validate([Self.drugs]).contains { $0.contains("other") })
    }

    @Test("near-identical texts: punctuation and spacing do not matter, a different report does")
    func duplicates() {
        let a = DuplicateText.shingles("福田区某小区地下车库每晚十点后有人交易毒品，车牌粤B12345")
        let b = DuplicateText.shingles("福田区某小区 地下车库每晚十点后有人交易毒品。车牌：粤B12345！")
        let c = DuplicateText.shingles("罗湖区一家棋牌室长期聚众赌博，每晚有二十多人")
        #expect(DuplicateText.similarity(a, b) >= DuplicateText.threshold)
        #expect(DuplicateText.similarity(a, c) < 0.1)
    }
}
