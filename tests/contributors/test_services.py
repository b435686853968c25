"""Contributors: found by any printed form of their name, merged without rewriting the print."""

import pytest
from django.core.exceptions import ValidationError

from contributors.models import Contributor, normalise_name
from contributors.services import contributor_get_or_create, contributor_merge
from tests.factories import ArticleFactory, ContributorFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        ("杨 羊", "杨羊"),
        ("  王 伟 ", "王伟"),
        ("木拉迪力·克衣木", "木拉迪力·克衣木"),
        ("Anna Lee", "Anna Lee"),
    ],
)
def test_padding_spaces_are_typesetting_not_part_of_the_name(printed, name):
    assert normalise_name(printed) == name


def test_a_name_variant_resolves_to_the_same_contributor():
    person = ContributorFactory(name="甄珑祯")
    person.name_variants.create(name="甄琰祯")
    assert contributor_get_or_create(name="甄琰祯") == person
    assert contributor_get_or_create(name="甄 珑祯") == person
    assert Contributor.objects.filter(name__startswith="甄").count() == 1


def test_merge_keeps_both_names_as_variants_and_the_print_unchanged():
    target = ContributorFactory(name="夏珑祯")
    source = ContributorFactory(name="夏琰祯")
    source.name_variants.create(name="夏琰桢")
    article = ArticleFactory(responsible_editor=source, responsible_editor_name="夏琰祯")
    contributor_merge(source=source, target=target)
    article.refresh_from_db()
    assert article.responsible_editor == target
    assert article.responsible_editor_name == "夏琰祯"
    assert set(target.name_variants.values_list("name", flat=True)) == {"夏琰祯", "夏琰桢"}


def test_merging_into_itself_is_refused():
    person = ContributorFactory()
    with pytest.raises(ValidationError):
        contributor_merge(source=person, target=person)
    assert Contributor.objects.filter(pk=person.pk).exists()
