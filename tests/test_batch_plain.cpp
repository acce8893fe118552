// SPDX-License-Identifier: Apache-2.0
// `elig batch` binds a row whose values are single scalars or lists in a cell (a CSV row
// well quoted, a JSON line of scalars) without making the row's RawFacts
// (BatchOptions::plain_facts, Evaluator::BindPlain); every other row, and every row with
// a problem, is read the long way (ParseRecord, BindAll).
// Both ways must store the same results, applicants, input errors and summary: these
// tests run the same inputs both ways and compare everything a run stores.
#include <catch2/catch.hpp>

#include "compile/ruleset.hpp"
#include "store/batch.hpp"
#include "test_batch_support.hpp"

using namespace elig;
using namespace elig::batch_test;

namespace {

struct Stored {
  store::BatchResult result;
  std::vector<std::string> results, applicants, errors;
};

Stored RunOneWay(const RuleSet& rs, const TempDir& dir, const std::string& input, bool plain_facts,
                 std::optional<Date> as_of = std::nullopt, const std::string& audit = "") {
  std::string out = dir / (std::string(plain_facts ? "cells" : "long") + ".db");
  auto o = TestBatchOptions(input, out, 7);
  o.plain_facts = plain_facts;
  o.as_of = as_of;
  if (!audit.empty()) o.audit = dir / (std::string(plain_facts ? "cells-" : "long-") + audit);
  Stored s;
  s.result = store::RunBatch(rs, o);
  s.results = ResultRows(out);
  s.applicants = Rows(out, "SELECT seq, applicant_id, line, as_of, facts, quote(record) FROM applicants ORDER BY seq");
  s.errors = Rows(out, "SELECT seq, n, applicant_id, line, col, field, message, row_refused FROM input_errors ORDER BY seq, n");
  return s;
}

void RequireSameRows(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    INFO("row " << i);
    CHECK(a[i] == b[i]);
  }
}

// Runs `text` (CSV, or JSON Lines when `file` says so) both ways; returns how many rows
// took the short way.
uint64_t RequireSame(const std::string& text, std::optional<Date> as_of = std::nullopt, const std::string& audit = "",
                     const std::string& file = "in.csv") {
  TempDir dir;
  auto rs = RuleSet::LoadDir(BatchRules());
  REQUIRE(rs->ok());
  WriteFile(dir / file, text);
  Stored cells = RunOneWay(*rs, dir, dir / file, true, as_of, audit);
  Stored long_way = RunOneWay(*rs, dir, dir / file, false, as_of, audit);
  REQUIRE(cells.result.failure == long_way.result.failure);
  CHECK(cells.result.error.en == long_way.result.error.en);
  CHECK(long_way.result.rows_plain == 0);
  const auto& a = cells.result.summary;
  const auto& b = long_way.result.summary;
  CHECK(a.rows == b.rows);
  CHECK(a.refused_rows == b.refused_rows);
  CHECK(a.rows_with_errors == b.rows_with_errors);
  CHECK(a.unknown_columns == b.unknown_columns);
  REQUIRE(a.programs.size() == b.programs.size());
  for (size_t k = 0; k < a.programs.size(); ++k) {
    CHECK(a.programs[k].eligible == b.programs[k].eligible);
    CHECK(a.programs[k].ineligible == b.programs[k].ineligible);
    CHECK(a.programs[k].undetermined == b.programs[k].undetermined);
    CHECK(a.programs[k].award.ToString() == b.programs[k].award.ToString());
  }
  REQUIRE(cells.result.first_errors.size() == long_way.result.first_errors.size());
  for (size_t i = 0; i < cells.result.first_errors.size(); ++i) {
    CHECK(cells.result.first_errors[i].message.en == long_way.result.first_errors[i].message.en);
    CHECK(cells.result.first_errors[i].column == long_way.result.first_errors[i].column);
  }
  RequireSameRows(cells.results, long_way.results);
  RequireSameRows(cells.applicants, long_way.applicants);
  RequireSameRows(cells.errors, long_way.errors);
  return cells.result.rows_plain;
}

}  // namespace

TEST_CASE("batch: CSV rows bound the short way store what the long way stores", "[batch][csv]") {
  const std::string header = "id,as_of,prefecture,city,employees,fair_costs,other_grants,first_time,application_date,tags\n";
  SECTION("hand-made rows: blanks, padding, ids, dates, bad values, lists, quotes, broken rows") {
    std::string csv = header +
                      "A1,2026-06-01,群馬県,前橋市,3,1000000,0,yes,2026-05-10,\n"       // plain
                      "  A2  , 2026-06-01 ,  群馬県 , 高崎市,  20 , 1,500,000 ,0,はい,2026-05-11,\n"  // too many fields
                      ",2026-06-01,群馬県,前橋市,21,2000,,no,2026-05-12,\n"               // no id: `line 4`
                      "   ,,群馬県,,301,,,,,\n"                                             // blank id and as_of
                      "A5,2026-02-30,群馬県,前橋市,3,1000,0,yes,2026-05-10,\n"            // a bad as_of
                      "A6,2026-06-01,群馬県,前橋市,twelve,1000,0,yes,2026-05-10,\n"       // a bad int
                      "A7,2026-06-01,群馬県,前橋市,-1,1000,0,yes,2026-05-10,\n"           // below min
                      "A8,2026-06-01,群馬県,前橋市,3,1000,0,maybe,2026-05-10,\n"          // a bad yes/no
                      "A9,2026-06-01,群馬県,前橋市,3,1000,0,yes,2026-13-01,\n"            // a bad date
                      "A10,2026-06-01,群馬県,前橋市,3,1000,0,yes,2026-05-10,export\n"     // a list fact's cell
                      "A11,2026-06-01,[群馬県],前橋市,3,1000,0,yes,2026-05-10,\n"         // brackets: a list
                      "A12,2026-06-01,\"群馬県\",前橋市,3,1000,0,yes,2026-05-10,\n"       // quoted
                      "A13,2026-06-01,群馬県,前橋市,3,1000,0,yes\n"                       // too few fields
                      "A14,2026-06-01,群馬県 \xff,前橋市,3,1000,0,yes,2026-05-10,\n"      // not UTF-8
                      "A15,2026-06-01,  群馬県  ,前橋市, 3 ,1000円,0, YES ,2026-05-10,\r\n"  // padding, CRLF
                      "\n"
                      "A16,2026-06-01,群馬県,前橋市,3,\"1,000\",0,no,2026-05-10,\n"       // quoted amount
                      "A17,2026-06-01,群馬県,前橋市,3,1000,0,no,2026-05-10,\n"          // no line end below
                      "A18,2026-06-01,\"群馬県\",\"前橋\"\"市\"\"\",3,\"1,000\",0,no,2026-05-10,\"[export, online]\"\n"  // `""`, a quoted list
                      "A19,2026-06-01,群馬県,前橋市,3,\"1,000\"  ,0,no,2026-05-10,\n"   // blanks after a closing quote
                      "A20,2026-06-01,群馬県,前橋市,3,\"1,000\"x,0,no,2026-05-10,\n"    // text after a closing quote
                      "A21,2026-06-01,群馬県,前橋市,3,1000,0,no,2026-05-10,\"[export, nope]\"\n"  // a bad list item
                      "A22,2026-06-01,群馬県,前橋市,3,1000,0,no,2026-05-10,\"online;export\"\n"   // a list fact's `a;b`
                      "A23,2026-06-01,群馬県,\"前橋\n市\",3,1000,0,no,2026-05-10,\n"    // a line break inside quotes
                      "A24,2026-06-01,群馬県,前橋市,3,1000,0,no,2026-05-10,\"\"\n"       // `""`: unknown
                      "A25,2026-06-01,群馬県,前橋市,3,1000,0,no,2026-05-10,";           // no line end
    uint64_t plain = RequireSame(csv);
    // A1, line 4, line 5, A10, A12, A15, A16, A17, A18, A22, A23, A24 and A25
    CHECK(plain == 13);
    CHECK(RequireSame(csv, ParseDate("2026-05-20")) == plain);
  }
  SECTION("a column no program declares, and the special columns in another order") {
    CHECK(RequireSame("city,extra,prefecture,id,employees,as_of\n"
                      "前橋市,x,群馬県,B1,3,2026-06-01\n"
                      "高崎市,,群馬県,B2,twelve,\n"
                      "前橋市,y,栃木県,,300,2026-04-01\n") == 2);
  }
  SECTION("generated applicants, some with bad values") {
    auto apps = Generate(300, 11, 0.1);
    std::string csv = header;
    for (const auto& a : apps)  // lists quoted, an empty one left blank
      csv += a.id + "," + a.as_of + "," + a.prefecture + "," + a.city + "," + a.employees + "," + a.fair_costs + "," +
             a.other_grants + "," + a.first_time + "," + a.application_date + "," +
             (a.tags.empty() ? "" : "\"" + a.tags + "\"") + "\n";
    uint64_t plain = RequireSame(csv);
    CHECK(plain > 30);
    CHECK(plain < 300);
  }
  SECTION("rows written to an audit log take the long way") {
    CHECK(RequireSame(header + "A1,2026-06-01,群馬県,前橋市,3,1000000,0,yes,2026-05-10,\n", std::nullopt, "audit.db") == 0);
  }
}

TEST_CASE("batch: JSON lines bound the short way store what the long way stores", "[batch][jsonl]") {
  auto jsonl = [](const std::string& text) { return RequireSame(text, std::nullopt, "", "in.jsonl"); };
  SECTION("hand-made lines: types, nulls, escapes, ids, dates, bad values, lists, broken lines") {
    std::string text =
        "{\"id\": \"J1\", \"as_of\": \"2026-06-01\", \"prefecture\": \"群馬県\", \"employees\": 3, \"fair_costs\": 1000000, \"first_time\": true}\n"  // plain
        "{\"id\": 42, \"employees\": \" 20 \", \"fair_costs\": \"1,500,000円\", \"first_time\": \"はい\", \"city\": null}\n"  // plain
        "{\"prefecture\": \"\\u7fa4\\u99ac\\u770c\", \"employees\": null, \"id\": null, \"as_of\": null}\n"  // plain: escapes, no id
        "{\"id\": \"   \", \"as_of\": \"\", \"city\": \"前橋市\", \"extra\": 1, \"more\": null}\n"  // plain: blank id, unknown keys
        "{\"id\": \"J5\", \"as_of\": \"2026-02-30\"}\n"             // a bad as_of
        "{\"id\": \"J6\", \"employees\": \"twelve\"}\n"              // a bad int
        "{\"id\": \"J7\", \"employees\": -1}\n"                      // below min
        "{\"id\": \"J8\", \"employees\": 1.5}\n"                     // not whole
        "{\"id\": \"J9\", \"employees\": \"\"}\n"                    // an empty string is a value
        "{\"id\": \"J10\", \"tags\": [\"export\"]}\n"                 // a list
        "{\"id\": \"J11\", \"tags\": \"export\"}\n"                   // a list fact given one value
        "{\"id\": \"J12\", \"facts\": {\"employees\": 3}}\n"           // nested facts
        "{\"id\": \"J13\", \"employees\": 3, \"employees\": 4}\n"      // a key twice
        "{\"id\": \"J14\", \"employees\": 3} x\n"                     // text after the object
        "{\"id\": \"J15\", \"employees\": }\n"                        // broken JSON
        "[1, 2]\n"                                                     // not an object
        "{\"id\": \"J17\", \"prefecture\": \"\xff\"}\n"              // not UTF-8
        "{\"id\": [\"J18\"]}\n"                                       // an id that is a list
        "{\"id\": \"J19\", \"city\": {\"name\": \"x\"}}\n"            // an object value
        "\n"
        "  {\"id\": \"J20\", \"employees\": 3e0, \"first_time\": false}  \r\n";  // padded, CRLF
    uint64_t plain = jsonl(text);
    CHECK(plain == 4);  // J1, 42, the escaped line, the blank-id line; J20 (3e0 is no whole number)
    CHECK(jsonl("\xEF\xBB\xBF" + text) == plain);  // a byte order mark
  }
  SECTION("generated applicants, some with bad values") {
    auto apps = Generate(300, 12, 0.1);
    for (auto& a : apps)
      if (a.tags == "[export]") a.tags.clear();  // some lines without a list: the short way
    uint64_t plain = jsonl(ToJsonl(apps));
    CHECK(plain > 30);
    CHECK(plain < 300);
  }
}
