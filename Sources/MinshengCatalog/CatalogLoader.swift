import Foundation
import MinshengCore
import Yams

/// Reads the service catalog's YAML files into Core's types and validates them, reporting every problem as
/// `file:line: reason`. The server refuses to start on a broken catalog; `minsheng catalog check` prints the same list.
public enum CatalogLoader {
    /// Loads `departments.yaml` and every `*/ *.yaml` service file under `directory`.
    public static func load(directory: String) -> Result<ServiceCatalog, CatalogError> {
        var problems: [CatalogProblem] = []
        var services: [ServiceDefinition] = []
        var departments: [DepartmentInfo] = []
        let fm = FileManager.default
        let root = URL(fileURLWithPath: directory)

        let departmentsFile = root.appendingPathComponent("departments.yaml")
        switch decode(DepartmentsFile.self, file: departmentsFile, display: "departments.yaml") {
        case .success(let file): departments = file.departments
        case .failure(let problem): problems.append(problem)
        }

        var files: [(URL, String)] = []
        let folders = ((try? fm.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        for folder in folders {
            var isDirectory: ObjCBool = false
            let path = root.appendingPathComponent(folder)
            guard fm.fileExists(atPath: path.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            for name in ((try? fm.contentsOfDirectory(atPath: path.path)) ?? []).sorted() where name.hasSuffix(".yaml") {
                files.append((path.appendingPathComponent(name), "\(folder)/\(name)"))
            }
        }
        if files.isEmpty { problems.append(CatalogProblem(file: directory, reason: "no service files (*/*.yaml) found")) }

        var nodes: [String: Node] = [:]
        for (url, display) in files {
            switch decode(ServiceDefinition.self, file: url, display: display) {
            case .success(let service):
                services.append(service)
                nodes[display] = try? Yams.compose(yaml: (try? String(contentsOf: url, encoding: .utf8)) ?? "")
                for problem in CatalogValidator.validate(service, fileName: url.lastPathComponent) {
                    var located = problem
                    located.file = display
                    located.line = nodes[display].flatMap { line(of: problem.path, in: $0) }
                    problems.append(located)
                }
            case .failure(let problem):
                problems.append(problem)
            }
        }
        problems += CatalogValidator.validateCatalog(services, departments: departments)
        guard problems.isEmpty else { return .failure(CatalogError(problems: problems)) }
        return .success(ServiceCatalog(services: services, departments: departments))
    }

    struct DepartmentsFile: Decodable { var departments: [DepartmentInfo] }

    /// Loads and validates `appointments.yaml` in the catalog folder.
    public static func loadAppointmentPolicy(directory: String) -> Result<AppointmentPolicy, CatalogError> {
        let file = URL(fileURLWithPath: directory).appendingPathComponent("appointments.yaml")
        switch decode(AppointmentPolicy.self, file: file, display: "appointments.yaml") {
        case .failure(let problem):
            return .failure(CatalogError(problems: [problem]))
        case .success(let policy):
            let problems = policy.problems.map { CatalogProblem(file: "appointments.yaml", reason: $0) }
            return problems.isEmpty ? .success(policy) : .failure(CatalogError(problems: problems))
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, file: URL, display: String) -> Result<T, CatalogProblem> {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            return .failure(CatalogProblem(file: display, reason: "cannot be read as UTF-8 text"))
        }
        let node: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else { return .failure(CatalogProblem(file: display, line: 1, reason: "the file is empty")) }
            node = composed
        } catch let error as YamlError {
            return .failure(CatalogProblem(file: display, line: yamlLine(error), reason: "not valid YAML: \(yamlReason(error))"))
        } catch {
            return .failure(CatalogProblem(file: display, reason: "not valid YAML"))
        }
        do {
            return .success(try YAMLDecoder().decode(T.self, from: node))
        } catch let error as DecodingError {
            let (path, reason) = describe(error)
            return .failure(CatalogProblem(file: display, path: path, line: line(of: path, in: node) ?? node.mark?.line, reason: reason))
        } catch {
            return .failure(CatalogProblem(file: display, reason: "\(error)"))
        }
    }

    /// The line of the deepest node the key path reaches.
    static func line(of path: [String], in root: Node) -> Int? {
        var node = root
        var line = root.mark?.line
        for key in path {
            if let mapping = node.mapping, let child = mapping[key] {
                node = child
            } else if let sequence = node.sequence, let index = Int(key), sequence.indices.contains(index) {
                node = sequence[index]
            } else {
                break
            }
            line = node.mark?.line ?? line
        }
        return line
    }

    static func describe(_ error: DecodingError) -> ([String], String) {
        func keys(_ path: [any CodingKey]) -> [String] { path.map { $0.intValue.map(String.init) ?? $0.stringValue } }
        switch error {
        case .keyNotFound(let key, let context):
            return (keys(context.codingPath), "missing required key \"\(key.stringValue)\"")
        case .typeMismatch(let type, let context):
            return (keys(context.codingPath), "expected \(type): \(context.debugDescription)")
        case .valueNotFound(let type, let context):
            return (keys(context.codingPath), "missing value, expected \(type)")
        case .dataCorrupted(let context):
            return (keys(context.codingPath), context.debugDescription)
        @unknown default:
            return ([], "\(error)")
        }
    }

    static func yamlLine(_ error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    static func yamlReason(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
        default: return "\(error)"
        }
    }
}

/// A catalog that cannot be used, with every problem found.
public struct CatalogError: Error, CustomStringConvertible, Sendable {
    public let problems: [CatalogProblem]
    public var description: String {
        "The service catalog has \(problems.count) problem\(problems.count == 1 ? "" : "s"):\n" + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}
