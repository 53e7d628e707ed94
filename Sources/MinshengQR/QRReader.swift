import CDlibFace
import CZbar
import Foundation
import MinshengFace

/// Reads QR codes from a photo or screenshot (JPEG or PNG): dlib decodes the image to grey, zbar finds the symbols.
public enum QRReader {
    public enum Failure: Error, Equatable {
        case notAnImage
        case noCode
        /// The headers declare more pixels than a face frame may have (`FaceImage.maxSide`, `.maxPixels`).
        case tooLarge
    }

    /// Images are read at most this many pixels on the long side (a phone photo is scaled down first).
    public static let maxSide = 1600

    /// The text of every QR code found, in zbar's order.
    public static func read(image bytes: Data) throws(Failure) -> [String] {
        // The face frames' header check first: a small file declaring a huge canvas is refused before dlib allocates it.
        let header: FaceImage
        do throws(FaceError) { header = try FaceImage(bytes) } catch {
            throw error == .imageTooLarge ? .tooLarge : .notAnImage
        }
        let format = header.format == .jpeg ? Int32(MF_FORMAT_JPEG) : Int32(MF_FORMAT_PNG)
        var width: Int32 = 0, height: Int32 = 0
        let grey = UnsafeMutablePointer<UInt8>.allocate(capacity: maxSide * maxSide)
        defer { grey.deallocate() }
        let status = bytes.withUnsafeBytes { raw in
            mf_decode_grey(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, format, Int32(maxSide), grey, &width, &height)
        }
        guard status == MF_OK else { throw .notAnImage }
        return try read(grey: grey, width: Int(width), height: Int(height))
    }

    static func read(grey: UnsafeMutablePointer<UInt8>, width: Int, height: Int) throws(Failure) -> [String] {
        guard let scanner = zbar_image_scanner_create() else { throw .noCode }
        defer { zbar_image_scanner_destroy(scanner) }
        zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0)
        zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1)
        guard let image = zbar_image_create() else { throw .noCode }
        defer { zbar_image_destroy(image) }
        zbar_image_set_format(image, 0x3030_3859)  // fourcc "Y800": 8-bit grey
        zbar_image_set_size(image, UInt32(width), UInt32(height))
        zbar_image_set_data(image, grey, UInt(width * height), nil)
        guard zbar_scan_image(scanner, image) > 0 else { throw .noCode }
        var texts: [String] = []
        var symbol = zbar_image_first_symbol(image)
        while let s = symbol {
            if let data = zbar_symbol_get_data(s) {
                let length = Int(zbar_symbol_get_data_length(s))
                texts.append(String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self))
            }
            symbol = zbar_symbol_next(s)
        }
        guard !texts.isEmpty else { throw .noCode }
        return texts
    }
}
