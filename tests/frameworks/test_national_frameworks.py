"""National frameworks in the ISF editor and on the ISF page: recorded with the priorities aligned
with them, refused by field, shown read-only and in the Word export."""

import io

import pytest
from django.urls import reverse
from docx import Document

from tests.frameworks.isf_world import make_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


@pytest.fixture
def world():
    return make_world()


def test_the_editor_records_a_national_framework_and_the_isf_page_shows_it(client, world):
    framework = world.framework(priorities=2)
    first, second = framework.priorities.order_by("order")
    client.force_login(world.planner)
    url = reverse("frameworks:national-framework-set", args=[framework.pk])
    response = client.post(url, {"nn-kind": "new_deal", "nn-title": "", "nn-priorities": [first.pk]})
    assert response.status_code == 422
    assert 'id="id_nn-title_error"' in response.content.decode()
    assert not framework.alignments.exists()
    response = client.post(
        url, {"nn-kind": "new_deal", "nn-title": "South Sudan New Deal compact", "nn-priorities": [second.pk]}
    )
    assert response.status_code == 302
    alignment = framework.alignments.get()
    assert list(alignment.priorities.all()) == [second]
    page = client.get(reverse("frameworks:framework-detail", args=[framework.pk])).content.decode()
    assert "South Sudan New Deal compact" in page and second.title in page
    editor = client.get(reverse("frameworks:framework-edit", args=[framework.pk])).content.decode()
    assert f'id="nf{alignment.pk}"' in editor
    document = Document(
        io.BytesIO(client.get(reverse("frameworks:framework-export", args=[framework.pk, "docx"])).content)
    )
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "South Sudan New Deal compact" in cells
