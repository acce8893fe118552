# SPDX-License-Identifier: Apache-2.0
"""Python binding of elig's C API (api/include/elig.h), with the standard library only (ctypes).

    import elig

    with elig.Rules.open_dir("rules") as rules:
        program = rules.program("gunma.trade-fair-sample")
        applicant = program.input()
        applicant.set("prefecture", "群馬県")
        applicant.set("fair_expenses", 1_500_000)
        applicant.set_json('{"founded": "2010-05-01"}')
        decision = program.evaluate(applicant, as_of="2026-06-01")
        print(decision.outcome, decision.award, decision.missing)
        print(decision.json(lang="ja", pretty=True))

Installed with pip (`pip install api/bindings/python`), this module is the package
`elig`, with its own copy of libelig.so. The library is looked for, in this order:

1. $ELIG_LIBRARY, when it is set (a path; nothing else is tried then);
2. the copy inside the package, beside this file (`libelig.so`, put there by the build);
3. the system: ctypes.util.find_library("elig"), then the dynamic loader's own search
   for "libelig.so" (LD_LIBRARY_PATH, ld.so.cache).

`LIBRARY_PATH` says which one was loaded. The library's major and minor version must be
this module's (`VERSION`, which is CMake's project(VERSION)).

Money and ratios come back as fractions.Fraction, never float. Calls release the GIL:
one Program may be evaluated from many threads at once, each with its own Input.

`Rules` and `Program` can be pickled (for multiprocessing, or any pool of workers): a
Rules pickles as its source (the directory path, or the texts) and is opened again when
unpickled; a Program pickles as its rules and its id. Inputs and decisions stay where
they are made: send facts (a dict or JSON) and results (`Decision.json()`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime
import decimal
import fractions
import importlib
import json as _json
import os
import re
from typing import Any, Callable, Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple, TypeVar, Union

__all__ = [
    "VERSION", "VERSION_NUMBER", "LIBRARY_PATH", "library_version",
    "OK", "MISUSE", "NOMEM", "INTERNAL", "IO", "RULES", "NOTFOUND", "UNKNOWN_FACT", "TYPE", "VALUE", "JSON",
    "RANGE", "ABSENT", "LANG", "OUTCOMES", "FACT_TYPES", "RULE_KINDS", "RULE_RESULTS", "SEVERITIES",
    "Issue", "Fact", "Rule", "InputIssue", "EligError", "RulesError", "Rules", "Program", "Input", "Decision",
    "FactValue", "Applicant", "Choice", "Theme", "Deadline", "Apply", "Window", "ProgramResult", "Question", "ChecklistItem",
    "Screening",
]

_HERE = os.path.dirname(os.path.abspath(__file__))


def _own_version() -> Optional[str]:
    """This module's version: written into the package by its build (from CMake's
    project(VERSION)); in a checkout, read from the top CMakeLists.txt; else None."""
    if __package__:
        try:
            return str(importlib.import_module("._version", __package__).VERSION)
        except ImportError:
            pass
    try:
        with open(os.path.join(_HERE, "..", "..", "..", "CMakeLists.txt"), encoding="utf-8") as f:
            found = re.search(r"\bproject\s*\(\s*elig\b[^)]*?\bVERSION\s+(\d+\.\d+\.\d+)", f.read())
    except OSError:
        return None
    return found.group(1) if found else None


def _version_number(version: str) -> int:
    major, minor, patch = (int(x) for x in version.split("."))
    return major * 1000000 + minor * 1000 + patch


# Result codes (elig.h).
OK, MISUSE, NOMEM, INTERNAL, IO, RULES, NOTFOUND, UNKNOWN_FACT, TYPE, VALUE, JSON, RANGE, ABSENT = range(13)
LANG = {"ja": 1, "en": 2}
OUTCOMES = ("eligible", "ineligible", "undetermined", "closed")
FACT_TYPES = {1: "bool", 2: "int", 3: "decimal", 4: "yen", 5: "text", 6: "date", 7: "enum", 8: "list"}
RULE_KINDS = {"requirement": 1, "exclusion": 2, "score": 3}
RULE_RESULTS = ("false", "true", "unknown", "error")
SEVERITIES = ("error", "warning", "note")
_INPUT_STRICT = 1
_EVAL_NO_TRACE = 1
_EVAL_AUDIT = 2
_JSON_PRETTY = 1
_JSON_COMPACT_DECISION = 2



class Issue(NamedTuple):
    """A problem found while loading rules, at its place (`file`:`line`:`column`)."""

    severity: str  # "error", "warning" or "note"
    file: Optional[str]
    line: int
    column: int
    code: Optional[str]  # e.g. "unknown-name"
    message: Optional[str]


class Choice(NamedTuple):
    """One allowed value of an enum fact, with what applicants read for it."""

    value: Optional[str]
    label_ja: Optional[str]
    label_en: Optional[str]


class Fact(NamedTuple):
    """One fact a program asks of an applicant: its type, questions, bounds and choices."""

    name: Optional[str]
    type: Optional[str]  # one of FACT_TYPES' values: "bool", "int", "decimal", "yen", ...
    type_name: Optional[str]  # as declared: "list[enum[kurumin, eruboshi]]"
    question_ja: Optional[str]
    question_en: Optional[str]
    used: bool  # whether any rule reads it
    choices: List[Optional[str]]
    label_ja: Optional[str] = None  # what an answer is shown as ("" when the rules give none)
    label_en: Optional[str] = None
    min: Optional[fractions.Fraction] = None  # the declared bounds, exact; None when not declared
    max: Optional[fractions.Fraction] = None
    choice_labels: List[Choice] = []  # the choices with their labels


class Theme(NamedTuple):
    """A theme of a program (`themes:`): its id and label."""

    id: Optional[str]
    label_ja: Optional[str]
    label_en: Optional[str]


class Deadline(NamedTuple):
    """A deadline rule of `apply:`: what it means, and the rule as written."""

    text: Optional[str]
    rule: Optional[str]


class Apply(NamedTuple):
    """Where and how to apply (`apply:`), in one language; "" where the file does not say."""

    where: Optional[str]
    url: Optional[str]
    how: Optional[str]
    note: Optional[str]
    documents: List[Optional[str]]
    deadlines: List[Deadline]


class Window(NamedTuple):
    """The application window; both None when the program states none (always open)."""

    open: Optional[datetime.date]
    close: Optional[datetime.date]


class ProgramResult(NamedTuple):
    """One program of a screening: as `elig match` and `elig batch` give it."""

    id: Optional[str]
    outcome: str  # "eligible", "ineligible", "undetermined" or "closed"
    score: Optional[fractions.Fraction]
    score_complete: bool
    award: Optional[fractions.Fraction]  # its own award; None when not determinable
    final_award: Optional[fractions.Fraction]  # after 併給制限; None when not determinable
    combined: bool  # whether 併給制限 touched it
    missing: List[Optional[str]]  # the facts it still needs, most useful first


class ChecklistItem(NamedTuple):
    """One yes/no fact of a checklist: True when ticked, False when not."""

    fact: Optional[str]
    statement_ja: Optional[str]  # what is true when it is ticked (the fact's `statement:`)
    statement_en: Optional[str]


class Question(NamedTuple):
    """The next fact to ask (`elig ask`, POST /v1/ask), with what a form needs to ask it. A
    checklist asks several yes/no facts of one program at once: `items` holds them (each
    answered True or False, or all None when not known), `text_*` is its question, and `fact`
    and `declaration` are its first item's. A question of one fact has one item, itself."""

    fact: Optional[str]
    text_ja: Optional[str]
    text_en: Optional[str]
    declaration: Fact  # the fact as the program asking it declares it: type, bounds, choices, labels
    programs: List[Optional[str]]  # the programs some answer to it would settle or move
    items: List[ChecklistItem] = []

    @property
    def checklist(self) -> bool:
        """True when this question asks several yes/no facts at once (see `items`)."""
        return len(self.items) > 1


class Rule(NamedTuple):
    """One rule of a decision with its result ("false", "true", "unknown" or "error")."""

    id: Optional[str]
    result: str
    text: Optional[str]
    cite: Optional[str]


class InputIssue(NamedTuple):
    """A fact the applicant gave that does not fit the program, and why."""

    fact: Optional[str]
    message: Optional[str]


class EligError(Exception):
    """A call failed: `code` is the result code, `message` the handle's error text (or the code's)."""

    def __init__(self, code: int, message: Optional[str] = None) -> None:
        """Wraps result code `code`; `message` defaults to the code's own text."""
        self.code = code
        self.message: str = message or _errstr(code)
        super().__init__(f"{self.message} [{_errstr(code)}]" if message else self.message)

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self.code, self.message))


class RulesError(EligError):
    """The rules could not be loaded cleanly; `issues` holds every problem with its place."""

    def __init__(self, code: int, message: Optional[str], issues: List[Issue]) -> None:
        """Wraps result code `code` with the rule set's message and its issues."""
        super().__init__(code, message)
        self.issues = issues

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self.code, self.message, self.issues))


class _Opaque(ctypes.Structure):
    pass


_H = ctypes.POINTER(_Opaque)
_c = ctypes.c_char_p
_pc = ctypes.POINTER(ctypes.c_char_p)
_i = ctypes.c_int
_pi = ctypes.POINTER(ctypes.c_int)
_sz = ctypes.c_size_t
_psz = ctypes.POINTER(ctypes.c_size_t)
_u32p = ctypes.POINTER(ctypes.c_uint32)
_i64 = ctypes.c_int64
_pH = ctypes.POINTER(_H)

# Each C function's (restype, argtypes), the functions of one signature together.
_SIGNATURE_GROUPS: List[Tuple[Any, List[Any], str]] = [
    (_i, [], "elig_libversion_number"),
    (_c, [], "elig_libversion"),
    (_c, [_i], "elig_errstr elig_outcome_name"),
    (_i, [_c, _pH], "elig_rules_open_dir"),
    (_i, [_sz, _pc, _pc, _pH], "elig_rules_open_texts"),
    (None, [_H],
        "elig_rules_free elig_program_free elig_input_free elig_decision_free elig_screening_free elig_question_free"),
    (_c, [_H], "elig_rules_errmsg elig_input_errmsg"),
    (_i, [_H, _psz],
        "elig_rules_issue_count elig_rules_program_count elig_program_fact_count elig_decision_missing_count "
        "elig_decision_issue_count elig_decision_error_count elig_program_theme_count elig_program_apply_document_count "
        "elig_program_apply_deadline_count elig_screening_program_count elig_screening_needed_count "
        "elig_question_program_count elig_question_item_count"),
    (_i, [_H, _sz, _pi, _pc, _u32p, _u32p, _pc, _pc], "elig_rules_issue"),
    (_i, [_H, _pc],
        "elig_rules_issues_text elig_program_id elig_program_version elig_decision_as_of elig_decision_award "
        "elig_program_kind elig_screening_as_of elig_question_fact"),
    (_i, [_H, _sz, _pc],
        "elig_rules_program_id elig_decision_missing elig_decision_error elig_screening_award elig_screening_final_award "
        "elig_screening_needed elig_question_program"),
    (_i, [_H, _c, _pH], "elig_program_open"),
    (_i, [_H, _i, _pc], "elig_program_title elig_decision_text elig_screening_json elig_question_text"),
    (_i, [_H, _sz, _pc, _pi, _pc], "elig_program_fact"),
    (_i, [_H, _c, _psz], "elig_program_fact_find"),
    (_i, [_H, _sz, _i, _pc], "elig_program_fact_question elig_program_fact_label elig_program_apply_document "
        "elig_decision_error_text"),
    (_i, [_H, _sz, _pi], "elig_program_fact_used elig_screening_combined"),
    (_i, [_H, _sz, _psz], "elig_program_fact_choice_count elig_screening_missing_count"),
    (_i, [_H, _sz, _sz, _pc], "elig_program_fact_choice elig_screening_missing"),
    (_i, [_H, _pH], "elig_input_new elig_input_new_rules"),
    (_i, [_H], "elig_input_clear"),
    (_i, [_H, _c, _i64], "elig_input_set_int"),
    (_i, [_H, _c, _c], "elig_input_set_decimal elig_input_set_text elig_input_set_date"),
    (_i, [_H, _c, _i], "elig_input_set_bool elig_input_set_json elig_rules_audit_open"),
    (_i, [_H, _c, _sz, _pc], "elig_input_set_list"),
    (_i, [_H, _c], "elig_input_set_unknown"),
    (_i, [_H, _sz], "elig_input_set_json_limit"),
    (_i, [_H, _H, _c, _i, _pH], "elig_evaluate"),
    (_i, [_H, _pi], "elig_decision_outcome"),
    (_i, [_H, _pc, _pi], "elig_decision_score"),
    (_i, [_H, ctypes.POINTER(_i64)], "elig_decision_award_yen"),
    (_i, [_H, _i, _psz], "elig_decision_rule_count"),
    (_i, [_H, _i, _sz, _i, _pc, _pi, _pc, _pc], "elig_decision_rule"),
    (_i, [_H, _sz, _pc, _pc], "elig_decision_issue elig_program_fact_bounds"),
    (_i, [_H, _i, _i, _pc], "elig_decision_json"),
    (_i, [_H, _i, _pc, ctypes.POINTER(ctypes.c_uint64)], "elig_rules_limit"),
    (_i, [_H, _sz, _sz, _i, _pc], "elig_program_fact_choice_label"),
    (_i, [_H, _pc, _pc], "elig_program_window"),
    (_i, [_H, _c, _pi], "elig_program_open_on"),
    (_i, [_H, _sz, _i, _pc, _pc], "elig_program_theme elig_program_apply_deadline elig_question_item"),
    (_i, [_H, _i, _pc, _pc, _pc, _pc], "elig_program_apply"),
    (_i, [_H, _H, _sz, _pc, _c, _c, _pH], "elig_screen elig_ask"),
    (_i, [_H, _sz, _pc, _pi], "elig_screening_program elig_screening_score"),
    (_i, [_H, _sz, _pH], "elig_screening_decision"),
    (_i, [_H, _pH, _psz], "elig_question_declaration"),
]
_SIGNATURES = {name: (restype, argtypes) for restype, argtypes, names in _SIGNATURE_GROUPS for name in names.split()}


def _candidates() -> List[Tuple[str, str, bool]]:
    """(where, path, required) in the order the library is looked for (see the module's doc)."""
    env = os.environ.get("ELIG_LIBRARY")
    if env:
        return [("$ELIG_LIBRARY", env, True)]
    out = []
    bundled = os.path.join(_HERE, "libelig.so")
    if os.path.exists(bundled):
        out.append(("the copy inside the package", bundled, True))
    found = ctypes.util.find_library("elig")
    if found:
        out.append(("ctypes.util.find_library('elig')", found, False))
    out.append(("the dynamic loader's search", "libelig.so", False))
    return out


def _load() -> Tuple[ctypes.CDLL, str]:
    tried = []
    for where, path, required in _candidates():
        try:
            lib = ctypes.CDLL(path)
        except OSError as e:
            if required:
                raise ImportError(f"elig: cannot load libelig from {where} ({path}): {e}") from e
            tried.append(f"{where} ({path}): {e}")
            continue
        for name, (restype, argtypes) in _SIGNATURES.items():
            fn = getattr(lib, name)
            fn.restype = restype
            fn.argtypes = argtypes
        return lib, getattr(lib, "_name", path)
    raise ImportError("elig: libelig not found. Set ELIG_LIBRARY to the path of libelig.so, install the package "
                      "with pip (it carries its own copy), or install elig's library on the system. Tried: "
                      + "; ".join(tried))


_lib, LIBRARY_PATH = _load()
"""The path (or name) of the libelig that was loaded."""

_linked_version: str = _lib.elig_libversion().decode()
VERSION: str = _own_version() or _linked_version
"""This module's version: CMake's project(VERSION), through the package build."""
VERSION_NUMBER: int = _version_number(VERSION)
"""VERSION as ELIG_VERSION_NUMBER encodes it: major * 1000000 + minor * 1000 + patch."""

# Same major and minor: while the major is 0 a minor release may change the ABI.
if _lib.elig_libversion_number() // 1000 != VERSION_NUMBER // 1000:
    raise ImportError(f"elig: library {_linked_version} at {LIBRARY_PATH} does not match this module ({VERSION})")
def _errstr(code: int) -> str:
    return str(_lib.elig_errstr(code).decode())


def _s(raw: Optional[bytes]) -> Optional[str]:
    return raw.decode("utf-8") if raw is not None else None


def _b(text: str) -> bytes:
    """UTF-8 for the C API. A NUL is refused: C would end the string there, and
    "群馬県\\x00（実は東京都）" would arrive as "群馬県"."""
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    if "\x00" in text:
        raise EligError(VALUE, f"the text {text!r} contains a NUL character")
    return text.encode("utf-8")


_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def _i64_of(name: str, value: int) -> int:
    """`value` as an int64_t, or EligError(VALUE): ctypes would silently wrap 2**64+5 to 5."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"`{name}`: expected int, got {type(value).__name__}")
    if not _INT64_MIN <= value <= _INT64_MAX:
        raise EligError(VALUE, f"`{name}`: {value} is outside the range of a 64-bit integer")
    return value


def _lang(lang: str) -> int:
    try:
        return LANG[lang]
    except KeyError:
        raise ValueError(f"lang must be 'ja' or 'en', not {lang!r}") from None


def _check(rc: int, message: Optional[str] = None) -> None:
    if rc != OK:
        raise EligError(rc, message)


def _count(fn: Callable[..., int], handle: Any, *args: Any) -> int:
    n = _sz()
    _check(fn(handle, *args, ctypes.byref(n)))
    return int(n.value)


def library_version() -> Tuple[str, int]:
    """(text, number) of the linked library, as elig_libversion() and elig_libversion_number() say."""
    return _linked_version, int(_lib.elig_libversion_number())


def _text_of(fn: Callable[..., int], handle: Any, *args: Any) -> Optional[str]:
    out = ctypes.c_char_p()
    _check(fn(handle, *args, ctypes.byref(out)))
    return _s(out.value)


def _date(text: Optional[str]) -> Optional[datetime.date]:
    return datetime.date.fromisoformat(text) if text else None


def _bound(text: Optional[str]) -> Optional[fractions.Fraction]:
    return fractions.Fraction(text) if text else None


def _fact(program: Any, i: int) -> Fact:
    """Fact `i` of a program handle, everything a form needs to ask it."""
    name, type_name, kind, used = ctypes.c_char_p(), ctypes.c_char_p(), ctypes.c_int(), ctypes.c_int()
    _check(_lib.elig_program_fact(program, i, ctypes.byref(name), ctypes.byref(kind), ctypes.byref(type_name)))
    _check(_lib.elig_program_fact_used(program, i, ctypes.byref(used)))
    low, high = ctypes.c_char_p(), ctypes.c_char_p()
    _check(_lib.elig_program_fact_bounds(program, i, ctypes.byref(low), ctypes.byref(high)))
    choices = [Choice(_text_of(_lib.elig_program_fact_choice, program, i, j),
                      _text_of(_lib.elig_program_fact_choice_label, program, i, j, LANG["ja"]),
                      _text_of(_lib.elig_program_fact_choice_label, program, i, j, LANG["en"]))
               for j in range(_count(_lib.elig_program_fact_choice_count, program, i))]
    return Fact(_s(name.value), FACT_TYPES.get(kind.value), _s(type_name.value),
                _text_of(_lib.elig_program_fact_question, program, i, LANG["ja"]),
                _text_of(_lib.elig_program_fact_question, program, i, LANG["en"]), bool(used.value),
                [c.value for c in choices],
                _text_of(_lib.elig_program_fact_label, program, i, LANG["ja"]),
                _text_of(_lib.elig_program_fact_label, program, i, LANG["en"]),
                _bound(_s(low.value)), _bound(_s(high.value)), choices)


def _json_value(value: "FactValue") -> Any:
    """A fact's value as the JSON applicant reader takes it (exact numbers as text)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, fractions.Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, (decimal.Decimal, datetime.date)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [str(x) for x in value]
    raise EligError(TYPE, f"a {type(value).__name__} is not a fact's value")


FactValue = Union[None, bool, int, str, decimal.Decimal, fractions.Fraction, datetime.date, Sequence[str]]
"""What Input.set takes: None (unknown), or a value that fits the fact's declared type."""

Applicant = Union["Input", Mapping[str, FactValue], str]
"""An applicant: an Input, a dict of facts, or a JSON text."""

_Self = TypeVar("_Self", bound="_Handle")


class _Handle:
    """A handle of the C API, freed by close(), by `with`, or when collected."""

    _free: Any  # the C destructor, elig_*_free

    def __init__(self, handle: Any) -> None:
        self._h = handle

    def close(self) -> None:
        """Frees the handle now (also done when the object is collected). Closing twice is harmless."""
        if getattr(self, "_h", None):
            type(self)._free(self._h)
            self._h = None

    def __del__(self) -> None:
        self.close()

    def __enter__(self: _Self) -> _Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def handle(self) -> Any:
        """The C handle (a ctypes pointer); EligError(MISUSE) once closed."""
        if not self._h:
            raise EligError(MISUSE, "the handle is closed")
        return self._h


def _reopen_rules(kind: str, source: Any, allow_errors: bool) -> "Rules":
    """Unpickles a Rules: opens its source again."""
    if kind == "dir":
        return Rules.open_dir(source, allow_errors=allow_errors)
    return Rules.from_texts(dict(source), allow_errors=allow_errors)


def _reopen_program(rules: "Rules", program_id: str) -> "Program":
    """Unpickles a Program: opens it again from its (unpickled) rules."""
    return rules.program(program_id)


class Rules(_Handle):
    """Every program and module under one rules root. Immutable: share it between threads.

    Pickled, a Rules is its source (the directory path as given, or the texts) and is
    opened again when unpickled: a relative path is read from the unpickling process's
    working directory. An audit log (audit_open) is not carried: open it where it is needed."""

    _free = staticmethod(_lib.elig_rules_free)

    def __init__(self, handle: Any, source: Optional[Tuple[str, Any]] = None, allow_errors: bool = False) -> None:
        """Wraps a handle; use open_dir or from_texts rather than this."""
        super().__init__(handle)
        self._source = source
        self._allow_errors = allow_errors

    @classmethod
    def open_dir(cls, path: Union[str, "os.PathLike[str]"], allow_errors: bool = False) -> "Rules":
        """Loads `path` like `elig check --rules`. Raises RulesError on errors unless allow_errors."""
        path = os.fspath(path)
        h = _H()
        rc = _lib.elig_rules_open_dir(_b(path), ctypes.byref(h))
        return cls._opened(rc, h, allow_errors, ("dir", path))

    @classmethod
    def from_texts(cls, files: Mapping[str, str], allow_errors: bool = False) -> "Rules":
        """`files` maps relative paths ("common/sme.yaml") to YAML text."""
        items = list(files.items())
        paths = (ctypes.c_char_p * len(items))(*[_b(p) for p, _ in items])
        texts = (ctypes.c_char_p * len(items))(*[_b(t) for _, t in items])
        h = _H()
        rc = _lib.elig_rules_open_texts(len(items), paths, texts, ctypes.byref(h))
        return cls._opened(rc, h, allow_errors, ("texts", tuple(items)))

    @classmethod
    def _opened(cls, rc: int, h: Any, allow_errors: bool, source: Tuple[str, Any]) -> "Rules":
        if not h:
            raise EligError(rc)
        rules = cls(h, source, allow_errors)
        if rc != OK and not (allow_errors and rc == RULES):
            message, issues = _s(_lib.elig_rules_errmsg(h)), rules.issues
            rules.close()
            raise RulesError(rc, message, issues)
        return rules

    def __reduce__(self) -> Tuple[Any, ...]:
        if self._source is None:
            raise TypeError("this Rules was not opened by open_dir or from_texts: it has no source to pickle")
        kind, source = self._source
        return (_reopen_rules, (kind, source, self._allow_errors))

    @property
    def source(self) -> Union[str, Dict[str, str], None]:
        """What the rules were opened from: the directory path, or the texts by path."""
        if self._source is None:
            return None
        kind, source = self._source
        return str(source) if kind == "dir" else dict(source)

    @property
    def issues(self) -> List[Issue]:
        """Every error, warning and note found while loading, with its place."""
        out = []
        for i in range(_count(_lib.elig_rules_issue_count, self.handle)):
            sev, line, col = ctypes.c_int(), ctypes.c_uint32(), ctypes.c_uint32()
            file, code, msg = ctypes.c_char_p(), ctypes.c_char_p(), ctypes.c_char_p()
            _check(_lib.elig_rules_issue(self.handle, i, ctypes.byref(sev), ctypes.byref(file), ctypes.byref(line),
                                         ctypes.byref(col), ctypes.byref(code), ctypes.byref(msg)))
            out.append(Issue(SEVERITIES[sev.value], _s(file.value), line.value, col.value, _s(code.value), _s(msg.value)))
        return out

    @property
    def issues_text(self) -> Optional[str]:
        """The issues as `elig check` prints them ("p.yaml:20:11: error[unknown-name] ...")."""
        out = ctypes.c_char_p()
        _check(_lib.elig_rules_issues_text(self.handle, ctypes.byref(out)))
        return _s(out.value)

    @property
    def program_ids(self) -> List[Optional[str]]:
        """The ids of the programs that loaded, in the library's order."""
        ids = []
        for i in range(_count(_lib.elig_rules_program_count, self.handle)):
            out = ctypes.c_char_p()
            _check(_lib.elig_rules_program_id(self.handle, i, ctypes.byref(out)))
            ids.append(_s(out.value))
        return ids

    def audit_open(self, path: Union[str, "os.PathLike[str]"], lang: str = "ja") -> None:
        """Attaches an append-only SQLite audit log (created when absent): every
        `Program.evaluate(..., audit=True)` on these rules appends its decision, with the
        explanation in `lang`. `elig audit verify PATH` checks and replays it."""
        _check(_lib.elig_rules_audit_open(self.handle, _b(os.fspath(path)), _lang(lang)),
               _s(_lib.elig_rules_errmsg(self.handle)))

    @property
    def limits(self) -> Dict[str, int]:
        """The limits the loader enforced while opening these rules, by name ("max_files", …)."""
        out: Dict[str, int] = {}
        index = 0
        while True:
            name, value = ctypes.c_char_p(), ctypes.c_uint64()
            rc = _lib.elig_rules_limit(self.handle, index, ctypes.byref(name), ctypes.byref(value))
            if rc == RANGE:
                return out
            _check(rc)
            out[_s(name.value) or ""] = int(value.value)
            index += 1

    def input(self, facts: Union[Mapping[str, FactValue], str, None] = None) -> "Input":
        """A new applicant for every program of these rules (for screen and ask); `facts` (a
        dict or a JSON text) is set at once. A value is checked against every program that
        declares the fact."""
        h = _H()
        _check(_lib.elig_input_new_rules(self.handle, ctypes.byref(h)))
        return Input(h, None).set_all(facts)

    def _applicant(self, applicant: Applicant) -> "Input":
        return applicant if isinstance(applicant, Input) else self.input(applicant)

    def screen(self, applicant: Applicant, programs: Optional[Sequence[str]] = None, theme: Optional[str] = None,
               as_of: Union[str, datetime.date, None] = None) -> "Screening":
        """Screens `applicant` (an Input, a dict of facts or a JSON text) against the programs
        `programs` names (all when None), with `theme` when given, as of a date: each
        program's decision with 併給制限 applied, as `elig match` gives it."""
        inp = self._applicant(applicant)
        h = _H()
        rc = _lib.elig_screen(self.handle, inp.handle, *_chosen(programs, theme, as_of), ctypes.byref(h))
        if rc != OK:
            raise EligError(rc, _s(_lib.elig_input_errmsg(inp.handle)))
        return Screening(h)

    def ask(self, applicant: Applicant, programs: Optional[Sequence[str]] = None, theme: Optional[str] = None,
            as_of: Union[str, datetime.date, None] = None) -> Optional[Question]:
        """The next question for `applicant` given the answers so far (a fact set to None in a
        dict or JSON is one the applicant does not know: not asked again), as `elig ask` asks
        it; None when every program is settled. Programs, theme and date as screen()."""
        inp = self._applicant(applicant)
        h = _H()
        rc = _lib.elig_ask(self.handle, inp.handle, *_chosen(programs, theme, as_of), ctypes.byref(h))
        if rc == ABSENT:
            return None
        if rc != OK:
            raise EligError(rc, _s(_lib.elig_input_errmsg(inp.handle)))
        try:
            return _question(h)
        finally:
            _lib.elig_question_free(h)

    def program(self, program_id: str) -> "Program":
        """Opens one program by id; EligError(NOTFOUND) when there is none."""
        h = _H()
        _check(_lib.elig_program_open(self.handle, _b(program_id), ctypes.byref(h)), f"program `{program_id}`")
        return Program(h, self, program_id)


class Program(_Handle):
    """One compiled program. Immutable: evaluate it from many threads, each with its own Input.

    Pickled, a Program is its rules (pickled as their source) and its id."""

    _free = staticmethod(_lib.elig_program_free)

    def __init__(self, handle: Any, rules: Optional[Rules] = None, program_id: Optional[str] = None) -> None:
        """Wraps a handle; use Rules.program rather than this."""
        super().__init__(handle)
        self._rules = rules
        self._id = program_id

    def __reduce__(self) -> Tuple[Any, ...]:
        if self._rules is None:
            raise TypeError("this Program was not opened by Rules.program: it has no rules to pickle")
        return (_reopen_program, (self._rules, self._id or self.id))

    def _text(self, fn: Callable[..., int], *args: Any) -> Optional[str]:
        return _text_of(fn, self.handle, *args)

    @property
    def rules(self) -> Optional[Rules]:
        """The Rules this program was opened from."""
        return self._rules

    @property
    def id(self) -> Optional[str]:
        """The program's id ("gunma.trade-fair-sample")."""
        return self._text(_lib.elig_program_id)

    @property
    def version(self) -> Optional[str]:
        """The program's own version, as its file states it."""
        return self._text(_lib.elig_program_version)

    def title(self, lang: str = "en") -> Optional[str]:
        """The program's title in `lang` ("ja" or "en")."""
        return self._text(_lib.elig_program_title, _lang(lang))

    @property
    def facts(self) -> List[Fact]:
        """The applicant schema: every fact with its type, questions, labels, bounds and choices."""
        return [_fact(self.handle, i) for i in range(_count(_lib.elig_program_fact_count, self.handle))]

    @property
    def kind(self) -> Optional[str]:
        """The program's kind (`kind:`, "grant", …; "" when the file gives none)."""
        return self._text(_lib.elig_program_kind)

    @property
    def window(self) -> Window:
        """The application window (open and close dates; both None when the program states none)."""
        start, end = ctypes.c_char_p(), ctypes.c_char_p()
        _check(_lib.elig_program_window(self.handle, ctypes.byref(start), ctypes.byref(end)))
        return Window(_date(_s(start.value)), _date(_s(end.value)))

    def open_on(self, date: Union[str, datetime.date]) -> bool:
        """Whether `date` is inside the application window."""
        out = ctypes.c_int()
        text = date.isoformat() if isinstance(date, datetime.date) else date
        _check(_lib.elig_program_open_on(self.handle, _b(text), ctypes.byref(out)), f"`{text}` is not a real date")
        return bool(out.value)

    @property
    def themes(self) -> List[Theme]:
        """The program's themes (`themes:`), with their labels."""
        out = []
        for i in range(_count(_lib.elig_program_theme_count, self.handle)):
            labels = []
            for lang in (LANG["ja"], LANG["en"]):
                tid, label = ctypes.c_char_p(), ctypes.c_char_p()
                _check(_lib.elig_program_theme(self.handle, i, lang, ctypes.byref(tid), ctypes.byref(label)))
                labels.append(_s(label.value))
            out.append(Theme(_s(tid.value), labels[0], labels[1]))
        return out

    def apply(self, lang: str = "en") -> Optional[Apply]:
        """Where and how to apply (`apply:`) in `lang`; None when the program does not say."""
        texts = [ctypes.c_char_p() for _ in range(4)]
        rc = _lib.elig_program_apply(self.handle, _lang(lang), *[ctypes.byref(t) for t in texts])
        if rc == ABSENT:
            return None
        _check(rc)
        documents = [self._text(_lib.elig_program_apply_document, i, _lang(lang))
                     for i in range(_count(_lib.elig_program_apply_document_count, self.handle))]
        deadlines = []
        for i in range(_count(_lib.elig_program_apply_deadline_count, self.handle)):
            text, rule = ctypes.c_char_p(), ctypes.c_char_p()
            _check(_lib.elig_program_apply_deadline(self.handle, i, _lang(lang), ctypes.byref(text), ctypes.byref(rule)))
            deadlines.append(Deadline(_s(text.value), _s(rule.value)))
        where, url, how, note = (_s(t.value) for t in texts)
        return Apply(where, url, how, note, documents, deadlines)

    def fact_type(self, name: str) -> Optional[str]:
        """The type of fact `name` ("bool", "int", "decimal", "yen", "text", "date", "enum" or "list")."""
        index = _sz()
        _check(_lib.elig_program_fact_find(self.handle, _b(name), ctypes.byref(index)), f"no fact `{name}`")
        kind = ctypes.c_int()
        _check(_lib.elig_program_fact(self.handle, index.value, None, ctypes.byref(kind), None))
        return FACT_TYPES.get(kind.value)

    def input(self, facts: Union[Mapping[str, FactValue], str, None] = None) -> "Input":
        """A new applicant for this program; `facts` (a dict or a JSON text) is set at once."""
        h = _H()
        _check(_lib.elig_input_new(self.handle, ctypes.byref(h)))
        return Input(h, self).set_all(facts)

    def evaluate(self, applicant: Applicant, as_of: Union[str, datetime.date, None] = None, trace: bool = True,
                 audit: bool = False) -> "Decision":
        """Decides `applicant` (an Input, a dict of facts or a JSON text) as of a date ("YYYY-MM-DD" or a date).
        With audit=True the decision is first appended to the rules' audit log (Rules.audit_open)."""
        inp = applicant if isinstance(applicant, Input) else self.input(applicant)
        if isinstance(as_of, datetime.date):
            as_of = as_of.isoformat()
        h = _H()
        rc = _lib.elig_evaluate(self.handle, inp.handle, _b(as_of) if as_of is not None else None,
                                (0 if trace else _EVAL_NO_TRACE) | (_EVAL_AUDIT if audit else 0), ctypes.byref(h))
        if rc != OK:
            raise EligError(rc, _s(_lib.elig_input_errmsg(inp.handle)))
        return Decision(h)


class Input(_Handle):
    """One applicant's facts for one program (Program.input), or for every program of a rule
    set (Rules.input). One thread at a time. Not picklable: send the
    facts (a dict or JSON) and make the Input where it is used."""

    _free = staticmethod(_lib.elig_input_free)

    def __init__(self, handle: Any, program: Optional[Program]) -> None:
        """Wraps a handle; use Program.input or Rules.input rather than this."""
        super().__init__(handle)
        self._program = program

    def __reduce__(self) -> Tuple[Any, ...]:
        raise TypeError("an elig.Input cannot be pickled: send the facts (a dict or JSON) instead")

    def _call(self, fn: Callable[..., int], *args: Any) -> "Input":
        rc = fn(self.handle, *args)
        if rc != OK:
            raise EligError(rc, _s(_lib.elig_input_errmsg(self.handle)))
        return self

    def set_all(self, facts: Union[Mapping[str, FactValue], str, None]) -> "Input":
        """Sets every fact of a dict (each as set() does) or of a JSON text (as set_json())."""
        if isinstance(facts, str):
            return self.set_json(facts)
        for name, value in (facts or {}).items():
            self.set(name, value)
        return self

    def set(self, name: str, value: FactValue) -> "Input":
        """Sets a fact from a Python value, by the fact's declared type. None makes it unknown."""
        if value is None:
            return self.set_unknown(name)
        if self._program is None:  # an input of every program: the JSON reader takes any type
            return self._call(_lib.elig_input_set_json, _b(_json.dumps({name: _json_value(value)}, ensure_ascii=False)),
                              _INPUT_STRICT)
        kind = self._program.fact_type(name)
        if kind == "bool" and isinstance(value, bool):
            return self.set_bool(name, value)
        if kind in ("int", "yen", "decimal") and isinstance(value, int) and not isinstance(value, bool):
            return self.set_int(name, value)
        if kind in ("int", "yen", "decimal") and isinstance(value, (str, decimal.Decimal, fractions.Fraction)):
            return self.set_decimal(name, value)
        if kind == "date" and isinstance(value, (str, datetime.date)):
            return self.set_date(name, value)
        if kind == "list" and isinstance(value, (list, tuple)):
            return self.set_list(name, value)
        if kind in ("text", "enum") and isinstance(value, str):
            return self.set_text(name, value)
        raise EligError(TYPE, f"`{name}` is a {kind} fact; a {type(value).__name__} does not fit it")

    def set_int(self, name: str, value: int) -> "Input":
        """Sets an int, yen or decimal fact to a whole number (64-bit; larger is EligError(VALUE))."""
        return self._call(_lib.elig_input_set_int, _b(name), _i64_of(name, value))

    def set_decimal(self, name: str, value: Union[str, decimal.Decimal, fractions.Fraction]) -> "Input":
        """Exact: pass text ("12.5", "50%", "2/3"), a Decimal or a Fraction, never a float."""
        if isinstance(value, fractions.Fraction):
            value = f"{value.numerator}/{value.denominator}"
        return self._call(_lib.elig_input_set_decimal, _b(name), _b(str(value)))

    def set_text(self, name: str, value: str) -> "Input":
        """Sets a text or enum fact."""
        return self._call(_lib.elig_input_set_text, _b(name), _b(value))

    def set_bool(self, name: str, value: bool) -> "Input":
        """Sets a bool fact."""
        return self._call(_lib.elig_input_set_bool, _b(name), 1 if value else 0)

    def set_date(self, name: str, value: Union[str, datetime.date]) -> "Input":
        """Sets a date fact from a date or "YYYY-MM-DD"."""
        if isinstance(value, datetime.date):
            value = value.isoformat()
        return self._call(_lib.elig_input_set_date, _b(name), _b(value))

    def set_list(self, name: str, items: Sequence[Any]) -> "Input":
        """Sets a list fact; each item is given as its text."""
        arr = (ctypes.c_char_p * len(items))(*[_b(str(x)) for x in items])
        return self._call(_lib.elig_input_set_list, _b(name), len(items), arr)

    def set_unknown(self, name: str) -> "Input":
        """Makes a fact unknown (as if never given)."""
        return self._call(_lib.elig_input_set_unknown, _b(name))

    def set_json(self, document: Union[str, Mapping[str, Any]], strict: bool = False) -> "Input":
        """Sets facts from a JSON object (text, or a dict without floats), as `elig check` reads a file."""
        if not isinstance(document, str):
            document = _json.dumps(document, ensure_ascii=False)
        return self._call(_lib.elig_input_set_json, _b(document), _INPUT_STRICT if strict else 0)

    def set_json_limit(self, max_bytes: int) -> "Input":
        """The largest document set_json reads (default 1 MiB, as `elig check` reads a file)."""
        if not isinstance(max_bytes, int) or isinstance(max_bytes, bool) or not 0 < max_bytes < 2**63:
            raise EligError(VALUE, f"the limit must be a positive number of bytes, not {max_bytes!r}")
        return self._call(_lib.elig_input_set_json_limit, max_bytes)

    def clear(self) -> "Input":
        """Forgets every fact, to reuse this Input for another applicant."""
        return self._call(_lib.elig_input_clear)


def _fraction(text: Optional[str]) -> Optional[fractions.Fraction]:
    return fractions.Fraction(text) if text is not None else None


def _exact_of(fn: Callable[..., int], handle: Any, *args: Any) -> Optional[fractions.Fraction]:
    """An exact amount a C accessor gives as text; None for ELIG_ABSENT (not determinable)."""
    out = ctypes.c_char_p()
    rc = fn(handle, *args, ctypes.byref(out))
    if rc == ABSENT:
        return None
    _check(rc)
    return _fraction(_s(out.value))


class Decision(_Handle):
    """A decision and its reasons. One thread at a time. Not picklable: send its json() or compact_json()."""

    _free = staticmethod(_lib.elig_decision_free)

    def __reduce__(self) -> Tuple[Any, ...]:
        raise TypeError("an elig.Decision cannot be pickled: send decision.json() or compact_json() instead")

    def _text(self, fn: Callable[..., int], *args: Any) -> Optional[str]:
        return _text_of(fn, self.handle, *args)

    def _list(self, count_fn: Callable[..., int], item_fn: Callable[..., int]) -> List[Optional[str]]:
        return [self._text(item_fn, i) for i in range(_count(count_fn, self.handle))]

    @property
    def outcome(self) -> str:
        """'eligible', 'ineligible', 'undetermined' or 'closed'."""
        out = ctypes.c_int()
        _check(_lib.elig_decision_outcome(self.handle, ctypes.byref(out)))
        return OUTCOMES[out.value]

    @property
    def as_of(self) -> datetime.date:
        """The date the applicant was decided as of."""
        return datetime.date.fromisoformat(self._text(_lib.elig_decision_as_of) or "")

    @property
    def score(self) -> Optional[fractions.Fraction]:
        """The score, exact."""
        out = ctypes.c_char_p()
        _check(_lib.elig_decision_score(self.handle, ctypes.byref(out), None))
        return _fraction(_s(out.value))

    @property
    def score_complete(self) -> bool:
        """Whether every score item could be decided."""
        out = ctypes.c_int()
        _check(_lib.elig_decision_score(self.handle, None, ctypes.byref(out)))
        return bool(out.value)

    @property
    def award(self) -> Optional[fractions.Fraction]:
        """Exact, as a Fraction; None when not determinable."""
        return _exact_of(_lib.elig_decision_award, self.handle)

    @property
    def award_yen(self) -> Optional[int]:
        """Whole yen as an int; None when not determinable; EligError(VALUE) if not whole yen."""
        out = _i64()
        rc = _lib.elig_decision_award_yen(self.handle, ctypes.byref(out))
        if rc == ABSENT:
            return None
        _check(rc)
        return int(out.value)

    def rules(self, kind: str = "requirement", lang: str = "en") -> List[Rule]:
        """Rules of one kind ('requirement', 'exclusion', 'score') with their results."""
        k = RULE_KINDS[kind]
        out = []
        for i in range(_count(_lib.elig_decision_rule_count, self.handle, k)):
            rid, text, cite, result = ctypes.c_char_p(), ctypes.c_char_p(), ctypes.c_char_p(), ctypes.c_int()
            _check(_lib.elig_decision_rule(self.handle, k, i, _lang(lang), ctypes.byref(rid), ctypes.byref(result),
                                           ctypes.byref(text), ctypes.byref(cite)))
            out.append(Rule(_s(rid.value), RULE_RESULTS[result.value], _s(text.value), _s(cite.value)))
        return out

    @property
    def missing(self) -> List[Optional[str]]:
        """The facts that would settle an undetermined decision."""
        return self._list(_lib.elig_decision_missing_count, _lib.elig_decision_missing)

    @property
    def input_issues(self) -> List[InputIssue]:
        """The facts given that did not fit the program, and why."""
        out = []
        for i in range(_count(_lib.elig_decision_issue_count, self.handle)):
            fact, msg = ctypes.c_char_p(), ctypes.c_char_p()
            _check(_lib.elig_decision_issue(self.handle, i, ctypes.byref(fact), ctypes.byref(msg)))
            out.append(InputIssue(_s(fact.value), _s(msg.value)))
        return out

    @property
    def errors(self) -> List[Optional[str]]:
        """Errors met while evaluating (an overflow, say)."""
        return self._list(_lib.elig_decision_error_count, _lib.elig_decision_error)

    def error_texts(self, lang: str = "en") -> List[Optional[str]]:
        """The same errors said in `lang` ('ja' or 'en'); `errors` gives them as stored (English)."""
        out = []
        for i in range(_count(_lib.elig_decision_error_count, self.handle)):
            msg = ctypes.c_char_p()
            _check(_lib.elig_decision_error_text(self.handle, i, _lang(lang), ctypes.byref(msg)))
            out.append(_s(msg.value))
        return out

    def json(self, lang: str = "en", pretty: bool = False) -> Optional[str]:
        """The explanation as JSON text, the shape of `elig check --format json`."""
        return self._text(_lib.elig_decision_json, _lang(lang), _JSON_PRETTY if pretty else 0)

    def compact_json(self) -> Optional[str]:
        """The compact decision JSON (docs/json.md), as `elig check --format compact`: the
        values without the program's texts; `elig explain` turns it back into the full one."""
        return self._text(_lib.elig_decision_json, _lang("en"), _JSON_COMPACT_DECISION)

    def explanation(self, lang: str = "en") -> Any:
        """The explanation parsed; exact numbers stay text or int, never float."""
        return _json.loads(self.json(lang) or "null", parse_float=decimal.Decimal)

    def text(self, lang: str = "en") -> Optional[str]:
        """The explanation for people, as `elig check` prints it."""
        return self._text(_lib.elig_decision_text, _lang(lang))


def _chosen(programs: Optional[Sequence[str]], theme: Optional[str],
            as_of: Union[str, datetime.date, None]) -> Tuple[int, Any, Optional[bytes], Optional[bytes]]:
    """The arguments elig_screen and elig_ask share after the input."""
    if isinstance(programs, str):
        raise TypeError("programs: expected a sequence of program ids, got a str")
    ids = list(programs or [])
    arr = (ctypes.c_char_p * len(ids))(*[_b(i) for i in ids]) if ids else None
    if isinstance(as_of, datetime.date):
        as_of = as_of.isoformat()
    return len(ids), arr, _b(theme) if theme is not None else None, _b(as_of) if as_of is not None else None


def _question(h: Any) -> Question:
    program, index = _H(), _sz()
    _check(_lib.elig_question_declaration(h, ctypes.byref(program), ctypes.byref(index)))
    programs = [_text_of(_lib.elig_question_program, h, i) for i in range(_count(_lib.elig_question_program_count, h))]
    items = []
    for i in range(_count(_lib.elig_question_item_count, h)):
        says = []
        for lang in (LANG["ja"], LANG["en"]):
            fact, statement = ctypes.c_char_p(), ctypes.c_char_p()
            _check(_lib.elig_question_item(h, i, lang, ctypes.byref(fact), ctypes.byref(statement)))
            says.append(_s(statement.value))
        items.append(ChecklistItem(_s(fact.value), says[0], says[1]))
    return Question(_text_of(_lib.elig_question_fact, h), _text_of(_lib.elig_question_text, h, LANG["ja"]),
                    _text_of(_lib.elig_question_text, h, LANG["en"]), _fact(program, index.value), programs, items)


class Screening(_Handle):
    """What one applicant gets from a set of programs on one day (Rules.screen), as `elig
    match` gives it. One thread at a time. Not picklable: send its results (plain tuples) or
    json()."""

    _free = staticmethod(_lib.elig_screening_free)

    def __reduce__(self) -> Tuple[Any, ...]:
        raise TypeError("an elig.Screening cannot be pickled: send screening.results or json() instead")

    @property
    def as_of(self) -> datetime.date:
        """The date the applicant was screened as of."""
        return datetime.date.fromisoformat(_text_of(_lib.elig_screening_as_of, self.handle) or "")

    @property
    def results(self) -> List[ProgramResult]:
        """Each program screened, in order: outcome, score, award, final award, missing facts."""
        out = []
        for i in range(_count(_lib.elig_screening_program_count, self.handle)):
            pid, outcome, score, complete, combined = (ctypes.c_char_p(), ctypes.c_int(), ctypes.c_char_p(),
                                                       ctypes.c_int(), ctypes.c_int())
            _check(_lib.elig_screening_program(self.handle, i, ctypes.byref(pid), ctypes.byref(outcome)))
            _check(_lib.elig_screening_score(self.handle, i, ctypes.byref(score), ctypes.byref(complete)))
            _check(_lib.elig_screening_combined(self.handle, i, ctypes.byref(combined)))
            missing = [_text_of(_lib.elig_screening_missing, self.handle, i, k)
                       for k in range(_count(_lib.elig_screening_missing_count, self.handle, i))]
            out.append(ProgramResult(_s(pid.value), OUTCOMES[outcome.value], _fraction(_s(score.value)),
                                     bool(complete.value), _exact_of(_lib.elig_screening_award, self.handle, i),
                                     _exact_of(_lib.elig_screening_final_award, self.handle, i), bool(combined.value), missing))
        return out

    @property
    def needed(self) -> List[Optional[str]]:
        """The facts any program still needs, the one most programs need first."""
        return [_text_of(_lib.elig_screening_needed, self.handle, k)
                for k in range(_count(_lib.elig_screening_needed_count, self.handle))]

    def decision(self, program: Union[int, str]) -> Decision:
        """The full decision of one program screened (by index or id), with its final award."""
        index = program
        if isinstance(program, str):
            ids = [r.id for r in self.results]
            if program not in ids:
                raise EligError(NOTFOUND, f"the program `{program}` was not screened")
            index = ids.index(program)
        h = _H()
        _check(_lib.elig_screening_decision(self.handle, index, ctypes.byref(h)))
        return Decision(h)

    def json(self, lang: str = "en") -> Optional[str]:
        """The screening as JSON, exactly as `elig match --format json` and POST /v1/screen give it."""
        return _text_of(_lib.elig_screening_json, self.handle, _lang(lang))

    def explanation(self, lang: str = "en") -> Any:
        """The screening JSON parsed; exact numbers stay text or int, never float."""
        return _json.loads(self.json(lang) or "null", parse_float=decimal.Decimal)
