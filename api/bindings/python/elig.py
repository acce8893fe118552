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

The library is found through $ELIG_LIBRARY (a path), else the system's search
(ctypes.util.find_library("elig")). Money and ratios come back as
fractions.Fraction, never float. Calls release the GIL: one Program may be
evaluated from many threads at once, each with its own Input.
"""

import ctypes
import ctypes.util
import datetime
import decimal
import fractions
import json as _json
import os
from collections import namedtuple

VERSION = "0.1.0"
VERSION_NUMBER = 1000  # ELIG_VERSION_NUMBER of the header this module was written for

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

Issue = namedtuple("Issue", "severity file line column code message")
Fact = namedtuple("Fact", "name type type_name question_ja question_en used choices")
Rule = namedtuple("Rule", "id result text cite")
InputIssue = namedtuple("InputIssue", "fact message")


class EligError(Exception):
    """A call failed: `code` is the result code, `message` the handle's error text (or the code's)."""

    def __init__(self, code, message=None):
        self.code = code
        self.message = message or _errstr(code)
        super().__init__(f"{self.message} [{_errstr(code)}]" if message else self.message)


class RulesError(EligError):
    """The rules could not be loaded cleanly; `issues` holds every problem with its place."""

    def __init__(self, code, message, issues):
        super().__init__(code, message)
        self.issues = issues


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

_SIGNATURES = {
    "elig_libversion_number": (_i, []),
    "elig_libversion": (_c, []),
    "elig_errstr": (_c, [_i]),
    "elig_outcome_name": (_c, [_i]),
    "elig_rules_open_dir": (_i, [_c, _pH]),
    "elig_rules_open_texts": (_i, [_sz, _pc, _pc, _pH]),
    "elig_rules_free": (None, [_H]),
    "elig_rules_errmsg": (_c, [_H]),
    "elig_rules_issue_count": (_i, [_H, _psz]),
    "elig_rules_issue": (_i, [_H, _sz, _pi, _pc, _u32p, _u32p, _pc, _pc]),
    "elig_rules_issues_text": (_i, [_H, _pc]),
    "elig_rules_program_count": (_i, [_H, _psz]),
    "elig_rules_program_id": (_i, [_H, _sz, _pc]),
    "elig_program_open": (_i, [_H, _c, _pH]),
    "elig_program_free": (None, [_H]),
    "elig_program_id": (_i, [_H, _pc]),
    "elig_program_version": (_i, [_H, _pc]),
    "elig_program_title": (_i, [_H, _i, _pc]),
    "elig_program_fact_count": (_i, [_H, _psz]),
    "elig_program_fact": (_i, [_H, _sz, _pc, _pi, _pc]),
    "elig_program_fact_find": (_i, [_H, _c, _psz]),
    "elig_program_fact_question": (_i, [_H, _sz, _i, _pc]),
    "elig_program_fact_used": (_i, [_H, _sz, _pi]),
    "elig_program_fact_choice_count": (_i, [_H, _sz, _psz]),
    "elig_program_fact_choice": (_i, [_H, _sz, _sz, _pc]),
    "elig_input_new": (_i, [_H, _pH]),
    "elig_input_free": (None, [_H]),
    "elig_input_errmsg": (_c, [_H]),
    "elig_input_clear": (_i, [_H]),
    "elig_input_set_int": (_i, [_H, _c, _i64]),
    "elig_input_set_decimal": (_i, [_H, _c, _c]),
    "elig_input_set_text": (_i, [_H, _c, _c]),
    "elig_input_set_bool": (_i, [_H, _c, _i]),
    "elig_input_set_date": (_i, [_H, _c, _c]),
    "elig_input_set_list": (_i, [_H, _c, _sz, _pc]),
    "elig_input_set_unknown": (_i, [_H, _c]),
    "elig_input_set_json": (_i, [_H, _c, _i]),
    "elig_input_set_json_limit": (_i, [_H, _sz]),
    "elig_rules_audit_open": (_i, [_H, _c, _i]),
    "elig_evaluate": (_i, [_H, _H, _c, _i, _pH]),
    "elig_decision_free": (None, [_H]),
    "elig_decision_outcome": (_i, [_H, _pi]),
    "elig_decision_as_of": (_i, [_H, _pc]),
    "elig_decision_score": (_i, [_H, _pc, _pi]),
    "elig_decision_award": (_i, [_H, _pc]),
    "elig_decision_award_yen": (_i, [_H, ctypes.POINTER(_i64)]),
    "elig_decision_rule_count": (_i, [_H, _i, _psz]),
    "elig_decision_rule": (_i, [_H, _i, _sz, _i, _pc, _pi, _pc, _pc]),
    "elig_decision_missing_count": (_i, [_H, _psz]),
    "elig_decision_missing": (_i, [_H, _sz, _pc]),
    "elig_decision_issue_count": (_i, [_H, _psz]),
    "elig_decision_issue": (_i, [_H, _sz, _pc, _pc]),
    "elig_decision_error_count": (_i, [_H, _psz]),
    "elig_decision_error": (_i, [_H, _sz, _pc]),
    "elig_decision_json": (_i, [_H, _i, _i, _pc]),
    "elig_decision_text": (_i, [_H, _i, _pc]),
}


def _load():
    path = os.environ.get("ELIG_LIBRARY") or ctypes.util.find_library("elig") or "libelig.so"
    lib = ctypes.CDLL(path)
    for name, (restype, argtypes) in _SIGNATURES.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
    linked = lib.elig_libversion_number()
    # Same major and minor: while the major is 0 a minor release may change the ABI.
    if linked // 1000 != VERSION_NUMBER // 1000:
        raise ImportError(f"elig: library {lib.elig_libversion().decode()} at {path} does not match this module ({VERSION})")
    return lib


_lib = _load()


def _errstr(code):
    return _lib.elig_errstr(code).decode()


def _s(raw):
    return raw.decode("utf-8") if raw is not None else None


def _b(text):
    """UTF-8 for the C API. A NUL is refused: C would end the string there, and
    "群馬県\\x00（実は東京都）" would arrive as "群馬県"."""
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    if "\x00" in text:
        raise EligError(VALUE, f"the text {text!r} contains a NUL character")
    return text.encode("utf-8")


_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def _i64_of(name, value):
    """`value` as an int64_t, or EligError(VALUE): ctypes would silently wrap 2**64+5 to 5."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"`{name}`: expected int, got {type(value).__name__}")
    if not _INT64_MIN <= value <= _INT64_MAX:
        raise EligError(VALUE, f"`{name}`: {value} is outside the range of a 64-bit integer")
    return value


def _lang(lang):
    try:
        return LANG[lang]
    except KeyError:
        raise ValueError(f"lang must be 'ja' or 'en', not {lang!r}") from None


def _check(rc, message=None):
    if rc != OK:
        raise EligError(rc, message)


def _count(fn, handle, *args):
    n = _sz()
    _check(fn(handle, *args, ctypes.byref(n)))
    return n.value


def library_version():
    """(text, number) of the linked library."""
    return _lib.elig_libversion().decode(), _lib.elig_libversion_number()


class _Handle:
    _free = None

    def __init__(self, handle):
        self._h = handle

    def close(self):
        """Frees the handle now (also done when the object is collected)."""
        if getattr(self, "_h", None):
            type(self)._free(self._h)
            self._h = None

    def __del__(self):
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def handle(self):
        if not self._h:
            raise EligError(MISUSE, "the handle is closed")
        return self._h


class Rules(_Handle):
    """Every program and module under one rules root. Immutable: share it between threads."""

    _free = staticmethod(_lib.elig_rules_free)

    @classmethod
    def open_dir(cls, path, allow_errors=False):
        """Loads `path` like `elig check --rules`. Raises RulesError on errors unless allow_errors."""
        h = _H()
        rc = _lib.elig_rules_open_dir(_b(os.fspath(path)), ctypes.byref(h))
        return cls._opened(rc, h, allow_errors)

    @classmethod
    def from_texts(cls, files, allow_errors=False):
        """`files` maps relative paths ("common/sme.yaml") to YAML text."""
        items = list(files.items())
        paths = (ctypes.c_char_p * len(items))(*[_b(p) for p, _ in items])
        texts = (ctypes.c_char_p * len(items))(*[_b(t) for _, t in items])
        h = _H()
        rc = _lib.elig_rules_open_texts(len(items), paths, texts, ctypes.byref(h))
        return cls._opened(rc, h, allow_errors)

    @classmethod
    def _opened(cls, rc, h, allow_errors):
        if not h:
            raise EligError(rc)
        rules = cls(h)
        if rc != OK and not (allow_errors and rc == RULES):
            message, issues = _s(_lib.elig_rules_errmsg(h)), rules.issues
            rules.close()
            raise RulesError(rc, message, issues)
        return rules

    @property
    def issues(self):
        out = []
        for i in range(_count(_lib.elig_rules_issue_count, self.handle)):
            sev, line, col = ctypes.c_int(), ctypes.c_uint32(), ctypes.c_uint32()
            file, code, msg = ctypes.c_char_p(), ctypes.c_char_p(), ctypes.c_char_p()
            _check(_lib.elig_rules_issue(self.handle, i, ctypes.byref(sev), ctypes.byref(file), ctypes.byref(line),
                                         ctypes.byref(col), ctypes.byref(code), ctypes.byref(msg)))
            out.append(Issue(SEVERITIES[sev.value], _s(file.value), line.value, col.value, _s(code.value), _s(msg.value)))
        return out

    @property
    def issues_text(self):
        out = ctypes.c_char_p()
        _check(_lib.elig_rules_issues_text(self.handle, ctypes.byref(out)))
        return _s(out.value)

    @property
    def program_ids(self):
        ids = []
        for i in range(_count(_lib.elig_rules_program_count, self.handle)):
            out = ctypes.c_char_p()
            _check(_lib.elig_rules_program_id(self.handle, i, ctypes.byref(out)))
            ids.append(_s(out.value))
        return ids

    def audit_open(self, path, lang="ja"):
        """Attaches an append-only SQLite audit log (created when absent): every
        `Program.evaluate(..., audit=True)` on these rules appends its decision, with the
        explanation in `lang`. `elig audit verify PATH` checks and replays it."""
        _check(_lib.elig_rules_audit_open(self.handle, _b(os.fspath(path)), _lang(lang)),
               _s(_lib.elig_rules_errmsg(self.handle)))

    def program(self, program_id):
        h = _H()
        _check(_lib.elig_program_open(self.handle, _b(program_id), ctypes.byref(h)), f"program `{program_id}`")
        return Program(h)


class Program(_Handle):
    """One compiled program. Immutable: evaluate it from many threads, each with its own Input."""

    _free = staticmethod(_lib.elig_program_free)

    def _text(self, fn, *args):
        out = ctypes.c_char_p()
        _check(fn(self.handle, *args, ctypes.byref(out)))
        return _s(out.value)

    @property
    def id(self):
        return self._text(_lib.elig_program_id)

    @property
    def version(self):
        return self._text(_lib.elig_program_version)

    def title(self, lang="en"):
        return self._text(_lib.elig_program_title, _lang(lang))

    @property
    def facts(self):
        """The applicant schema: every fact with its type, questions and choices."""
        out = []
        for i in range(_count(_lib.elig_program_fact_count, self.handle)):
            name, type_name, kind, used = ctypes.c_char_p(), ctypes.c_char_p(), ctypes.c_int(), ctypes.c_int()
            _check(_lib.elig_program_fact(self.handle, i, ctypes.byref(name), ctypes.byref(kind), ctypes.byref(type_name)))
            _check(_lib.elig_program_fact_used(self.handle, i, ctypes.byref(used)))
            choices = [self._text(_lib.elig_program_fact_choice, i, j)
                       for j in range(_count(_lib.elig_program_fact_choice_count, self.handle, i))]
            out.append(Fact(_s(name.value), FACT_TYPES.get(kind.value), _s(type_name.value),
                            self._text(_lib.elig_program_fact_question, i, LANG["ja"]),
                            self._text(_lib.elig_program_fact_question, i, LANG["en"]), bool(used.value), choices))
        return out

    def fact_type(self, name):
        index = _sz()
        _check(_lib.elig_program_fact_find(self.handle, _b(name), ctypes.byref(index)), f"no fact `{name}`")
        kind = ctypes.c_int()
        _check(_lib.elig_program_fact(self.handle, index.value, None, ctypes.byref(kind), None))
        return FACT_TYPES.get(kind.value)

    def input(self, facts=None):
        """A new applicant for this program; `facts` (a dict or a JSON text) is set at once."""
        h = _H()
        _check(_lib.elig_input_new(self.handle, ctypes.byref(h)))
        inp = Input(h, self)
        if isinstance(facts, str):
            inp.set_json(facts)
        elif facts:
            for name, value in facts.items():
                inp.set(name, value)
        return inp

    def evaluate(self, applicant, as_of=None, trace=True, audit=False):
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
    """One applicant's facts for one program. One thread at a time."""

    _free = staticmethod(_lib.elig_input_free)

    def __init__(self, handle, program):
        super().__init__(handle)
        self._program = program

    def _call(self, fn, *args):
        rc = fn(self.handle, *args)
        if rc != OK:
            raise EligError(rc, _s(_lib.elig_input_errmsg(self.handle)))
        return self

    def set(self, name, value):
        """Sets a fact from a Python value, by the fact's declared type. None makes it unknown."""
        if value is None:
            return self.set_unknown(name)
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

    def set_int(self, name, value):
        return self._call(_lib.elig_input_set_int, _b(name), _i64_of(name, value))

    def set_decimal(self, name, value):
        """Exact: pass text ("12.5", "50%", "2/3"), a Decimal or a Fraction, never a float."""
        if isinstance(value, fractions.Fraction):
            value = f"{value.numerator}/{value.denominator}"
        return self._call(_lib.elig_input_set_decimal, _b(name), _b(str(value)))

    def set_text(self, name, value):
        return self._call(_lib.elig_input_set_text, _b(name), _b(value))

    def set_bool(self, name, value):
        return self._call(_lib.elig_input_set_bool, _b(name), 1 if value else 0)

    def set_date(self, name, value):
        if isinstance(value, datetime.date):
            value = value.isoformat()
        return self._call(_lib.elig_input_set_date, _b(name), _b(value))

    def set_list(self, name, items):
        arr = (ctypes.c_char_p * len(items))(*[_b(str(x)) for x in items])
        return self._call(_lib.elig_input_set_list, _b(name), len(items), arr)

    def set_unknown(self, name):
        return self._call(_lib.elig_input_set_unknown, _b(name))

    def set_json(self, document, strict=False):
        """Sets facts from a JSON object (text, or a dict without floats), as `elig check` reads a file."""
        if not isinstance(document, str):
            document = _json.dumps(document, ensure_ascii=False)
        return self._call(_lib.elig_input_set_json, _b(document), _INPUT_STRICT if strict else 0)

    def set_json_limit(self, max_bytes):
        """The largest document set_json reads (default 1 MiB, as `elig check` reads a file)."""
        if not isinstance(max_bytes, int) or isinstance(max_bytes, bool) or not 0 < max_bytes < 2**63:
            raise EligError(VALUE, f"the limit must be a positive number of bytes, not {max_bytes!r}")
        return self._call(_lib.elig_input_set_json_limit, max_bytes)

    def clear(self):
        return self._call(_lib.elig_input_clear)


def _fraction(text):
    return fractions.Fraction(text) if text is not None else None


class Decision(_Handle):
    """A decision and its reasons. One thread at a time."""

    _free = staticmethod(_lib.elig_decision_free)

    def _text(self, fn, *args):
        out = ctypes.c_char_p()
        _check(fn(self.handle, *args, ctypes.byref(out)))
        return _s(out.value)

    def _list(self, count_fn, item_fn):
        return [self._text(item_fn, i) for i in range(_count(count_fn, self.handle))]

    @property
    def outcome(self):
        """'eligible', 'ineligible', 'undetermined' or 'closed'."""
        out = ctypes.c_int()
        _check(_lib.elig_decision_outcome(self.handle, ctypes.byref(out)))
        return OUTCOMES[out.value]

    @property
    def as_of(self):
        return datetime.date.fromisoformat(self._text(_lib.elig_decision_as_of))

    @property
    def score(self):
        out = ctypes.c_char_p()
        _check(_lib.elig_decision_score(self.handle, ctypes.byref(out), None))
        return _fraction(_s(out.value))

    @property
    def score_complete(self):
        out = ctypes.c_int()
        _check(_lib.elig_decision_score(self.handle, None, ctypes.byref(out)))
        return bool(out.value)

    @property
    def award(self):
        """Exact, as a Fraction; None when not determinable."""
        out = ctypes.c_char_p()
        rc = _lib.elig_decision_award(self.handle, ctypes.byref(out))
        if rc == ABSENT:
            return None
        _check(rc)
        return _fraction(_s(out.value))

    @property
    def award_yen(self):
        """Whole yen as an int; None when not determinable; EligError(VALUE) if not whole yen."""
        out = _i64()
        rc = _lib.elig_decision_award_yen(self.handle, ctypes.byref(out))
        if rc == ABSENT:
            return None
        _check(rc)
        return out.value

    def rules(self, kind="requirement", lang="en"):
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
    def missing(self):
        return self._list(_lib.elig_decision_missing_count, _lib.elig_decision_missing)

    @property
    def input_issues(self):
        out = []
        for i in range(_count(_lib.elig_decision_issue_count, self.handle)):
            fact, msg = ctypes.c_char_p(), ctypes.c_char_p()
            _check(_lib.elig_decision_issue(self.handle, i, ctypes.byref(fact), ctypes.byref(msg)))
            out.append(InputIssue(_s(fact.value), _s(msg.value)))
        return out

    @property
    def errors(self):
        return self._list(_lib.elig_decision_error_count, _lib.elig_decision_error)

    def json(self, lang="en", pretty=False):
        """The explanation as JSON text, the shape of `elig check --format json`."""
        return self._text(_lib.elig_decision_json, _lang(lang), _JSON_PRETTY if pretty else 0)

    def compact_json(self):
        """The compact decision JSON (docs/json.md), as `elig check --format compact`: the
        values without the program's texts; `elig explain` turns it back into the full one."""
        return self._text(_lib.elig_decision_json, _lang("en"), _JSON_COMPACT_DECISION)

    def explanation(self, lang="en"):
        """The explanation parsed; exact numbers stay text or int, never float."""
        return _json.loads(self.json(lang), parse_float=decimal.Decimal)

    def text(self, lang="en"):
        return self._text(_lib.elig_decision_text, _lang(lang))
