"""Where end-to-end tests save the screenshots a person looks at.

They go to docs/screenshots/ only when WORKBENCH_SCREENSHOTS=1 (refreshing the documentation);
otherwise to a temporary folder, so an ordinary test run leaves the work tree clean.
"""

import os
import tempfile
from pathlib import Path


def screenshot_dir() -> Path:
    if os.environ.get("WORKBENCH_SCREENSHOTS") == "1":
        return Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    folder = Path(tempfile.gettempdir()) / "workbench-screenshots"
    folder.mkdir(exist_ok=True)
    return folder
