// SPDX-License-Identifier: Apache-2.0
// The CSV reader cuts and splits a record without quotes at once (ReaderOptions::
// plain_records_at_once); every other record goes through the byte-by-byte loop. Both
// must give the same rows, fields, places and problems: these tests read the same inputs
// both ways and compare everything a row carries.
#include <catch2/catch.hpp>

#include <random>

#include "io/csv.hpp"
#include "test_support.hpp"

using namespace elig;

namespace {

std::string Loc(const SourceLoc& l) {
  return l.file + ":" + std::to_string(l.line) + ":" + std::to_string(l.column) + "@" + std::to_string(l.offset) + "+" +
         std::to_string(l.length);
}

std::string Value(const RawValue& v) {
  std::string s = std::to_string(static_cast<int>(v.type)) + (v.quoted ? "q" : "") + "<" + v.text + ">" + Loc(v.loc);
  for (const auto& i : v.items) s += "[" + Value(i) + "]";
  return s;
}

// Everything a read row carries, as text.
std::string Describe(const InputRow& r) {
  std::string s = std::to_string(r.seq) + " line " + std::to_string(r.line) + (r.readable ? " ok" : " refused") + " id <" +
                  r.applicant.id + "> as_of " + (r.applicant.as_of ? FormatDate(*r.applicant.as_of) : "-") + " src " +
                  r.applicant.source;
  for (const auto& f : r.applicant.facts) s += "\n  " + f.name + " " + Loc(f.loc) + " = " + Value(f.value);
  for (const auto& i : r.issues) s += "\n  issue " + i.fact + ": " + i.message.en + " " + Loc(i.loc);
  return s;
}

std::vector<std::string> ReadBothWays(const std::string& text, ReaderOptions ro, bool at_once) {
  ro.plain_records_at_once = at_once;
  auto in = OpenCsvText(text, "in.csv", ro);
  std::vector<std::string> out;
  InputRow r;
  while (in->Next(r)) out.push_back(Describe(r));
  out.push_back("error: " + in->error().en + " position " + std::to_string(in->position()));
  return out;
}

void RequireSame(const std::string& text, const ReaderOptions& ro = {}) {
  auto a = ReadBothWays(text, ro, true), b = ReadBothWays(text, ro, false);
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    INFO("row " << i);
    CHECK(a[i] == b[i]);
  }
}

// Every record PlainFacts reads has, value by value, what ParseRecord gives it: a scalar's
// text, no value where null, a list as CellValue reads its cell. Returns how many it read.
size_t RequireShortWayAgrees(const std::string& text, const ReaderOptions& ro) {
  auto in = OpenCsvText(text, "in.csv", ro);
  RawRecord raw;
  InputRow row;
  std::vector<PlainFact> plain;
  size_t read = 0;
  while (in->NextRecord(raw)) {
    if (!in->PlainFacts(raw, plain)) continue;
    ++read;
    in->ParseRecord(raw, row);
    INFO("line " << raw.line << ": " << raw.text);
    // Its `as_of` is the only thing ParseRecord may refuse, and binding refuses it too.
    for (const auto& i : row.issues) REQUIRE(i.fact == "as_of");
    if (!row.readable) continue;
    REQUIRE(plain.size() == in->Columns().size());
    size_t n = 0;
    for (const auto& f : plain) {
      if (f.name == "id" || f.name == "as_of") continue;
      REQUIRE(n < row.applicant.facts.size());
      const RawValue& v = row.applicant.facts[n++].value;
      RawValue want;
      want.type = RawValue::Type::kScalar;
      want.text = std::string(f.text);
      if (f.null) want = RawValue{};
      else if (f.list) want = input_detail::CellValue(std::string(f.text), false, f.list_fact, v.loc);
      want.loc = v.loc;
      RawValue got = v;
      got.quoted = false;  // binding does not read it
      CHECK(Value(want) == Value(got));
    }
  }
  return read;
}

}  // namespace

TEST_CASE("csv: the short way reads quoted cells and lists as ParseRecord does", "[csv]") {
  ReaderOptions ro;
  ro.list_facts = {"tags"};
  std::string text =
      "id,as_of,name,tags,amount\n"
      "A1,2026-05-01,\"群馬県 \"\"前橋\"\"\",\"a;b\",\"1,500,000\"\n"
      "A2,,\"[x, y]\",[z],\"\"\n"
      "A3,2026-05-01,\"[{\"\"name\"\": \"\"A\"\"}]\",,  \"\"  \n"
      "A4,2026-05-01,\"a\" ,b,1\n"          // blanks after a closing quote: the long way
      "A5,2026-05-01,\"cr\rin\",b,1\n"     // a CR: the long way
      "A6,2026-05-01,x,b\n";                // too few fields
  CHECK(RequireShortWayAgrees(text, ro) == 3);
}

TEST_CASE("csv: plain records read at once equal the byte-by-byte reading", "[csv]") {
  ReaderOptions ro;
  ro.list_facts = {"tags"};
  RequireSame(
      "id,as_of,name,tags,amount\n"
      "A-1,2026-05-01,群馬県 前橋市,a;b,1200000\n"
      "A-2,,  padded  ,,\r\n"
      "A-3,2026-02-30,lone\rcr,[x, y],12\n"
      "\n"
      "A-4,2026-05-01,\"quoted, with comma\",a,1\n"
      "A-5,2026-05-01,mid\"quote,a,1\n"
      "A-6,2026-05-01,too,few\n"
      "A-7,2026-05-01,too,many,fields,here\n"
      "A-8,2026-05-01,bad utf8 \xff\xfe,a,1\r\r\n"
      "A-9,2026-05-01,\"open quote\n"
      "continues\",a,1\n"
      "A-10,2026-05-01,last line without end,a,9",
      ro);
  // A BOM, CRLF everywhere, trailing commas.
  RequireSame("\xEF\xBB\xBFid,x,y\r\n1,,\r\n2,ä,\r\n,,\r\n");
  // Only a header; nothing at all; a header with a quote.
  RequireSame("id,x\n");
  RequireSame("");
  RequireSame("\"id\",x\n1,2\n");
}

TEST_CASE("csv: records with quotes cut at once equal the byte-by-byte reading", "[csv]") {
  ReaderOptions ro;
  ro.list_facts = {"tags"};
  RequireSame(
      "id,name,tags,amount\n"
      "Q1,\"quoted\",\"a;b\",\"1,500,000\"\n"
      "Q2,\"say \"\"hi\"\"\",\"[x, y]\",\"\"\"\"\n"             // `""` inside, and a cell of one quote
      "Q3,mid\"quote,\"a\"  ,\"b\"x\n"                           // a quote inside a field; blanks and text after one
      "Q4,\"open at the line end,\"\"\n"                          // `""` then the line ends inside quotes
      "still open\",a,1\n"
      "Q5,\"crlf\",a,1\r\n"
      "Q6,\"cr\rinside\",a,1\n"
      "\"Q7\",\"[{\"\"name\"\": \"\"A\"\"}]\",,\n"                 // JSON in a cell
      "Q8,\"never closed,a,1\n",
      ro);
  // Quotes at the limits: bytes and fields counted as written.
  ro.max_row_bytes = 12;
  ro.max_fields = 4;
  RequireSame("a,b,c,d\n\"1234567890\",,,\n\"12345678901\",,,\n\"1\",\"2\",\"3\",\"4\"\n\"1\",\"2\",\"3\",\"4\",5\n", ro);
}

TEST_CASE("csv: at the limits, records read at once equal the byte-by-byte reading", "[csv]") {
  ReaderOptions ro;
  ro.max_row_bytes = 12;
  ro.max_fields = 4;
  // 12 bytes of content is allowed, 13 is not; 4 fields allowed, 5 not; commas are not content.
  RequireSame(
      "a,b,c,d\n"
      "123456789012,,,\n"
      "1234567890123,,,\n"
      "1,2,3,4\n"
      "1,2,3,4,5\n"
      "12345,67890,12,\n"
      "12345,67890,123,\n"
      "群馬県群,,,\n"
      "群馬県群馬,,,\n",
      ro);
}

TEST_CASE("csv: random inputs, across the reader's block boundaries, read the same both ways", "[csv]") {
  std::mt19937 rng(20261128);
  const std::vector<std::string> cells = {"", "1", "12,5", "\"q\"", "\"a\"\"b\"", "群馬県", "x\"y", " sp ", "[a, b]",
                                          "a;b", "\xe3\x81", "\r", "2026-05-01", "\"line\nbreak\"", "true"};
  for (int round = 0; round < 6; ++round) {
    ReaderOptions ro;
    ro.list_facts = {"c2"};
    if (round % 3 == 1) {
      ro.max_row_bytes = 20;
      ro.max_fields = 5;
    }
    std::string text = "id,as_of,c1,c2,c3\n";
    // Rounds 3..5 are over 2 MiB: records straddle the 1 MiB blocks the reader fills.
    size_t target = round < 3 ? 20'000 : 2'300'000;
    while (text.size() < target) {
      size_t fields = rng() % 10 == 0 ? 1 + rng() % 8 : 5;
      for (size_t f = 0; f < fields; ++f) {
        if (f) text += ',';
        text += f == 1 && rng() % 2 ? "2026-06-01" : cells[rng() % cells.size()];
      }
      int end = static_cast<int>(rng() % 10);
      text += end < 6 ? "\n" : end < 9 ? "\r\n" : "\n\n";
    }
    INFO("round " << round);
    RequireSame(text, ro);
    if (round < 3) RequireShortWayAgrees(text, ro);
  }
}
