/// One of China's 56 ethnic groups (民族) with its GB 3304-1991 codes, domain.md §4.3.
public struct Ethnicity: Hashable, Codable, Sendable {
    /// The two-digit numeric code, "01"…"56".
    public let code: String
    /// The two-letter code, e.g. "HA".
    public let letters: String
    /// The Chinese name, e.g. 汉族.
    public let nameZh: String
    /// The GB romanisation, e.g. "Han" (GB spellings such as "Zang" and "Chosen", not common English).
    public let nameEn: String

    private init(code: String, letters: String, nameZh: String, nameEn: String) {
        self.code = code
        self.letters = letters
        self.nameZh = nameZh
        self.nameEn = nameEn
    }

    /// All 56 groups in code order. Source: GB 3304-1991 as given in reference/ethnic-groups.csv
    /// (numeric codes and romanisation) and the two-letter table of domain.md §4.3, source S71.
    public static let all: [Ethnicity] = [
        Ethnicity(code: "01", letters: "HA", nameZh: "汉族", nameEn: "Han"),
        Ethnicity(code: "02", letters: "MG", nameZh: "蒙古族", nameEn: "Mongol"),
        Ethnicity(code: "03", letters: "HU", nameZh: "回族", nameEn: "Hui"),
        Ethnicity(code: "04", letters: "ZA", nameZh: "藏族", nameEn: "Zang"),
        Ethnicity(code: "05", letters: "UG", nameZh: "维吾尔族", nameEn: "Uygur"),
        Ethnicity(code: "06", letters: "MH", nameZh: "苗族", nameEn: "Miao"),
        Ethnicity(code: "07", letters: "YI", nameZh: "彝族", nameEn: "Yi"),
        Ethnicity(code: "08", letters: "ZH", nameZh: "壮族", nameEn: "Zhuang"),
        Ethnicity(code: "09", letters: "BY", nameZh: "布依族", nameEn: "Buyei"),
        Ethnicity(code: "10", letters: "CS", nameZh: "朝鲜族", nameEn: "Chosen"),
        Ethnicity(code: "11", letters: "MA", nameZh: "满族", nameEn: "Man"),
        Ethnicity(code: "12", letters: "DO", nameZh: "侗族", nameEn: "Dong"),
        Ethnicity(code: "13", letters: "YA", nameZh: "瑶族", nameEn: "Yao"),
        Ethnicity(code: "14", letters: "BA", nameZh: "白族", nameEn: "Bai"),
        Ethnicity(code: "15", letters: "TJ", nameZh: "土家族", nameEn: "Tujia"),
        Ethnicity(code: "16", letters: "HN", nameZh: "哈尼族", nameEn: "Hani"),
        Ethnicity(code: "17", letters: "KZ", nameZh: "哈萨克族", nameEn: "Kazak"),
        Ethnicity(code: "18", letters: "DA", nameZh: "傣族", nameEn: "Dai"),
        Ethnicity(code: "19", letters: "LI", nameZh: "黎族", nameEn: "Li"),
        Ethnicity(code: "20", letters: "LS", nameZh: "傈僳族", nameEn: "Lisu"),
        Ethnicity(code: "21", letters: "VA", nameZh: "佤族", nameEn: "Va"),
        Ethnicity(code: "22", letters: "SH", nameZh: "畲族", nameEn: "She"),
        Ethnicity(code: "23", letters: "GS", nameZh: "高山族", nameEn: "Gaoshan"),
        Ethnicity(code: "24", letters: "LH", nameZh: "拉祜族", nameEn: "Lahu"),
        Ethnicity(code: "25", letters: "SU", nameZh: "水族", nameEn: "Sui"),
        Ethnicity(code: "26", letters: "DX", nameZh: "东乡族", nameEn: "Dongxiang"),
        Ethnicity(code: "27", letters: "NX", nameZh: "纳西族", nameEn: "Naxi"),
        Ethnicity(code: "28", letters: "JP", nameZh: "景颇族", nameEn: "Jingpo"),
        Ethnicity(code: "29", letters: "KG", nameZh: "柯尔克孜族", nameEn: "Kirgiz"),
        Ethnicity(code: "30", letters: "TU", nameZh: "土族", nameEn: "Tu"),
        Ethnicity(code: "31", letters: "DU", nameZh: "达斡尔族", nameEn: "Daur"),
        Ethnicity(code: "32", letters: "ML", nameZh: "仫佬族", nameEn: "Mulao"),
        Ethnicity(code: "33", letters: "QI", nameZh: "羌族", nameEn: "Qiang"),
        Ethnicity(code: "34", letters: "BL", nameZh: "布朗族", nameEn: "Blang"),
        Ethnicity(code: "35", letters: "SL", nameZh: "撒拉族", nameEn: "Salar"),
        Ethnicity(code: "36", letters: "MN", nameZh: "毛南族", nameEn: "Maonan"),
        Ethnicity(code: "37", letters: "GL", nameZh: "仡佬族", nameEn: "Gelao"),
        Ethnicity(code: "38", letters: "XB", nameZh: "锡伯族", nameEn: "Xibe"),
        Ethnicity(code: "39", letters: "AC", nameZh: "阿昌族", nameEn: "Achang"),
        Ethnicity(code: "40", letters: "PM", nameZh: "普米族", nameEn: "Pumi"),
        Ethnicity(code: "41", letters: "TA", nameZh: "塔吉克族", nameEn: "Tajik"),
        Ethnicity(code: "42", letters: "NU", nameZh: "怒族", nameEn: "Nu"),
        Ethnicity(code: "43", letters: "UZ", nameZh: "乌孜别克族", nameEn: "Uzbek"),
        Ethnicity(code: "44", letters: "RS", nameZh: "俄罗斯族", nameEn: "Russ"),
        Ethnicity(code: "45", letters: "EW", nameZh: "鄂温克族", nameEn: "Ewenki"),
        Ethnicity(code: "46", letters: "DE", nameZh: "德昂族", nameEn: "Deang"),
        Ethnicity(code: "47", letters: "BN", nameZh: "保安族", nameEn: "Bonan"),
        Ethnicity(code: "48", letters: "YG", nameZh: "裕固族", nameEn: "Yugur"),
        Ethnicity(code: "49", letters: "GI", nameZh: "京族", nameEn: "Gin"),
        Ethnicity(code: "50", letters: "TT", nameZh: "塔塔尔族", nameEn: "Tatar"),
        Ethnicity(code: "51", letters: "DR", nameZh: "独龙族", nameEn: "Derung"),
        Ethnicity(code: "52", letters: "OR", nameZh: "鄂伦春族", nameEn: "Oroqen"),
        Ethnicity(code: "53", letters: "HZ", nameZh: "赫哲族", nameEn: "Hezhen"),
        Ethnicity(code: "54", letters: "MB", nameZh: "门巴族", nameEn: "Monba"),
        Ethnicity(code: "55", letters: "LB", nameZh: "珞巴族", nameEn: "Lhoba"),
        Ethnicity(code: "56", letters: "JN", nameZh: "基诺族", nameEn: "Jino"),
    ]

    /// The Han (汉族), code "01".
    public static let han = all[0]

    /// The group with this two-digit code, or nil.
    public static func byCode(_ code: String) -> Ethnicity? {
        let bytes = Array(code.utf8)
        guard bytes.count == 2, bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let number = Int(bytes[0] - 48) * 10 + Int(bytes[1] - 48)
        guard (1...all.count).contains(number) else { return nil }
        return all[number - 1]
    }

    public init(from decoder: any Decoder) throws {
        self = try StringCoding.decode(decoder) { text throws(StringCoding.Invalid) in
            guard let ethnicity = Ethnicity.byCode(text) else { throw .init("Expected a GB 3304 ethnic-group code \"01\"…\"56\", got \"\(text)\".") }
            return ethnicity
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try StringCoding.encode(code, to: encoder)
    }
}
