"""The main navigation: the four stages and data import, each listing the pages
that exist and that the user's role may open. Add a page here when it lands."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from pool.accounts.access import ACCOUNT_ADMINS, AUDIT_READERS, CADRE_READERS, has_role
from pool.models import Role


@dataclass(frozen=True)
class NavItem:
    title: str
    url_name: str
    roles: frozenset


SECTIONS: list[tuple[str, list[NavItem]]] = [
    # A 干部本人 account sees its own record and its correction requests, nothing else.
    (
        "本人信息",
        [
            NavItem("本人信息", "people:me", frozenset({Role.CADRE})),
            NavItem("我的更正申请", "selfservice:my_requests", frozenset({Role.CADRE})),
        ],
    ),
    (
        "选 · 干部与人选",
        [
            NavItem("干部名册", "pool:cadre_list", CADRE_READERS),
            NavItem("数据质量", "pool:data_quality", frozenset({Role.STAFF})),
            NavItem(
                "信息更正申请",
                "selfservice:queue",
                frozenset({Role.STAFF, Role.UNIT_COMMITTEE}),
            ),
            NavItem("开通干部本人账号", "selfservice:open_accounts", frozenset({Role.STAFF})),
            NavItem("本单位推荐清单", "pool:my_list", frozenset({Role.UNIT_COMMITTEE})),
            NavItem("本领域推荐清单", "pool:my_list", frozenset({Role.SECTOR_DEPT})),
            NavItem("三张清单", "pool:list_index", frozenset({Role.STAFF})),
            NavItem("推荐人选汇总", "pool:candidates", frozenset({Role.STAFF})),
            NavItem("未报送 / 催报", "pool:list_unsubmitted", frozenset({Role.STAFF})),
            NavItem("跨单位人员申请", "pool:transfer_queue", frozenset({Role.STAFF})),
            NavItem("跨单位人员申请", "pool:transfer_requests", frozenset({Role.UNIT_COMMITTEE})),
            NavItem("组织部门推荐清单", "pool:my_list", frozenset({Role.STAFF})),
            NavItem("年轻干部库", "pool:pool_list", frozenset({Role.STAFF, Role.LEADER})),
            NavItem("考察对象", "pool:inspection_list", frozenset({Role.STAFF})),
            NavItem("一票否决", "pool:veto_list", frozenset({Role.STAFF})),
            NavItem("超龄提醒", "pool:age_out", frozenset({Role.STAFF})),
            NavItem("积分排序", "pool:ranking", frozenset({Role.STAFF, Role.LEADER})),
            NavItem("民主推荐测评", "votes:round_list", frozenset({Role.STAFF})),
        ],
    ),
    (
        "育 · 培养锻炼",
        [
            NavItem("培训班次", "training:class_list", frozenset({Role.STAFF, Role.LEADER})),
            NavItem("培训合规", "training:compliance", frozenset({Role.STAFF, Role.LEADER})),
            NavItem("实践锻炼", "training:posting_list", frozenset({Role.STAFF, Role.LEADER})),
            NavItem("结对帮带", "training:mentorship_list", frozenset({Role.STAFF, Role.LEADER})),
            NavItem("导师帮带覆盖", "training:mentor_coverage", frozenset({Role.STAFF})),
            NavItem("培训规则", "training:rules", frozenset({Role.STAFF})),
        ],
    ),
    (
        "管 · 监督管理",
        [
            NavItem(
                "谈心谈话", "supervision:talk_list", frozenset({Role.STAFF, Role.UNIT_COMMITTEE})
            ),
            NavItem(
                "谈话提醒台账",
                "supervision:overdue",
                frozenset({Role.STAFF, Role.LEADER, Role.UNIT_COMMITTEE}),
            ),
            NavItem("廉政意见", "supervision:integrity_list", frozenset({Role.STAFF})),
            NavItem("廉政意见征求", "supervision:inbox", frozenset({Role.DISCIPLINE_LIAISON})),
            NavItem("问题线索", "supervision:concerns", frozenset({Role.STAFF})),
            NavItem("考核结果", "supervision:assessments", frozenset({Role.STAFF})),
            NavItem("联系点与分管", "supervision:links", frozenset({Role.STAFF})),
            NavItem("政治素质档案", "supervision:political_file", frozenset({Role.STAFF})),
            NavItem("个人有关事项", "supervision:personal_matters", frozenset({Role.STAFF})),
            NavItem("干部档案专项审核", "supervision:file_audit", frozenset({Role.STAFF})),
            NavItem("研判", "supervision:reviews", frozenset({Role.STAFF})),
            NavItem(
                "重点工作表现登记",
                "supervision:key_tasks",
                frozenset({Role.STAFF, Role.UNIT_COMMITTEE}),
            ),
        ],
    ),
    (
        "用 · 选拔使用",
        [
            NavItem("配备台账", "staffing:ledger", frozenset({Role.STAFF, Role.LEADER})),
            NavItem("配备目标", "staffing:targets", frozenset({Role.STAFF, Role.LEADER})),
            NavItem("任职管理", "staffing:tenure", frozenset({Role.STAFF, Role.LEADER})),
            NavItem("任免文件", "staffing:documents", frozenset({Role.STAFF})),
            NavItem("动议与双把关", "staffing:second_checks", frozenset({Role.STAFF})),
            NavItem("模拟调配", "staffing:scenarios", frozenset({Role.STAFF})),
            NavItem("任免建议", "staffing:proposals", frozenset({Role.STAFF})),
            NavItem("人岗相适条件", "staffing:eligibility_rules", frozenset({Role.STAFF})),
            NavItem("节假日设置", "staffing:holidays", frozenset({Role.STAFF})),
        ],
    ),
    (
        "数据导入",
        [
            NavItem("导入数据", "pool:import_upload", frozenset({Role.STAFF})),
            NavItem("导入记录", "pool:import_history", frozenset({Role.STAFF})),
        ],
    ),
    (
        "系统",
        [
            NavItem("账号与角色", "accounts:account_list", ACCOUNT_ADMINS),
            NavItem("审计日志", "pool:audit_log", AUDIT_READERS),
            NavItem("规则设置", "rule_settings", frozenset({Role.STAFF})),
        ],
    ),
    # A section whose one item bears its title shows as a plain link (partials/nav.html).
    (
        "统计分析",
        [
            NavItem("领导驾驶舱", "dashboard:index", frozenset({Role.STAFF, Role.LEADER})),
            NavItem("半年报告数据", "report:index", frozenset({Role.STAFF, Role.LEADER})),
        ],
    ),
]


def sections_for(request) -> list[dict]:
    out = []
    for title, items in SECTIONS:
        visible = [
            {"title": i.title, "url": reverse(i.url_name)}
            for i in items
            if has_role(request.user, i.roles)
        ]
        if items and not visible:
            continue  # pages exist, none for this role
        active = any(request.path.startswith(v["url"]) for v in visible)
        # A stage with no pages yet is shown greyed out, so the four stages stay in view.
        out.append({"title": title, "items": visible, "active": active})
    return out
