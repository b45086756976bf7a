# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint demo messages clean system-packages-run system-packages-test system-packages-ci

# Debian packages, installed only when missing (scripts/system-packages says which and why).
system-packages-run:
	@scripts/system-packages run
system-packages-test:
	@scripts/system-packages test
system-packages-ci:
	@scripts/system-packages ci

# The virtualenv needs python3-venv first; order-only, so a check alone does not reinstall.
$(STAMP): pyproject.toml | system-packages-run
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	touch $(STAMP)

# Set up, migrate SQLite, load the demo school, print the logins and serve on :8000.
run: $(STAMP)
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

# Set up and run the whole suite (browser journeys included; they need /usr/bin/chromium),
# with pytest-xdist: each worker has its own test database and live server. One worker more than
# there are cores, because a worker often waits on Chromium while its core could work (on SQLite, 2 cores:
# 573-637 s against 695 s).
WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))
# The Chromium check only fails where system-packages could not install it (not Debian or Ubuntu).
test: system-packages-test $(STAMP)
	@test -x "$${CHROMIUM_PATH:-/usr/bin/chromium}" || { echo "Chromium ontbreekt: installeer het, of zet CHROMIUM_PATH"; exit 1; }
	$(PY) -m pytest -n $(WORKERS)

# The suite without the browser journeys.
test-fast: $(STAMP)
	$(PY) -m pytest -n $(WORKERS) -m "not browser"

lint: $(STAMP)
	$(VENV)/bin/ruff check .

messages: $(STAMP)
	@scripts/system-packages messages
	$(PY) manage.py makemessages -l en --ignore=.venv
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
