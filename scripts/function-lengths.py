#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The longest functions of elig's C++ sources, by the lines of their bodies.

    scripts/function-lengths.py                 # engine/ cli/ api/, the longest ten
    scripts/function-lengths.py --max 150       # exit 1 when a function is longer
    scripts/function-lengths.py --top 5 server  # other folders

A brace counter, not a compiler: comments, strings, character and raw string literals are
blanked first; a `{` opens a function body when the code before it ends in `)` (with
const, noexcept, override, a trailing return type or a constructor's initializers) and
does not follow if, for, while, switch or catch. A lambda counts toward the function it
stands in; a function in a class body is a function of its own.
"""
import argparse
import os
import re
import sys

CONTROL = {"if", "for", "while", "switch", "catch", "return", "sizeof", "decltype", "alignof"}
TRAILING_RETURN = re.compile(r"->[\w:<>,\s*&]*$")
QUALIFIER = re.compile(r"(?:\bconst|\bnoexcept|\boverride|\bfinal|\bmutable|\bvolatile|&&|&)$")


def blank(text):
    """The text with comments and literals replaced by spaces; line breaks are kept."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == "R" and text.startswith('R"', i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'R"([^()\\\s]{0,16})\(', text[i:])
            if not m:
                out.append(c)
                i += 1
                continue
            end = text.find(")" + m.group(1) + '"', i + m.end())
            j = n if end < 0 else end + len(m.group(1)) + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            if c == "'" and i > 0 and text[i - 1].isalnum():  # a digit separator: 1'000'000
                out.append(" ")
                i += 1
                continue
            out.append(" " * (j - i))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def opens_function(before):
    """Whether a `{` after `before` (the code since the last ; { or }) opens a function body."""
    head = TRAILING_RETURN.sub("", before[-600:]).rstrip()
    while True:
        m = QUALIFIER.search(head)
        if not m:
            break
        head = head[: m.start()].rstrip()
    if not head.endswith(")"):
        return False
    # The word before the parenthesis that the signature (or the last initializer) opens.
    depth, k = 0, len(head.rstrip()) - 1
    while k >= 0:
        if head[k] == ")":
            depth += 1
        elif head[k] == "(":
            depth -= 1
            if depth == 0:
                break
        k -= 1
    word = re.search(r"([\w\]>]+)\s*$", head[:k]) if k > 0 else None
    if word is None:
        return False
    w = word.group(1)
    return w not in CONTROL and not w.endswith("]")  # a lambda belongs to its function


def functions(path):
    text = blank(open(path, encoding="utf-8", errors="replace").read())
    stack, since, line = [], 0, 1  # stack: (is_function, start line, signature)
    for i, c in enumerate(text):
        if c == "\n":
            line += 1
        elif c == "{":
            inside = any(f for f, _, _ in stack)
            is_fn = not inside and opens_function(text[since:i])
            stack.append((is_fn, line, text[since:i][-600:]))
            since = i + 1
        elif c == "}":
            if stack:
                is_fn, start, signature = stack.pop()
                if is_fn:
                    found = [w for w in re.findall(r"([~\w:]+)\s*\(", signature) if w not in CONTROL]
                    yield start, line, line - start + 1, found[0] if found else "?"
            since = i + 1
        elif c == ";":
            since = i + 1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dirs", nargs="*", default=["engine", "cli", "api"])
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--max", type=int, default=0, help="exit 1 when a function has more lines than this")
    args = ap.parse_args()
    rows = []
    for d in args.dirs:
        for root, _, files in os.walk(d):
            for f in files:
                if f.endswith((".cpp", ".hpp", ".h", ".cc")):
                    p = os.path.join(root, f)
                    rows += [(n, p, start, name) for start, _, n, name in functions(p)]
    rows.sort(key=lambda r: (-r[0], r[1], r[2]))
    for n, p, start, name in rows[: args.top]:
        print(f"{n:5d}  {p}:{start}  {name}")
    if args.max:
        over = [r for r in rows if r[0] > args.max]
        if over:
            print(f"{len(over)} function(s) longer than {args.max} lines", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
