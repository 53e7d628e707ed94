import ArgumentParser
import Foundation
import MinshengCatalog
import MinshengCore
import MinshengStore
import MinshengWeb

struct CasesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cases", abstract: "Case information for the parties.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import cases from the case system's export (JSON Lines; all or nothing, every bad line listed).",
            discussion: """
                One object a line: {"number"?, "cause", "unit", "reportedOn", "parties": [{"role", "name", "code"?}], "history"?: [{"stage", "on", "publicNote"?, "internalNote"?}]}
                roles: reporter, victim, complainant, agent; stages after reported: filed, not-filed, investigating, transferred, withdrawn, closed.
                Prints case number, role and query code per party (CSV), for the parties' receipts.
                """)
        @ArgumentParser.Argument(help: "The JSON Lines file.") var file: String

        func run() async throws {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { printErr("\(file) cannot be read as UTF-8 text"); throw ExitCode(2) }
            let config = loadConfig()
            let stages = try CatalogLoader.loadCaseStages(directory: "\(config.resourcesDirectory)/cases").get()
            let (filed, problems) = try await DatabaseHostFactory.with(config) { host in
                try await CaseImport(desk: CaseDesk(cipher: try FieldCipher(base64Key: config.dataKey), stages: stages)).run(text, on: host.database)
            }
            guard problems.isEmpty else {
                for problem in problems { printErr("\(file): \(problem)") }
                printErr("nothing imported: \(problems.count) problem\(problems.count == 1 ? "" : "s")")
                throw ExitCode(1)
            }
            print("case_number,role,query_code")
            for c in filed { for code in c.codes { print("\(c.number),\(code.role.rawValue),\(code.code)") } }
            printErr("imported \(filed.count) cases")
        }
    }
}
