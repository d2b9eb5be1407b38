"""The QTI 3.0 export played in Cito's open QTI 3 player (``@citolab/qti-components``, npm devDependency)
in headless Chromium: every exported item file of the seed bank (both languages) plus fixture items
renders, and for each item the right answer, a wrong one and a partial one give the player's SCORE the
tool's own score of the same response (``grade(parse_response(...))``).

The exported package and a small static page that loads the player's bundle from node_modules are served
on loopback. Responses go into the player through its item API (``updateResponseVariable`` then
``processResponse``), the way its interactions hand them on; the interactions themselves are not
clicked. The player rounds outcome values to three decimals (⅔ → 0.667), hence the 0.001 margin.
"""

from __future__ import annotations

import functools
import http.server
import io
import shutil
import subprocess
import threading
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from assessments.bank import load_seed_bank
from assessments.errors import InvalidResponse
from assessments.io.qti import export_qti3
from assessments.item_types.registry import ITEM_TYPES
from tests.qti_downgrade import to_qti21

ROOT = Path(__file__).resolve().parents[2]
PLAYER_JS = ROOT / "node_modules" / "@citolab" / "qti-components" / "cdn" / "index.js"
BANK = load_seed_bank(ROOT / "config")
LANGS = ("nl", "en")

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>QTI 3 player</title></head>
<body><main id="stage"></main>
<script type="module">
import { qtiTransformItem } from "/node_modules/@citolab/qti-components/cdn/index.js";
window.loadItem = async (url) => {
  const api = await qtiTransformItem().load(url);
  const stage = document.getElementById("stage");
  stage.innerHTML = "";
  stage.appendChild(api.htmlDoc());
  await customElements.whenDefined("qti-assessment-item");
  await new Promise((resolve) => setTimeout(resolve, 30));
  const item = stage.querySelector("qti-assessment-item");
  const interaction = item && item.querySelector("[response-identifier=RESPONSE]");
  return interaction ? interaction.tagName.toLowerCase() : "none";
};
window.scoreOf = (value) => {
  const item = document.querySelector("qti-assessment-item");
  item.updateResponseVariable("RESPONSE", value);
  item.processResponse();
  const score = item.getOutcome("SCORE").value;
  return score === null || score === undefined ? null : Number(score);
};
window.playerReady = true;
</script></body></html>
"""


def _fixture_items() -> list[dict[str, Any]]:
    """Items the seed bank lacks: a non-whole numeric answer with a tolerance (decimal comma), and
    all-or-nothing ordering and matching."""
    numeric = next(dict(r) for r in BANK.items if r["type"] == "numeric")
    ordering = next(dict(r) for r in BANK.items if r["type"] == "ordering")
    matching = next(dict(r) for r in BANK.items if r["type"] == "matching")
    return [
        {**numeric, "key": "fixture-numeric-comma", "answer": 72.5, "tolerance": 0.5},
        {**ordering, "key": "fixture-ordering-aon", "scoring": "all_or_nothing"},
        {**matching, "key": "fixture-matching-aon", "scoring": "all_or_nothing"},
    ]


ITEMS = [*BANK.items, *_fixture_items()]
BY_KEY = {str(r["key"]): r for r in ITEMS}


def _choice_responses(record: Mapping[str, Any]) -> list[list[str]]:
    keys = [str(o["key"]) for o in record["options"]]
    right = [k for o, k in zip(record["options"], keys, strict=True) if o.get("correct")]
    wrong = [k for k in keys if k not in right]
    if record["type"] != "multiple_response":
        return [right[:1], wrong[:1]]
    return [right, wrong[:1], right[:1], [*right, *wrong[:1]]]


def _responses(record: Mapping[str, Any], lang: str) -> list[list[str]]:
    """Tool-format responses: right first, then wrong, then partial ones (types without partial
    credit get their nearest: another language's answer, a decimal comma)."""
    kind = record["type"]
    if kind in ("single_choice", "true_false", "multiple_response"):
        return _choice_responses(record)
    if kind == "ordering":
        keys = [str(o["key"]) for o in record["options"]]
        return [keys, keys[::-1], [keys[1], keys[0], *keys[2:]], [keys[-1], *keys[:-1]]]
    if kind == "matching":
        keys = [str(p["key"]) for p in record["pairs"]]
        rotated = keys[1:] + keys[:1]
        half = len(keys) // 2
        return [[f"{k}={k}" for k in keys], [f"{k}={r}" for k, r in zip(keys, rotated, strict=True)],
                [f"{k}={k}" for k in keys[:half]],
                [*(f"{k}={k}" for k in keys[:half]), *(f"{k}={k}" for k in keys[half + 1:]), f"{keys[half]}={keys[0]}"]]
    if kind == "short_text":
        other = "en" if lang == "nl" else "nl"
        shouted = "  " + "   ".join(str(record["accepted"][other][-1]).upper().split()) + " "
        return [[record["accepted"][lang][0]], ["zeker niet dit"], [shouted], [f"x{record['accepted'][lang][0]}"]]
    low, high = ITEM_TYPES["numeric"].bounds(record)  # type: ignore[attr-defined]
    comma = lambda value: str(value).replace(".", ",")  # noqa: E731
    answer = ITEM_TYPES["numeric"].correct_response(record)[0]
    return [[answer], [str(high + 1)], [comma(f"{float(answer):.1f}")], [comma(high)], [comma(low - 1)],
            [comma(f"{float(high) + 0.1:.1f}")]]


def _player_value(kind: str, values: list[str]) -> Any:
    if kind == "matching":
        return [f"L-{v.partition('=')[0]} R-{v.partition('=')[2]}" for v in values]
    if kind in ("multiple_response", "ordering"):
        return values
    return values[0] if values else None


def _tool_score(record: Mapping[str, Any], values: list[str]) -> float:
    item_type = ITEM_TYPES[str(record["type"])]
    try:
        return item_type.grade(record, item_type.parse_response(record, values))
    except InvalidResponse:
        return 0.0


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return None


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The exported package (``/pkg/``), the player page and node_modules on a loopback server."""
    if not PLAYER_JS.is_file():
        pytest.skip(f"{PLAYER_JS} missing (run scripts/setup.sh or `npm ci`)")
    root = tmp_path_factory.mktemp("qti-player")
    zipfile.ZipFile(io.BytesIO(export_qti3(ITEMS, BANK.cases))).extractall(root / "pkg")
    (root / "index.html").write_text(PAGE, encoding="utf-8")
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def player(chrome: Any, served: tuple[Path, str]) -> Any:
    chrome.set_script_timeout(30)
    chrome.get(f"{served[1]}/index.html")
    for _ in range(100):
        if chrome.execute_script("return window.playerReady === true"):
            break
        threading.Event().wait(0.1)
    assert chrome.execute_script("return window.playerReady === true"), "the player bundle did not load"
    return chrome


def _play(player: Any, key: str, lang: str, url: str = "") -> list[tuple[list[str], float, Any]]:
    record = BY_KEY[key]
    rendered = player.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "window.loadItem(arguments[0]).then(done).catch((e) => done('error: ' + e));",
        url or f"/pkg/items/{key}/{lang}.xml")
    expected_tag = ITEM_TYPES[str(record["type"])].codec.qti_interaction  # type: ignore[attr-defined]
    assert rendered == expected_tag, f"{key}.{lang} rendered {rendered}"
    out = []
    for values in _responses(record, lang):
        score = player.execute_script("return window.scoreOf(arguments[0])", _player_value(record["type"], values))
        out.append((values, _tool_score(record, values), score))
    return out


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", list(BY_KEY))
def test_the_player_scores_every_item_as_the_tool_does(player: Any, key: str, lang: str) -> None:
    results = _play(player, key, lang)
    assert results[0][1] == 1.0 and results[1][1] < 1.0, "the right and the wrong response are chosen wrongly"
    wrong = [(v, tool, got) for v, tool, got in results if got is None or abs(float(got) - tool) > 0.001]
    assert not wrong, f"{key}.{lang}: (response, tool, player) " + repr(wrong)


def test_partial_credit_and_the_decimal_comma_are_really_exercised(player: Any) -> None:
    """The sample above holds the cases this export was changed for (so it cannot pass vacuously)."""
    played = _play(player, "fixture-numeric-comma", "nl")
    assert [(v[0], tool, got) for v, tool, got in played] == [
        ("72.5", 1.0, 1), ("74.0", 0.0, 0), ("72,5", 1.0, 1), ("73,0", 1.0, 1), ("71,0", 0.0, 0), ("73,1", 0.0, 0)]
    ordering = next(str(r["key"]) for r in BANK.items if r["type"] == "ordering")
    partial = [tool for _, tool, got in _play(player, ordering, "en") if 0 < tool < 1]
    assert partial, "no ordering response with partial credit"
    short = next(str(r["key"]) for r in BANK.items if r["type"] == "short_text")
    assert _play(player, short, "nl")[2][1:] == (1.0, 1)


# --- round trip through Cito's converter: 3.0 → 2.1 (by names, tests/qti_downgrade.py) → 3.0 ------------

ROUND_TRIP = [*dict.fromkeys(next(str(r["key"]) for r in BANK.items if r["type"] == kind) for kind in ITEM_TYPES),
              *(str(r["key"]) for r in _fixture_items())]


@pytest.fixture(scope="module")
def round_tripped(served: tuple[Path, str]) -> str:
    """The sample (one seed item per type, and the fixture items; both languages) converted back to 3.0
    by ``@citolab/qti-convert`` in node, served under ``/rt30/``."""
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "@citolab" / "qti-convert").is_dir():
        pytest.skip("the round trip needs node and @citolab/qti-convert (run scripts/setup.sh or `npm ci`)")
    root = served[0]
    (root / "rt21").mkdir()
    for key in ROUND_TRIP:
        for lang in LANGS:
            qti3 = (root / "pkg" / "items" / key / f"{lang}.xml").read_bytes()
            (root / "rt21" / f"{key}.{lang}.xml").write_bytes(to_qti21(qti3))
    subprocess.run([node, str(Path(__file__).with_name("qti_convert.mjs")), str(root / "rt21"), str(root / "rt30")],
                   check=True, cwd=ROOT, timeout=120, capture_output=True)
    return "/rt30"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", ROUND_TRIP)
def test_an_item_scores_the_same_after_the_round_trip_through_qti_2_1(
        player: Any, round_tripped: str, key: str, lang: str) -> None:
    results = _play(player, key, lang, f"{round_tripped}/{key}.{lang}.xml")
    wrong = [(v, tool, got) for v, tool, got in results if got is None or abs(float(got) - tool) > 0.001]
    assert not wrong, f"{key}.{lang} after 3.0 → 2.1 → 3.0: (response, tool, player) " + repr(wrong)
