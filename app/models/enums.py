"""The domain's closed vocabularies, named as in GLOSSARY.md. Values are the wire and database spelling."""

from __future__ import annotations

from enum import StrEnum


class Grade(StrEnum):
    """信用+风险 grade; A is the best credit and lowest risk."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"


class Industry(StrEnum):
    MEDICAL = "medical"  # 医疗机构
    MEDICAL_AESTHETICS = "medical_aesthetics"  # 医疗美容
    DENTAL = "dental"  # 口腔
    TCM_CLINIC = "tcm_clinic"  # 中医诊所
    NURSING_HOME = "nursing_home"  # 护理院
    BEAUTY_SALON = "beauty_salon"  # 美容美发
    HOTEL = "hotel"  # 宾馆/旅馆
    SWIMMING = "swimming"  # 游泳场所
    DRINKING_WATER = "drinking_water"  # 生活饮用水
    WATER_VENDING = "water_vending"  # 现制现售饮用水设备
    OCCUPATIONAL = "occupational"  # 职业卫生
    DISINFECTION_PRODUCTS = "disinfection_products"  # 消毒产品
    RADIATION = "radiation"  # 放射卫生
    SCHOOL = "school"  # 学校卫生
    POSTPARTUM_CARE = "postpartum_care"  # 产后母婴照护机构


INDUSTRY_ZH: dict[Industry, str] = {
    Industry.MEDICAL: "医疗机构",
    Industry.MEDICAL_AESTHETICS: "医疗美容",
    Industry.DENTAL: "口腔诊所",
    Industry.TCM_CLINIC: "中医诊所",
    Industry.NURSING_HOME: "护理院",
    Industry.BEAUTY_SALON: "美容美发",
    Industry.HOTEL: "宾馆旅馆",
    Industry.SWIMMING: "游泳场所",
    Industry.DRINKING_WATER: "生活饮用水",
    Industry.WATER_VENDING: "现制现售饮用水",
    Industry.OCCUPATIONAL: "职业卫生",
    Industry.DISINFECTION_PRODUCTS: "消毒产品",
    Industry.RADIATION: "放射卫生",
    Industry.SCHOOL: "学校卫生",
    Industry.POSTPARTUM_CARE: "产后母婴照护",
}


class TaskCategory(StrEnum):
    NATIONAL_RANDOM = "national_random"  # 国抽
    DISTRICT_RANDOM = "district_random"  # 区抽
    JOINT_RANDOM = "joint_random"  # 联合双随机
    CROSS_DEPARTMENT = "cross_department"  # 跨部门综合监管
    CAMPAIGN = "campaign"  # 专项
    COMPLAINT = "complaint"  # 投诉举报
    FOLLOW_UP = "follow_up"  # 复查


# Categories triggered by an event rather than a routine plan: they may visit do-not-disturb targets.
TRIGGERED_CATEGORIES = frozenset({TaskCategory.COMPLAINT, TaskCategory.FOLLOW_UP})


class TaskStatus(StrEnum):
    PLANNED = "planned"
    CODE_REQUESTED = "code_requested"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CLOSED = "closed"  # ended without inspection; needs a close_reason


# A task still to be done: the board, the draw's workload balance and the inspector's day list these.
OPEN_STATUSES = (TaskStatus.PLANNED, TaskStatus.CODE_REQUESTED, TaskStatus.IN_PROGRESS)


class PlanStatus(StrEnum):
    DRAFT = "draft"
    REGISTERED = "registered"  # 备案: filed; tasks may be created under it


class InspectionStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"  # results locked; later changes only as amendments


class ResultValue(StrEnum):
    COMPLIANT = "compliant"
    NON_COMPLIANT = "non_compliant"
    NOT_APPLICABLE = "not_applicable"


class Role(StrEnum):
    INSPECTOR = "inspector"
    TEAM_LEAD = "team_lead"
    ADMIN = "admin"


class SignerRole(StrEnum):
    INSPECTOR = "inspector"
    PARTY = "party"  # the inspected party's representative


class Outcome(StrEnum):
    """A case's outcome (处理结果), as app/rules/enforcement.py suggests and judges it."""

    NO_PENALTY = "no_penalty"  # 不予处罚 (轻微违法不予处罚清单)
    WARNING = "warning"  # 警告
    FINE = "fine"  # 罚款
    REVOCATION = "revocation"  # 吊销许可证


class Procedure(StrEnum):
    GENERAL = "general"  # 一般程序
    SUMMARY = "summary"  # 简易程序: decided on the spot


class CaseStatus(StrEnum):
    OPEN = "open"  # 立案, under investigation (and legal review when flagged)
    DECIDED = "decided"  # the decision made (with the credit-repair notice, 两书同达, when it is a penalty)
    CLOSED = "closed"  # 结案
