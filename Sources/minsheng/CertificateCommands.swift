import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MinshengCatalog
import MinshengCore
import MinshengCredentials
import MinshengFace
import MinshengQR
import MinshengStore
import MinshengWeb
import Vapor

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keys", abstract: "The issuer keys certificates are signed with.", subcommands: [Rotate.self, List.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Retire the signing key (it stays published, so what it signed still verifies) and make a new one.")
        func run() async throws {
            let config = loadConfig()
            let (new, retired) = try await DatabaseHostFactory.with(config) { host in
                try await IssuerKeyStore(cipher: try FieldCipher(base64Key: config.dataKey)).rotate(actor: .system("cli"), on: host.database)
            }
            print("new signing key \(new.idText); retired: \(retired.isEmpty ? "none" : retired.joined(separator: ", ")) (each now verifies only what it signed before this moment)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the published key set (JWK Set).")
        func run() async throws {
            let config = loadConfig()
            let set = try await DatabaseHostFactory.with(config) { host in
                try await IssuerKeyStore(cipher: try FieldCipher(base64Key: config.dataKey)).publicKeySet(on: host.database)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(set), as: UTF8.self))
        }
    }
}

struct VerifiersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verifiers", abstract: "Verifier organisations (hotels, airlines, border posts, traffic police).", subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register an organisation for purposes; prints its API key once.")
        @ArgumentParser.Option(help: "The organisation's name.") var name: String
        @ArgumentParser.Option(help: "Comma-separated purposes from credentials/purposes.yaml, e.g. hotel.") var purposes: String

        func run() async throws {
            let config = loadConfig()
            let known = try CatalogLoader.loadCredentialPolicies(directory: config.resourcesDirectory + "/credentials").get().purposes
            let wanted = purposes.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let unknown = wanted.filter { known[$0] == nil }
            guard !wanted.isEmpty, unknown.isEmpty else {
                printErr("unknown purpose(s) \(unknown.joined(separator: ", ")); known: \(known.purposes.map(\.id).joined(separator: ", "))")
                throw ExitCode(2)
            }
            let (org, key) = try await DatabaseHostFactory.with(config) { host in
                try await VerifierDirectory().register(name: name, purposes: wanted, actor: .system("cli"), on: host.database)
            }
            print("registered \(org.name) (\(org.id.uuidString.lowercased())) for \(org.purposes.joined(separator: ", "))")
            print("SD-JWT key-binding audience: \(org.audience)")
            print("API key (shown once, keep it secret): \(key)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List registered organisations.")
        func run() async throws {
            let orgs = try await DatabaseHostFactory.with(loadConfig()) { try await VerifierDirectory().organisations(on: $0.database) }
            for org in orgs { print("\(org.id.uuidString.lowercased())  \(org.keyPrefix)…  \(org.disabled ? "disabled" : "active")  \(org.purposes.joined(separator: ","))  \(org.name)") }
        }
    }
}

/// `minsheng verify`: the border post's offline verifier. `fetch` downloads the key set and status lists while
/// online; checking a code then needs nothing but that cache.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "Check a certificate code offline from cached keys and status lists.",
                                                    subcommands: [Check.self, Fetch.self], defaultSubcommand: Check.self)

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "check", abstract: "Check a code: its text (MS1:…) or a photo of it (JPEG/PNG).")
        @ArgumentParser.Argument(help: "The code's text, or the path of a photo of it.") var code: String
        @ArgumentParser.Option(help: "The cache folder written by `minsheng verify fetch`.") var cache: String = "var/verifier-cache"
        @ArgumentParser.Option(help: "Accept only codes shown for this purpose (e.g. border).") var purpose: String?

        func run() async throws {
            var text = code
            if FileManager.default.fileExists(atPath: code) {
                guard let bytes = FileManager.default.contents(atPath: code) else { printErr("cannot read \(code)"); throw ExitCode(2) }
                do { text = try QRReader.read(image: bytes).first { $0.hasPrefix("MS") } ?? "" } catch {
                    printErr((error as? QRReader.Failure) == .tooLarge ? "\(code) declares a picture larger than \(FaceImage.maxSide) pixels a side or \(FaceImage.maxPixels) pixels: not read"
                                               : "no QR code found in \(code)")
                    throw ExitCode(2)
                }
            }
            if text.hasPrefix(PresentationService.referencePrefix) {
                printErr("this is an online code (MSR:…): it can only be checked through the verification API, with the organisation's key")
                throw ExitCode(2)
            }
            let cacheURL = URL(fileURLWithPath: cache)
            guard let keyData = FileManager.default.contents(atPath: cacheURL.appendingPathComponent("keys.json").path),
                  let keySet = try? JSONDecoder().decode(PublicKeySet.self, from: keyData) else {
                printErr("no cached key set in \(cache): run `minsheng verify fetch --url https://…` while online")
                throw ExitCode(2)
            }
            let keys = keySet.byID()
            // Each cached token stands for the list its own `sub` names, until its `exp` (OfflineVerifier checks both).
            var lists: [StatusList.Verified] = []
            let folder = cacheURL.appendingPathComponent("status-lists")
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasSuffix(".jwt") {
                guard let token = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8),
                      let verified = try? StatusList.verify(token: token.trimmingCharacters(in: .whitespacesAndNewlines), keys: keys) else { continue }
                if verified.number != Int(name.dropLast(4)) { printErr("note: \(name) holds the token of \(verified.uri); it is used for that list only") }
                lists.append(verified)
            }
            let purposes = try CatalogLoader.loadCredentialPolicies(directory: resourcesDirectory() + "/credentials").get().purposes
            let code = try purpose.map { id throws -> Int in
                guard let p = purposes[id] else { printErr("unknown purpose \(id)"); throw ExitCode(2) }
                return p.code
            }
            switch OfflineVerifier(keys: keys, cachedLists: lists).verify(text, purposeCode: code) {
            case .success(let accepted):
                let p = accepted.payload
                print("VALID  \(p.type.name.zh) / \(p.type.name.en)  purpose: \(purposes.purpose(code: p.purposeCode)?.id ?? "?")  key: \(Base64URL.encode(accepted.keyID))")
                for claim in CredentialClaim.allCases { if let value = p.claims[claim] { print("  \(claim.label.zh) \(claim.label.en): \(value)") } }
                if let digest = p.photoDigest { print("  photo SHA-256: \(digest.hexString) (compare online)") }
            case .failure(let failure):
                print("INVALID  \(failure.rawValue): \(failure.message.zh) \(failure.message.en)")
                throw ExitCode(1)
            }
        }
    }

    struct Fetch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Download the key set and every status list into the cache (while online).")
        @ArgumentParser.Option(help: "The platform's address, e.g. http://127.0.0.1:8080.") var url: String
        @ArgumentParser.Option(help: "The cache folder.") var cache: String = "var/verifier-cache"

        func run() async throws {
            let base = url.hasSuffix("/") ? String(url.dropLast()) : url
            let cacheURL = URL(fileURLWithPath: cache)
            try FileManager.default.createDirectory(at: cacheURL.appendingPathComponent("status-lists"), withIntermediateDirectories: true)
            let keys = try await get("\(base)/.well-known/minsheng/keys.json")
            guard let set = try? JSONDecoder().decode(PublicKeySet.self, from: keys) else { printErr("\(base) did not return a key set"); throw ExitCode(1) }
            try keys.write(to: cacheURL.appendingPathComponent("keys.json"))
            var number = 0
            while let token = try? await get("\(base)/api/v1/status-lists/\(number)") {
                guard (try? StatusList.verify(token: String(decoding: token, as: UTF8.self), keys: set.byID())) != nil else {
                    printErr("status list \(number) does not verify with the key set; not cached")
                    throw ExitCode(1)
                }
                try token.write(to: cacheURL.appendingPathComponent("status-lists/\(number).jwt"))
                number += 1
            }
            print("cached \(set.keys.count) key(s) and \(number) status list(s) in \(cache)")
        }

        func get(_ address: String) async throws -> Data {
            guard let target = URL(string: address) else { throw ExitCode(2) }
            let (data, response) = try await URLSession.shared.data(from: target)
            guard (response as? HTTPURLResponse)?.statusCode == 200 else { throw ExitCode(1) }
            return data
        }
    }
}

func resourcesDirectory() -> String {
    ProcessInfo.processInfo.environment["MINSHENG_RESOURCES"] ?? FileManager.default.currentDirectoryPath + "/Resources"
}

struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "jobs", abstract: "Background jobs (run from cron or a timer).", subcommands: [Nightly.self, Deliver.self])

    struct Deliver: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send the queued SMS, WeChat and e-mail notices (serve does it every MINSHENG_DELIVERY_SECONDS).")

        func run() async throws {
            let app = try await buildApplication(loadConfig())
            do {
                let report = try await DeliveryJobs.run(app)
                print("deliveries: \(report.sent) sent, \(report.retried) to retry later, \(report.failed) failed, \(report.cancelled) cancelled (unsubscribed)")
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }

    struct Nightly: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Certificate reminders and automatic renewals; safe to run twice or on two instances at once.")
        @ArgumentParser.Option(help: "The day to run for (YYYY-MM-DD; default today in Shenzhen).") var today: String?

        func run() async throws {
            var day = CivilDate.today()
            if let today {
                guard let parsed = CivilDate(iso: today) else { printErr("--today must be a date written YYYY-MM-DD"); throw ExitCode(2) }
                day = parsed
            }
            let app = try await buildApplication(loadConfig())
            do {
                let (sweep, renewals) = try await CertificateJobs.nightly(app, today: day)
                print("reminders: \(sweep.scanned) certificates in windows, \(sweep.reminded) reminded, \(sweep.alreadyReminded) already reminded, \(sweep.notified) notified")
                print("renewals: \(renewals.opened.count) opened (\(renewals.opened.joined(separator: ", "))), \(renewals.refused.count) could not be renewed automatically")
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }
}

struct OrdersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "orders", abstract: "Production and mail orders (the card centre's and the carrier's updates).",
                                                    subcommands: [Advance.self, Track.self])

    struct Advance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move a production order on: made, then dispatched (which posts it when asked).")
        @ArgumentParser.Argument(help: "The production order's id.") var id: String
        @ArgumentParser.Argument(help: "made or dispatched.") var state: String

        func run() async throws {
            guard let uuid = UUID(uuidString: id), let next = ProductionOrder.State(rawValue: state), next != .queued else {
                printErr("give a production order id and made or dispatched"); throw ExitCode(2)
            }
            let config = loadConfig()
            let (order, mail) = try await DatabaseHostFactory.with(config) { host in
                try await OrderDesk(cipher: try FieldCipher(base64Key: config.dataKey)).advance(uuid, to: next, actor: .system("card-centre"), on: host.database)
            }
            print("production \(order.id.uuidString.lowercased()): \(order.state.rawValue)" + (mail.map { "; posted by \($0.carrier), tracking \($0.trackingNumber)" } ?? ""))
        }
    }

    struct Track: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a carrier's tracking event: in-transit, delivered or returned.")
        @ArgumentParser.Argument(help: "The tracking number.") var trackingNumber: String
        @ArgumentParser.Argument(help: "in-transit, delivered or returned.") var state: String

        func run() async throws {
            guard let next = MailOrder.State(rawValue: state), next != .created else { printErr("state must be in-transit, delivered or returned"); throw ExitCode(2) }
            let config = loadConfig()
            let mail = try await DatabaseHostFactory.with(config) { host in
                try await OrderDesk(cipher: try FieldCipher(base64Key: config.dataKey)).track(trackingNumber, state: next, actor: .system("carrier"), on: host.database)
            }
            print("mail \(mail.trackingNumber): \(mail.state.rawValue)")
        }
    }
}
