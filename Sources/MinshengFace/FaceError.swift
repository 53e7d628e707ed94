/// Why an image could not be analysed.
public enum FaceError: Error, Equatable, Sendable {
    /// The face models are not installed (`scripts/fetch-models.sh` puts them in `var/models`).
    case modelsUnavailable(String)
    /// Not a JPEG or PNG, or corrupt.
    case unreadableImage
    /// More pixels than the engine decodes.
    case imageTooLarge
    /// dlib failed for another reason.
    case internalFailure

    public var reasonZh: String {
        switch self {
        case .modelsUnavailable: "人脸识别服务暂不可用"
        case .unreadableImage: "图片无法识别，请上传 JPEG 或 PNG 格式的照片"
        case .imageTooLarge: "图片像素过多，请压缩后重试"
        case .internalFailure: "人脸识别出错，请重试"
        }
    }

    public var reasonEn: String {
        switch self {
        case .modelsUnavailable: "face recognition is not available at the moment"
        case .unreadableImage: "the image cannot be read; send a JPEG or PNG photo"
        case .imageTooLarge: "the image has too many pixels; make it smaller and try again"
        case .internalFailure: "face recognition failed; try again"
        }
    }
}
