"""The README's `collectstatic` with the production storage.

Every vendored or own CSS and JS file is post-processed by the manifest storage, which follows its
url(...), @import and sourceMappingURL references and stops at the first one that points at a file
not in `static/`. Without a manifest, every page is a 500 in production, so a new vendored file
with a dangling reference must fail here, not on the school's server.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

BASE_DIR = Path(settings.BASE_DIR)
PRODUCTION_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"
STATIC_TAG = re.compile(r"""\{%\s*static\s+['"]([^'"]+)['"]""")


def storages(backend):
    return {**settings.STORAGES, "staticfiles": {"BACKEND": backend}}


def collect(settings, root):
    settings.STATIC_ROOT = root
    call_command("collectstatic", interactive=False, verbosity=0)
    return json.loads((root / "staticfiles.json").read_text())["paths"]


def test_production_settings_use_the_manifest_storage():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "0", "SECRET_KEY": "x" * 60}
    code = "from django.conf import settings; print(settings.STORAGES['staticfiles']['BACKEND'])"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == PRODUCTION_STORAGE


def test_collectstatic_with_the_production_storage_passes(settings, tmp_path):
    settings.STORAGES = storages(PRODUCTION_STORAGE)
    paths = collect(settings, tmp_path)
    # Every file a template names with {% static %} is in the manifest: a missing one is a 500 page.
    templates = [*BASE_DIR.glob("templates/**/*.html"), *BASE_DIR.glob("*/templates/**/*.html")]
    named = {name for template in templates for name in STATIC_TAG.findall(template.read_text())}
    assert "vendor/bootstrap/bootstrap.bundle.min.js" in named
    assert sorted(named - set(paths)) == []


def test_a_vendored_file_with_a_dangling_source_map_fails(settings, tmp_path):
    vendored = tmp_path / "static" / "vendor" / "example"
    vendored.mkdir(parents=True)
    (vendored / "example.min.js").write_text("var a=1;\n//# sourceMappingURL=example.min.js.map\n")
    settings.STATICFILES_DIRS = [tmp_path / "static"]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STORAGES = storages(PRODUCTION_STORAGE)
    with pytest.raises(ValueError, match="example.min.js.map"):
        collect(settings, tmp_path / "collected")
