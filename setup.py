"""The one build step setup.cfg cannot declare: ship the top-level criteria/ and templates/ inside the package.

They live at the top of the repository (the product card fixes it) and stay the source of truth; a built copy
(`pip install .`, a wheel) carries them as emulation/share/criteria and emulation/share/templates, where
emulation.config looks first. An editable install or a checkout reads the top-level folders directly.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

# Keep in step with emulation.config.SHARED_DIR and MANIFEST.in (tests/test_packaging.py checks the wheel).
SHARED = {"criteria": ("*.toml",), "templates": ("*.html", "*.docx")}
SHARED_DIR = Path("emulation", "share")


class BuildPyWithShared(build_py):
    """build_py, then copy each shared folder's files into the built package (not for an editable install)."""

    def run(self):
        super().run()
        if self.editable_mode:
            return
        # Start afresh, so a file deleted from the source does not linger in a reused build folder.
        shutil.rmtree(Path(self.build_lib, SHARED_DIR), ignore_errors=True)
        for folder, patterns in SHARED.items():
            for source in sorted(path for pattern in patterns for path in Path(folder).rglob(pattern)):
                target = Path(self.build_lib, SHARED_DIR, source)
                self.mkpath(str(target.parent))
                self.copy_file(str(source), str(target))


setup(cmdclass={"build_py": BuildPyWithShared})
