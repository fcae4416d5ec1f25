"""Exports of a framework version: Word and PDF hold the cover, vision, priorities, results with
responsibilities, integration areas, funding and signatures; access-checked like the page."""

import io
import shutil
import subprocess

import pytest
from django.urls import reverse

from frameworks.choices import FrameworkStatus
from tests.factories import FundingLineFactory, IntegrationAreaFactory
from tests.frameworks.isf_world import make_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def framework(world):
    framework = world.framework(status=FrameworkStatus.SUBMITTED, priorities=2, results=2, illustrative=True)
    IntegrationAreaFactory(framework=framework, area="ddr", depth="integrated", rationale="One DDR section")
    FundingLineFactory(priority=framework.priorities.first(), source="pbf")
    return framework


def test_word_document_holds_every_part(client, world, framework):
    from docx import Document

    client.force_login(world.undp_planner)
    response = client.get(reverse("frameworks:framework-export", args=[framework.pk, "docx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'-v{framework.version}.docx"')
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert framework.label in text and "Illustrative content" in text and "Shared vision" in text
    for expected in ("Priority 2", "Result 2.2", world.undp.code, "Disarmament", "1,000,000", "gap 250,000", "Pending"):
        assert expected in cells, expected


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="service missing: poppler-utils (pdftotext)")
def test_pdf_document_reads_as_the_framework(client, world, framework, tmp_path):
    client.force_login(world.planner)
    response = client.get(reverse("frameworks:framework-export", args=[framework.pk, "pdf"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    path = tmp_path / "f.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for expected in (
        "Integrated Strategic Framework",
        "Illustrative content",
        "Result 1.2",
        "Signatures",
        "SRSG office",
    ):
        assert expected in text, expected


def test_export_is_access_checked(client, world, framework):
    client.force_login(world.outsider)
    assert client.get(reverse("frameworks:framework-export", args=[framework.pk, "pdf"])).status_code == 404
    client.force_login(world.planner)
    assert client.get(reverse("frameworks:framework-export", args=[framework.pk, "odt"])).status_code == 404
