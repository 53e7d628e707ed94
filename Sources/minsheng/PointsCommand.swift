import ArgumentParser
import Foundation
import MinshengCore
import MinshengStore
import MinshengWeb
import Vapor

/// `minsheng points`: the points-based household registration's batch and its agency records.
struct PointsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "points", abstract: "Points-based household registration (积分入户).",
                                                    subcommands: [RunBatch.self, Finalize.self, Import.self])

    static func day(_ text: String?) throws -> CivilDate {
        guard let text else { return CivilDate.today() }
        guard let day = CivilDate(iso: text) else { printErr("--today must be a date written YYYY-MM-DD"); throw ExitCode(2) }
        return day
    }

    struct RunBatch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "run-batch",
                                                        abstract: "Freeze, score and rank YEAR's approved applications within the quota, and publish the signed list (running it again changes nothing).")
        @ArgumentParser.Argument(help: "The policy year.") var year: Int
        @ArgumentParser.Option(help: "The day to run as (YYYY-MM-DD; default today).") var today: String?

        func run() async throws {
            let day = try PointsCommand.day(today)
            let app = try await buildApplication(loadConfig())
            do {
                let batch = try await PointsJobs.runBatch(app, year: year, today: day)
                print("points \(year): \(batch.list.lines.count) ranked, \(batch.list.lines.filter(\.admitted).count) within the quota of \(batch.list.quota), cut-off \(batch.list.cutoff?.description ?? "-")")
                print("list SHA-256 \(batch.digest); objections until \(batch.objectionUntil); public page /points/lists/\(year)")
            } catch let error as PointsError {
                try? await app.asyncShutdown()
                printErr(error.message.en)
                throw ExitCode(1)
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }

    struct Finalize: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "After the objection period: issue YEAR's move-in permissions and open their HZ-34 settlement applications.")
        @ArgumentParser.Argument(help: "The policy year.") var year: Int
        @ArgumentParser.Option(help: "The day to run as (YYYY-MM-DD; default today).") var today: String?

        func run() async throws {
            let day = try PointsCommand.day(today)
            let app = try await buildApplication(loadConfig())
            do {
                let opened = try await PointsJobs.finalize(app, year: year, today: day)
                print("points \(year): \(opened.count) permissions issued; settlement applications \(opened.joined(separator: ", "))")
            } catch let error as PointsError {
                try? await app.asyncShutdown()
                printErr(error.message.en)
                throw ExitCode(1)
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import agency records for points from CSV (all or nothing; every bad line listed).",
            discussion: """
                KIND and its columns (a header line first; dates YYYY-MM-DD, months YYYY-MM):
                  pension     id_number,month,back_paid            (back_paid 0 or 1)
                  properties  id_number,reference,registered_on,ended_on,share_percent
                  leases      id_number,reference,starts_on,ends_on
                  credit      id_number,reference,overdue_since,overdue_days,repaid_on
                  listings    id_number,kind,reference,since,until  (kind court-defaulter, criminal, drug, banned-organisation, family-planning-fee)
                """)
        @ArgumentParser.Argument(help: "pension, properties, leases, credit or listings.") var kind: String
        @ArgumentParser.Argument(help: "The CSV file.") var file: String

        func run() async throws {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { printErr("\(file) cannot be read as UTF-8 text"); throw ExitCode(2) }
            let config = loadConfig()
            let (count, problems) = try await DatabaseHostFactory.with(config) { host in
                try await PointsImport(cipher: try FieldCipher(base64Key: config.dataKey)).run(kind: kind, csv: text, on: host.database)
            }
            guard problems.isEmpty else {
                for problem in problems { printErr("\(file):\(problem)") }
                printErr("nothing imported: \(problems.count) problem\(problems.count == 1 ? "" : "s")")
                throw ExitCode(1)
            }
            print("imported \(count) \(kind) records")
        }
    }
}
