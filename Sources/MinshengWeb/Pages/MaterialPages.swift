import MinshengCore
import MinshengStore
import Vapor

/// The personal center's materials vault: upload once, reuse in any application, remove from the list.
struct MaterialPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("me", "materials", use: index)
        routes.upload(limit: MaterialController.uploadLimit, from: .citizen(.l1)).on(.POST, "me", "materials", body: .collect(maxSize: MaterialController.uploadLimit), use: upload)
        routes.post("me", "materials", ":materialID", "remove", use: remove)
        // The files themselves, for the signed-in page sessions (the API's routes take bearer tokens only).
        let files = MaterialController()
        routes.get("me", "materials", ":materialID", use: files.content)
        routes.get("officer", "applications", ":applicationID", "materials", ":materialID", use: files.officerContent)
    }

    struct Row: Encodable, Sendable {
        var id: String
        var name: String
        var kind: String
        var size: String
        var added: String
        var uses: Int
    }

    static func rows(_ items: [MaterialVault.Item]) -> [Row] {
        items.map {
            Row(id: $0.id.uuidString.lowercased(), name: $0.name, kind: $0.kind.rawValue.uppercased(), size: PageFormat.bytes($0.size),
                added: PageFormat.minute($0.createdAt), uses: $0.uses)
        }
    }

    func render(_ req: Request, account: CitizenAccount, notice: String? = nil, errors: [FieldProblem] = [],
                status: HTTPResponseStatus = .ok) async throws -> Response {
        let items = try await req.services.vault.items(accountID: account.id, on: req.db)
        return try await req.page("materials", titleKey: "my_materials", body: ["items": Self.rows(items)], notice: notice, errors: errors, status: status)
    }

    func index(req: Request) async throws -> Response {
        let account = try await req.requireCitizen()
        let strings = req.language.strings()
        let notice = req.query[String.self, at: "stored"] == "1" ? strings["material_stored"]
            : req.query[String.self, at: "removed"] == "1" ? strings["material_removed"] : nil
        return try await render(req, account: account, notice: notice)
    }

    struct UploadForm: Content {
        var file: File?
    }

    func upload(req: Request) async throws -> Response {
        let account = try await req.requireCitizen()
        try req.checkCSRF()
        let form = (try? req.content.decode(UploadForm.self)) ?? UploadForm()
        guard let file = form.file, file.data.readableBytes > 0 else {
            let problem = FieldProblem(field: "file", reasonZh: "请选择要上传的文件", reasonEn: "choose a file to upload")
            return try await render(req, account: account, errors: [problem], status: .unprocessableEntity)
        }
        do {
            _ = try await MaterialController.store(Data(file.data.readableBytesView), name: file.filename, account: account, on: req)
        } catch let problem as Problem where problem.status < 500 {
            let field = FieldProblem(field: "file", reasonZh: problem.titleZh, reasonEn: problem.title)
            return try await render(req, account: account, errors: problem.errors ?? [field], status: problem.httpStatus)
        }
        return req.redirect(to: "/me/materials?stored=1")
    }

    func remove(req: Request) async throws -> Response {
        let account = try await req.requireCitizen()
        try req.checkCSRF()
        let id = try OfficerController.uuidParameter("materialID", req)
        guard try await req.services.vault.remove(id: id, accountID: account.id, on: req.db) else { throw MaterialController.missing }
        return req.redirect(to: "/me/materials?removed=1")
    }
}
