/// Near-identical report texts (重复举报): the same words with other spacing, punctuation or a few characters changed.
/// Texts are compared as sets of character trigrams, punctuation and white space removed.
public enum DuplicateText {
    /// The trigram fingerprint of a text: what is stored (as hashes) and compared.
    public static func shingles(_ text: String) -> Set<Int> {
        let chars = text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }.map { Character($0) }
        guard chars.count >= 3 else { return chars.isEmpty ? [] : [String(chars).stableHash] }
        var out = Set<Int>()
        for i in 0...(chars.count - 3) { out.insert(String(chars[i..<(i + 3)]).stableHash) }
        return out
    }

    /// Jaccard similarity of two fingerprints, 0…1.
    public static func similarity(_ a: Set<Int>, _ b: Set<Int>) -> Double {
        guard !a.isEmpty || !b.isEmpty else { return 1 }
        return Double(a.intersection(b).count) / Double(a.union(b).count)
    }

    /// At or above this, two reports are flagged as likely the same.
    public static let threshold = 0.8
}

extension String {
    /// FNV-1a over the UTF-8 bytes: stable across runs and processes (Swift's `hashValue` is seeded per process).
    var stableHash: Int {
        var h: UInt64 = 0xcbf29ce484222325
        for byte in utf8 { h = (h ^ UInt64(byte)) &* 0x100000001b3 }
        return Int(truncatingIfNeeded: h >> 1)
    }
}
