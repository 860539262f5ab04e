"""Build the plugin zip for the QGIS plugin repository and check it against the upload rules.

Standard library only (runs with the system Python; bandit is run as a program):

    python3 tools/package.py --name georsmllm --out dist

writes ``dist/georsmllm-<version>.zip`` with one top folder ``georsmllm/``, then re-reads the
zip and checks what the repository checks (see the stack notes): metadata.txt parses with
ConfigParser and has the required keys, links are http(s), no bytecode, tests, venv or VCS
files, no absolute or ``..`` paths, under 25 MB. Then the real bandit (requirements-dev.txt) scans
the zip's files with the repository's mandatory rules, which no waiver lifts (failure), and its
skippable ones (listed). Placeholder email/links in metadata.txt are warned about loudly;
``--release`` (``make package RELEASE=1``) refuses them. Exits non-zero with a message on any failure.
"""

from __future__ import annotations

import argparse
import configparser
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from typing import Iterator, List, Optional, Sequence, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INCLUDE_FILES = ("metadata.txt", "__init__.py", "LICENSE", "README.md")
INCLUDE_GLOBS = ("requirements*.txt",)
INCLUDE_DIRS = ("plugin", "model_backend", "resources", "i18n")
SKIP_PARTS = {
    "__pycache__",
    ".git",
    ".ci",
    ".venv",
    "venv",
    "build",
    "dist",
    "docs",
    "tests",
    "__MACOSX",
    ".pytest_cache",
    ".qgis-settings",
    ".mypy_cache",
    ".ruff_cache",
}
SKIP_SUFFIXES = (".pyc", ".pyo", ".orig", ".rej", ".swp", "~", ".aux.xml")  # .aux.xml: GDAL statistics a local run left
REQUIRED_KEYS = (
    "name",
    "description",
    "version",
    "qgisMinimumVersion",
    "author",
    "email",
    "about",
    "tracker",
    "repository",
    "homepage",
)
URL_KEYS = ("tracker", "repository", "homepage")
MAX_BYTES = 25 * 1024 * 1024
FIXED_DATE = (2020, 1, 1, 0, 0, 0)  # same bytes for the same tree: reproducible zips


class PackageError(Exception):
    """A rule of the plugin repository is broken; the message says which."""


def read_metadata(text: str) -> configparser.SectionProxy:
    """Parse metadata.txt as the repository does (duplicate keys and bare % fail)."""
    parser = configparser.ConfigParser(strict=True, interpolation=configparser.BasicInterpolation())
    parser.optionxform = str  # keys are case-sensitive (qgisMinimumVersion)
    try:
        parser.read_string(text)
        if not parser.has_section("general"):
            raise PackageError("metadata.txt has no [general] section")
        section = parser["general"]
        for key in section:
            section[key]  # noqa: B018 - forces interpolation, which rejects a bare %
    except configparser.Error as exc:
        raise PackageError(f"metadata.txt does not parse: {exc}") from exc
    return section


def collect(root: str) -> Iterator[Tuple[str, str]]:
    """(absolute path, path inside the plugin folder) of every file that ships, sorted."""
    found: List[Tuple[str, str]] = []
    for name in INCLUDE_FILES:
        if os.path.isfile(os.path.join(root, name)):
            found.append((os.path.join(root, name), name))
    for name in sorted(os.listdir(root)):
        if any(fnmatch.fnmatch(name, g) for g in INCLUDE_GLOBS) and os.path.isfile(os.path.join(root, name)):
            found.append((os.path.join(root, name), name))
    for top in INCLUDE_DIRS:
        for folder, dirs, files in os.walk(os.path.join(root, top)):
            dirs[:] = sorted(d for d in dirs if d not in SKIP_PARTS and not d.startswith("."))
            for name in sorted(files):
                path = os.path.join(folder, name)
                if name.endswith(SKIP_SUFFIXES) or name.startswith(".") or os.path.islink(path):
                    continue
                found.append((path, os.path.relpath(path, root).replace(os.sep, "/")))
    return iter(sorted(found, key=lambda item: item[1]))


def build(root: str, name: str, out_dir: str) -> str:
    """Write the zip and return its path."""
    with open(os.path.join(root, "metadata.txt"), encoding="utf-8") as fh:
        version = read_metadata(fh.read())["version"].strip()
    os.makedirs(out_dir, exist_ok=True)
    target = os.path.join(out_dir, f"{name}-{version}.zip")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path, rel in collect(root):
            info = zipfile.ZipInfo(f"{name}/{rel}", FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with open(path, "rb") as fh:
                zf.writestr(info, fh.read())
    return target


def validate(zip_path: str) -> List[str]:
    """Every broken rule, as sentences; an empty list means the zip is fit for upload."""
    problems: List[str] = []
    if os.path.getsize(zip_path) > MAX_BYTES:
        problems.append(f"the zip is larger than 25 MB ({os.path.getsize(zip_path)} bytes)")
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
        tops = {n.split("/", 1)[0] for n in names}
        if len(tops) != 1:
            return problems + [f"the zip must hold exactly one top folder, not {sorted(tops)}"]
        top = tops.pop()
        if not top.isidentifier():
            problems.append(f"the top folder {top!r} is not a valid Python identifier")
        for member in names:
            parts = member.split("/")
            if member.startswith("/") or "\\" in member or ".." in parts or re.match(r"^[A-Za-z]:", member):
                problems.append(f"unsafe member path {member!r}")
            if member.endswith((".pyc", ".pyo")) or set(parts) & SKIP_PARTS:
                problems.append(f"forbidden member {member!r}")
        for required in ("__init__.py", "LICENSE", "metadata.txt"):
            if f"{top}/{required}" not in names:
                problems.append(f"{required} is missing from {top}/")
        if f"{top}/metadata.txt" in names:
            problems += check_metadata(zf.read(f"{top}/metadata.txt"), zf, top)
    return problems


def check_metadata(raw: bytes, zf: zipfile.ZipFile, top: str) -> List[str]:
    problems: List[str] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append("metadata.txt starts with a UTF-8 byte-order mark")
    try:
        meta = read_metadata(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return problems + ["metadata.txt is not UTF-8"]
    except PackageError as exc:
        return problems + [str(exc)]
    for key in REQUIRED_KEYS:
        if not meta.get(key, "").strip():
            problems.append(f"metadata.txt: {key} is missing or empty")
    for key in URL_KEYS:
        if meta.get(key) and not re.match(r"^https?://[^\s/]+\.[^\s]+$", meta[key].strip()):
            problems.append(f"metadata.txt: {key} is not an http(s) URL: {meta[key]!r}")
    for key in ("description", "about"):
        if re.search(r"<\s*/?\s*[a-zA-Z][^>]*>", meta.get(key, "")):
            problems.append(f"metadata.txt: {key} contains HTML")
    if not re.match(r"^\d+\.\d+(\.\d+)?$", meta.get("qgisMinimumVersion", "")):
        problems.append("metadata.txt: qgisMinimumVersion is not a version like 3.22")
    icon = meta.get("icon", "").strip()
    if icon and f"{top}/{icon}" not in zf.namelist():
        problems.append(f"metadata.txt: icon {icon} is not in the zip")
    return problems


# The bandit rules of the plugin repository's upload scan, read from qgis/QGIS-Plugins-Website
# qgis-app/plugins/management/commands/data/bandit_rules.json @211b4be9d778cc02f679319012ca1500ac40d89e.
# Mandatory: enabled and can_be_skipped false; any finding blocks the version. (B111 is not in
# bandit 1.9; bandit warns and skips it, as it does on the site.)
MANDATORY_RULES = (
    "B102",
    "B103",
    "B105",
    "B106",
    "B107",
    "B111",
    "B201",
    "B202",
    "B301",
    "B302",
    "B304",
    "B305",
    "B306",
    "B307",
    "B312",
    "B321",
    "B323",
    "B401",
    "B402",
    "B412",
    "B413",
    "B501",
    "B502",
    "B503",
    "B505",
    "B506",
    "B507",
    "B601",
    "B602",
    "B604",
    "B605",
    "B609",
    "B610",
    "B611",
    "B612",
    "B613",
    "B615",
    "B701",
)
# Enabled but can_be_skipped: they block too unless the uploader waives them on the upload form.
SKIPPABLE_RULES = (
    "B101",
    "B104",
    "B108",
    "B110",
    "B112",
    "B113",
    "B303",
    "B308",
    "B310",
    "B311",
    "B313",
    "B314",
    "B315",
    "B316",
    "B317",
    "B318",
    "B319",
    "B320",
    "B324",
    "B403",
    "B405",
    "B406",
    "B407",
    "B408",
    "B409",
    "B504",
    "B508",
    "B509",
    "B603",
    "B606",
    "B607",
    "B608",
    "B614",
    "B702",
    "B703",
    "B704",
)


def find_bandit(explicit: Optional[str] = None) -> str:
    """The bandit executable: ``explicit``, else the repo's .venv (requirements-dev.txt), else PATH."""
    candidates = [explicit] if explicit else [os.path.join(ROOT, ".venv", "bin", "bandit"), shutil.which("bandit")]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    raise PackageError(
        f"bandit not found ({explicit or 'no .venv/bin/bandit, none on PATH'}): "
        "run `make setup` (requirements-dev.txt) or pass --bandit PATH"
    )


def security_findings(zip_path: str, bandit: Optional[str] = None, rules: Sequence[str] = MANDATORY_RULES) -> List[str]:
    """What the real bandit finds with ``rules`` in the zip's files, extracted as the repository
    extracts them; ``member:line: Bxxx text`` each. ``# nosec Bxxx`` is honoured by bandit."""
    exe = find_bandit(bandit)
    with tempfile.TemporaryDirectory(prefix="package-bandit-") as tmp:
        with zipfile.ZipFile(zip_path) as zf:
            zf.extractall(tmp)  # validate() has rejected absolute and .. members
        proc = subprocess.run(
            [exe, "-r", tmp, "-f", "json", "-q", "-t", ",".join(rules)], capture_output=True, text=True, timeout=300
        )
        try:
            report = json.loads(proc.stdout)
        except ValueError as exc:
            raise PackageError(f"bandit failed (exit {proc.returncode}): {proc.stderr.strip()[-500:]}") from exc
        findings = [
            f"{os.path.relpath(r['filename'], tmp)}:{r['line_number']}: {r['test_id']} {r['issue_text']}"
            for r in report.get("results", [])
        ]
        findings += [
            f"{os.path.relpath(e['filename'], tmp)}: bandit could not scan it: {e['reason']}"
            for e in report.get("errors", [])
        ]
    return sorted(findings)


# Reserved for examples and tests (RFC 2606, RFC 6761): never a real maintainer's address or site.
PLACEHOLDER_HOST = re.compile(
    r"(^|\.)(example\.(com|org|net)|[^.]+\.(example|invalid|test|localhost)|localhost)$", re.IGNORECASE
)
PLACEHOLDER_WORD = re.compile(r"changeme|placeholder|your[-_.]?(name|email|user|org)|todo", re.IGNORECASE)


def placeholders(meta: configparser.SectionProxy) -> List[str]:
    """metadata.txt values that are stand-ins (the email on the plugin page, the links users follow)."""
    found = []
    for key in ("email",) + URL_KEYS:
        value = meta.get(key, "").strip()
        host = value.rsplit("@", 1)[-1] if key == "email" else re.sub(r"^https?://([^/:]+).*$", r"\1", value)
        if PLACEHOLDER_HOST.search(host) or PLACEHOLDER_WORD.search(value):
            found.append(f"{key}={value}")
    return found


def _print_findings(target: str, findings: List[str], what: str) -> None:
    print(f"package: bandit with the plugin repository's {what} rules finds in {target}:", file=sys.stderr)
    for finding in findings:
        print(f"  - {finding}", file=sys.stderr)
    print("  Fix them or mark a justified exception on that line: '# nosec BXXX reason'.", file=sys.stderr)


def main(argv: List[str] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--name", default="georsmllm", help="top folder of the zip (the plugin package name)")
    parser.add_argument("--out", default="dist", help="output folder")
    parser.add_argument("--root", default=ROOT, help="the plugin folder to package (default: this repo)")
    parser.add_argument("--bandit", help="the bandit executable (default: .venv/bin/bandit, else PATH)")
    parser.add_argument(
        "--release", action="store_true", help="refuse placeholder email/links in metadata.txt (make package RELEASE=1)"
    )
    parser.add_argument(
        "--allow-security-findings",
        action="store_true",
        help="report what the repository's security scan would block, but do not fail",
    )
    args = parser.parse_args(argv)
    try:
        with open(os.path.join(args.root, "metadata.txt"), encoding="utf-8") as fh:
            stand_ins = placeholders(read_metadata(fh.read()))
        if stand_ins and args.release:
            raise PackageError(
                "refusing a release: metadata.txt holds placeholders, set the real values: " + ", ".join(stand_ins)
            )
        target = build(args.root, args.name, args.out)
    except (OSError, PackageError) as exc:
        print(f"package: {exc}", file=sys.stderr)
        return 1
    problems = validate(target)
    if problems:
        print(f"package: {target} breaks the plugin repository's rules:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    try:
        blocking = security_findings(target, args.bandit, MANDATORY_RULES)
        waivable = security_findings(target, args.bandit, SKIPPABLE_RULES)
    except (OSError, PackageError, subprocess.SubprocessError) as exc:
        print(f"package: {exc}", file=sys.stderr)
        return 1
    if waivable:
        _print_findings(target, waivable, "skippable (block unless waived on the upload form)")
    if blocking:
        _print_findings(target, blocking, "mandatory (block the upload, no waiver)")
        if not args.allow_security_findings:
            return 1
    with zipfile.ZipFile(target) as zf:
        count = len(zf.namelist())
    print(
        f"{target}: {count} files, {os.path.getsize(target) / 1e6:.2f} MB, checks passed; bandit: "
        f"{len(blocking)} mandatory, {len(waivable)} skippable finding(s)"
    )
    if stand_ins:
        bar = "!" * 78
        print(
            f"{bar}\nWARNING: metadata.txt holds placeholders: {', '.join(stand_ins)}\n"
            f"Fine for a test build; set the real values before uploading "
            f"(make package RELEASE=1 refuses this).\n{bar}",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
