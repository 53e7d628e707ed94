import ArgumentParser
import Foundation
import MinshengCatalog

struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "catalog", abstract: "The service catalog.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate the catalog's YAML files; list every problem as file:line: reason.")

        @ArgumentParser.Option(help: "The catalog folder (default: MINSHENG_RESOURCES/catalog or ./Resources/catalog).") var directory: String?

        func run() async throws {
            let resources = ProcessInfo.processInfo.environment["MINSHENG_RESOURCES"] ?? FileManager.default.currentDirectoryPath + "/Resources"
            let folder = directory ?? resources + "/catalog"
            var failed = false
            switch CatalogLoader.load(directory: folder) {
            case .success(let catalog):
                let online = catalog.services.filter(\.online).count
                print("catalog ok: \(catalog.services.count) services (\(online) online) in \(catalog.departments.count) departments")
            case .failure(let error):
                printErr(error.description)
                failed = true
            }
            switch CatalogLoader.loadAppointmentPolicy(directory: folder) {
            case .success(let policy):
                print("appointments ok: \(policy.times.count) times a day, \(policy.capacity) people each, \(policy.daysAhead) working days ahead")
            case .failure(let error):
                printErr(error.description)
                failed = true
            }
            switch CatalogLoader.loadCredentialPolicies(directory: resources + "/credentials") {
            case .success(let policies):
                print("credentials ok: \(policies.purposes.purposes.count) verification purposes, reminder windows for \(policies.reminders.rules.count) certificate types")
            case .failure(let error):
                printErr(error.description)
                failed = true
            }
            switch CatalogLoader.loadPointsPolicies(directory: resources + "/points") {
            case .success(let policies):
                let assumed = policies.all.map { "\($0.year)" }.joined(separator: ", ")
                print("points ok: policies from \(assumed)")
            case .failure(let error):
                printErr(error.description)
                failed = true
            }
            switch CatalogLoader.loadTipCategories(directory: resources + "/tips") {
            case .success(let catalog):
                print("tips ok: \(catalog.categories.count) report categories with reward bands")
            case .failure(let error):
                printErr(error.description)
                failed = true
            }
            switch CatalogLoader.loadCaseStages(directory: resources + "/cases") {
            case .success(let stages):
                print("cases ok: \(stages.rules.count) stages")
            case .failure(let error):
                printErr(error.description)
                failed = true
            }
            if case .success(let catalog) = CatalogLoader.load(directory: resources + "/catalog") {
                switch CatalogLoader.loadNoCriminalRecordPolicy(directory: resources + "/certificate", catalog: catalog) {
                case .success(let policy):
                    print("certificate ok: \(policy.service), \(policy.investigationTimeLimit) working days with an investigation")
                case .failure(let error):
                    printErr(error.description)
                    failed = true
                }
            }
            if failed { throw ExitCode(1) }
        }
    }
}
