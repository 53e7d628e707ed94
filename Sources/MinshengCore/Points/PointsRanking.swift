import Foundation

/// One eligible application in a year's batch, with what the ranking needs.
public struct RankEntry: Codable, Hashable, Sendable {
    public var applicationID: UUID
    public var total: Points
    public var pensionMonths: Int
    public var residencePermitStart: CivilDate?
    public var submittedAt: Date

    public init(applicationID: UUID, total: Points, pensionMonths: Int, residencePermitStart: CivilDate?, submittedAt: Date) {
        self.applicationID = applicationID
        self.total = total
        self.pensionMonths = pensionMonths
        self.residencePermitStart = residencePermitStart
        self.submittedAt = submittedAt
    }
}

/// A place in the ranking.
public struct RankedEntry: Codable, Hashable, Sendable {
    public var entry: RankEntry
    public var rank: Int
    public var admitted: Bool
}

/// Ranks a batch: total points first, then the policy's tie-breaks in order, then the application id (so the same
/// batch always ranks the same); the first `quota` are admitted.
public enum PointsRanking {
    public static func rank(_ entries: [RankEntry], tieBreak: [TieBreak], quota: Int) -> [RankedEntry] {
        let sorted = entries.sorted { a, b in
            if a.total != b.total { return a.total > b.total }
            for rule in tieBreak {
                switch rule {
                case .pensionMonths where a.pensionMonths != b.pensionMonths: return a.pensionMonths > b.pensionMonths
                case .residencePermitStart where a.residencePermitStart != b.residencePermitStart:
                    // No permit on record ranks last (the condition would have refused it, but stay total).
                    return (a.residencePermitStart ?? .distantFuture) < (b.residencePermitStart ?? .distantFuture)
                case .submittedAt where a.submittedAt != b.submittedAt: return a.submittedAt < b.submittedAt
                default: continue
                }
            }
            return a.applicationID.uuidString < b.applicationID.uuidString
        }
        return sorted.enumerated().map { RankedEntry(entry: $1, rank: $0 + 1, admitted: $0 < quota) }
    }
}

/// The published list of a year's batch: masked names and ID numbers, scores and ranks, as canonical text whose
/// SHA-256 the platform signs. Anyone holding the text and the signature can check both.
public struct PublishedList: Codable, Hashable, Sendable {
    public struct Line: Codable, Hashable, Sendable {
        public var rank: Int
        public var maskedName: String
        public var maskedIDNumber: String
        public var score: Points
        public var admitted: Bool

        public init(rank: Int, maskedName: String, maskedIDNumber: String, score: Points, admitted: Bool) {
            self.rank = rank
            self.maskedName = maskedName
            self.maskedIDNumber = maskedIDNumber
            self.score = score
            self.admitted = admitted
        }
    }

    public var year: Int
    public var quota: Int
    public var lines: [Line]

    public init(year: Int, quota: Int, lines: [Line]) {
        self.year = year
        self.quota = quota
        self.lines = lines
    }

    /// The lowest admitted score (the cut-off), if anyone was admitted.
    public var cutoff: Points? { lines.last(where: \.admitted)?.score }

    /// One header line and one line per applicant, tab-separated, LF-terminated, UTF-8: what the digest is taken of.
    public var canonicalText: String {
        var text = "minsheng-points-list\t\(year)\tquota=\(quota)\tcount=\(lines.count)\n"
        for line in lines {
            text += "\(line.rank)\t\(line.maskedName)\t\(line.maskedIDNumber)\t\(line.score)\t\(line.admitted ? "admitted" : "not-admitted")\n"
        }
        return text
    }

    /// Reads canonical text back (the public check page); nil when it is not a list.
    public init?(canonicalText text: String) {
        var rows = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if rows.last == "" { rows.removeLast() }
        guard let header = rows.first?.split(separator: "\t").map(String.init), header.count == 4, header[0] == "minsheng-points-list",
              let year = Int(header[1]), header[2].hasPrefix("quota="), let quota = Int(header[2].dropFirst(6)),
              header[3].hasPrefix("count="), let count = Int(header[3].dropFirst(6)), count == rows.count - 1 else { return nil }
        var lines: [Line] = []
        for row in rows.dropFirst() {
            let f = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 5, let rank = Int(f[0]), let score = Points(text: f[3]), f[4] == "admitted" || f[4] == "not-admitted" else { return nil }
            lines.append(Line(rank: rank, maskedName: f[1], maskedIDNumber: f[2], score: score, admitted: f[4] == "admitted"))
        }
        self.init(year: year, quota: quota, lines: lines)
    }
}

extension CivilDate {
    static let distantFuture = CivilDate(unchecked: 9999, 12, 31)
}
