"""UI fixtures: QSettings in a temporary folder, stores filled with targets, the main window on a store."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.store import Store
from app.ui.application import create_application
from app.ui.collector import Collector
from app.ui.i18n import Translations
from app.ui.main_window import MainWindow
from app.ui.qt import QApplication, QSettings
from app.ui.runner import Runner, all_idle

DEMO_TARGETS = 2_000


@pytest.fixture(autouse=True)
def _settings_in_tmp(tmp_path: Path) -> None:
    """Window geometry and the language choice go to a temporary folder, never the real user's settings."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))


@pytest.fixture(autouse=True)
def _garbage_collected_on_the_ui_thread(qapp: QApplication) -> Iterator[None]:
    """As in the app (app/ui/collector.py): no collection on a worker thread or while a worker runs; after the test,
    its runners closed, what it left is collected at once."""
    collector = Collector(all_idle)
    yield
    collector.stop()
    gc.collect()


@pytest.fixture(scope="session")
def _demo_store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import demo

    path = tmp_path_factory.mktemp("demo") / "store.sqlite3"
    with Store.open(path) as store:
        store.save_many(demo.generate(targets=DEMO_TARGETS, seed=1).all_records(), synced=True)
    return path


@pytest.fixture
def demo_store(_demo_store_file: Path, tmp_path: Path) -> Iterator[Store]:
    """A store with the demo data set of DEMO_TARGETS targets, a fresh copy for each test."""
    path = tmp_path / "store" / "store.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(_demo_store_file, path)
    with Store.open(path) as store:
        yield store


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    """The test QApplication with our names, style and font; Chinese again after the test."""
    yield create_application([])


@pytest.fixture
def translations(app: QApplication) -> Iterator[Translations]:
    translations = Translations(app)
    translations.install("zh")
    yield translations
    translations.install("zh")  # the QApplication outlives the test: take an installed English translator off


@pytest.fixture
def make_runner(app: QApplication) -> Iterator[Callable[[Store], Runner]]:
    """Runners on a test's stores (its own connection on its worker; the store's clock, as tests move it), closed
    after the test, their queued writes done."""
    runners: list[Runner] = []

    def make(store: Store) -> Runner:
        runner = Runner(store.path, clock=lambda: store.clock())
        runners.append(runner)
        return runner

    yield make
    for runner in runners:
        runner.close()


def settle(qtbot, runner: Runner) -> None:
    """Wait until every op sent to the runner has run and answered (then the test reads what was written)."""
    qtbot.waitUntil(lambda: runner.idle)


@pytest.fixture
def window(qtbot, demo_store: Store, translations: Translations, make_runner) -> Iterator[MainWindow]:
    """The main window on the demo store, shown on the targets page, with the whole list loaded."""
    win = MainWindow(make_runner(demo_store), translations)
    qtbot.add_widget(win)
    win.pages.setCurrentWidget(win.splitter)  # the targets page (Today comes first)
    win.show()
    qtbot.waitUntil(lambda: not win.search.busy and win.model.rowCount() > 0)
    yield win
    win.close()  # stops the search thread before the store closes
    assert not win.threads_running
