"""An editor's journey through the admin in a real browser, from 2025·3 to a published 2025·4,
checked at the end against what the anonymous API serves."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from issues.models import Issue
from issues.services import issue_create_next

from .conftest import PASSWORD, log_in

SLUG = "dangyuan-zhiyou"


def choose(page, select_id: str, text: str) -> None:
    """Pick `text` in the admin's autocomplete (select2) of the <select id=select_id>."""
    page.click(f"#{select_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    page.locator(".select2-results__option", has_text=text).first.click()
    expect(page.locator(f"#select2-{select_id}-container")).to_contain_text(text)


def open_full_article_form(page, column: str) -> None:
    section = page.locator(".ws-section", has=page.locator("h3", has_text=column))
    section.locator("a.ws-add-link").click()
    section.locator("a.ws-full-add").click()
    expect(page.locator("#id_title")).to_be_visible()


def drag(page, source, target) -> None:
    """Drag `source` (a handle) onto the top of `target`, as a hand does: press, move in small
    steps with pauses (SortableJS starts a drag on a timer), release."""
    start, end = source.bounding_box(), target.bounding_box()
    x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, y - 5, steps=5)
    page.wait_for_timeout(200)
    page.mouse.move(x, end["y"] + end["height"] / 4, steps=20)
    page.wait_for_timeout(200)
    page.mouse.move(x, end["y"] + 3, steps=5)
    page.wait_for_timeout(200)
    page.mouse.up()


def anonymous_json(browser, url: str):
    context = browser.new_context()
    try:
        response = context.request.get(url)
        assert response.status == 200, (url, response.status, response.text())
        return response.json()
    finally:
        context.close()


def other_staff(browser, page, username: str):
    """A page of another member of staff, signed in in a browser context of their own."""
    get_user_model().objects.create_user(
        username, password=PASSWORD, is_staff=True, is_superuser=True
    )
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    context.set_default_timeout(15_000)
    other = context.new_page()
    other.base = page.base
    log_in(other, username)
    return other


def sign_article(page, article, stage: str, following: str) -> None:
    """Sign the step `stage` of `article` as passed (通过) on its page; it moves to `following`."""
    page.goto(f"{page.base}/admin/articles/article/{article.pk}/change/")
    heading = page.locator(".article-workflow h2")
    expect(heading).to_contain_text(f"当前阶段：{stage}")
    form = page.locator("form.article-sign-off-form")
    form.locator("select[name=decision]").select_option(label="通过")
    form.locator("textarea[name=opinion]").fill(f"{stage}：同意。")
    form.locator("button[type=submit]").click()
    expect(page.locator(".article-workflow h2")).to_contain_text(f"当前阶段：{following}")


def test_editor_plans_fills_reorders_and_publishes_the_next_issue(page, browser):
    screens = page.screens
    log_in(page)

    # The list of issues opens an issue in its workspace.
    page.goto(page.base + "/admin/issues/issue/")
    screens.shot("issue-list")
    page.locator("#result_list a", has_text="2025年第3期").click()
    expect(page.locator(".ws-head h1")).to_contain_text("2025年第3期")
    expect(page.locator(".ws-section h3", has_text="卷首语")).to_be_visible()
    screens.shot("workspace-2025-3")

    # 新建下一期: the proposal is 2025年第4期, 总第345期; the masthead is copied by hand below.
    page.click("a.ws-next")
    expect(page.locator("#id_year")).to_have_value("2025")
    expect(page.locator("#id_number")).to_have_value("4")
    expect(page.locator("#id_cumulative_number")).to_have_value("345")
    page.uncheck("#id_copy_masthead")
    screens.shot("next-issue-form")
    page.click("input[type=submit].default")
    expect(page.locator(".ws-head h1")).to_contain_text("2025年第4期")
    expect(page.locator(".ws-facts")).to_contain_text("总第345期")
    expect(page.locator(".ws-section h3", has_text="卷首语")).to_be_visible()  # the plan
    expect(page.locator(".ws-masthead")).to_contain_text("尚无版权页")
    screens.shot("workspace-new-issue")

    page.click("button.ws-copy-masthead")
    expect(page.locator(".ws-masthead")).to_contain_text("田进宝")
    screens.shot("masthead-copied")
    issue = Issue.objects.get(periodical__slug=SLUG, year=2025, number=4)

    # First article: an existing author by autocomplete, a 责任编辑, a photo credit.
    open_full_article_form(page, "卷首语")
    page.fill("#id_title", "奋力谱写新篇章")
    page.fill("#id_body", "新的一年，我们在新起点上奋力谱写新篇章。\n\n这是正文的第二段。")
    page.fill("#id_start_page", "1")
    page.fill("#id_end_page", "2")
    choose(page, "id_responsible_editor", "杨佩佩")
    choose(page, "id_authorships-0-contributor", "辛组研")
    page.locator("#photo_credits-group .add-row a").click()
    page.fill("#id_photo_credits-0-caption", "天山脚下的杏花")
    page.fill("#id_photo_credits-0-credited_name", "赵登文")
    screens.shot("article-form-existing-author")
    page.click("input[name=_save]")
    first = Article.objects.get(issue=issue, title="奋力谱写新篇章")
    expect(page.locator(f"#entry-{first.pk}")).to_contain_text("辛组研")

    # Second article: a new author, added by the popup beside the autocomplete.
    open_full_article_form(page, "卷首语")
    page.fill("#id_title", "在新起点上再出发")
    page.fill("#id_body", "在新起点上再出发，需要每一名党员的担当。")
    page.fill("#id_start_page", "3")
    page.fill("#id_end_page", "4")
    choose(page, "id_responsible_editor", "朱振陆")
    with page.expect_popup() as popup_info:
        page.click("#add_id_authorships-0-contributor")
    popup = popup_info.value
    popup.fill("#id_name", "冯新启")
    screens.page, popup_page = popup, page
    screens.shot("new-author-popup")
    screens.page = popup_page
    with popup.expect_event("close"):
        popup.click("input[name=_save]")
    expect(page.locator("#select2-id_authorships-0-contributor-container")).to_contain_text(
        "冯新启"
    )
    screens.shot("article-form-new-author")
    page.click("input[name=_save]")
    second = Article.objects.get(issue=issue, title="在新起点上再出发")
    expect(page.locator(f"#entry-{second.pk}")).to_contain_text("冯新启")

    # Drag the second entry above the first; the order is saved at once.
    entries = page.locator(".ws-section", has=page.locator("h3", has_text="卷首语")).locator(
        ".ws-entry"
    )
    expect(entries).to_have_count(2)
    drag(page, page.locator(f"#entry-{second.pk} .ws-handle"), page.locator(f"#entry-{first.pk}"))
    expect(page.locator(".ws-order-status")).to_have_text("新顺序已保存。")
    expect(entries.first).to_have_attribute("id", f"entry-{second.pk}")
    screens.shot("entries-reordered")
    page.reload()
    expect(entries.first).to_have_attribute("id", f"entry-{second.pk}")

    # 编辑 in place: the entry's form opens under it; the subtitle is saved.
    page.locator(f"#entry-{first.pk} a.ws-edit-link").click()
    form = page.locator(f"#entry-{first.pk} form.ws-edit")
    expect(form.locator("input[name=title]")).to_have_value("奋力谱写新篇章")
    form.locator("input[name=subtitle]").fill("写在2025年第4期")
    screens.shot("entry-edited-in-place")
    form.locator("button.ws-save").click()
    expect(page.locator(f"#entry-{first.pk} .ws-subtitle")).to_have_text("——写在2025年第4期")

    # 三审三校 in the browser: 收稿 and 初审 by the editor, 复审 by the office's head, 终审 and
    # the three proofreadings by the chief (the three reviews by three different people), each
    # on the article's page; then the chief signs the issue off (签发) on the issue form.
    head, chief = other_staff(browser, page, "fushen"), other_staff(browser, page, "zhubian")
    steps = [
        (page, "收稿", "初审"),
        (page, "初审", "复审"),
        (head, "复审", "终审"),
        (chief, "终审", "一校"),
        (chief, "一校", "二校"),
        (chief, "二校", "三校"),
        (chief, "三校", "定稿"),
    ]
    for article in (second, first):
        for signer, stage, following in steps:
            sign_article(signer, article, stage, following)
    screens.page = chief
    screens.shot("article-signed-through-three-reviews")
    chief.goto(f"{page.base}/admin/issues/issue/{issue.pk}/change/")
    expect(chief.locator(".issue-workflow h2")).to_contain_text(str(Issue.Status.DRAFT.label))
    blockers = chief.locator(".issue-workflow ul.blockers")
    assert blockers.count() == 0, blockers.inner_text()  # nothing blocks 签发
    chief.fill(".issue-sign-form textarea[name=opinion]", "同意付印。")
    screens.shot("issue-sign-off")
    chief.click(".issue-sign-form button.sign-button")
    expect(chief.locator(".issue-workflow h2")).to_contain_text(str(Issue.Status.SIGNED.label))
    screens.page = page
    page.goto(f"{page.base}{reverse('admin:issues_issue_workspace', args=[issue.pk])}")
    page.click("button.ws-publish")
    expect(page.locator(".ws-status")).to_have_text("已发布")
    screens.shot("published")

    # What the anonymous API serves is exactly what was entered.
    api = f"{page.base}/api/v1/periodicals/{SLUG}/issues/2025/4"
    toc = anonymous_json(browser, f"{api}/toc/")
    assert toc["issue"]["cumulative_number"] == 345
    [section] = toc["sections"]
    assert section["column"]["name"] == "卷首语"
    printed = [
        (e["page"], e["title"], [a["name"] for a in e["authors"]]) for e in section["entries"]
    ]
    assert printed == [(3, "在新起点上再出发", ["冯新启"]), (1, "奋力谱写新篇章", ["辛组研"])]
    assert section["entries"][1]["subtitle"] == "写在2025年第4期"
    masthead = anonymous_json(browser, f"{api}/masthead/")
    before = anonymous_json(
        browser, f"{page.base}/api/v1/periodicals/{SLUG}/issues/2025/3/masthead/"
    )
    assert masthead["roles"] == before["roles"]
    article = anonymous_json(browser, f"{page.base}/api/v1/articles/{first.pk}/")
    assert article["responsible_editor"]["name"] == "杨佩佩"
    assert article["body"].startswith("新的一年，我们在新起点上奋力谱写新篇章。")
    assert [(c["caption"], c["credit"]) for c in article["photo_credits"]] == [
        ("天山脚下的杏花", "赵登文/摄")
    ]


def test_editor_sees_form_errors_in_chinese(page):
    screens = page.screens
    log_in(page)
    seed = Issue.objects.get(periodical__slug=SLUG, year=2025, number=3)

    # A second 2025年第3期 is refused at its number.
    page.goto(f"{page.base}/admin/issues/issue/add/?periodical={seed.periodical_id}")
    page.fill("#id_year", "2025")
    page.fill("#id_number", "3")
    page.click("input[name=_save]")
    expect(page.locator(".field-number .errorlist, .errors .errorlist").first).to_contain_text(
        "已有2025年第3期"
    )
    screens.shot("duplicate-issue-number")

    # An end page before the start page, in the full article form and in the workspace.
    draft = issue_create_next(previous=seed)
    page.goto(f"{page.base}/admin/articles/article/add/?issue={draft.pk}")
    page.fill("#id_title", "页码颠倒的文章")
    page.fill("#id_start_page", "9")
    page.fill("#id_end_page", "7")
    page.click("input[name=_save]")
    expect(page.locator(".errornote, .errorlist").first).to_be_visible()
    expect(page.locator("#content-main")).to_contain_text("结束页不能早于起始页")
    screens.shot("end-page-before-start-page")
    assert not Article.objects.filter(title="页码颠倒的文章").exists()
