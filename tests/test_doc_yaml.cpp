// SPDX-License-Identifier: Apache-2.0
// The YAML reader (syntax/doc_yaml.cpp): yaml-cpp's events as a DocNode tree, with byte
// offsets, limits and every error at its line and column (in code points: Japanese text).
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "syntax/doc.hpp"
#include "test_support.hpp"

using elig::test::Repeat;

using namespace elig;

namespace {

struct Read {
  SourceFile file;
  DocNode root;
  std::vector<Diagnostic> diags;
  bool ok = false;
  Read(std::string text, DocLimits limits = {}) : file("t.yaml", std::move(text)) {
    ok = ParseDoc(file, root, diags, limits);
  }
  // "code line:column", or "" when the text was read.
  std::string Error() const {
    if (diags.empty()) return "";
    const Diagnostic& d = diags[0];
    return d.code + " " + std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column);
  }
  std::string En() const { return diags.empty() ? "" : diags[0].message.en; }
};

}  // namespace

TEST_CASE("YAML reader: scalars, nulls, quoting and offsets", "[yaml]") {
  Read r("a: 12\nb: \"12\"\nc: !!str 12\nd: |\n  block\ne: ~\nf:\ng: null\nh: 'null'\n\"名前\": \"日本語 x\"\n");
  REQUIRE(r.ok);
  REQUIRE(r.root.IsMap());
  REQUIRE(r.root.entries.size() == 9);
  CHECK(r.root.Get("a")->scalar == "12");
  CHECK_FALSE(r.root.Get("a")->quoted);
  CHECK(r.root.Get("b")->quoted);
  CHECK_FALSE(r.root.Get("c")->quoted);  // an explicit tag is not honoured
  CHECK(r.root.Get("d")->scalar == "block\n");
  CHECK(r.root.Get("d")->quoted);
  CHECK(r.root.Get("e")->IsNull());
  CHECK(r.root.Get("f")->IsNull());
  CHECK(r.file.Loc(r.root.Get("f")->offset).line == 7);  // an empty value is where it is missing
  Read commented("x: # a note\n  # another\ny: 1\n");
  REQUIRE(commented.ok);
  CHECK(commented.file.Loc(commented.root.Get("x")->offset).column == 3);
  CHECK(r.root.Get("g")->IsNull());
  CHECK(r.root.Get("h")->IsScalar());
  const DocNode* name = r.root.Get("名前");
  REQUIRE(name);
  CHECK(name->scalar == "日本語 x");
  SourceLoc loc = NodeLoc(r.file, *name);
  CHECK(loc.line == 10);
  CHECK(loc.column == 7);  // "名前": counts two characters, not six bytes
  // Each byte of the value maps to its byte in the file: `x` is the 8th character of the value's text.
  auto map = MapScalarOffsets(r.file, *name);
  CHECK(r.file.Loc(map[name->scalar.size() - 1]).column == 12);
}

TEST_CASE("YAML reader: a question mark inside plain text in a flow collection is text", "[yaml]") {
  Read r("ask: { ja: 従業員は何人ですか, en: How many employees? }\nl: [Why?, a?b, ?x]\nk: { ? key : v }\n");
  REQUIRE(r.ok);
  CHECK(r.root.Get("ask")->Get("en")->scalar == "How many employees?");
  REQUIRE(r.root.Get("l")->items.size() == 3);
  CHECK(r.root.Get("l")->items[0].scalar == "Why?");
  CHECK(r.root.Get("l")->items[1].scalar == "a?b");
  CHECK(r.root.Get("k")->Get("key")->scalar == "v");
  // Quoted text keeps its bytes as they are.
  Read q("l: [\"a?\", '\x01?']\nm: x?\n");
  REQUIRE(q.ok);
  CHECK(q.root.Get("l")->items[1].scalar == "\x01?");
  CHECK(q.root.Get("m")->scalar == "x?");
}

TEST_CASE("YAML reader: syntax errors name the place and what is wrong, in Japanese lines too", "[yaml]") {
  Read flow("program: p\ntitle: { ja: 検査, en: Check\nrequirements: []\n");
  CHECK(flow.Error() == "yaml-syntax 3:13");
  CHECK(flow.En() == "a `{` map is not closed here: expected `,` or `}`");
  CHECK(Read("説明: 日本語: です\n").Error() == "yaml-syntax 1:8");
  CHECK(Read("a: [1, 2\n").Error() == "yaml-syntax 2:1");
  CHECK(Read("名前: 1\n]\n").Error() == "yaml-syntax 2:1");
  CHECK(Read("a: \"日本\\q\"\n").Error() == "yaml-syntax 1:7");
  CHECK(Read("a: \"日本\\q\"\n").En() == "unknown escape `\\q` in double-quoted text; write `\\\\` for a backslash");
  CHECK(Read("a:\n\tb: 1\n").Error() == "yaml-syntax 2:1");
  CHECK(Read("a:\n\tb: 1\n").En() == "a tab in the indentation; indent with spaces");
  // A quoted text cut off by the end of the file is an error even after a line break.
  Read open("a: 1\nb: \"名前\n");
  CHECK(open.Error() == "yaml-syntax 2:4");
  CHECK(open.En() == "this quoted text is not closed: its closing quote is missing");
  CHECK(Read("a: 'x\n  y").Error() == "yaml-syntax 1:4");
  CHECK(Read("a: \"x\"").ok);
  CHECK(Read("a: |\n  it's\n").ok);
  CHECK(Read("a: &q \"x \\\" y\"\n").ok);
}

TEST_CASE("YAML reader: one document, and text after it", "[yaml]") {
  CHECK(Read("a: 1\n---\nb: 2\n").Error() == "extra-document 2:1");
  CHECK(Read("a: 1\n--- \n").Error() == "extra-document 2:1");
  CHECK(Read("a: 1\n...\nb: 2\n").Error() == "extra-document 3:1");
  Read after("[a]\nb\n");
  CHECK(after.Error() == "yaml-syntax 2:1");
  CHECK(after.En() == "more YAML after the end of the document; a file holds one document");
  CHECK(Read("--- \na: 1\n...\n").ok);
  Read empty("# nothing\n");
  CHECK(empty.ok);
  CHECK(empty.root.IsNull());
}

TEST_CASE("YAML reader: byte order mark, invalid UTF-8 and NUL bytes", "[yaml]") {
  Read bom("\xEF\xBB\xBF名前: [1\n");
  CHECK(bom.Error() == "yaml-syntax 2:1");
  Read bom_ok("\xEF\xBB\xBF" "a: 名前\n");
  REQUIRE(bom_ok.ok);
  CHECK(bom_ok.root.Get("a")->offset == 6);  // offsets are the file's bytes, the BOM's among them
  CHECK(Read("a: 名\xFF\n").Error() == "invalid-utf8 1:5");
  CHECK(Read("a: 名\xE5\x90\n").Error() == "invalid-utf8 1:5");
  CHECK(Read(std::string("a: 1\nb: \0\n", 10)).Error() == "invalid-utf8 2:4");
  // A second BOM is text, not a marker: yaml-cpp reads it as a plain character.
  CHECK(Read("\xEF\xBB\xBF\xEF\xBB\xBF" "a: 1\n").diags.size() <= 1);
}

TEST_CASE("YAML reader: 100,000 levels of nesting are too-deep, quickly and without recursion", "[yaml][limits]") {
  auto start = std::chrono::steady_clock::now();
  for (const std::string& deep : {Repeat("[", 100'000), Repeat("{a: ", 100'000), "x: " + Repeat("[", 100'000),
                                  Repeat("- ", 100'000) + "x", "a: [" + Repeat("{b: [", 50'000)}) {
    Read r(deep);
    INFO(deep.substr(0, 20));
    REQUIRE_FALSE(r.ok);
    CHECK(r.diags[0].code == "too-deep");
    CHECK(r.diags[0].loc.line == 1);
  }
  // The root and 64 levels under it.
  CHECK(Read(Repeat("[", 100'000)).Error() == "too-deep 1:66");
  CHECK(Read("x: " + Repeat("[", 100'000)).Error() == "too-deep 1:68");  // the map is a level
  CHECK(Read(Repeat("[", 65) + Repeat("]", 65)).ok);
  CHECK(Read(Repeat("[", 66) + Repeat("]", 66)).Error() == "too-deep 1:66");
  CHECK(Read(Repeat("- ", 66) + "x").Error() == "too-deep 1:131");
  // Brackets inside quotes, comments, block text and plain text nest nothing.
  std::string many = Repeat("[", 200);
  CHECK(Read("a: \"" + many + "\"\nb: '" + many + "'\n# " + many + "\nc: |\n  " + many + "\n\nd: x" + many + "\n").ok);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
}

TEST_CASE("YAML reader: a huge first entry in a flow list stops at the node limit", "[yaml][limits]") {
  DocLimits small;
  small.max_nodes = 1'000;
  Read r("a: [[" + Repeat("1, ", 100'000) + "1]]\n", small);
  // Counted as the events arrive: the 1,001st node (the map, `a`, two lists, 997 items).
  CHECK(r.Error() == "too-large 1:" + std::to_string(6 + 3 * 996));
  CHECK(r.En() == "document has more than 1000 nodes (after aliases)");
  Read empties("[" + Repeat("[], ", 3'000) + "[]]\n", small);
  CHECK(empties.diags.at(0).code == "too-large");
  Read fine("[" + Repeat("[], ", 400) + "[]]\n", small);
  CHECK(fine.ok);
}

TEST_CASE("YAML reader: an empty value after flow nesting cut at the limit stays inside the file", "[yaml][limits]") {
  // yaml-cpp reads the text up to the cut and the brackets that close it; an empty node it
  // marks past the end of the file was looked for there (fuzz_doc_cache found it under ASan).
  for (const std::string& tail : {std::string("|\n  bk\n~k\n"), std::string("|"), std::string(":"), std::string("- ")}) {
    Read r(Repeat("{", 109) + tail);
    INFO(tail);
    REQUIRE_FALSE(r.ok);
    CHECK(r.diags[0].code == "too-deep");
    CHECK(r.diags[0].loc.offset <= r.file.text().size());
  }
}

TEST_CASE("YAML reader: aliases copy, count and name what they refer to", "[yaml]") {
  Read r("a: &x {k: [1, 2]}\nb: *x\nc: &s text\nd: *s\n");
  REQUIRE(r.ok);
  CHECK(r.root.Get("b")->Get("k")->items.size() == 2);
  CHECK(r.root.Get("d")->scalar == "text");
  Read unknown("a: 1\nb: *名前\n");
  CHECK(unknown.Error() == "yaml-syntax 2:4");
  CHECK(unknown.En() == "unknown anchor `名前`");
  Read itself("a: &me [1, *me]\n");
  CHECK(itself.Error() == "yaml-syntax 1:12");
  CHECK(itself.En() == "unknown anchor `me`");
  // Redefined: the alias takes the latest.
  Read again("a: &x 1\nb: &x 2\nc: *x\n");
  REQUIRE(again.ok);
  CHECK(again.root.Get("c")->scalar == "2");
}

TEST_CASE("YAML reader: long scalars are read whole", "[yaml]") {
  std::string big(4 << 20, 'x');
  Read r("a: " + big + "\nb: \"" + big + "\"\n");
  REQUIRE(r.ok);
  CHECK(r.root.Get("a")->scalar.size() == big.size());
  CHECK(r.root.Get("b")->scalar.size() == big.size());
  CHECK(NodeLoc(r.file, *r.root.Get("b")).line == 2);
}
