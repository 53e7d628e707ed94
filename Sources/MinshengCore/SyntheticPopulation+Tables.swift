/// Frequency tables behind the synthetic population. Shares are approximate and only need to look
/// plausible in demos and benchmarks.
extension SyntheticPopulation {
    /// The 100 most common surnames with their approximate share of the population in per ten
    /// thousand (Ministry of Public Security household-register statistics, 2020 edition, rounded).
    static let surnames = WeightedTable<String>([
        ("王", 712), ("李", 700), ("张", 674), ("刘", 510), ("陈", 461), ("杨", 322), ("黄", 245),
        ("赵", 219), ("吴", 200), ("周", 195), ("徐", 145), ("孙", 138), ("马", 129), ("朱", 128),
        ("胡", 116), ("郭", 113), ("何", 106), ("林", 101), ("高", 100), ("罗", 95), ("郑", 87),
        ("梁", 84), ("谢", 81), ("宋", 76), ("唐", 76), ("许", 66), ("韩", 65), ("冯", 62),
        ("邓", 62), ("曹", 61), ("彭", 59), ("曾", 58), ("肖", 56), ("田", 52), ("董", 51),
        ("袁", 50), ("潘", 50), ("于", 49), ("蒋", 48), ("蔡", 47), ("余", 46), ("杜", 45),
        ("叶", 45), ("程", 44), ("苏", 43), ("魏", 42), ("吕", 41), ("丁", 41), ("任", 40),
        ("沈", 39), ("姚", 38), ("卢", 38), ("姜", 36), ("崔", 35), ("钟", 35), ("谭", 34),
        ("陆", 34), ("汪", 33), ("范", 33), ("金", 32), ("石", 32), ("廖", 31), ("贾", 31),
        ("夏", 30), ("韦", 30), ("付", 29), ("方", 29), ("白", 28), ("邹", 28), ("孟", 27),
        ("熊", 27), ("秦", 27), ("邱", 26), ("江", 26), ("尹", 25), ("薛", 25), ("闫", 24),
        ("段", 24), ("雷", 24), ("侯", 23), ("龙", 23), ("史", 22), ("陶", 21), ("黎", 21),
        ("贺", 21), ("顾", 20), ("毛", 20), ("郝", 20), ("龚", 19), ("邵", 19), ("万", 18),
        ("钱", 18), ("严", 17), ("覃", 17), ("武", 17), ("戴", 17), ("莫", 16), ("孔", 16),
        ("向", 16), ("汤", 15),
    ])

    /// Common given-name characters, most frequent first in each list.
    private static let maleCharacters = Array(
        "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳建国文志海峰东亮成新晨博轩然宏坤毅锋德庆良荣兵松江正振立天广永金泽嘉睿航昊铭哲瑞翔彬鸿豪诚忠智勤中光义生民福山祥伦奇宾盛武力兴仁栋晖"
    )
    private static let femaleCharacters = Array(
        "芳娜敏静丽艳娟霞秀燕玲桂红英慧萍洁琳婷雪倩颖梅琴兰凤莉玉珍媛欣怡悦彤佳雨思涵梓诗琪晶月露蓉丹萱瑶妍璐楠薇婧茜岚菲荷雅蕾婉淑巧美爱冰真环青素惠珊莎黛秋芬芝菊琼莹萌蓓婕嫣璇雯馨娅妮姗琦晴瑾"
    )
    private static let neutralCharacters = Array("子晓小一安乐心可云春")

    /// Given-name characters by gender: the gender's own list (the first 20 weighted 3, the next 30
    /// weighted 2, the rest 1) and the neutral ones weighted 1.
    static let maleGivenCharacters = givenCharacterTable(maleCharacters)
    static let femaleGivenCharacters = givenCharacterTable(femaleCharacters)

    private static func givenCharacterTable(_ characters: [Character]) -> WeightedTable<String> {
        var pairs: [(String, Int)] = []
        for (rank, character) in characters.enumerated() {
            pairs.append((String(character), rank < 20 ? 3 : rank < 50 ? 2 : 1))
        }
        pairs += neutralCharacters.map { (String($0), 1) }
        return WeightedTable(pairs)
    }

    /// Given names in Chinese transliteration for groups that name children after their father
    /// (name·father's name).
    static let malePatronymicNames = [
            "买买提", "艾力", "阿不都", "吐尔逊", "艾买提", "热合曼", "努尔", "亚森", "阿里木", "依明",
            "卡德尔", "塔依尔", "麦麦提", "伊力哈木", "阿布来提", "艾尔肯", "玉素甫", "肉孜", "斯拉木", "托合提",
    ]
    static let femalePatronymicNames = [
            "古丽", "阿依古丽", "帕提古丽", "热依拉", "米娜瓦尔", "阿依努尔", "古丽娜尔", "努尔古丽", "再努尔",
            "阿米娜", "佐然木", "布维", "马依拉", "迪丽努尔", "阿依先木", "祖丽皮亚", "海尼沙", "帕丽旦",
    ]

    /// Groups whose names the generator writes as name·father's name: Uygur, Kazak, Kirgiz, Tajik,
    /// Uzbek, Tatar.
    static let patronymicCodes: Set<String> = ["05", "17", "29", "41", "43", "50"]

    /// Whether the generator writes names of `ethnicity` as name·father's name.
    static func isPatronymic(_ ethnicity: Ethnicity) -> Bool {
        ethnicity.code != "01" && patronymicCodes.contains(ethnicity.code)
    }

    /// Ethnic groups with their 2020 census population in thousands (Han about 91 %).
    private static let ethnicThousands: [(String, Int)] = [
        ("01", 1_286_311), ("02", 6_290), ("03", 11_378), ("04", 7_061), ("05", 11_775), ("06", 11_068),
        ("07", 9_830), ("08", 19_569), ("09", 3_577), ("10", 1_702), ("11", 10_423), ("12", 3_496),
        ("13", 3_309), ("14", 2_092), ("15", 9_588), ("16", 1_733), ("17", 1_563), ("18", 1_330),
        ("19", 1_602), ("20", 763), ("21", 431), ("22", 746), ("23", 3), ("24", 499), ("25", 496),
        ("26", 775), ("27", 324), ("28", 160), ("29", 204), ("30", 282), ("31", 132), ("32", 277),
        ("33", 313), ("34", 127), ("35", 165), ("36", 124), ("37", 678), ("38", 192), ("39", 44),
        ("40", 45), ("41", 51), ("42", 37), ("43", 13), ("44", 16), ("45", 35), ("46", 22), ("47", 24),
        ("48", 15), ("49", 33), ("50", 4), ("51", 7), ("52", 9), ("53", 5), ("54", 11), ("55", 4),
        ("56", 26),
    ]

    /// All 56 groups weighted by population.
    static let ethnicities = WeightedTable<Ethnicity>(
        ethnicThousands.compactMap { code, weight in Ethnicity.byCode(code).map { ($0, weight) } }
    )

    /// The same without the patronymic groups, for spouses and parents in households of other groups.
    static let nonPatronymicEthnicities = WeightedTable<Ethnicity>(
        ethnicThousands.filter { !patronymicCodes.contains($0.0) }
            .compactMap { code, weight in Ethnicity.byCode(code).map { ($0, weight) } }
    )

    /// Shenzhen districts weighted by resident population (2017, in ten thousands), with roads in each.
    static let districts = WeightedTable<(code: String, roads: [String])>([
        (("440303", ["深南东路", "人民南路", "建设路", "东门中路", "宝安南路", "爱国路", "文锦中路", "春风路", "笋岗路", "太宁路"]), 103),
        (("440304", ["深南中路", "福华路", "益田路", "彩田路", "华强北路", "红荔路", "金田路", "新洲路", "福中路", "景田路"]), 156),
        (("440305", ["南海大道", "科苑路", "深南大道", "后海大道", "桃园路", "南山大道", "学府路", "沙河西路", "蛇口新街", "创业路"]), 142),
        (("440306", ["宝安大道", "新安六路", "建安一路", "创业一路", "广深路", "沙井路", "福永大道", "西乡大道", "前进路", "新湖路"]), 314),
        (("440307", ["龙岗大道", "深惠路", "布吉路", "五和大道", "龙城大道", "坂雪岗大道", "吉华路", "龙翔大道", "爱联路", "横岗路"]), 238),
        (("440308", ["深盐路", "沙头角路", "海山路", "盐田路", "北山道", "东海道", "梧桐路"]), 24),
        (("440309", ["人民路", "东环一路", "民治大道", "梅龙大道", "观澜大道", "龙华大道", "和平路", "布龙路", "民康路"]), 160),
        (("440310", ["坪山大道", "深汕路", "东纵路", "金牛路", "丹梓大道", "新和路", "龙兴路"]), 42),
    ])

    /// Address codes on ID numbers: Shenzhen's (including the withdrawn 440301 市辖区).
    static let shenzhenIDRegions = WeightedTable<Int>([
        (440301, 10), (440303, 15), (440304, 18), (440305, 15), (440306, 22), (440307, 20),
    ])

    /// Address codes on ID numbers of people born elsewhere: prefecture-level codes of the provinces
    /// most Shenzhen residents come from.
    static let otherIDRegions = WeightedTable<Int>([
        (440100, 3), (440500, 5), (440800, 5), (440900, 5), (441300, 3), (441400, 6), (441500, 4),
        (445100, 4), (445200, 6), (445300, 2),  // Guangdong: 广州 汕头 湛江 茂名 惠州 梅州 汕尾 潮州 揭阳 云浮
        (430100, 4), (430400, 4), (430500, 3), (431000, 3), (431100, 3),  // Hunan: 长沙 衡阳 邵阳 郴州 永州
        (360100, 3), (360700, 4), (360800, 2),  // Jiangxi: 南昌 赣州 吉安
        (450100, 3), (450300, 2), (450800, 3), (450900, 3),  // Guangxi: 南宁 桂林 贵港 玉林
        (420100, 3), (421000, 2), (421100, 3),  // Hubei: 武汉 荆州 黄冈
        (510100, 3), (511000, 2), (511300, 2),  // Sichuan: 成都 内江 南充
        (350100, 2), (350500, 2),  // Fujian: 福州 泉州
        (410100, 2), (411300, 2), (411500, 2), (411600, 2),  // Henan: 郑州 南阳 信阳 周口
        (340100, 1), (341200, 2),  // Anhui: 合肥 阜阳
        (370100, 1), (210100, 1), (610100, 1), (230100, 1), (130100, 1), (320100, 1), (330100, 1),
    ])

    /// Mainland mobile prefixes in use.
    static let phonePrefixes: [Int] = [
        130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 147, 150, 151, 152, 153, 155, 156, 157, 158,
        159, 166, 176, 177, 178, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 191, 198, 199,
    ]

    /// Household sizes of family households.
    static let familySizes = WeightedTable<Int>([(1, 16), (2, 26), (3, 28), (4, 17), (5, 8), (6, 5)])

    /// Household sizes of collective households.
    static let collectiveSizes = WeightedTable<Int>([(1, 25), (2, 20), (3, 20), (4, 15), (5, 10), (6, 10)])

    /// Members after the head, by household size (index 0 for one member), in the order they are generated. An `.other` in a
    /// plan with grandchildren is the spouse of the adult child.
    static let plans: [WeightedTable<[HouseholdRelation]>] = [
        WeightedTable([([], 1)]),
        WeightedTable([([.spouse], 62), ([.child], 14), ([.parent], 10), ([.sibling], 6), ([.other], 8)]),
        WeightedTable([
            ([.spouse, .child], 68), ([.child, .child], 8), ([.spouse, .parent], 9), ([.parent, .parent], 5),
            ([.spouse, .other], 4), ([.sibling, .sibling], 2), ([.parent, .sibling], 4),
        ]),
        WeightedTable([
            ([.spouse, .child, .child], 50), ([.spouse, .parent, .child], 25), ([.spouse, .parent, .parent], 6),
            ([.child, .child, .child], 4), ([.spouse, .child, .other], 8), ([.spouse, .child, .grandchild], 7),
        ]),
        WeightedTable([
            ([.spouse, .parent, .parent, .child], 35), ([.spouse, .child, .child, .child], 15),
            ([.spouse, .parent, .child, .child], 25), ([.spouse, .child, .other, .grandchild], 15),
            ([.spouse, .child, .child, .other], 10),
        ]),
        WeightedTable([
            ([.spouse, .parent, .parent, .child, .child], 40), ([.spouse, .child, .child, .child, .child], 5),
            ([.spouse, .parent, .child, .child, .child], 15), ([.spouse, .child, .other, .grandchild, .grandchild], 25),
            ([.spouse, .sibling, .parent, .parent, .child], 5), ([.spouse, .child, .child, .other, .grandchild], 10),
        ]),
    ]

    /// Ages of heads of family households.
    static let headAges = WeightedTable<ClosedRange<Int>>([
        (18...24, 6), (25...34, 24), (35...44, 24), (45...54, 18), (55...64, 14), (65...74, 9), (75...84, 4),
        (85...95, 1),
    ])

    /// Ages of people in collective (dormitory) households.
    static let collectiveAges = WeightedTable<ClosedRange<Int>>([
        (18...24, 35), (25...34, 40), (35...44, 17), (45...55, 8),
    ])
}
