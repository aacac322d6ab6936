"""The lead's dialogs for tasks that are not drawn: a complaint and its task, a 专项 or 跨部门 task on a named target
(named_task_dialog.py), the complaints with their reply deadlines, closed with a reply (complaints_dialog.py), one
task's checklists (checklists_dialog.py), penalty decisions with their
publication (penalty_dialog.py), and referrals to and from other departments (referral_dialog.py)."""

from app.ui.tasks.checklists_dialog import TaskChecklistsDialog
from app.ui.tasks.complaints_dialog import ComplaintsDialog
from app.ui.tasks.named_task_dialog import NamedTaskDialog
from app.ui.tasks.penalty_dialog import PenaltyDialog
from app.ui.tasks.referral_dialog import ReferralDialog

__all__ = ["ComplaintsDialog", "NamedTaskDialog", "PenaltyDialog", "ReferralDialog", "TaskChecklistsDialog"]
