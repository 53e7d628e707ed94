/// A deterministic stream of made-up Shenzhen households for demos, seeds and benchmarks.
///
/// The same seed and `today` always give the same households. Members are consistent: ID numbers are
/// valid and unique within a run and match birth date and gender; spouses are of the other gender and
/// within ten years of the head; parents were 20–45 when each of their children in the household was
/// born; everyone is 0–95 years old at `today`.
public struct SyntheticPopulation: Sendable {
    private var rng: SplitMix64
    /// The day ages are measured against.
    public let today: CivilDate
    private let todayNumber: Int
    /// First 17 digits of every ID number issued, as an integer.
    private var issuedIDs: Set<Int> = []
    /// Every phone number issued.
    private var issuedPhones: Set<Int> = []

    /// A member being built; the name is kept in parts so that relatives can inherit them.
    private struct Member {
        var relation: HouseholdRelation
        var gender: Gender
        var birth: CivilDate
        var ethnicity: Ethnicity
        /// The surname, or for patronymic names the father's given name.
        var familyName: String
        var givenName: String
        var patronymic: Bool
        /// For a child's spouse: the index of that child.
        var spouseOf: Int? = nil

        var fullName: String {
            patronymic ? givenName + "·" + familyName : familyName + givenName
        }
    }

    /// Starts a stream; `today` bounds birth dates and ages.
    public init(seed: UInt64, today: CivilDate) {
        self.rng = SplitMix64(seed: seed)
        self.today = today
        self.todayNumber = today.dayNumber
    }

    /// The next household: about 3 % collective (dormitory) households, the rest families.
    public mutating func nextHousehold() -> SyntheticHousehold {
        let collective = rng.chance(0.03)
        let district = Self.districts.pick(using: &rng)
        let road = district.roads[rng.below(district.roads.count)]
        let members = collective ? makeCollective() : makeFamily()
        let street: String
        if collective {
            street = "\(road)\(rng.value(in: 1...3000))号员工宿舍\(rng.value(in: 1...12))栋\(room())"
        } else if rng.chance(0.85) {
            street = "\(road)\(rng.value(in: 1...3000))号\(rng.value(in: 1...30))栋\(room())"
        } else {
            street = "\(road)\(rng.value(in: 1...3000))号"
        }
        return SyntheticHousehold(
            type: collective ? .collective : .family,
            divisionCode: district.code,
            street: street,
            members: finish(members)
        )
    }

    private mutating func room() -> Int {
        rng.value(in: 1...33) * 100 + rng.value(in: 1...8)
    }

    // MARK: Households

    private mutating func makeCollective() -> [Member] {
        let size = Self.collectiveSizes.pick(using: &rng)
        var members: [Member] = []
        for index in 0..<size {
            let gender: Gender = rng.chance(0.55) ? .male : .female
            let ages = Self.collectiveAges.pick(using: &rng)
            let ethnicity = Self.ethnicities.pick(using: &rng)
            members.append(
                newPerson(
                    index == 0 ? .head : .other, gender: gender, birth: birth(aged: ages),
                    ethnicity: ethnicity, familyName: nil
                )
            )
        }
        return members
    }

    private mutating func makeFamily() -> [Member] {
        let size = Self.familySizes.pick(using: &rng)
        let plan = Self.plans[size - 1].pick(using: &rng)
        let headAges = Self.headAges(for: plan)
        var headAge = 0
        for _ in 0..<8 {
            headAge = rng.value(in: Self.headAges.pick(using: &rng))
            if headAges.contains(headAge) { break }
        }
        if !headAges.contains(headAge) { headAge = rng.value(in: headAges) }
        let headGender: Gender = rng.chance(plan.contains(.spouse) ? 0.7 : 0.5) ? .male : .female
        var members = [
            newPerson(
                .head, gender: headGender, birth: birth(aged: headAge...headAge),
                ethnicity: Self.ethnicities.pick(using: &rng), familyName: nil
            )
        ]
        let needsAdultChild = plan.contains(.grandchild)
        for relation in plan {
            let added: Member?
            switch relation {
            case .spouse: added = makeSpouse(members)
            case .child:
                let first = !members.contains { $0.relation == .child }
                added = makeChild(members, adult: needsAdultChild && first)
            case .parent: added = makeParent(members)
            case .sibling: added = makeSibling(members)
            case .grandchild: added = makeGrandchild(members)
            case .other: added = needsAdultChild ? makeChildSpouse(members) : nil
            case .head: added = nil
            }
            members.append(added ?? makeOther())
        }
        return members
    }

    /// The head's possible ages, so that the planned relatives can exist.
    private static func headAges(for plan: [HouseholdRelation]) -> ClosedRange<Int> {
        if plan.contains(.grandchild) { return 45...85 }
        if plan.contains(.parent) { return 22...65 }
        if plan.contains(.child) { return 24...70 }
        if plan.contains(.spouse) { return 22...90 }
        return 18...95
    }

    // MARK: Relatives

    private mutating func makeSpouse(_ members: [Member]) -> Member? {
        let head = members[0]
        let headAge = head.birth.age(on: today)
        let gender: Gender = head.gender == .male ? .female : .male
        // Husbands are usually the older; the gap stays within ten years.
        let gap = rng.value(in: -3...8)
        let age = gender == .female ? headAge - gap : headAge + gap
        let minimum = gender == .male ? 22 : 20
        guard age >= minimum, age <= 95, abs(age - headAge) <= 10 else { return nil }
        let ethnicity = spouseEthnicity(of: head)
        return newPerson(
            .spouse, gender: gender, birth: birth(aged: age...age), ethnicity: ethnicity,
            familyName: head.patronymic ? randomPatronymicFather() : nil
        )
    }

    private mutating func makeChild(_ members: [Member], adult: Bool) -> Member? {
        let parents = members.filter { $0.relation == .head || $0.relation == .spouse }
        var high = todayNumber
        if adult { high = min(high, today.adding(years: -22).dayNumber) }
        guard let birth = birth(withParents: parents, upTo: high) else { return nil }
        let gender: Gender = rng.chance(0.515) ? .male : .female
        let father = parents.first { $0.gender == .male }
        // The child belongs to one parent's group and takes the father's surname (the mother's if he is
        // not in the household).
        let ethnicity = parents[rng.below(parents.count)].ethnicity
        let head = members[0]
        let familyName = head.patronymic ? father?.givenName ?? randomPatronymicFather() : (father ?? head).familyName
        return newPerson(.child, gender: gender, birth: birth, ethnicity: ethnicity, familyName: familyName)
    }

    private mutating func makeParent(_ members: [Member]) -> Member? {
        let head = members[0]
        let children = members.filter { $0.relation == .head || $0.relation == .sibling }
        let existingParents = members.filter { $0.relation == .parent }
        guard existingParents.count < 2 else { return nil }
        let existing = existingParents.first
        let gender: Gender =
            existing.map { $0.gender == .male ? .female : .male } ?? (rng.chance(0.45) ? .male : .female)
        // A parent was 20–45 at each child's birth and is at most 95 today.
        var low = today.adding(years: -96).dayNumber + 1
        var high = todayNumber
        for child in children {
            low = max(low, child.birth.adding(years: -46).dayNumber + 1)
            high = min(high, child.birth.adding(years: -20).dayNumber)
        }
        if let existing {
            low = max(low, existing.birth.adding(years: -10).dayNumber)
            high = min(high, existing.birth.adding(years: 10).dayNumber)
        }
        let todayAge = today
        guard
            let birth = pick(from: low, to: high, where: { candidate in
                guard candidate.age(on: todayAge) <= 95 else { return false }
                if let existing, abs(candidate.age(on: todayAge) - existing.birth.age(on: todayAge)) > 10 {
                    return false
                }
                return children.allSatisfy { (20...45).contains(candidate.age(on: $0.birth)) }
            })
        else { return nil }
        if head.patronymic {
            var parent = newPerson(
                .parent, gender: gender, birth: birth, ethnicity: head.ethnicity, familyName: randomPatronymicFather()
            )
            // The father's given name is the head's second name part.
            if gender == .male { parent.givenName = head.familyName }
            return parent
        }
        // The father passes on his surname and group; the second parent may belong to another group.
        let ethnicity =
            gender == .male || existing == nil || rng.chance(0.9)
            ? head.ethnicity : Self.nonPatronymicEthnicities.pick(using: &rng)
        return newPerson(
            .parent, gender: gender, birth: birth, ethnicity: ethnicity,
            familyName: gender == .male ? head.familyName : nil
        )
    }

    private mutating func makeSibling(_ members: [Member]) -> Member? {
        let head = members[0]
        let parents = members.filter { $0.relation == .parent }
        let headAge = head.birth.age(on: today)
        let youngest = max(0, headAge - 12)
        let oldest = min(95, headAge + 12)
        let high = min(todayNumber, today.adding(years: -youngest).dayNumber)
        let low = today.adding(years: -(oldest + 1)).dayNumber + 1
        let todayAge = today
        guard
            let birth = birth(withParents: parents, upTo: high, from: low, also: { candidate in
                (youngest...oldest).contains(candidate.age(on: todayAge))
            })
        else { return nil }
        return newPerson(
            .sibling, gender: rng.chance(0.5) ? .male : .female, birth: birth, ethnicity: head.ethnicity,
            familyName: head.familyName
        )
    }

    private mutating func makeChildSpouse(_ members: [Member]) -> Member? {
        guard
            let index = members.indices.first(where: { index in
                members[index].relation == .child && members[index].birth.age(on: today) >= 20
                    && !members.contains { $0.spouseOf == index }
            })
        else { return nil }
        let child = members[index]
        let childAge = child.birth.age(on: today)
        let gender: Gender = child.gender == .male ? .female : .male
        let age = childAge + rng.value(in: -4...4)
        guard age >= (gender == .male ? 22 : 20), age <= 95 else { return nil }
        let ethnicity =
            child.patronymic || rng.chance(0.9) ? child.ethnicity : Self.nonPatronymicEthnicities.pick(using: &rng)
        var spouse = newPerson(
            .other, gender: gender, birth: birth(aged: age...age), ethnicity: ethnicity,
            familyName: child.patronymic ? randomPatronymicFather() : nil
        )
        spouse.spouseOf = index
        return spouse
    }

    private mutating func makeGrandchild(_ members: [Member]) -> Member? {
        // The grandchild's parent is the child who has a spouse here, else the eldest adult child.
        let withSpouse = members.compactMap(\.spouseOf).first
        guard
            let parentIndex = withSpouse
                ?? members.indices.first(where: {
                    members[$0].relation == .child && members[$0].birth.age(on: today) >= 20
                })
        else { return nil }
        let parent = members[parentIndex]
        let inLaw = members.first { $0.spouseOf == parentIndex }
        let parents = [parent] + (inLaw.map { [$0] } ?? [])
        guard let birth = birth(withParents: parents, upTo: todayNumber) else { return nil }
        let father = parents.first { $0.gender == .male }
        let familyName: String
        if parent.patronymic {
            familyName = father?.givenName ?? randomPatronymicFather()
        } else {
            familyName = father?.familyName ?? Self.surnames.pick(using: &rng)
        }
        return newPerson(
            .grandchild, gender: rng.chance(0.515) ? .male : .female, birth: birth,
            ethnicity: parents[rng.below(parents.count)].ethnicity, familyName: familyName
        )
    }

    private mutating func makeOther() -> Member {
        newPerson(
            .other, gender: rng.chance(0.5) ? .male : .female, birth: birth(aged: 18...80),
            ethnicity: Self.ethnicities.pick(using: &rng), familyName: nil
        )
    }

    // MARK: Building blocks

    /// A birth date for someone whose `parents` were all 20–45 at the birth, no later than `high`.
    private mutating func birth(
        withParents parents: [Member], upTo high: Int, from low: Int = Int.min,
        also accept: (CivilDate) -> Bool = { _ in true }
    ) -> CivilDate? {
        var low = max(low, today.adding(years: -96).dayNumber + 1)
        var high = high
        for parent in parents {
            low = max(low, Self.firstDay(aged: 20, bornOn: parent.birth).dayNumber)
            high = min(high, Self.firstDay(aged: 46, bornOn: parent.birth).dayNumber - 1)
        }
        return pick(from: low, to: high) { candidate in
            accept(candidate) && parents.allSatisfy { (20...45).contains($0.birth.age(on: candidate)) }
        }
    }

    /// A day chosen uniformly from day numbers `low` through `high` that passes `accept`, or nil if
    /// the window is empty or a few tries fail.
    private mutating func pick(from low: Int, to high: Int, where accept: (CivilDate) -> Bool) -> CivilDate? {
        guard low <= high else { return nil }
        for _ in 0..<8 {
            let candidate = CivilDate(dayNumber: rng.value(in: low...high))
            if accept(candidate) { return candidate }
        }
        return nil
    }

    /// A birth date for someone whose age today is in `ages`.
    private mutating func birth(aged ages: ClosedRange<Int>) -> CivilDate {
        // Born on or before today minus the youngest age, after today minus one more than the oldest.
        let high = today.adding(years: -ages.lowerBound).dayNumber
        let low = today.adding(years: -(ages.upperBound + 1)).dayNumber + 1
        let todayAge = today
        return pick(from: low, to: high) { ages.contains($0.age(on: todayAge)) } ?? CivilDate(dayNumber: high)
    }

    /// The first day on which someone born on `birth` is `years` old (1 March for 29 February births
    /// in common years).
    private static func firstDay(aged years: Int, bornOn birth: CivilDate) -> CivilDate {
        let year = birth.year + years
        if birth.month == 2, birth.day == 29, !CivilDate.isLeapYear(year) {
            return CivilDate(unchecked: year, 3, 1)
        }
        return CivilDate(unchecked: year, birth.month, birth.day)
    }

    private mutating func spouseEthnicity(of head: Member) -> Ethnicity {
        if head.patronymic || rng.chance(0.9) { return head.ethnicity }
        return Self.nonPatronymicEthnicities.pick(using: &rng)
    }

    private mutating func randomPatronymicFather() -> String {
        Self.malePatronymicNames[rng.below(Self.malePatronymicNames.count)]
    }

    private mutating func givenName(_ gender: Gender) -> String {
        let table = gender == .male ? Self.maleGivenCharacters : Self.femaleGivenCharacters
        let first = table.pick(using: &rng)
        return rng.chance(0.3) ? first : first + table.pick(using: &rng)
    }

    /// A new member; a nil `familyName` draws a surname (or a father's name for patronymic groups).
    private mutating func newPerson(
        _ relation: HouseholdRelation, gender: Gender, birth: CivilDate, ethnicity: Ethnicity, familyName: String?
    ) -> Member {
        if Self.isPatronymic(ethnicity) {
            let names = gender == .male ? Self.malePatronymicNames : Self.femalePatronymicNames
            return Member(
                relation: relation, gender: gender, birth: birth, ethnicity: ethnicity,
                familyName: familyName ?? randomPatronymicFather(), givenName: names[rng.below(names.count)],
                patronymic: true
            )
        }
        return Member(
            relation: relation, gender: gender, birth: birth, ethnicity: ethnicity,
            familyName: familyName ?? Self.surnames.pick(using: &rng),
            givenName: givenName(gender), patronymic: false
        )
    }

    /// Issues ID numbers, statuses and phones and turns drafts into residents.
    private mutating func finish(_ members: [Member]) -> [SyntheticResident] {
        members.map { member in
            let age = member.birth.age(on: today)
            let status = member.relation == .head ? .active : drawStatus(age: age)
            var phone: PhoneNumber?
            if status == .active, age >= 18, rng.chance(0.92) { phone = issuePhone() }
            return SyntheticResident(
                idNumber: issueID(birth: member.birth, gender: member.gender),
                name: PersonName(unchecked: member.fullName),
                gender: member.gender,
                birthDate: member.birth,
                ethnicity: member.ethnicity,
                relation: member.relation,
                status: status,
                phone: phone
            )
        }
    }

    /// About 2 % of residents overall are cancelled; the old mostly because they died.
    private mutating func drawStatus(age: Int) -> SyntheticStatus {
        let roll = rng.unit()
        if age >= 65 {
            guard roll < 0.1 else { return .active }
            return .cancelled(reason: roll < 0.088 ? "deceased" : roll < 0.096 ? "emigrated" : "missing")
        }
        if age >= 18 {
            guard roll < 0.023 else { return .active }
            if roll < 0.008 { return .cancelled(reason: "emigrated") }
            if roll < 0.014 { return .cancelled(reason: age <= 40 ? "military" : "emigrated") }
            if roll < 0.018 { return .cancelled(reason: "imprisoned") }
            if roll < 0.020 { return .cancelled(reason: "missing") }
            return .cancelled(reason: "deceased")
        }
        guard roll < 0.006 else { return .active }
        return .cancelled(reason: roll < 0.004 ? "emigrated" : roll < 0.005 ? "deceased" : "missing")
    }

    private mutating func issueID(birth: CivilDate, gender: Gender) -> IDNumber {
        let dateKey = birth.year * 10_000 + birth.month * 100 + birth.day
        // 70 % carry a Shenzhen address code, the rest one of the provinces people move from.
        var region =
            rng.chance(0.7) ? Self.shenzhenIDRegions.pick(using: &rng) : Self.otherIDRegions.pick(using: &rng)
        var attempts = 0
        while true {
            let sequence = gender == .male ? 2 * rng.below(500) + 1 : 2 * (rng.below(499) + 1)
            let key = (region * 100_000_000 + dateKey) * 1000 + sequence
            if issuedIDs.insert(key).inserted {
                guard let id = IDNumber.make(region: region, birthDate: birth, sequence: sequence) else {
                    preconditionFailure("the region tables hold only valid codes")
                }
                return id
            }
            attempts += 1
            if attempts % 16 == 0 { region = Self.otherIDRegions.pick(using: &rng) }
        }
    }

    private mutating func issuePhone() -> PhoneNumber {
        while true {
            let prefix = Self.phonePrefixes[rng.below(Self.phonePrefixes.count)]
            let number = prefix * 100_000_000 + rng.below(100_000_000)
            if issuedPhones.insert(number).inserted {
                var rest = number
                let digits = String(unsafeUninitializedCapacity: 11) { buffer in
                    for index in stride(from: 10, through: 0, by: -1) {
                        buffer[index] = UInt8(48 + rest % 10)
                        rest /= 10
                    }
                    return 11
                }
                return PhoneNumber(unchecked: digits)
            }
        }
    }
}
