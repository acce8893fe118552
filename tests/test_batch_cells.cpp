// `elig batch` binds a CSV row whose cells need no unquoting by its columns, without
// making the row's RawFacts (BatchOptions::plain_cells, Evaluator::BindCells); every
// other row, and every row with a problem, is read the long way (ParseRecord, BindAll).
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

Stored RunOneWay(const RuleSet& rs, const TempDir& dir, const std::string& input, bool plain_cells,
                 std::optional<Date> as_of = std::nullopt, const std::string& audit = "") {
  std::string out = dir / (std::string(plain_cells ? "cells" : "long") + ".db");
  auto o = TestBatchOptions(input, out, 7);
  o.plain_cells = plain_cells;
  o.as_of = as_of;
  if (!audit.empty()) o.audit = dir / (std::string(plain_cells ? "cells-" : "long-") + audit);
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

// Runs `csv` both ways; returns how many rows took the short way.
uint64_t RequireSame(const std::string& csv, std::optional<Date> as_of = std::nullopt, const std::string& audit = "") {
  TempDir dir;
  auto rs = RuleSet::LoadDir(BatchRules());
  REQUIRE(rs->ok());
  WriteFile(dir / "in.csv", csv);
  Stored cells = RunOneWay(*rs, dir, dir / "in.csv", true, as_of, audit);
  Stored long_way = RunOneWay(*rs, dir, dir / "in.csv", false, as_of, audit);
  REQUIRE(cells.result.failure == long_way.result.failure);
  CHECK(cells.result.error == long_way.result.error);
  CHECK(long_way.result.rows_by_cells == 0);
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
    CHECK(cells.result.first_errors[i].message == long_way.result.first_errors[i].message);
    CHECK(cells.result.first_errors[i].column == long_way.result.first_errors[i].column);
  }
  RequireSameRows(cells.results, long_way.results);
  RequireSameRows(cells.applicants, long_way.applicants);
  RequireSameRows(cells.errors, long_way.errors);
  return cells.result.rows_by_cells;
}

}  // namespace

TEST_CASE("batch: rows bound by their cells store what the long way stores", "[batch][csv]") {
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
                      "A17,2026-06-01,群馬県,前橋市,3,1000,0,no,2026-05-10,";           // no line end
    uint64_t by_cells = RequireSame(csv);
    CHECK(by_cells == 5);  // A1, line 4, line 5, A15 and A17
    CHECK(RequireSame(csv, ParseDate("2026-05-20")) == by_cells);
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
    for (const auto& a : apps)  // lists quoted (the long way), an empty one left blank (the short way)
      csv += a.id + "," + a.as_of + "," + a.prefecture + "," + a.city + "," + a.employees + "," + a.fair_costs + "," +
             a.other_grants + "," + a.first_time + "," + a.application_date + "," +
             (a.tags.empty() ? "" : "\"" + a.tags + "\"") + "\n";
    uint64_t by_cells = RequireSame(csv);
    CHECK(by_cells > 30);
    CHECK(by_cells < 300);
  }
  SECTION("rows written to an audit log take the long way") {
    CHECK(RequireSame(header + "A1,2026-06-01,群馬県,前橋市,3,1000000,0,yes,2026-05-10,\n", std::nullopt, "audit.db") == 0);
  }
}
