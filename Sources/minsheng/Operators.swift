import ArgumentParser
import Foundation
import MinshengCore
import MinshengStore
import MinshengWeb
import Vapor

struct UnitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unit", abstract: "Manage police units.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a unit with its jurisdiction.")
        @ArgumentParser.Option(help: "The unit's code, e.g. 440304-FT.") var code: String
        @ArgumentParser.Option(help: "Chinese name.") var nameZh: String
        @ArgumentParser.Option(help: "English name.") var nameEn: String
        @ArgumentParser.Option(help: "Comma-separated GB/T 2260 division codes it answers for.") var jurisdiction: String

        func run() async throws {
            let codes = jurisdiction.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let bad = codes.filter { !Division.isValidRegionCode($0) }
            guard !codes.isEmpty, bad.isEmpty else {
                printErr("unknown division code(s): \(bad.joined(separator: ", "))")
                throw ExitCode(2)
            }
            let unit = try await DatabaseHostFactory.with(loadConfig()) { host in
                try await OfficerRepository().ensureUnit(code: code, nameZh: nameZh, nameEn: nameEn, jurisdiction: Jurisdiction(divisionCodes: codes),
                                                         actor: .system("cli"), on: host.database)
            }
            print("unit \(unit.code) \(unit.nameZh) covers \(unit.jurisdiction.divisionCodes.joined(separator: ","))")
        }
    }
}

struct OfficerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "officer", abstract: "Manage officers.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an officer; the password is read from standard input.")
        @ArgumentParser.Option(help: "Police number (警号), used to sign in.") var policeNumber: String
        @ArgumentParser.Option(help: "The officer's name.") var name: String
        @ArgumentParser.Option(help: "The unit's code (see `minsheng unit add`).") var unit: String
        @ArgumentParser.Option(help: "Comma-separated roles: intake, reviewer, approver, unit-admin, admin.") var roles: String

        func run() async throws {
            guard case .success(let parsed) = OfficerRole.parseList(roles), !parsed.isEmpty else {
                printErr("roles must be a comma-separated list of: \(OfficerRole.allCases.map(\.rawValue).joined(separator: ", "))")
                throw ExitCode(2)
            }
            guard let password = readLine(strippingNewline: true), password.count >= 8 else {
                printErr("give the officer's password (at least 8 characters) on standard input")
                throw ExitCode(2)
            }
            let config = loadConfig()
            do {
                let hash = try Bcrypt.hash(password, cost: config.bcryptCost)
                let officer = try await DatabaseHostFactory.with(config) { host in
                    try await OfficerRepository().addOfficer(policeNumber: policeNumber, name: name, unitCode: unit, roles: parsed,
                                                             passwordHash: hash, actor: .system("cli"), on: host.database)
                }
                print("officer \(officer.policeNumber) added to \(officer.unit.nameZh) as \(officer.roles.sorted().map(\.rawValue).joined(separator: ","))")
            } catch let error as StoreError {
                printErr(error == .unitNotFound ? "no unit with code \(unit)" : error == .duplicateOfficer ? "police number \(policeNumber) already exists" : "\(error)")
                throw ExitCode(1)
            }
        }
    }
}

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "The audit chain.", subcommands: [Verify.self, Checkpoint.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every entry's MAC and link and every signed checkpoint; name the first broken entry.",
            discussion: "Give --checkpoint the files `minsheng audit checkpoint --out` wrote (kept away from the database): a rewrite by someone who holds the audit key shows against them.")
        @ArgumentParser.Option(help: "A file of signed checkpoints, one a line; repeat for several.") var checkpoint: [String] = []

        func run() async throws {
            var given: [String] = []
            for file in checkpoint {
                guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { printErr("cannot read \(file)"); throw ExitCode(2) }
                given += text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            let result = try await DatabaseHostFactory.with(loadConfig()) { try await AuditChain.verify(on: $0.database, checkpoints: given) }
            switch result {
            case .intact(let entries):
                print("audit chain intact: \(entries) entries" + (given.isEmpty ? "" : ", \(given.count) given checkpoint(s) matched"))
            case .broken(let seq, let reason, let checked):
                print("audit chain BROKEN at entry \(seq): \(reason) (\(checked) entries before it are intact)")
                throw ExitCode(1)
            }
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign the chain's head now (ES256, the issuer key) and print the checkpoint; stored in the database too.")
        @ArgumentParser.Option(help: "Also append it to this file (keep the file away from the database).") var out: String?

        func run() async throws {
            let config = loadConfig()
            let checkpoint = try await DatabaseHostFactory.with(config) { host in
                try await AuditCheckpoints.make(signer: IssuerKeyStore(cipher: try FieldCipher(base64Key: config.dataKey)), on: host.database)
            }
            print(checkpoint.jws)
            if let out {
                if !FileManager.default.fileExists(atPath: out) { FileManager.default.createFile(atPath: out, contents: nil) }
                guard let handle = FileHandle(forWritingAtPath: out) else { printErr("cannot write \(out)"); throw ExitCode(2) }
                handle.seekToEndOfFile()
                handle.write(Data((checkpoint.jws + "\n").utf8))
                handle.closeFile()
            }
            printErr("checkpoint of entry \(checkpoint.seq) (\(checkpoint.hash.prefix(16))…)" + (out.map { ", appended to \($0)" } ?? ""))
        }
    }
}
