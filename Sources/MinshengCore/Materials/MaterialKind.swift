/// The kinds of file the materials vault accepts, recognised by their first bytes, never by their names.
public enum MaterialKind: String, Codable, Sendable, CaseIterable {
    case pdf, jpeg, png

    /// The largest file the vault keeps: 10 MiB.
    public static let maxBytes = 10 * 1024 * 1024

    public var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        }
    }

    public var fileExtension: String {
        switch self {
        case .pdf: "pdf"
        case .jpeg: "jpg"
        case .png: "png"
        }
    }

    /// The kind the bytes are, if any: `%PDF-`, the JPEG SOI marker `FF D8 FF`, or the PNG signature.
    public static func sniff(_ bytes: some Collection<UInt8>) -> MaterialKind? {
        let head = Array(bytes.prefix(8))
        if head.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        return nil
    }

    /// Checks a file for the vault: not empty, not over the limit, and one of the accepted kinds.
    public static func check(_ bytes: some Collection<UInt8>) -> Result<MaterialKind, MaterialFileProblem> {
        if bytes.isEmpty { return .failure(.empty) }
        if bytes.count > maxBytes { return .failure(.tooLarge(bytes.count)) }
        guard let kind = sniff(bytes) else { return .failure(.unsupportedType) }
        return .success(kind)
    }
}

/// Why a file cannot go into the vault.
public enum MaterialFileProblem: Error, Equatable, Sendable {
    case empty
    case tooLarge(Int)
    case unsupportedType

    public var reasonZh: String {
        switch self {
        case .empty: "文件是空的"
        case .tooLarge: "文件超过 10 MB，请压缩或分页后再上传"
        case .unsupportedType: "只接受 PDF、JPEG 或 PNG 文件（按文件内容判断，改扩展名无效）"
        }
    }

    public var reasonEn: String {
        switch self {
        case .empty: "the file is empty"
        case .tooLarge: "the file is over 10 MB; compress it or split it into pages"
        case .unsupportedType: "only PDF, JPEG or PNG files are accepted (judged by the content; renaming does not help)"
        }
    }
}
