"""Display names of the domain's vocabularies. The Chinese names are the translation sources.

`QT_TRANSLATE_NOOP` marks each name for lupdate; `translate` looks it up at display time, so a language switch shows
at the next paint.
"""

from __future__ import annotations

from enum import StrEnum

from app.models.enums import (
    INDUSTRY_ZH,
    Industry,
    InspectionStatus,
    ResultValue,
    TaskCategory,
    TaskStatus,
)
from app.rules.sampling import SelectionReason
from app.ui.qt import QT_TRANSLATE_NOOP, QCoreApplication

# The same names as app.models.enums.INDUSTRY_ZH (a test keeps them equal), listed here for lupdate.
INDUSTRY_SOURCES = (
    QT_TRANSLATE_NOOP("Industry", "医疗机构"),
    QT_TRANSLATE_NOOP("Industry", "医疗美容"),
    QT_TRANSLATE_NOOP("Industry", "口腔诊所"),
    QT_TRANSLATE_NOOP("Industry", "中医诊所"),
    QT_TRANSLATE_NOOP("Industry", "护理院"),
    QT_TRANSLATE_NOOP("Industry", "美容美发"),
    QT_TRANSLATE_NOOP("Industry", "宾馆旅馆"),
    QT_TRANSLATE_NOOP("Industry", "游泳场所"),
    QT_TRANSLATE_NOOP("Industry", "生活饮用水"),
    QT_TRANSLATE_NOOP("Industry", "现制现售饮用水"),
    QT_TRANSLATE_NOOP("Industry", "职业卫生"),
    QT_TRANSLATE_NOOP("Industry", "消毒产品"),
    QT_TRANSLATE_NOOP("Industry", "放射卫生"),
    QT_TRANSLATE_NOOP("Industry", "学校卫生"),
    QT_TRANSLATE_NOOP("Industry", "产后母婴照护"),
)

TASK_CATEGORY_ZH: dict[TaskCategory, str] = {
    TaskCategory.NATIONAL_RANDOM: QT_TRANSLATE_NOOP("TaskCategory", "国家双随机抽查"),
    TaskCategory.DISTRICT_RANDOM: QT_TRANSLATE_NOOP("TaskCategory", "区级双随机抽查"),
    TaskCategory.JOINT_RANDOM: QT_TRANSLATE_NOOP("TaskCategory", "部门联合双随机"),
    TaskCategory.CROSS_DEPARTMENT: QT_TRANSLATE_NOOP("TaskCategory", "跨部门综合监管"),
    TaskCategory.CAMPAIGN: QT_TRANSLATE_NOOP("TaskCategory", "专项检查"),
    TaskCategory.COMPLAINT: QT_TRANSLATE_NOOP("TaskCategory", "投诉举报"),
    TaskCategory.FOLLOW_UP: QT_TRANSLATE_NOOP("TaskCategory", "复查"),
}

TASK_STATUS_ZH: dict[TaskStatus, str] = {
    TaskStatus.PLANNED: QT_TRANSLATE_NOOP("TaskStatus", "待检查"),
    TaskStatus.CODE_REQUESTED: QT_TRANSLATE_NOOP("TaskStatus", "已申码"),
    TaskStatus.IN_PROGRESS: QT_TRANSLATE_NOOP("TaskStatus", "检查中"),
    TaskStatus.COMPLETED: QT_TRANSLATE_NOOP("TaskStatus", "已完成"),
    TaskStatus.CLOSED: QT_TRANSLATE_NOOP("TaskStatus", "已关闭"),
}

INSPECTION_STATUS_ZH: dict[InspectionStatus, str] = {
    InspectionStatus.IN_PROGRESS: QT_TRANSLATE_NOOP("InspectionStatus", "进行中"),
    InspectionStatus.COMPLETED: QT_TRANSLATE_NOOP("InspectionStatus", "已完成"),
}

RESULT_ZH: dict[ResultValue, str] = {
    ResultValue.COMPLIANT: QT_TRANSLATE_NOOP("ResultValue", "符合"),
    ResultValue.NON_COMPLIANT: QT_TRANSLATE_NOOP("ResultValue", "不符合"),
    ResultValue.NOT_APPLICABLE: QT_TRANSLATE_NOOP("ResultValue", "不适用"),
}


SELECTION_REASON_ZH: dict[SelectionReason, str] = {
    SelectionReason.RANDOM: QT_TRANSLATE_NOOP("SelectionReason", "随机抽取"),
    SelectionReason.COMPLAINT: QT_TRANSLATE_NOOP("SelectionReason", "投诉举报纳入"),
}


def _label(context: str, names: dict, enum: type[StrEnum], value: str) -> str:
    """The translated name of `value`, or the raw value when it is not in the vocabulary (newer data)."""
    try:
        return QCoreApplication.translate(context, names[enum(value)])
    except (ValueError, KeyError):
        return value


def industry_label(value: str) -> str:
    return _label("Industry", INDUSTRY_ZH, Industry, value)


def task_category_label(value: str) -> str:
    return _label("TaskCategory", TASK_CATEGORY_ZH, TaskCategory, value)


def task_status_label(value: str) -> str:
    return _label("TaskStatus", TASK_STATUS_ZH, TaskStatus, value)


def inspection_status_label(value: str) -> str:
    return _label("InspectionStatus", INSPECTION_STATUS_ZH, InspectionStatus, value)


def result_label(value: str) -> str:
    return _label("ResultValue", RESULT_ZH, ResultValue, value)


def selection_reason_label(value: str) -> str:
    """Why a target is in a draw (drawn at random, or included for a complaint)."""
    return _label("SelectionReason", SELECTION_REASON_ZH, SelectionReason, value)
