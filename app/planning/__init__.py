"""The team lead's planning actions over the local store, so every change syncs. Qt-free.

A thin layer: the decisions are in `app.rules` (sampling, merging, progress, deadlines); here they meet the store.
Every write goes through `Store.save` / `Store.save_all` / `Store.save_many`, which queue the outbox mutations in
the same transaction. Modules: `plans` (filing, rules, reassignment), `draws` (双随机), `recusals` (回避),
`merges` (撮合), `publication` (完成率, 公示), `penalties` (行政处罚).
"""

from app.planning.draws import (
    DrawCheck,
    DrawResult,
    PoolCounts,
    check_draw,
    commit_seed,
    committed_seed,
    complaint_target_ids,
    create_tasks_from_draw,
    default_config,
    draw_record,
    load_pool,
    open_load,
    pool_by_grade,
    pool_counts,
    prepare_draw,
    recorded_draws,
    verify_draw,
)
from app.planning.errors import PlanningError
from app.planning.merges import (
    accept_merge,
    joint_tasks,
    merge_proposals,
    recent_inspections,
    reject_merge,
    rejections,
)
from app.planning.penalties import mark_penalty_published, record_penalty
from app.planning.plans import (
    OPEN_STATUSES,
    active_codes,
    file_plan,
    get_plan,
    reassign,
    require_filed,
    set_sampling_rules,
    targets_by_id,
)
from app.planning.publication import RANDOM_CATEGORIES, mark_results_published, progress_report
from app.planning.recusals import declare_recusal, declared_recusals
from app.rules.deadlines import PenaltyPublication, Publication
from app.rules.progress import ProgressReport
from app.rules.sampling import SamplingConfig, draw_inputs
from app.store.queries import PoolEntry

__all__ = [
    "OPEN_STATUSES",
    "RANDOM_CATEGORIES",
    "DrawCheck",
    "DrawResult",
    "PenaltyPublication",
    "PlanningError",
    "PoolCounts",
    "PoolEntry",
    "ProgressReport",
    "Publication",
    "SamplingConfig",
    "accept_merge",
    "active_codes",
    "check_draw",
    "commit_seed",
    "committed_seed",
    "complaint_target_ids",
    "create_tasks_from_draw",
    "declare_recusal",
    "declared_recusals",
    "default_config",
    "draw_inputs",
    "draw_record",
    "file_plan",
    "get_plan",
    "joint_tasks",
    "load_pool",
    "mark_penalty_published",
    "mark_results_published",
    "merge_proposals",
    "open_load",
    "pool_by_grade",
    "pool_counts",
    "prepare_draw",
    "progress_report",
    "reassign",
    "recent_inspections",
    "record_penalty",
    "recorded_draws",
    "reject_merge",
    "rejections",
    "require_filed",
    "set_sampling_rules",
    "targets_by_id",
    "verify_draw",
]
