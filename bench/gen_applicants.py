#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Generate N applicants for the facts of the shipped programs, reproducibly.

The facts come from the rules themselves (`elig batch --facts-schema`), so the
generator follows the rules as they change. The same applicants are written in
every format asked for (CSV, JSON Lines, an SQLite table), so a batch over any of
them must give the same decisions.

    python3 bench/gen_applicants.py --elig build/cli/elig --rules rules -n 100000 --seed 1 \\
        --csv /tmp/app.csv --jsonl /tmp/app.jsonl --sqlite /tmp/app.db

Values are plausible for Japanese SMEs (a Gunma head office most of the time,
capital and costs in yen, dates around each program's window) and vary the
written forms the engine accepts (`1,500,000`, `はい`, `50%`). --missing-rate
leaves facts out (unknown); --bad-rate writes wrong values (`twelve`, 2026-02-30,
an enum value that does not exist, a broken JSON line) that must come back as
input errors with their line and field. Python standard library only.
"""

import argparse
import csv
import datetime
import json
import os
import random
import re
import sqlite3
import subprocess
import sys

PREFECTURES = ["群馬県"] * 7 + ["栃木県", "埼玉県", "東京都", "長野県", "新潟県"]
CITIES = ["前橋市", "高崎市", "桐生市", "安中市", "太田市", "伊勢崎市", "沼田市", "館林市", "宇都宮市", "さいたま市"]
WORDS = ["alpha", "beta", "gamma", "delta", "東和", "上州", "赤城", "榛名", 'say "hi"', "a, b"]
LIST_WORDS = ["alpha", "beta", "gamma", "東和", "上州"]  # list items: no commas or quotes, so every format agrees


def load_schema(args):
    if args.schema:
        with open(args.schema, encoding="utf-8") as f:
            return json.load(f)
    cmd = [args.elig, "batch", "--rules", args.rules, "--facts-schema"]
    for p in args.program or []:
        cmd += ["--program", p]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def parse_date(s):
    return datetime.date.fromisoformat(s)


class Generator:
    def __init__(self, schema, rng, missing_rate, bad_rate):
        self.facts = schema["facts"]
        self.rng = rng
        self.missing_rate = missing_rate
        self.bad_rate = bad_rate
        # As-of dates inside (and a few just outside) each program's window.
        self.windows = []
        for p in schema.get("programs", []):
            if "window_from" in p and "window_to" in p:
                self.windows.append((parse_date(p["window_from"]), parse_date(p["window_to"])))
        if not self.windows:
            self.windows.append((datetime.date(2026, 4, 1), datetime.date(2027, 3, 31)))

    def as_of(self):
        lo, hi = self.rng.choice(self.windows)
        lo -= datetime.timedelta(days=10)
        hi += datetime.timedelta(days=10)
        return lo + datetime.timedelta(days=self.rng.randint(0, (hi - lo).days))

    def amount(self, name):
        n = name.lower()
        r = self.rng
        if "capital" in n:
            return r.choice([1_000_000, 3_000_000, 10_000_000, 20_000_000, 50_000_000, 100_000_000, 300_000_000,
                             300_000_001, 500_000_000, r.randint(1, 1_000_000_000)])
        if "sales" in n or "revenue" in n:
            return r.randint(0, 2_000_000_000)
        if "grant" in n or "other" in n:
            return r.choice([0, 0, 0, r.randint(0, 500_000)])
        return r.choice([0, r.randint(1, 100_000), r.randint(100_000, 3_000_000), 1_500_000, 600_000])

    def integer(self, name, spec):
        r = self.rng
        lo = int(float(spec.get("min", 0))) if "min" in spec else 0
        if "employee" in name.lower() or "従業員" in name:
            v = r.choice([0, 1, 5, 6, 20, 21, 50, 51, 100, 101, 300, 301, r.randint(0, 1000)])
        elif "month" in name.lower():
            v = r.randint(0, 12)
        else:
            v = r.randint(0, 3000)
        v = max(v, lo)
        if "max" in spec:
            v = min(v, int(float(spec["max"])))
        return v

    def decimal(self, spec):
        r = self.rng
        v = r.choice(["0", "0.1", "0.25", "1/3", "0.5", "2/3", "0.75", "1"])
        return v

    def date(self, name):
        r = self.rng
        n = name.lower()
        if "found" in n or "since" in n or "established" in n or "設立" in name:
            start, days = datetime.date(1960, 1, 1), 365 * 66
        else:
            start, days = datetime.date(2019, 1, 1), 365 * 9
        return (start + datetime.timedelta(days=r.randint(0, days))).isoformat()

    def text(self, name):
        n = name.lower()
        if "prefecture" in n or "都道府県" in name:
            return self.rng.choice(PREFECTURES)
        if "city" in n or "市町村" in name:
            return self.rng.choice(CITIES)
        return self.rng.choice(WORDS)

    def scalar(self, name, base, spec):
        """A typed value: (python value for JSON, text for CSV / SQLite)."""
        r = self.rng
        if base == "bool":
            v = r.random() < 0.5
            return v, r.choice(["true", "yes", "はい"] if v else ["false", "no", "いいえ"])
        if base == "int":
            v = self.integer(name, spec)
            return v, (f"{v:,}" if v >= 1000 and r.random() < 0.3 else str(v))
        if base == "yen":
            v = self.amount(name)
            return v, r.choice([str(v), f"{v:,}", f"{v}円"])
        if base == "decimal":
            t = self.decimal(spec)
            return t, t  # a string: "1/3" and "0.1" stay exact
        if base == "date":
            t = self.date(name)
            return t, t
        if base == "enum":
            t = r.choice(spec["values"])
            return t, t
        t = self.text(name)
        return t, t

    def bad(self, base, spec):
        """A wrong value for the type: it must become an input error naming the fact."""
        r = self.rng
        if base in ("int", "yen"):
            return r.choice(["twelve", "1.5", "12 people", "-"])
        if base == "decimal":
            return r.choice(["half", "5%%"])
        if base == "bool":
            return r.choice(["maybe", "2"])
        if base == "date":
            return r.choice(["2026-02-30", "2026/04/01", "yesterday"])
        if base == "enum":
            return "no_such_value"
        return None  # any text is a valid text

    def record(self, fields):
        """One record of a list of records: its fields' values as JSON gives them."""
        out = {}
        for name, base, spec in fields:
            if self.rng.random() < self.missing_rate:
                continue
            v, t = self.scalar(name, base, spec)
            out[name] = v if base in ("bool", "int", "yen") else t
        return out

    def applicant(self, i):
        r = self.rng
        row = {"id": f"A{i:07d}", "as_of": self.as_of().isoformat()}
        for name, spec in self.facts.items():
            if r.random() < self.missing_rate:
                row[name] = None
                continue
            base = spec["base"]
            if r.random() < self.bad_rate and base != "list":
                b = self.bad(base, spec)
                if b is not None:
                    row[name] = ("bad", b)
                    continue
            if base == "list":
                elem = spec.get("elem", "text")
                k = r.randint(0, 3)
                if elem == "record":
                    row[name] = ("records", [self.record(record_fields(spec["type"])) for _ in range(k)])
                    continue
                if elem == "text":
                    items = [(w, w) for w in (r.choice(LIST_WORDS) for _ in range(k))]
                else:
                    items = [self.scalar(name, elem, spec) for _ in range(k)]
                    # Plain digits inside a list: `1,000` would split in a CSV cell.
                    items = [(v, str(v)) if elem in ("int", "yen") else (v, t) for v, t in items]
                seen, uniq = set(), []
                for v, t in items:
                    if t not in seen:
                        seen.add(t)
                        uniq.append((v, t))
                row[name] = ("list", uniq)
            else:
                row[name] = ("ok",) + self.scalar(name, base, spec)
        return row


def split_top(text):
    """Splits at the commas outside brackets and braces."""
    out, depth, start = [], 0, 0
    for i, c in enumerate(text):
        depth += c in "[{"
        depth -= c in "]}"
        if c == "," and depth == 0:
            out.append(text[start:i].strip())
            start = i + 1
    out.append(text[start:].strip())
    return [x for x in out if x]


def record_fields(type_text):
    """The fields of `list[record{name: text, share: decimal, kind: enum[a, b]}]`: (name, base, spec)."""
    inner = type_text[type_text.index("{") + 1 : type_text.rindex("}")]
    fields = []
    for item in split_top(inner):
        name, t = (x.strip() for x in item.split(":", 1))
        m = re.fullmatch(r"enum\[(.*)\]", t)
        if m:
            fields.append((name, "enum", {"values": split_top(m.group(1))}))
        else:
            fields.append((name, re.sub(r"[\[{(].*", "", t), {}))
    return fields


def csv_cell(v):
    if v is None:
        return ""
    if v[0] == "bad":
        return v[1]
    if v[0] == "records":
        return json.dumps(v[1], ensure_ascii=False)
    if v[0] == "list":
        return "[" + ", ".join(t for _, t in v[1]) + "]"
    return v[2]


def json_value(v):
    if v is None:
        return None
    if v[0] == "bad":
        return v[1]
    if v[0] == "list":
        return [t for _, t in v[1]]
    if v[0] == "records":
        return v[1]
    return v[1]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=1000, help="applicants (default 1000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed: the same seed gives the same files")
    ap.add_argument("--elig", default="build/cli/elig", help="the elig binary, to read the facts of the rules")
    ap.add_argument("--rules", default="rules", help="rules directory")
    ap.add_argument("--program", action="append", help="only these programs' facts (repeatable)")
    ap.add_argument("--schema", help="read the facts from this JSON (the output of `elig batch --facts-schema`)")
    ap.add_argument("--csv", help="write CSV here")
    ap.add_argument("--jsonl", help="write JSON Lines here")
    ap.add_argument("--sqlite", help="write an SQLite database here (table --table)")
    ap.add_argument("--table", default="applicants")
    ap.add_argument("--missing-rate", type=float, default=0.03, help="share of facts left unknown (default 0.03)")
    ap.add_argument("--bad-rate", type=float, default=0.0, help="share of facts written wrong (default 0)")
    ap.add_argument("--broken-json-rate", type=float, default=0.0, help="share of JSON lines written broken")
    args = ap.parse_args()
    if not (args.csv or args.jsonl or args.sqlite):
        ap.error("give at least one of --csv, --jsonl, --sqlite")

    schema = load_schema(args)
    gen = Generator(schema, random.Random(args.seed), args.missing_rate, args.bad_rate)
    broken_rng = random.Random(args.seed + 1)
    names = list(schema["facts"].keys())

    csv_file = open(args.csv, "w", newline="", encoding="utf-8") if args.csv else None
    jsonl_file = open(args.jsonl, "w", encoding="utf-8") if args.jsonl else None
    db = None
    if args.sqlite:
        if os.path.exists(args.sqlite):
            os.remove(args.sqlite)
        db = sqlite3.connect(args.sqlite)
        cols = ", ".join('"' + c.replace('"', '""') + '"' for c in ["id", "as_of"] + names)
        db.execute(f'CREATE TABLE "{args.table}" ({cols})')
        placeholders = ", ".join("?" for _ in range(len(names) + 2))
        insert = f'INSERT INTO "{args.table}" VALUES ({placeholders})'
        batch = []
    writer = csv.writer(csv_file, lineterminator="\n") if csv_file else None
    if writer:
        writer.writerow(["id", "as_of"] + names)

    for i in range(1, args.n + 1):
        a = gen.applicant(i)
        if writer:
            writer.writerow([a["id"], a["as_of"]] + [csv_cell(a[n]) for n in names])
        if jsonl_file:
            if broken_rng.random() < args.broken_json_rate:
                jsonl_file.write('{"id": "%s", "broken": \n' % a["id"])
            else:
                obj = {"id": a["id"], "as_of": a["as_of"]}
                for n in names:
                    obj[n] = json_value(a[n])
                jsonl_file.write(json.dumps(obj, ensure_ascii=False) + "\n")
        if db is not None:
            vals = [a["id"], a["as_of"]]
            for n in names:
                v = a[n]
                # Whole amounts as INTEGER (how a real intake table stores them), the rest as TEXT.
                if v is not None and v[0] == "ok" and isinstance(v[1], int) and not isinstance(v[1], bool):
                    vals.append(v[1])
                else:
                    vals.append(csv_cell(v) if v is not None else None)
            batch.append(vals)
            if len(batch) >= 5000:
                db.executemany(insert, batch)
                batch = []
    if db is not None:
        if batch:
            db.executemany(insert, batch)
        db.commit()
        db.close()
    for f in (csv_file, jsonl_file):
        if f:
            f.close()
    print(f"wrote {args.n} applicants ({len(names)} facts) with seed {args.seed}", file=sys.stderr)


if __name__ == "__main__":
    main()
