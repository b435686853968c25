"""The editorial groups and what each may sign: seeded by migration 0002, like the 审计员 group
(audit/roles.py), which stays read-only and signs nothing.

| group | signs |
| --- | --- |
| 编辑 | 收稿, 一校, 二校, 三校, 通读 |
| 责任编辑 | the same and 初审 |
| 编辑部主任 | the same and 复审 |
| 主编 | every stage, 终审, 签发 and 撤回 |

Every group edits the catalogue (articles, bylines, photos, the issue's rows, contributors).
A person in several groups holds the union; the three reviews of one article are still by
three different people (workflow.services).
"""

EDITOR_GROUP = "编辑"
RESPONSIBLE_EDITOR_GROUP = "责任编辑"
OFFICE_HEAD_GROUP = "编辑部主任"
CHIEF_EDITOR_GROUP = "主编"

_PROOFS = ["sign_received", "sign_proof_1", "sign_proof_2", "sign_proof_3", "sign_read_through"]

SIGN_PERMISSIONS = {
    EDITOR_GROUP: _PROOFS,
    RESPONSIBLE_EDITOR_GROUP: [*_PROOFS, "sign_first_review"],
    OFFICE_HEAD_GROUP: [*_PROOFS, "sign_first_review", "sign_second_review"],
    CHIEF_EDITOR_GROUP: [
        *_PROOFS,
        "sign_first_review",
        "sign_second_review",
        "sign_final_review",
        "sign_issue",
        "withdraw_issue",
    ],
}

# What every editorial group edits: (app label, model names).
_EDITED = [
    ("articles", ["article", "authorship", "photocredit"]),
    ("issues", ["issue", "mastheadentry", "highlight"]),
    ("contributors", ["contributor", "contributornamevariant"]),
]
_VIEWED_APPS = ["periodical", "issues", "articles", "contributors", "workflow", "audit"]


def sync_editorial_groups(Group, Permission) -> None:
    """Create the editorial groups (where missing) and give each its permissions.

    `Group` and `Permission` are passed in so that a migration can use its historical models.
    """
    edit = [
        Permission.objects.filter(
            content_type__app_label=app,
            codename__in=[
                f"{verb}_{model}" for model in models for verb in ("add", "change", "delete")
            ],
        )
        for app, models in _EDITED
    ]
    view = Permission.objects.filter(
        content_type__app_label__in=_VIEWED_APPS, codename__startswith="view_"
    )
    for name, codenames in SIGN_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        signing = Permission.objects.filter(
            content_type__app_label="workflow", codename__in=codenames
        )
        permissions = set(view) | set(signing)
        for rows in edit:
            permissions |= set(rows)
        group.permissions.set(permissions)
