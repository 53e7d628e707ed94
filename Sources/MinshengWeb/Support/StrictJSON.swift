import Foundation
import Vapor

/// A request body that lists the fields it accepts; any other field is refused rather than ignored.
protocol StrictBody: Decodable, Sendable {
    static var fields: Set<String> { get }
}

extension Request {
    /// Decodes a JSON object body strictly: JSON content type, an object, no unknown fields, each field of the right type.
    /// Every problem comes back at once as a 400/415/422 problem, never a 500.
    func strictBody<T: StrictBody>(_ type: T.Type, maxBytes: Int = 1 << 20) throws -> T {
        guard let contentType = headers.contentType, contentType.type == "application",
              contentType.subType == "json" || contentType.subType.hasSuffix("+json") else {
            throw Problem(.unsupportedMediaType, slug: "unsupported-media-type", zh: "请以 application/json 提交", en: "Send the body as application/json")
        }
        guard let buffer = body.data, buffer.readableBytes > 0 else {
            throw Problem.badRequest("请求内容为空", "The request body is empty")
        }
        // The server refuses larger bodies while streaming; this also covers bodies that arrive whole.
        guard buffer.readableBytes <= maxBytes else {
            let limit = maxBytes >= 1 << 20 ? "\(maxBytes >> 20) MiB" : "\(maxBytes >> 10) KiB"
            throw Problem(.payloadTooLarge, slug: "payload-too-large", zh: "提交的内容过大（上限 \(limit)）", en: "The request body is too large (limit \(limit))")
        }
        let data = Data(buffer.readableBytesView)
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw Problem.badRequest("JSON 格式错误", "The body is not valid JSON")
        }
        guard let dictionary = object as? [String: Any] else {
            throw Problem.badRequest("请求内容应为 JSON 对象", "The body must be a JSON object")
        }
        let unknown = Set(dictionary.keys).subtracting(T.fields).sorted()
        var problems = unknown.map { FieldProblem(field: $0, reasonZh: "不支持的字段", reasonEn: "unknown field") }
        do {
            let value = try JSONDecoder().decode(T.self, from: data)
            if !problems.isEmpty { throw Problem.validation(problems) }
            return value
        } catch let error as DecodingError {
            problems.append(Self.fieldProblem(error))
            throw Problem.validation(problems)
        }
    }

    static func fieldProblem(_ error: DecodingError) -> FieldProblem {
        func path(_ context: DecodingError.Context, _ key: (any CodingKey)? = nil) -> String {
            let keys = context.codingPath + (key.map { [$0] } ?? [])
            return keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return FieldProblem(field: path(context, key), reasonZh: "必填", reasonEn: "required")
        case .typeMismatch(let type, let context):
            return FieldProblem(field: path(context), reasonZh: "类型错误，应为\(Self.typeName(type, zh: true))", reasonEn: "wrong type, expected \(Self.typeName(type, zh: false))")
        case .valueNotFound(let type, let context):
            return FieldProblem(field: path(context), reasonZh: "不能为空，应为\(Self.typeName(type, zh: true))", reasonEn: "must not be null, expected \(Self.typeName(type, zh: false))")
        case .dataCorrupted(let context):
            return FieldProblem(field: path(context), reasonZh: "格式错误：\(context.debugDescription)", reasonEn: "invalid: \(context.debugDescription)")
        @unknown default:
            return FieldProblem(field: "", reasonZh: "格式错误", reasonEn: "invalid")
        }
    }

    static func typeName(_ type: Any.Type, zh: Bool) -> String {
        switch type {
        case is String.Type: zh ? "字符串" : "string"
        case is Int.Type, is Double.Type: zh ? "数字" : "number"
        case is Bool.Type: zh ? "布尔值" : "boolean"
        default: zh ? "对象" : "object"
        }
    }
}
