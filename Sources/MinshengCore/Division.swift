/// An administrative division with its GB/T 2260 code.
public struct Division: Hashable, Codable, Sendable {
    /// The six-digit GB/T 2260 code, e.g. "440304".
    public let code: String
    /// The Chinese name, e.g. 福田区.
    public let nameZh: String
    /// The English name, e.g. "Futian District".
    public let nameEn: String
    /// False for codes withdrawn before 2017-10-31 that still appear in ID numbers.
    public let isCurrent: Bool

    /// Creates a division; `code` should be six digits.
    public init(code: String, nameZh: String, nameEn: String, isCurrent: Bool = true) {
        self.code = code
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.isCurrent = isCurrent
    }

    /// The 34 province-level divisions of GB/T 2260 (domain.md §4.1).
    public static let provinces: [Division] = [
        Division(code: "110000", nameZh: "北京市", nameEn: "Beijing"),
        Division(code: "120000", nameZh: "天津市", nameEn: "Tianjin"),
        Division(code: "130000", nameZh: "河北省", nameEn: "Hebei"),
        Division(code: "140000", nameZh: "山西省", nameEn: "Shanxi"),
        Division(code: "150000", nameZh: "内蒙古自治区", nameEn: "Inner Mongolia"),
        Division(code: "210000", nameZh: "辽宁省", nameEn: "Liaoning"),
        Division(code: "220000", nameZh: "吉林省", nameEn: "Jilin"),
        Division(code: "230000", nameZh: "黑龙江省", nameEn: "Heilongjiang"),
        Division(code: "310000", nameZh: "上海市", nameEn: "Shanghai"),
        Division(code: "320000", nameZh: "江苏省", nameEn: "Jiangsu"),
        Division(code: "330000", nameZh: "浙江省", nameEn: "Zhejiang"),
        Division(code: "340000", nameZh: "安徽省", nameEn: "Anhui"),
        Division(code: "350000", nameZh: "福建省", nameEn: "Fujian"),
        Division(code: "360000", nameZh: "江西省", nameEn: "Jiangxi"),
        Division(code: "370000", nameZh: "山东省", nameEn: "Shandong"),
        Division(code: "410000", nameZh: "河南省", nameEn: "Henan"),
        Division(code: "420000", nameZh: "湖北省", nameEn: "Hubei"),
        Division(code: "430000", nameZh: "湖南省", nameEn: "Hunan"),
        Division(code: "440000", nameZh: "广东省", nameEn: "Guangdong"),
        Division(code: "450000", nameZh: "广西壮族自治区", nameEn: "Guangxi"),
        Division(code: "460000", nameZh: "海南省", nameEn: "Hainan"),
        Division(code: "500000", nameZh: "重庆市", nameEn: "Chongqing"),
        Division(code: "510000", nameZh: "四川省", nameEn: "Sichuan"),
        Division(code: "520000", nameZh: "贵州省", nameEn: "Guizhou"),
        Division(code: "530000", nameZh: "云南省", nameEn: "Yunnan"),
        Division(code: "540000", nameZh: "西藏自治区", nameEn: "Tibet"),
        Division(code: "610000", nameZh: "陕西省", nameEn: "Shaanxi"),
        Division(code: "620000", nameZh: "甘肃省", nameEn: "Gansu"),
        Division(code: "630000", nameZh: "青海省", nameEn: "Qinghai"),
        Division(code: "640000", nameZh: "宁夏回族自治区", nameEn: "Ningxia"),
        Division(code: "650000", nameZh: "新疆维吾尔自治区", nameEn: "Xinjiang"),
        Division(code: "710000", nameZh: "台湾省", nameEn: "Taiwan"),
        Division(code: "810000", nameZh: "香港特别行政区", nameEn: "Hong Kong"),
        Division(code: "820000", nameZh: "澳门特别行政区", nameEn: "Macao"),
    ]

    /// Shenzhen's codes in force on 2017-10-31 (reference/shenzhen-divisions.csv, source S70 cn/GB2260),
    /// then two withdrawn codes still found in older ID numbers (domain.md §4.2).
    public static let shenzhen: [Division] = [
        Division(code: "440300", nameZh: "深圳市", nameEn: "Shenzhen City"),
        Division(code: "440303", nameZh: "罗湖区", nameEn: "Luohu District"),
        Division(code: "440304", nameZh: "福田区", nameEn: "Futian District"),
        Division(code: "440305", nameZh: "南山区", nameEn: "Nanshan District"),
        Division(code: "440306", nameZh: "宝安区", nameEn: "Bao'an District"),
        Division(code: "440307", nameZh: "龙岗区", nameEn: "Longgang District"),
        Division(code: "440308", nameZh: "盐田区", nameEn: "Yantian District"),
        Division(code: "440309", nameZh: "龙华区", nameEn: "Longhua District"),
        Division(code: "440310", nameZh: "坪山区", nameEn: "Pingshan District"),
        Division(code: "440301", nameZh: "市辖区", nameEn: "City districts", isCurrent: false),
        Division(code: "440321", nameZh: "宝安县", nameEn: "Bao'an County", isCurrent: false),
    ]

    /// Shenzhen City, 440300.
    public static let shenzhenCity = shenzhen[0]

    /// Shenzhen's eight districts in force in 2017 (440303–440310).
    public static let shenzhenDistricts: [Division] = shenzhen.filter { $0.isCurrent && $0.code != "440300" }

    private static let byCodeTable: [String: Division] = Dictionary(
        (provinces + shenzhen).map { ($0.code, $0) },
        uniquingKeysWith: { first, _ in first }
    )

    /// Lookup table indexed by the two-digit province prefix.
    private static let provincePrefixes: [Bool] = {
        var table = [Bool](repeating: false, count: 100)
        for province in provinces {
            let bytes = Array(province.code.utf8)
            table[Int(bytes[0] - 48) * 10 + Int(bytes[1] - 48)] = true
        }
        return table
    }()

    /// The province or Shenzhen division with this code, or nil if the code is not in these tables.
    public static func byCode(_ code: String) -> Division? {
        byCodeTable[code]
    }

    /// Whether `prefix` (0–99) is one of the 34 province-level prefixes.
    static func isProvincePrefix(_ prefix: Int) -> Bool {
        (0..<100).contains(prefix) && provincePrefixes[prefix]
    }

    /// Whether `code` is six ASCII digits starting with a province-level prefix.
    public static func isValidRegionCode(_ code: String) -> Bool {
        guard code.utf8.count == 6 else { return false }
        var prefix = 0
        for (index, byte) in code.utf8.enumerated() {
            guard byte >= 48, byte <= 57 else { return false }
            if index < 2 { prefix = prefix * 10 + Int(byte - 48) }
        }
        return isProvincePrefix(prefix)
    }

    /// Whether `code` lies in this division's jurisdiction: a province holds all its codes, a city its
    /// districts, a district only itself.
    public func contains(_ code: String) -> Bool {
        guard Division.isValidRegionCode(code) else { return false }
        if self.code.hasSuffix("0000") {
            return code.utf8.prefix(2).elementsEqual(self.code.utf8.prefix(2))
        }
        if self.code.hasSuffix("00") {
            return code.utf8.prefix(4).elementsEqual(self.code.utf8.prefix(4))
        }
        return code == self.code
    }

    /// Whether this division is Shenzhen or lies in it (code 4403xx).
    public var isShenzhen: Bool {
        code.hasPrefix("4403")
    }
}
