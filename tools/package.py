"""Build the plugin zip for the QGIS plugin repository and check it against the upload rules.

Standard library only (runs with the system Python, no venv needed):

    python3 tools/package.py --name georsmllm --out dist

writes ``dist/georsmllm-<version>.zip`` with one top folder ``georsmllm/``, then re-reads the
zip and checks what the repository checks (see the stack notes): metadata.txt parses with
ConfigParser and has the required keys, links are http(s), no bytecode, tests, venv or VCS
files, no absolute or ``..`` paths, under 25 MB. Exits non-zero with a message on any failure.
"""
from __future__ import annotations

import argparse
import ast
import configparser
import fnmatch
import os
import re
import sys
import zipfile
from typing import Iterator, List, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INCLUDE_FILES = ("metadata.txt", "__init__.py", "LICENSE", "README.md")
INCLUDE_GLOBS = ("requirements*.txt",)
INCLUDE_DIRS = ("plugin", "model_backend", "resources", "i18n")
SKIP_PARTS = {"__pycache__", ".git", ".ci", ".venv", "venv", "build", "dist", "docs", "tests", "__MACOSX",
              ".pytest_cache", ".qgis-settings", ".mypy_cache", ".ruff_cache"}
SKIP_SUFFIXES = (".pyc", ".pyo", ".orig", ".rej", ".swp", "~", ".aux.xml")  # .aux.xml: GDAL statistics a local run left
REQUIRED_KEYS = ("name", "description", "version", "qgisMinimumVersion", "author", "email", "about",
                 "tracker", "repository", "homepage")
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


SECRET_NAME = re.compile(r"(token|password|passwd|secret)", re.IGNORECASE)


def security_findings(zip_path: str) -> List[str]:
    """What the repository's bandit scan would block in the shipped Python (a subset: B101 assert,
    B110 try/except/pass, B102/B307 exec/eval, B403 pickle, B602 shell=True, B105 secret-like
    string assignments, B615 from_pretrained without revision=). ``# nosec`` lines are skipped."""
    findings: List[str] = []
    with zipfile.ZipFile(zip_path) as zf:
        for member in zf.namelist():
            if not member.endswith(".py"):
                continue
            source = zf.read(member).decode("utf-8")
            lines = source.splitlines()
            for node in ast.walk(ast.parse(source, member)):
                rule = _rule(node)
                line = getattr(node, "lineno", 0)
                if rule and "nosec" not in (lines[line - 1] if 0 < line <= len(lines) else ""):
                    findings.append(f"{member}:{line}: {rule}")
    return findings


def _rule(node: ast.AST) -> str:
    if isinstance(node, ast.Assert):
        return "B101 assert"
    if isinstance(node, ast.ExceptHandler) and len(node.body) == 1 and isinstance(node.body[0], ast.Pass):
        broad = node.type is None or getattr(node.type, "id", None) == "Exception"  # bandit's default
        return "B110 try/except/pass" if broad else ""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
        return "B403 pickle import" if any(n.split(".")[0] in ("pickle", "cPickle") for n in names) else ""
    if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
        targets = [t.id if isinstance(t, ast.Name) else getattr(t, "attr", "") for t in node.targets]
        return "B105 string assigned to a secret-like name" if any(SECRET_NAME.search(t) for t in targets) else ""
    if isinstance(node, ast.Call):
        func = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        keywords = {k.arg: k.value for k in node.keywords}
        if func in ("exec", "eval") and isinstance(node.func, ast.Name):
            return f"B102/B307 {func}()"
        shell = keywords.get("shell")
        if isinstance(shell, ast.Constant) and shell.value is True:
            return "B602 shell=True"
        if func == "from_pretrained" and "revision" not in keywords and None not in keywords:
            return "B615 from_pretrained without revision="
    return ""


def main(argv: List[str] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--name", default="georsmllm", help="top folder of the zip (the plugin package name)")
    parser.add_argument("--out", default="dist", help="output folder")
    parser.add_argument("--root", default=ROOT, help="the plugin folder to package (default: this repo)")
    parser.add_argument("--allow-security-findings", action="store_true",
                        help="report what the repository's security scan would block, but do not fail")
    args = parser.parse_args(argv)
    try:
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
    findings = security_findings(target)
    if findings:
        print(f"package: the plugin repository's security scan (bandit) would block {target}:", file=sys.stderr)
        for finding in findings:
            print(f"  - {finding}", file=sys.stderr)
        print("  Fix them or mark a justified exception with '# nosec BXXX reason'.", file=sys.stderr)
        if not args.allow_security_findings:
            return 1
    with zipfile.ZipFile(target) as zf:
        count = len(zf.namelist())
    print(f"{target}: {count} files, {os.path.getsize(target) / 1e6:.2f} MB, checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
