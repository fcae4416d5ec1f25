import pytest

from tests.benchmarks.reports.world import build_world


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def rworld(db, eager_celery, media):
    return build_world()
