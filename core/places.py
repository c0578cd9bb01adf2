"""Place names the importer and the responsibility grammar both need."""

# Provinces, municipalities and autonomous regions, as governments print their names.
PROVINCES = (
    "北京市 天津市 上海市 重庆市 河北省 山西省 辽宁省 吉林省 黑龙江省 江苏省 浙江省 安徽省 "
    "福建省 江西省 山东省 河南省 湖北省 湖南省 广东省 海南省 四川省 贵州省 云南省 陕西省 "
    "甘肃省 青海省 台湾省 内蒙古自治区 广西壮族自治区 西藏自治区 宁夏回族自治区 "
    "新疆维吾尔自治区"
).split()

# Jiangsu's 13 prefecture-level cities.
JIANGSU_CITIES = (
    "南京市 无锡市 徐州市 常州市 苏州市 南通市 连云港市 淮安市 盐城市 扬州市 镇江市 泰州市 宿迁市"
).split()
# Other cities whose documents and bodies the importer meets: the provincial capitals and
# the cities with separate planning status (tasks.importer.levels reads their document
# number abbreviations).
OTHER_CITIES = (
    "石家庄市 太原市 呼和浩特市 沈阳市 长春市 哈尔滨市 杭州市 合肥市 福州市 南昌市 济南市 "
    "郑州市 武汉市 长沙市 广州市 南宁市 海口市 成都市 贵阳市 昆明市 拉萨市 西安市 兰州市 "
    "西宁市 银川市 乌鲁木齐市 大连市 青岛市 宁波市 厦门市 深圳市"
).split()
CITIES = (*JIANGSU_CITIES, *OTHER_CITIES)


def short_place(place: str) -> str:
    """南京市 → 南京, 宁夏回族自治区 → 宁夏, 黑龙江省 → 黑龙江."""
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"):
        if place.endswith(suffix):
            return place.removesuffix(suffix)
    return place


# Every place above, short (南京, 浙江, 内蒙古), longest first: a body whose name starts with
# one carries its own place (浙江银保监局, 南京海关) and takes no distributed 省/市 prefix.
PLACE_NAMES = tuple(
    sorted({short_place(place) for place in (*PROVINCES, *CITIES)}, key=len, reverse=True)
)
