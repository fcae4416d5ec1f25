import pytest

from planning.celery import app as celery_app
from tests.benchmarks.reports.world import build_world


@pytest.fixture
def eager_celery():
    """Run report tasks in-process, as on the embedded default, even when REDIS_URL is set."""
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def rworld(db, eager_celery, media):
    return build_world()
