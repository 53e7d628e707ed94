import ArgumentParser
import FluentKit
import Foundation
import MinshengCatalog
import MinshengCore
import MinshengStore
import MinshengWeb
import Vapor

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fill the registry with a deterministic synthetic population and the demo accounts."
    )

    @ArgumentParser.Option(help: "How many synthetic residents to add.") var residents = 2000
    @ArgumentParser.Option(help: "The generator's seed: the same seed gives the same population.") var seed: UInt64 = 2017
    @ArgumentParser.Flag(help: "Do nothing if the registry already holds residents.") var ifEmpty = false
    @ArgumentParser.Flag(help: "Skip the demo units, officers and citizen accounts.") var noDemo = false

    func run() async throws {
        let config = loadConfig()
        let registry = RegistryRepository(cipher: try FieldCipher(base64Key: config.dataKey))
        let (seeded, seconds) = try await DatabaseHostFactory.with(config) { host -> (Int?, Double) in
            let db = host.database
            if ifEmpty, try await registry.count(on: db) > 0 { return (nil, 0) }
            if !noDemo { try await DemoData(config: config, registry: registry).write(on: db) }
            let seeder = PopulationSeeder(registry: registry, seed: seed, today: .today())
            let terminal = isatty(STDOUT_FILENO) == 1
            let target = residents
            let started = Date()
            let written = try await seeder.run(residents: target, on: db) { done in
                guard terminal else { return }
                let width = 30
                let filled = min(width, done * width / max(target, 1))
                print("\r[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(done)/\(target) residents", terminator: "")
                fflush(nil)
            }
            if terminal { print("") }
            return (written, Date().timeIntervalSince(started))
        }
        guard let seeded else {
            print("the registry already holds residents; nothing seeded")
            if !noDemo { DemoData.printAccounts() }
            return
        }
        print("seeded \(seeded) synthetic residents (seed \(seed)) in \(String(format: "%.1f", seconds)) s")
        if !noDemo { DemoData.printAccounts() }
    }
}

/// The demo's units, officers and citizens, with the passwords printed by `seed` (never use them outside a demo).
struct DemoData {
    let config: Config
    let registry: RegistryRepository

    static let citizenPassword = "Minsheng2017"
    static let demoCaseNumber = "A440304202611020001"
    static let demoCaseCode = "DEM0-CASE"
    static let officerPassword = "Police2017"

    static func printAccounts() {
        print("""

        Demo accounts (demo only):
          citizen  13800138000 / \(citizenPassword)  李明, L2 (identity linked), household in 福田区
          citizen  13900139000 / \(citizenPassword)  L1: link it to 王芳 / 440303198506150027 on the identity page
          (unlinked registry records to try: 王芳 440303198506150027 in 罗湖区, 赵敏 440304199203080886 in 福田区)
          officer  010001 / \(officerPassword)   福田派出所: intake, reviewer (jurisdiction 440304 福田区)
          officer  010002 / \(officerPassword)   福田派出所: approver
          officer  030001 / \(officerPassword)   罗湖派出所: intake (jurisdiction 440303 罗湖区)
          admin    000001 / \(officerPassword)   市局户政处: admin (all of Shenzhen)
          verifier `minsheng verifiers add --name 演示酒店 --purposes hotel` prints an API key for /verify
          citizen  13800138001 / \(citizenPassword)  陈建华, L2: a migrant worker from 湖南 with a residence permit, 积分入户测评 at /points
          citizen  13800138002 / \(citizenPassword)  刘芳, L2: four years of insurance, not yet eligible (the simulator says when)
          case     \(demoCaseNumber) / query code \(demoCaseCode)  李明's stolen e-bike at /cases (福田派出所, under investigation)
          records  赵敏 440304199203080886 has a criminal record (a no-criminal-record certificate is refused with the notice)
        """)
    }

    func write(on db: any Database) async throws {
        let officers = OfficerRepository()
        let actor = Principal.system("seed")
        if try await officers.unit(code: "440304-FT", on: db) != nil {
            return
        }
        func name(_ s: String) throws -> PersonName { try PersonName(s) }
        func id(_ s: String) throws -> IDNumber { try IDNumber(s) }

        let liMing = Resident(idNumber: try id("440304199001010011"), name: try name("李明"), formerNames: [try name("李小明")],
                              gender: .male, ethnicity: .han, birthDate: CivilDate(year: 1990, month: 1, day: 1)!, birthplace: "440304",
                              education: "本科", maritalStatus: "已婚", occupation: "工程师", phone: try PhoneNumber("13800138000"),
                              relation: .head, divisionCode: "440304")
        let spouse = Resident(idNumber: try id(IDNumber.make(regionCode: "430102", birthDate: CivilDate(year: 1991, month: 5, day: 20)!, sequence: 42)!.value),
                              name: try name("陈静"), gender: .female, ethnicity: .han, birthDate: CivilDate(year: 1991, month: 5, day: 20)!,
                              birthplace: "430102", relation: .spouse, divisionCode: "440304")
        let child = Resident(idNumber: IDNumber.make(regionCode: "440304", birthDate: CivilDate(year: 2018, month: 9, day: 1)!, sequence: 21)!,
                             name: try name("李思远"), gender: .male, ethnicity: .han, birthDate: CivilDate(year: 2018, month: 9, day: 1)!,
                             birthplace: "440304", relation: .child, divisionCode: "440304")
        let futian = Household(number: "440304000000001", kind: .family, divisionCode: "440304", address: "深圳市福田区深南大道6008号3栋1201", headID: liMing.id)
        try await registry.register(household: futian, members: [liMing, spouse, child], actor: actor, reason: "demo data", on: db)

        let wangFang = Resident(idNumber: try id("440303198506150027"), name: try name("王芳"), gender: .female, ethnicity: .han,
                                birthDate: CivilDate(year: 1985, month: 6, day: 15)!, birthplace: "440303", phone: try PhoneNumber("13900139000"),
                                relation: .head, divisionCode: "440303")
        let zhaoMin = Resident(idNumber: try id("440304199203080886"), name: try name("赵敏"), gender: .female, ethnicity: .han,
                               birthDate: CivilDate(year: 1992, month: 3, day: 8)!, birthplace: "440304", relation: .head, divisionCode: "440304")
        let futian2 = Household(number: "440304000000002", kind: .family, divisionCode: "440304", address: "深圳市福田区福华三路88号2栋803", headID: zhaoMin.id)
        try await registry.register(household: futian2, members: [zhaoMin], actor: actor, reason: "demo data", on: db)

        let luohu = Household(number: "440303000000001", kind: .family, divisionCode: "440303", address: "深圳市罗湖区人民南路2008号5楼", headID: wangFang.id)
        try await registry.register(household: luohu, members: [wangFang], actor: actor, reason: "demo data", on: db)

        // ID photos for face authentication (test fixtures; see Resources/demo/faces/README.md).
        let faces = (ProcessInfo.processInfo.environment["MINSHENG_RESOURCES"] ?? FileManager.default.currentDirectoryPath + "/Resources") + "/demo/faces"
        for (resident, file) in [(liMing, "li-ming.jpg")] {
            if let photo = FileManager.default.contents(atPath: "\(faces)/\(file)") {
                try await registry.setPhoto(residentID: resident.id, photo: photo, actor: actor, reason: "demo ID photo", on: db)
            }
        }

        let futianUnit = try await officers.ensureUnit(code: "440304-FT", nameZh: "福田派出所", nameEn: "Futian Police Station",
                                                       jurisdiction: Jurisdiction(divisionCodes: ["440304"]), actor: actor, on: db)
        let luohuUnit = try await officers.ensureUnit(code: "440303-LH", nameZh: "罗湖派出所", nameEn: "Luohu Police Station",
                                                      jurisdiction: Jurisdiction(divisionCodes: ["440303"]), actor: actor, on: db)
        let cityUnit = try await officers.ensureUnit(code: "440300-HZ", nameZh: "市局户政处", nameEn: "City Household Registration Division",
                                                     jurisdiction: Jurisdiction(divisionCodes: ["440300"]), actor: actor, on: db)
        let officerHash = try Bcrypt.hash(Self.officerPassword, cost: config.bcryptCost)
        _ = try await officers.addOfficer(policeNumber: "010001", name: "张警官", unitCode: futianUnit.code, roles: [.intake, .reviewer], passwordHash: officerHash, actor: actor, on: db)
        _ = try await officers.addOfficer(policeNumber: "010002", name: "刘警官", unitCode: futianUnit.code, roles: [.approver], passwordHash: officerHash, actor: actor, on: db)
        _ = try await officers.addOfficer(policeNumber: "030001", name: "黄警官", unitCode: luohuUnit.code, roles: [.intake], passwordHash: officerHash, actor: actor, on: db)
        _ = try await officers.addOfficer(policeNumber: "000001", name: "周处长", unitCode: cityUnit.code, roles: [.admin], passwordHash: officerHash, actor: actor, on: db)
        _ = try await officers.addOfficer(policeNumber: "000002", name: "陈专员", unitCode: cityUnit.code, roles: [.informantProtection], passwordHash: officerHash, actor: actor, on: db)

        let accounts = AccountRepository(cipher: registry.cipher)
        let citizenHash = try Bcrypt.hash(Self.citizenPassword, cost: config.bcryptCost)
        let li = try await accounts.register(phone: try PhoneNumber("13800138000"), passwordHash: citizenHash, on: db)
        _ = try await accounts.linkIdentity(accountID: li.id, name: liMing.name, idNumber: liMing.idNumber, registry: registry, on: db)
        _ = try await accounts.register(phone: try PhoneNumber("13900139000"), passwordHash: citizenHash, on: db)

        // The agency records e-certificates are issued from: ID cards (validity by age at issue), 李明's driving licence
        // and his HK/Macao permit, which expires within its 180-day reminder window.
        let credentials = CredentialRepository(cipher: registry.cipher)
        func idCard(_ r: Resident, issued: CivilDate, issuer: String) async throws {
            try await credentials.record(DocumentRecord(type: .idCard, number: r.idNumber.value, issuedOn: issued,
                                                        expiresOn: CredentialValidity.idCardExpiry(issued: issued, birthDate: r.birthDate), details: ["issuer": issuer]),
                                         residentID: r.id, on: db)
        }
        try await idCard(liMing, issued: CivilDate(year: 2016, month: 2, day: 20)!, issuer: "深圳市公安局福田分局")
        try await idCard(spouse, issued: CivilDate(year: 2019, month: 7, day: 1)!, issuer: "深圳市公安局福田分局")
        try await idCard(wangFang, issued: CivilDate(year: 2017, month: 1, day: 10)!, issuer: "深圳市公安局罗湖分局")
        try await idCard(zhaoMin, issued: CivilDate(year: 2012, month: 3, day: 20)!, issuer: "深圳市公安局福田分局")
        let licence = CivilDate(year: 2021, month: 3, day: 15)!
        try await credentials.record(DocumentRecord(type: .drivingLicence, number: "440304199001010011", issuedOn: licence,
                                                    expiresOn: CredentialValidity.drivingLicenceExpiry(issued: licence, previous: 1),
                                                    details: ["licence_class": "C1", "points_status": "正常（本周期 0 分）"]), residentID: liMing.id, on: db)
        // A case 李明 reported, followed at /cases with the code on his receipt; 赵敏's conviction, for the refusal.
        let stages = try CatalogLoader.loadCaseStages(directory: "\(config.resourcesDirectory)/cases").get()
        _ = try await CaseDesk(cipher: registry.cipher, stages: stages).file(CaseDesk.NewCase(
            number: Self.demoCaseNumber, cause: "电动自行车被盗", unitCode: futianUnit.code, divisionCode: "440304", reportedOn: CivilDate(year: 2026, month: 11, day: 2)!,
            source: "demo", parties: [.init(role: .victim, name: "李明", code: Self.demoCaseCode)],
            history: [.init(stage: .filed, on: CivilDate(year: 2026, month: 11, day: 4)!, publicNote: "经审查，符合立案条件，已立案侦查。"),
                      .init(stage: .investigating, on: CivilDate(year: 2026, month: 11, day: 10)!, internalNote: "调取福华三路监控，已锁定嫌疑车辆去向")]),
            actor: actor, on: db)
        try await AgencyRecords().record("criminalRecord", residentID: zhaoMin.id, source: "demo: 2015 判决（示例）", on: db)
        let today = CivilDate.today()
        try await Self.migrants(registry: registry, accounts: accounts, credentials: credentials, passwordHash: citizenHash, today: today, on: db)
        let pass = today.adding(days: 120).adding(years: -10)
        try await credentials.record(DocumentRecord(type: .hkMacauPass, number: "C12345678", issuedOn: pass, expiresOn: CredentialValidity.hkMacauPassExpiry(issued: pass, birthDate: liMing.birthDate),
                                                    details: ["endorsements": "探亲（T）一年多次", "photo_taken": today.adding(years: -1).description]), residentID: liMing.id, on: db)
    }

    /// Two migrant workers registered in 湖南 and living in Shenzhen on residence permits, with the agency records the
    /// points simulator reads: 陈建华 (pension since 2009 with a three-month gap, one month back-paid; rented, then owns
    /// his flat; a repaid credit record) meets the conditions; 刘芳 has four years of insurance and a lease.
    static func migrants(registry: RegistryRepository, accounts: AccountRepository, credentials: CredentialRepository, passwordHash: String,
                         today: CivilDate, on db: any Database) async throws {
        let actor = Principal.system("seed")
        let points = PointsRecords(cipher: registry.cipher)
        let chen = Resident(idNumber: try IDNumber("430521198503120019"), name: try PersonName("陈建华"), gender: .male, ethnicity: .han,
                            birthDate: CivilDate(year: 1985, month: 3, day: 12)!, birthplace: "430521", phone: try PhoneNumber("13800138001"),
                            relation: .head, divisionCode: "430521")
        try await registry.register(household: Household(number: "430521000000001", kind: .family, divisionCode: "430521", address: "湖南省邵阳市邵东县两市镇建设路12号", headID: chen.id),
                                    members: [chen], actor: actor, reason: "demo data", on: db)
        let liu = Resident(idNumber: try IDNumber("430121199008150029"), name: try PersonName("刘芳"), gender: .female, ethnicity: .han,
                           birthDate: CivilDate(year: 1990, month: 8, day: 15)!, birthplace: "430121", phone: try PhoneNumber("13800138002"),
                           relation: .head, divisionCode: "430121")
        try await registry.register(household: Household(number: "430121000000001", kind: .family, divisionCode: "430121", address: "湖南省长沙市长沙县星沙街道东六路8号", headID: liu.id),
                                    members: [liu], actor: actor, reason: "demo data", on: db)
        for (resident, phone) in [(chen, "13800138001"), (liu, "13800138002")] {
            let account = try await accounts.register(phone: try PhoneNumber(phone), passwordHash: passwordHash, on: db)
            _ = try await accounts.linkIdentity(accountID: account.id, name: resident.name, idNumber: resident.idNumber, registry: registry, on: db)
        }
        let thisMonth = YearMonth(today)
        // 陈建华: insured from July 2009 to last month, 2013-02…04 missed, 2013-03 paid back later.
        let start = YearMonth(year: 2009, month: 7)
        var months: [PointsEvidence.PensionMonth] = []
        for index in start.index..<thisMonth.index {
            let month = YearMonth(index: index)
            if ["2013-02", "2013-04"].contains(month.description) { continue }
            months.append(.init(month: month, backPaid: month.description == "2013-03"))
        }
        try await points.recordPension(months, residentID: chen.id, on: db)
        try await points.record(PointsEvidence.Lease(reference: "深房租备 2009-0731", startsOn: CivilDate(year: 2009, month: 7, day: 1)!, endsOn: CivilDate(year: 2016, month: 6, day: 30)!), residentID: chen.id, on: db)
        try await points.record(PointsEvidence.Property(reference: "粤(2016)深圳市不动产权第0123456号", registeredOn: CivilDate(year: 2016, month: 7, day: 15)!, sharePercent: 100), residentID: chen.id, on: db)
        try await points.record(PointsEvidence.CreditRecord(reference: "信用卡逾期 2015-08", overdueSince: CivilDate(year: 2015, month: 8, day: 5)!, overdueDays: 40,
                                                            repaidOn: CivilDate(year: 2015, month: 9, day: 14)!), residentID: chen.id, on: db)
        try await credentials.record(DocumentRecord(type: .residencePermit, number: "440300201003001234", issuedOn: CivilDate(year: 2010, month: 3, day: 1)!,
                                                    expiresOn: today.adding(days: 200), details: ["address": "深圳市南山区西丽街道留仙大道3370号1栋1203", "division": "440305"]), residentID: chen.id, on: db)
        // 刘芳: four years of insurance and a lease that runs on.
        let liuStart = thisMonth.adding(-48)
        try await points.recordPension((liuStart.index..<thisMonth.index).map { .init(month: YearMonth(index: $0)) }, residentID: liu.id, on: db)
        try await points.record(PointsEvidence.Lease(reference: "深房租备 \(liuStart)", startsOn: liuStart.first, endsOn: today.adding(years: 2)), residentID: liu.id, on: db)
        try await credentials.record(DocumentRecord(type: .residencePermit, number: "440300\(liuStart.year)05004321", issuedOn: liuStart.first,
                                                    expiresOn: today.adding(days: 300), details: ["address": "深圳市宝安区新安街道创业一路1001号", "division": "440306"]), residentID: liu.id, on: db)
    }
}
