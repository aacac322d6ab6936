"""Writes the import test files of tests/data (kept in git; run again only to change them):

targets_import.xlsx / targets_import.csv: the same 10 rows in the columns of a 双随机 export, rows 2–5 good (one an
early pilot code accepted with its reason), rows 6–11 bad with known reasons; targets_import_gb18030.csv: three good
rows in GB18030 with another export's column names; users_import.xlsx: staff with 执法证号 and teams, good and bad.
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

from app.rules import credit_code as cc

HERE = Path(__file__).resolve().parent

SALON = cc.make("91310105MA1FL0001")
HOTEL = cc.make("91310105MA1FL0002")
POOL = cc.make("91310105MA1FL0003")
PILOT = "91310115MA1H8R7C6D"  # fails the checksum (DOMAIN.md); accepted with a stated reason
BAD_DIGIT = "91310115MA1G4L1WXK"  # fails the checksum, no reason given
STREETLESS = cc.make("91310105MA1FL0004")
NETCAFE = cc.make("91310105MA1FL0005")
BADDATE = cc.make("91310105MA1FL0006")

HEADER = [
    "序号",
    "企业名称",
    "统一社会信用代码",
    "经营地址",
    "所属街道",
    "专业类别",
    "许可证名称",
    "许可证号",
    "有效期至",
    "许可证名称2",
    "许可证号2",
    "有效期至2",
    "信用代码说明",
    "备注",
]
TARGET_ROWS = [
    # good
    [
        1,
        "上海丽人美发店",
        SALON,
        "长宁路100号",
        "华阳路街道",
        "美容美发",
        "公共场所卫生许可证",
        "沪长卫公(2024)第0101号",
        "2028-03-01",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        2,
        "上海锦江之星宾馆（江苏路店）",
        HOTEL,
        "愚园路200号",
        "江苏路",
        "宾馆",
        "公共场所卫生许可证",
        "沪长卫公(2023)第0202号",
        "2027/6/30",
        "食品经营许可证",
        "JY23101050001",
        "2026年12月31日",
        "",
        "导入测试",
    ],
    [
        3,
        "上海天山游泳馆",
        POOL,
        "天山路300号",
        "长宁区天山路街道",
        "游泳场所",
        "公共场所卫生许可证",
        "沪长卫公(2025)第0303号",
        "20290101",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        4,
        "上海早期试点商贸有限公司",
        PILOT,
        "新华路400号",
        "新华路街道",
        "职业卫生",
        "",
        "",
        "",
        "",
        "",
        "",
        "2015年试点赋码，经核实有效",
        "",
    ],
    # bad
    [5, "上海错位美容院", BAD_DIGIT, "仙霞路500号", "仙霞新村街道", "美容美发", "", "", "", "", "", "", "", ""],
    [6, "上海徐汇旅馆", STREETLESS, "漕溪北路600号", "徐家汇街道", "宾馆", "", "", "", "", "", "", "", ""],
    [7, "上海锦江之星宾馆（重复）", HOTEL, "愚园路200号", "江苏路街道", "宾馆", "", "", "", "", "", "", "", ""],
    [8, "上海极速网吧", NETCAFE, "虹桥路800号", "虹桥街道", "网吧", "", "", "", "", "", "", "", ""],
    [
        9,
        "上海日期错误宾馆",
        BADDATE,
        "古北路900号",
        "虹桥街道",
        "宾馆",
        "公共场所卫生许可证",
        "沪长卫公(2024)第0909号",
        "2028-13-45",
        "",
        "",
        "",
        "",
        "",
    ],
    [10, "", BAD_DIGIT + "0", "", "静安寺街道", "美容美发", "", "", "", "", "", "", "", ""],
]
# row number in the file (header = 1) -> reasons expected
EXPECTED_REFUSED = {
    6: ["bad_credit_code"],
    7: ["unknown_street"],
    8: ["duplicate"],
    9: ["unknown_industry"],
    10: ["bad_date"],
    11: ["missing_field", "missing_field", "bad_credit_code", "unknown_street"],
}

GB_HEADER = ["单位名称", "社会信用代码", "地址", "街镇", "行业类别"]
GB_ROWS = [
    ["上海程家桥口腔门诊部", cc.make("91310105MA1FL0007"), "程家桥路1号", "程家桥", "口腔"],
    ["上海北新泾中医诊所", cc.make("91310105MA1FL0008"), "北渔路2号", "北新泾街道", "中医诊所"],
    ["上海新泾镇净水科技有限公司", cc.make("91310105MA1FL0009"), "福泉路3号", "新泾镇", "现制现售饮用水设备"],
]

USER_HEADER = ["姓名", "用户名", "执法证号", "所属科室", "角色", "初始密码"]
USER_ROWS = [
    ["周敏", "zhou.min", "31010500201", "公共场所科", "监督员", "zhou-pw-2026"],
    ["吴刚", "wu.gang", "31010500202", "医疗机构科", "inspector", ""],
    ["郑华", "zheng.hua", "31010500203", "公共场所科", "科室负责人", "zheng-pw-2026"],
    ["", "nobody", "31010500204", "公共场所科", "监督员", ""],  # no name
    ["王五", "zhou.min", "31010500205", "公共场所科", "监督员", ""],  # username repeats row 2
    ["赵六", "zhao.liu", "31010500201", "公共场所科", "监督员", ""],  # certificate repeats row 2
    ["钱七", "qian.qi", "31010500207", "公共场所科", "局长", ""],  # no such role
    ["孙八", "sun.ba", "31010500208", "", "监督员", ""],  # no team
]
USERS_EXPECTED_REFUSED = {
    5: ["missing_field"],
    6: ["duplicate"],
    7: ["duplicate_certificate"],
    8: ["unknown_role"],
    9: ["missing_field"],
}


def _xlsx(path: Path, header: list[str], rows: list[list[object]]) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "导出数据"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)


def main() -> None:
    _xlsx(HERE / "targets_import.xlsx", HEADER, TARGET_ROWS)
    with (HERE / "targets_import.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(TARGET_ROWS)
    with (HERE / "targets_import_gb18030.csv").open("w", encoding="gb18030", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(GB_HEADER)
        writer.writerows(GB_ROWS)
    _xlsx(HERE / "users_import.xlsx", USER_HEADER, USER_ROWS)


if __name__ == "__main__":
    main()
