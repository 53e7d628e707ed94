import MinshengCore
import MinshengStore
import Vapor

/// `/api/v1/me/materials`: the citizen's materials vault (upload, list, download, remove), and the officer's view of a
/// material attached to an application in their unit (audited).
struct MaterialController: RouteCollection {
    /// The body limit for an upload: the vault's 10 MiB and room for the request's framing.
    static let uploadLimit: ByteCount = "11mb"

    func boot(routes: any RoutesBuilder) throws {
        let me = routes.grouped("api", "v1", "me", "materials")
        me.get(use: index)
        me.upload(limit: Self.uploadLimit, from: .citizen(.l1)).on(.POST, body: .collect(maxSize: Self.uploadLimit), use: upload)
        me.get(":materialID", "content", use: content)
        me.delete(":materialID", use: remove)
        routes.get("api", "v1", "officer", "applications", ":applicationID", "materials", ":materialID", "content", use: officerContent)
    }

    struct MaterialDTO: Content {
        var id: UUID
        var name: String
        var kind: String
        var mediaType: String
        var size: Int
        var uses: Int
        var createdAt: Date

        init(_ item: MaterialVault.Item) {
            id = item.id
            name = item.name
            kind = item.kind.rawValue
            mediaType = item.kind.mediaType
            size = item.size
            uses = item.uses
            createdAt = item.createdAt
        }
    }

    static func problem(_ file: MaterialFileProblem) -> Problem {
        switch file {
        case .tooLarge: Problem(.payloadTooLarge, slug: "material-too-large", zh: file.reasonZh, en: file.reasonEn)
        case .unsupportedType: Problem(.unsupportedMediaType, slug: "material-type", zh: file.reasonZh, en: file.reasonEn)
        case .empty: Problem.validation([FieldProblem(field: "file", reasonZh: file.reasonZh, reasonEn: file.reasonEn)])
        }
    }

    /// Keeps a file: the raw body is the file; `?name=` gives its name. The same file again answers 200 with the item kept before.
    func upload(req: Request) async throws -> Response {
        let account = try await req.requireCitizen()
        let bytes = req.body.data.map { Data($0.readableBytesView) } ?? Data()
        let name = (try? req.query.get(String.self, at: "name")) ?? ""
        let (item, created) = try await Self.store(bytes, name: name, account: account, on: req)
        return try await MaterialDTO(item).encodeResponse(status: created ? .created : .ok, for: req)
    }

    static func store(_ bytes: Data, name: String, account: CitizenAccount, on req: Request) async throws -> (MaterialVault.Item, Bool) {
        do {
            return try await req.services.vault.store(bytes, name: name, accountID: account.id, on: req.db)
        } catch let file as MaterialFileProblem {
            throw problem(file)
        } catch let full as MaterialVault.QuotaExceeded {
            throw quotaProblem(full)
        }
    }

    /// The vault is full: 413 with its own type, saying how much is kept and what the limits are.
    static func quotaProblem(_ full: MaterialVault.QuotaExceeded) -> Problem {
        let mib = { (bytes: Int) in String(format: "%.1f", Double(bytes) / 1_048_576) }
        return Problem(.payloadTooLarge, slug: "materials-quota",
                       zh: "材料库已满：每个账户最多保存 \(full.quota.files) 个文件、共 \(full.quota.bytes >> 20) MB（已保存 \(full.usedFiles) 个、\(mib(full.usedBytes)) MB，已移除的材料仍计入，因为其内容为已提交的申请保留）",
                       en: "Your materials vault is full: at most \(full.quota.files) files and \(full.quota.bytes >> 20) MB per account (you keep \(full.usedFiles) files, \(mib(full.usedBytes)) MB; removed materials still count, their content being kept for applications already made)")
    }

    func index(req: Request) async throws -> [MaterialDTO] {
        let account = try await req.requireCitizen()
        return try await req.services.vault.items(accountID: account.id, on: req.db).map(MaterialDTO.init)
    }

    static let missing = Problem(.notFound, slug: "material-not-found", zh: "未找到该材料", en: "No such material")

    func content(req: Request) async throws -> Response {
        let account = try await req.requireCitizen()
        let id = try OfficerController.uuidParameter("materialID", req)
        guard let item = try await req.services.vault.item(id: id, accountID: account.id, on: req.db), !item.deleted else { throw Self.missing }
        return try await Self.file(item, on: req)
    }

    static func file(_ item: MaterialVault.Item, on req: Request) async throws -> Response {
        guard let bytes = try await req.services.vault.content(id: item.id, on: req.db) else { throw missing }
        let response = Response(status: .ok, body: .init(data: bytes))
        response.headers.replaceOrAdd(name: .contentType, value: item.kind.mediaType)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"material.\(item.kind.fileExtension)\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }

    func remove(req: Request) async throws -> HTTPStatus {
        let account = try await req.requireCitizen()
        let id = try OfficerController.uuidParameter("materialID", req)
        guard try await req.services.vault.remove(id: id, accountID: account.id, on: req.db) else { throw Self.missing }
        return .noContent
    }

    /// An officer opens a material attached to an application of their unit; the access is audited.
    func officerContent(req: Request) async throws -> Response {
        let officer = try await req.requireOfficer()
        let application = try await ApplicationFlows.forOfficer(try OfficerController.uuidParameter("applicationID", req), officer: officer, on: req)
        let id = try OfficerController.uuidParameter("materialID", req)
        guard application.materials.contains(where: { $0.reference == "vault:\(id.uuidString.lowercased())" }),
              let item = try await req.services.vault.item(id: id, on: req.db) else { throw Self.missing }
        try await AuditChain.append(
            AuditEvent(actor: officer.principal, action: "material.read", subject: "material:\(id.uuidString.lowercased())",
                       purpose: "application:\(application.reference)", residentID: application.subjectResidentID ?? application.applicantResidentID,
                       detail: ["unit": officer.unit.code]),
            on: req.db
        )
        return try await Self.file(item, on: req)
    }
}
