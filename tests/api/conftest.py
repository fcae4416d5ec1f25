"""Generic endpoint tests are collected only where they apply: a write test for an endpoint that
takes that write, the 405 test for one that refuses some."""

from tests.api.endpoints import EndpointTests, applies


def pytest_collection_modifyitems(config, items):
    kept, dropped = [], []
    for item in items:
        cls = getattr(item, "cls", None)
        write = getattr(getattr(item, "function", None), "endpoint_write", None)
        if cls is not None and write is not None and issubclass(cls, EndpointTests) and not applies(cls, write):
            dropped.append(item)
        else:
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
