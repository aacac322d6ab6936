"""Demo data: a deterministic Changning-district (长宁区, 310105) data set for the client and the server.

`generate(targets, seed)` makes the same records for the same seed and day, ids included, so a server loaded with
a seed and a client store filled with it agree. Dates are relative to `today` so tasks are always in the coming weeks.
A tool of the checkout, beside `app` and `server` and imported by neither: `python -m demo store|server` fills a
laptop's store or the server's database with it (demo/__main__.py), and tests and benches build on it.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from app.models import (
    Checklist,
    ChecklistItem,
    Grade,
    Industry,
    Inspection,
    Inspector,
    ItemResult,
    Plan,
    Record,
    Role,
    Target,
    Task,
)
from app.models.domain import Licence, Penalty, Recusal
from app.models.enums import InspectionStatus, PlanStatus, ResultValue, TaskCategory, TaskStatus
from app.resources import DEMO_PASSWORD as DEMO_PASSWORD  # re-exported for the demo loaders and tests
from app.resources import load_catalogue
from app.rules import credit_code as cc
from app.rules.shanghai import SHANGHAI, shanghai_date

DISTRICT = "310105"
DEFAULT_USER = "zhang.wei"

# 街道 (and the town 新泾镇) with roads that run through each, for addresses.
STREETS: dict[str, tuple[str, ...]] = {
    "华阳路街道": ("华阳路", "长宁路", "安化路", "定西路"),
    "江苏路街道": ("江苏路", "愚园路", "武夷路", "长宁路"),
    "新华路街道": ("新华路", "番禺路", "法华镇路", "凯旋路"),
    "周家桥街道": ("长宁路", "天山路", "中山西路", "芙蓉江路"),
    "天山路街道": ("天山路", "娄山关路", "遵义路", "延安西路"),
    "仙霞新村街道": ("仙霞路", "茅台路", "威宁路", "水城路"),
    "虹桥街道": ("虹桥路", "古北路", "延安西路", "伊犁路"),
    "程家桥街道": ("虹桥路", "哈密路", "程家桥路", "虹井路"),
    "北新泾街道": ("天山西路", "北渔路", "新泾一村路", "金钟路"),
    "新泾镇": ("福泉路", "天山西路", "协和路", "哈密路"),
}

# team → (username slug for its lead, industries it supervises)
TEAMS: dict[str, tuple[str, tuple[Industry, ...]]] = {
    "公共场所科": ("public", (Industry.BEAUTY_SALON, Industry.HOTEL, Industry.SWIMMING)),
    "医疗机构科": (
        "medical",
        (
            Industry.MEDICAL,
            Industry.MEDICAL_AESTHETICS,
            Industry.DENTAL,
            Industry.TCM_CLINIC,
            Industry.NURSING_HOME,
            Industry.RADIATION,
            Industry.POSTPARTUM_CARE,
        ),
    ),
    "生活饮用水科": ("water", (Industry.DRINKING_WATER, Industry.WATER_VENDING)),
    "传染病防治科": ("infection", (Industry.OCCUPATIONAL, Industry.DISINFECTION_PRODUCTS, Industry.SCHOOL)),
}
TEAM_OF = {industry: team for team, (_, industries) in TEAMS.items() for industry in industries}

# How common each industry is among the district's targets (relative weights).
INDUSTRY_WEIGHTS: dict[Industry, int] = {
    Industry.BEAUTY_SALON: 24,
    Industry.HOTEL: 8,
    Industry.SWIMMING: 3,
    Industry.MEDICAL: 9,
    Industry.MEDICAL_AESTHETICS: 5,
    Industry.DENTAL: 8,
    Industry.TCM_CLINIC: 5,
    Industry.NURSING_HOME: 2,
    Industry.RADIATION: 2,
    Industry.POSTPARTUM_CARE: 3,
    Industry.DRINKING_WATER: 6,
    Industry.WATER_VENDING: 7,
    Industry.OCCUPATIONAL: 12,
    Industry.DISINFECTION_PRODUCTS: 2,
    Industry.SCHOOL: 4,
}

# Name patterns per industry; {b} is a brand, {r} a road. The credit-code prefix says what kind of body it is.
NAMES: dict[Industry, tuple[tuple[str, str], ...]] = {
    Industry.BEAUTY_SALON: (("91", "上海{b}美容美发店"), ("91", "{b}美发工作室（{r}店）"), ("91", "上海{b}美容院")),
    Industry.HOTEL: (("91", "上海{b}宾馆"), ("91", "{b}商务酒店（长宁{r}店）"), ("91", "上海{b}旅馆")),
    Industry.SWIMMING: (("91", "上海{b}游泳馆"), ("91", "{b}健身游泳俱乐部（{r}店）")),
    Industry.MEDICAL: (("91", "上海{b}门诊部"), ("91", "上海长宁{b}诊所"), ("12", "上海市长宁区{b}社区卫生服务站")),
    Industry.MEDICAL_AESTHETICS: (("91", "上海{b}医疗美容门诊部"), ("91", "上海{b}医疗美容诊所")),
    Industry.DENTAL: (("91", "上海{b}口腔门诊部"), ("91", "上海长宁{b}口腔诊所")),
    Industry.TCM_CLINIC: (("91", "上海{b}中医诊所"), ("91", "上海{b}国医堂中医门诊部")),
    Industry.NURSING_HOME: (("52", "上海市长宁区{b}护理院"), ("91", "上海{b}护理院有限公司")),
    Industry.RADIATION: (("91", "上海{b}医学影像诊断中心"),),
    Industry.POSTPARTUM_CARE: (("91", "上海{b}母婴护理中心"), ("91", "{b}月子会所（{r}店）")),
    Industry.DRINKING_WATER: (("91", "上海{b}物业管理有限公司"), ("91", "上海{b}供水设备维护有限公司")),
    Industry.WATER_VENDING: (("91", "上海{b}净水科技有限公司"), ("91", "上海{b}饮用水设备有限公司")),
    Industry.OCCUPATIONAL: (
        ("91", "上海{b}印刷有限公司"),
        ("91", "上海{b}机械制造有限公司"),
        ("91", "上海{b}家具有限公司"),
    ),
    Industry.DISINFECTION_PRODUCTS: (("91", "上海{b}消毒用品有限公司"),),
    Industry.SCHOOL: (("12", "上海市长宁区{b}小学"), ("12", "上海市{b}中学"), ("52", "上海长宁{b}幼儿园")),
}
BRAND_CHARS = "恒瑞康泰华美嘉和德安佳欣盛悦源同仁博仕优信达锦宏鑫雅新天怡宁丰昌隆晟凯元正明辰景"
# Real institutions named in the seeds: public bodies (12) of the district's own.
INSTITUTIONS = (
    "上海市同仁医院",
    "上海市光华中西医结合医院",
    "上海市长宁区天山中医医院",
    "上海市长宁区妇幼保健院",
    "上海市长宁区精神卫生中心",
)

LICENCES: dict[Industry, str] = {
    Industry.BEAUTY_SALON: "公共场所卫生许可证 沪长卫公字〔{y}〕第{n:04d}号",
    Industry.HOTEL: "公共场所卫生许可证 沪长卫公字〔{y}〕第{n:04d}号",
    Industry.SWIMMING: "公共场所卫生许可证 沪长卫公字〔{y}〕第{n:04d}号",
    Industry.MEDICAL: "医疗机构执业许可证 登记号 PDY{n:05d}{d}",
    Industry.MEDICAL_AESTHETICS: "医疗机构执业许可证 登记号 PDY{n:05d}{d}",
    Industry.DENTAL: "医疗机构执业许可证 登记号 PDY{n:05d}{d}",
    Industry.TCM_CLINIC: "中医诊所备案证 沪长中医备〔{y}〕{n:04d}号",
    Industry.NURSING_HOME: "医疗机构执业许可证 登记号 PDY{n:05d}{d}",
    Industry.RADIATION: "放射诊疗许可证 沪卫放证字〔{y}〕第{n:04d}号",
    Industry.DRINKING_WATER: "卫生许可证 沪长卫水字〔{y}〕第{n:04d}号",
    Industry.WATER_VENDING: "涉及饮用水卫生安全产品卫生许可批件 沪卫水字〔{y}〕第{n:04d}号",
    Industry.DISINFECTION_PRODUCTS: "消毒产品生产企业卫生许可证 沪卫消证字〔{y}〕第{n:04d}号",
}
# The registration certificate each kind of body holds, by credit-code prefix.
REGISTRATIONS = {"91": "营业执照", "12": "事业单位法人证书", "52": "民办非企业单位登记证书"}
GRADE_WEIGHTS = {Grade.A: 20, Grade.B: 55, Grade.C: 18, Grade.D: 7}
GRADE_REASONS: dict[Grade, tuple[str, ...]] = {
    Grade.A: ("连续三年无违法记录", "量化分级评定为A级", "自查制度健全，信用良好"),
    Grade.B: ("上年度检查基本符合要求", "无投诉举报"),
    Grade.C: ("上年度检查发现2项不符合", "一年内有投诉举报", "卫生管理档案不全"),
    Grade.D: ("两年内受过行政处罚", "一年内两次被责令改正", "复查仍未整改到位"),
}
# Which catalogue checklists (by code) apply to each industry.
INDUSTRY_CHECKLISTS: dict[Industry, tuple[str, ...]] = {
    Industry.MEDICAL: ("MED", "INF", "MWS"),
    Industry.MEDICAL_AESTHETICS: ("MEA", "MED", "MWS"),
    Industry.DENTAL: ("DEN", "MED", "MWS"),
    Industry.TCM_CLINIC: ("TCM", "MWS"),
    Industry.NURSING_HOME: ("MED", "INF", "MWS"),
    Industry.RADIATION: ("RAD",),
    Industry.POSTPARTUM_CARE: ("PPC",),
    Industry.BEAUTY_SALON: ("BTY",),
    Industry.HOTEL: ("HTL",),
    Industry.SWIMMING: ("SWM",),
    Industry.DRINKING_WATER: ("DWS",),
    Industry.WATER_VENDING: ("WVD",),
    Industry.OCCUPATIONAL: ("OCC",),
    Industry.DISINFECTION_PRODUCTS: ("DSP",),
    Industry.SCHOOL: ("INF",),
}
# Demo inspectors: (name, username); five per team, in TEAMS order.
PEOPLE = (
    ("张伟", "zhang.wei"), ("王芳", "wang.fang"), ("李娜", "li.na"), ("刘洋", "liu.yang"), ("陈静", "chen.jing"),
    ("杨磊", "yang.lei"), ("赵敏", "zhao.min"), ("黄晨", "huang.chen"), ("周杰", "zhou.jie"), ("吴婷", "wu.ting"),
    ("徐峰", "xu.feng"), ("孙丽", "sun.li"), ("马超", "ma.chao"), ("朱琳", "zhu.lin"), ("胡军", "hu.jun"),
    ("郭静", "guo.jing"), ("何平", "he.ping"), ("高翔", "gao.xiang"), ("林霞", "lin.xia"), ("罗斌", "luo.bin"),
)  # fmt: skip
LEADS = ("沈建国", "蒋文华", "韩立新", "钱海燕")
CLOSE_REASONS = ("经营场所已关闭", "查无此单位", "已迁出长宁区")
_ID_EPOCH_MS = 1_735_689_600_000  # 2025-01-01T00:00Z: demo ids are UUIDv7 counted from here


@dataclass
class DemoData:
    targets: list[Target] = field(default_factory=list)
    checklists: list[Checklist] = field(default_factory=list)
    checklist_items: list[ChecklistItem] = field(default_factory=list)
    inspectors: list[Inspector] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    inspections: list[Inspection] = field(default_factory=list)
    item_results: list[ItemResult] = field(default_factory=list)
    recusals: list[Recusal] = field(default_factory=list)
    penalties: list[Penalty] = field(default_factory=list)

    def all_records(self) -> Iterator[Record]:
        """Every record, parents before children."""
        for group in (
            self.checklists,
            self.checklist_items,
            self.inspectors,
            self.targets,
            self.plans,
            self.tasks,
            self.inspections,
            self.item_results,
            self.recusals,
            self.penalties,
        ):
            yield from group


class _Maker:
    """One generation run: the seeded random source, the reference day, and what has been made so far."""

    def __init__(self, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.stamp = datetime.combine(today, time(0), tzinfo=UTC)
        self.ids = 0
        self.codes: set[str] = set()
        self.data = DemoData()

    def new_id(self) -> str:
        """A UUIDv7 whose time and random bits come from the seed, so reruns give the same ids in the same order."""
        self.ids += 1
        value = (_ID_EPOCH_MS + self.ids) << 80 | self.rng.getrandbits(80)
        value = value & ~(0xF << 76) | 0x7 << 76
        value = value & ~(0x3 << 62) | 0x2 << 62
        return str(uuid.UUID(int=value))

    def credit_code(self, prefix: str) -> str:
        """A valid, unused code registered in Changning; position 17 also passes the GB 11714 check."""
        while True:
            if prefix == "91":
                body = "MA1" + "".join(self.rng.choice(cc.ALPHABET) for _ in range(5))
            else:
                body = "".join(self.rng.choice("0123456789") for _ in range(8))
            head = prefix + DISTRICT + body
            org = next(d for d in "0123456789X" if cc.organisation_code_consistent(head + d + "0"))
            code = cc.make(head + org)
            if code not in self.codes:
                self.codes.add(code)
                return code


def generate(targets: int = 300, seed: int = 1, today: date | None = None) -> DemoData:
    """The demo data set: `targets` targets and everything around them, the same for the same seed and day."""
    maker = _Maker(seed, today or date.today())
    maker.data.checklists, maker.data.checklist_items = load_catalogue()
    _inspectors(maker)
    _targets(maker, targets)
    _plans(maker)
    _work(maker)
    _planning_records(maker, random.Random(f"{seed}-planning"))
    return maker.data


def _inspectors(m: _Maker) -> None:
    people = iter(PEOPLE)
    serial = 0
    for (team, _), lead in zip(TEAMS.items(), LEADS, strict=True):
        slug = TEAMS[team][0]
        serial += 1
        m.data.inspectors.append(_inspector(m, lead, f"lead.{slug}", Role.TEAM_LEAD, team, serial))
        for _ in range(5):
            name, username = next(people)
            serial += 1
            m.data.inspectors.append(_inspector(m, name, username, Role.INSPECTOR, team, serial))
    m.data.inspectors.append(
        Inspector(
            id=m.new_id(), name="系统管理员", username="admin", role=Role.ADMIN, team="信息科", updated_at=m.stamp
        )
    )


def _inspector(m: _Maker, name: str, username: str, role: Role, team: str, serial: int) -> Inspector:
    return Inspector(
        id=m.new_id(),
        name=name,
        username=username,
        certificate_no=f"31010520{serial:04d}",
        role=role,
        team=team,
        updated_at=m.stamp,
    )


def _targets(m: _Maker, count: int) -> None:
    industries = list(INDUSTRY_WEIGHTS)
    weights = list(INDUSTRY_WEIGHTS.values())
    streets = list(STREETS)
    for index in range(count):
        street = streets[index % len(streets)] if index < len(streets) else m.rng.choice(streets)
        road = m.rng.choice(STREETS[street])
        if index < len(INSTITUTIONS):
            industry, prefix, name = Industry.MEDICAL, "12", INSTITUTIONS[index]
        else:
            industry = m.rng.choices(industries, weights)[0]
            prefix, pattern = m.rng.choice(NAMES[industry])
            brand = m.rng.choice(BRAND_CHARS) + m.rng.choice(BRAND_CHARS)
            name = pattern.format(b=brand, r=road)
        grade = m.rng.choices(list(GRADE_WEIGHTS), list(GRADE_WEIGHTS.values()))[0]
        m.data.targets.append(
            Target(
                id=m.new_id(),
                credit_code=m.credit_code(prefix),
                name=name,
                industry=industry,
                street=street,
                address=f"长宁区{road}{m.rng.randint(1, 1800)}号",
                licences=_licences(m, industry, prefix),
                grade=grade,
                grade_reasons=m.rng.sample(GRADE_REASONS[grade], k=m.rng.randint(1, 2)),
                do_not_disturb=grade == Grade.A and m.rng.random() < 0.15,
                updated_at=m.stamp,
            )
        )


def _licences(m: _Maker, industry: Industry, prefix: str) -> list[Licence]:
    """The registration, and the industry's licence with its number and expiry (four years from its issue)."""
    licences = [Licence(kind=REGISTRATIONS[prefix])]
    if industry in LICENCES:
        year = m.today.year - m.rng.randint(0, 3)
        kind, _, number = LICENCES[industry].format(y=year, n=m.rng.randint(1, 9999), d=DISTRICT).partition(" ")
        licences.append(Licence(kind=kind, number=number, expires_on=date(year + 4, 6, 30)))
    return licences


# (category, name pattern) of the plans each team files per year; last year's only the district random plan.
PLAN_KINDS = (
    (TaskCategory.DISTRICT_RANDOM, "{y}年度{t}区级双随机抽查计划"),
    (TaskCategory.NATIONAL_RANDOM, "{y}年度{t}国家双随机监督抽查计划"),
    (TaskCategory.CAMPAIGN, "{y}年{t}专项整治行动计划"),
    (TaskCategory.COMPLAINT, "{y}年{t}投诉举报核查"),
)


def _plans(m: _Maker) -> None:
    serial = 0
    for year in (m.today.year - 1, m.today.year):
        kinds = PLAN_KINDS if year == m.today.year else PLAN_KINDS[:1]
        for team, (_, industries) in TEAMS.items():
            checklist_ids = [c.id for c in m.data.checklists if c.industry in industries]
            for category, pattern in kinds:
                serial += 1
                m.data.plans.append(
                    Plan(
                        id=m.new_id(),
                        plan_no=f"长卫监计〔{year}〕{serial:03d}号",
                        name=pattern.format(y=year, t=team),
                        category=category,
                        year=year,
                        team=team,
                        status=PlanStatus.REGISTERED,
                        industries=list(industries),
                        checklist_ids=checklist_ids,
                        period_start=date(year, 1, 1),
                        period_end=date(year, 12, 31),
                        updated_at=m.stamp,
                    )
                )


def _work(m: _Maker) -> None:
    """This year's tasks, and last year's completed tasks with their inspections, results and findings."""
    plans = {(p.team, p.year, p.category): p for p in m.data.plans}
    team_inspectors: dict[str, list[str]] = {}
    for person in m.data.inspectors:
        if person.role == Role.INSPECTOR:
            team_inspectors.setdefault(person.team, []).append(person.id)
    items_by_checklist: dict[str, list[ChecklistItem]] = {}
    for item in m.data.checklist_items:
        items_by_checklist.setdefault(item.checklist_id, []).append(item)
    checklist_ids = {c.code: c.id for c in m.data.checklists}
    year = m.today.year
    for target in m.data.targets:
        team = TEAM_OF[Industry(target.industry)]
        pool = team_inspectors[team]
        if m.rng.random() < 0.35:
            items = [
                i
                for code in INDUSTRY_CHECKLISTS[Industry(target.industry)]
                for i in items_by_checklist[checklist_ids[code]]
            ]
            _past_inspection(m, target, plans[(team, year - 1, TaskCategory.DISTRICT_RANDOM)], pool, items)
        if m.rng.random() < 0.3:
            category = m.rng.choices(
                [
                    TaskCategory.DISTRICT_RANDOM,
                    TaskCategory.NATIONAL_RANDOM,
                    TaskCategory.CAMPAIGN,
                    TaskCategory.COMPLAINT,
                ],
                [60, 15, 15, 10],
            )[0]
            if target.do_not_disturb and category != TaskCategory.COMPLAINT:
                continue  # 无事不扰: routine plans leave these targets alone
            _task(m, target, plans[(team, year, category)], pool)


def _task(m: _Maker, target: Target, plan: Plan, pool: list[str]) -> None:
    roll = m.rng.random()
    status, close_reason, inspectors, scheduled = TaskStatus.PLANNED, None, [], None
    if roll < 0.55:
        inspectors = m.rng.sample(pool, 2)
        scheduled = min(m.today + timedelta(days=m.rng.randint(0, 42)), plan.period_end)
    elif roll < 0.6:
        status, close_reason = TaskStatus.CLOSED, m.rng.choice(CLOSE_REASONS)
    m.data.tasks.append(
        Task(
            id=m.new_id(),
            plan_id=plan.id,
            target_id=target.id,
            category=plan.category,
            status=status,
            close_reason=close_reason,
            team=plan.team,
            inspector_ids=inspectors,
            scheduled_on=scheduled,
            due_on=plan.period_end,
            updated_at=m.stamp,
        )
    )


def _past_inspection(m: _Maker, target: Target, plan: Plan, pool: list[str], items: list[ChecklistItem]) -> None:
    day = plan.period_start + timedelta(days=m.rng.randint(20, 340))
    clock = time(m.rng.randint(9, 15), m.rng.choice((0, 15, 30, 45)))
    started = datetime.combine(day, clock, tzinfo=SHANGHAI).astimezone(UTC)
    inspectors = m.rng.sample(pool, 2)
    task = Task(
        id=m.new_id(),
        plan_id=plan.id,
        target_id=target.id,
        category=plan.category,
        status=TaskStatus.COMPLETED,
        team=plan.team,
        inspector_ids=inspectors,
        scheduled_on=day,
        due_on=plan.period_end,
        updated_at=m.stamp,
    )
    inspection_id, code_id = m.new_id(), m.new_id()
    failing = {Grade.A: 0.02, Grade.B: 0.06, Grade.C: 0.15, Grade.D: 0.3}[Grade(target.grade)]
    checked = m.rng.sample(items, k=min(len(items), m.rng.randint(4, 8)))
    results = [_result(m, inspection_id, code_id, item, failing) for item in checked]
    bad = [item.title for item, r in zip(checked, results, strict=True) if r.result == ResultValue.NON_COMPLIANT]
    findings = f"发现{len(bad)}项不符合：" + "；".join(bad) + "。已出具卫生监督意见书" if bad else "未发现违法行为"
    m.data.tasks.append(task)
    m.data.inspections.append(
        Inspection(
            id=inspection_id,
            code_id=code_id,
            target_id=target.id,
            task_ids=[task.id],
            inspector_ids=inspectors,
            status=InspectionStatus.COMPLETED,
            started_at=started,
            completed_at=started + timedelta(minutes=m.rng.randint(40, 150)),
            findings=findings,
            updated_at=m.stamp,
        )
    )
    m.data.item_results.extend(results)


def _planning_records(m: _Maker, rng: random.Random) -> None:
    """Made after everything else (so the records above stay as they were): past tasks' end and publication dates,
    penalties on some inspections with findings, and a few declared recusals. `rng` is the planning part's own."""
    ended = {t: shanghai_date(i.completed_at) for i in m.data.inspections if i.completed_at for t in i.task_ids}
    for index, task in enumerate(m.data.tasks):
        if task.id in ended:
            day = ended[task.id]
            published = day + timedelta(days=rng.randint(3, 35)) if rng.random() < 0.9 else None
            m.data.tasks[index] = task.model_copy(update={"completed_on": day, "results_published_on": published})
    team_of = {t.id: t.team for t in m.data.tasks}
    serial = 0
    for inspection in m.data.inspections:
        if inspection.findings.startswith("发现") and rng.random() < 0.25:
            serial += 1
            decided = ended[inspection.task_ids[0]] + timedelta(days=rng.randint(10, 40))
            published = decided + timedelta(days=rng.randint(1, 12)) if rng.random() < 0.85 else None
            m.data.penalties.append(
                Penalty(
                    id=m.new_id(),
                    target_id=inspection.target_id,
                    inspection_id=inspection.id,
                    decision_no=f"长卫罚〔{decided.year}〕{serial:03d}号",
                    decided_on=decided,
                    summary=rng.choice(("警告", "警告，并处罚款人民币二千元", "罚款人民币五千元")),
                    published_on=published,
                    team=team_of[inspection.task_ids[0]],
                    updated_at=m.stamp,
                )
            )
    inspectors = [i for i in m.data.inspectors if i.role == Role.INSPECTOR]
    for inspector in rng.sample(inspectors, k=min(3, len(inspectors))):
        target = rng.choice(m.data.targets)
        m.data.recusals.append(
            Recusal(
                id=m.new_id(),
                inspector_id=inspector.id,
                target_id=target.id,
                reason="近亲属在该单位任职",
                declared_at=m.stamp,
                team=inspector.team,
                updated_at=m.stamp,
            )
        )


def _result(m: _Maker, inspection_id: str, code_id: str, item: ChecklistItem, failing: float) -> ItemResult:
    roll = m.rng.random()
    if roll < failing:
        value, note = ResultValue.NON_COMPLIANT, f"现场检查发现不符合：{item.title}"
    elif roll > 0.95:
        value, note = ResultValue.NOT_APPLICABLE, "该单位未开展此项业务"
    else:
        value, note = ResultValue.COMPLIANT, ""
    return ItemResult(
        id=m.new_id(),
        inspection_id=inspection_id,
        code_id=code_id,
        item_id=item.id,
        result=value,
        note=note,
        updated_at=m.stamp,
    )
