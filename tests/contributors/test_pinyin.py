"""Contributors in pinyin: the derived columns, search by pinyin or initials, pinyin order."""

import pytest
from django.urls import reverse

from contributors.models import Contributor, name_in_pinyin, pinyin_sort_key
from contributors.services import contributor_merge
from tests.factories import ContributorFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "pinyin", "initials"),
    [
        ("杨佩佩", "yangpeipei", "ypp"),
        ("吕布", "lvbu", "lb"),
        ("木拉迪力·克衣木", "muladilikeyimu", "mldlkym"),
        ("Anna Li", "annali", "al"),
        ("本刊编辑部", "benkanbianjibu", "bkbjb"),
        ("", "", ""),
    ],
)
def test_name_in_pinyin(name, pinyin, initials):
    assert name_in_pinyin(name) == (pinyin, initials)


def test_saving_a_contributor_sets_its_pinyin():
    person = ContributorFactory(name="赵登文")
    assert (person.name_pinyin, person.name_initials) == ("zhaodengwen", "zdw")
    person.name = "钱登文"
    person.save(update_fields=["name"])
    person.refresh_from_db()
    assert (person.name_pinyin, person.name_initials) == ("qiandengwen", "qdw")
    assert person.name_sort_key == "qian2 deng1 wen2"


def test_the_seed_contributors_have_their_pinyin(seed_issue):
    assert not Contributor.objects.filter(name_pinyin="").exists()
    assert Contributor.objects.get(name="杨佩佩").name_initials == "ypp"


@pytest.mark.parametrize("term", ["yangpeipei", "YangPeiPei", "yang pei", "ypp", "YPP", "peipei"])
def test_pinyin_or_initials_find_the_editor(seed_issue, term):
    assert "杨佩佩" in Contributor.objects.search(term).values_list("name", flat=True)


def test_initials_match_from_the_start_only(seed_issue):
    names = Contributor.objects.search("pp").values_list("name", flat=True)
    assert "杨佩佩" not in names


def test_chinese_finds_part_of_a_name(seed_issue):
    assert "杨佩佩" in Contributor.objects.search("佩佩").values_list("name", flat=True)
    assert list(Contributor.objects.search("杨 佩佩")) == list(Contributor.objects.search("杨佩佩"))


def test_a_name_variant_finds_the_contributor(seed_issue):
    assert list(Contributor.objects.search("夏琰祯").values_list("name", flat=True)) == ["夏珑祯"]


def test_search_lists_each_contributor_once(seed_issue):
    person = ContributorFactory(name="欧阳青")
    other = ContributorFactory(name="欧阳清")
    contributor_merge(source=other, target=person)
    person.name_variants.create(name="欧阳晴")
    assert list(Contributor.objects.search("欧阳")) == [person]


def test_a_blank_term_filters_nothing(seed_issue):
    assert Contributor.objects.search("  ").count() == Contributor.objects.count()


def test_pinyin_order_is_not_code_point_order():
    names = ["张", "阿", "陈", "白"]
    for name in names:
        ContributorFactory(name=f"{name}测试")
    assert sorted(names) != ["阿", "白", "陈", "张"]  # code point order differs
    ordered = Contributor.objects.filter(name__endswith="测试").in_pinyin_order()
    assert [c.name[0] for c in ordered] == ["阿", "白", "陈", "张"]


def test_pinyin_order_goes_syllable_by_syllable_then_by_tone():
    # The order of PostgreSQL's zh-x-icu collation; SQLite gets it from name_sort_key.
    in_order = [
        "阿依古丽", "白玉", "陈超", "李娜", "李孝俊", "梁明", "廖军", "刘超", "刘小兵", "柳高鹤",
        "卢明", "吕建超", "罗成成", "张三",
    ]  # fmt: skip
    created = [ContributorFactory(name=name).pk for name in reversed(in_order)]
    ordered = Contributor.objects.filter(pk__in=created).in_pinyin_order()
    assert [c.name for c in ordered] == in_order


def test_pinyin_sort_key():
    assert pinyin_sort_key("李娜") == "li3 na4"
    assert pinyin_sort_key("吕建超") == "lu3 jian4 chao1"
    assert pinyin_sort_key("Anna Li") == "anna li"


def test_the_admin_finds_a_contributor_by_initials(admin_client, seed_issue):
    response = admin_client.get(reverse("admin:contributors_contributor_changelist"), {"q": "ypp"})
    assert "杨佩佩" in [c.name for c in response.context["cl"].result_list]
    autocomplete = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "yangpei",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "responsible_editor",
        },
    )
    assert "杨佩佩" in [result["text"] for result in autocomplete.json()["results"]]
