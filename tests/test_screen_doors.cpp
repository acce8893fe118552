// SPDX-License-Identifier: Apache-2.0
// Every door decides through one screening (docs/screening.md): over every shipped program
// and 10,000 generated applicants, `elig batch` (plain, --explain, --audit) and the C API give the same
// outcome, score, award, final award and missing facts for every applicant and program;
// `elig check` and `elig match`, which read one applicant a process, give them too for a
// deterministic sample of the applicants. After kill -9 and resume, an --audit batch
// equals an uninterrupted one in every column.
#include <elig.h>
#include <signal.h>

#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "compile/ruleset.hpp"
#include "test_batch_support.hpp"

using namespace elig;
using namespace elig::batch_test;
using json = nlohmann::json;

namespace {

constexpr int kSamples = 20;  // check and match: 20 applicants, evenly spread

const char* const kPrefectures[] = {"群馬県", "群馬県", "群馬県", "群馬県", "栃木県", "埼玉県", "東京都"};
const char* const kCities[] = {"前橋市", "高崎市", "桐生市", "安中市", "太田市", "宇都宮市"};
const char* const kWords[] = {"alpha", "beta", "東和", "上州", "赤城"};

// One generated applicant: each fact's value as a CSV cell and as a JSON value (null: unknown).
struct Generated {
  std::string id, as_of;
  std::vector<std::string> cells;
  json doc;
};

// Applicants for the facts of the shipped programs, from a seed: plausible values around
// the rules' thresholds, a sixth of the facts unknown, as-of dates in and near each window.
std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

class ApplicantGen {
 public:
  ApplicantGen(const RuleSet& rules, uint64_t seed) : rng_(seed) {
    std::set<std::string> seen;
    for (const auto& p : rules.programs()) {
      for (const auto& f : p->facts)
        if (seen.insert(f.name).second) facts_.push_back(&f);
      if (p->window_from && p->window_to) windows_.emplace_back(*p->window_from, *p->window_to);
    }
  }

  std::vector<std::string> Names() const {
    std::vector<std::string> out;
    for (const auto* f : facts_) out.push_back(f->name);
    return out;
  }

  Generated Next(int i) {
    Generated g;
    g.id = "S" + std::to_string(100000 + i);
    g.as_of = FormatDate(AsOf());
    g.doc = json::object();
    g.doc["id"] = g.id;
    g.doc["as_of"] = g.as_of;
    for (const CompiledFact* f : facts_) {
      std::string cell;
      json value = nullptr;
      if (Pick(6) != 0) Value(*f, cell, value);
      g.cells.push_back(cell);
      g.doc[f->name] = value;
    }
    return g;
  }

 private:
  int Pick(int n) { return static_cast<int>(rng_() % static_cast<uint64_t>(n)); }
  template <size_t N>
  const char* Choose(const char* const (&v)[N]) {
    return v[Pick(static_cast<int>(N))];
  }

  Date AsOf() {
    if (windows_.empty() || Pick(10) == 0) return *ParseDate("2026-06-01");
    auto [from, to] = windows_[static_cast<size_t>(Pick(static_cast<int>(windows_.size())))];
    int span = to.days - from.days + 20;
    return Date{from.days - 10 + Pick(span + 1)};
  }

  int64_t Whole(const CompiledFact& f, bool yen) {
    static const int64_t kCounts[] = {0, 1, 5, 6, 20, 21, 50, 51, 100, 101, 300, 301};
    static const int64_t kAmounts[] = {0, 100'000, 500'000, 600'000, 1'500'000, 3'000'000, 10'000'000, 50'000'000,
                                       100'000'000, 300'000'000, 300'000'001, 1'000'000'000};
    int64_t v = Pick(4) == 0 ? Pick(yen ? 3'000'000 : 3000) : yen ? kAmounts[Pick(12)] : kCounts[Pick(12)];
    if (f.min && f.min->IsInteger()) v = std::max(v, f.min->num());
    if (f.max && f.max->IsInteger()) v = std::min(v, f.max->num());
    return v;
  }

  std::string Scalar(const CompiledFact& f, BaseType base, json& value) {
    switch (base) {
      case BaseType::kBool: {
        bool b = Pick(2) == 0;
        value = b;
        return b ? "yes" : "no";
      }
      case BaseType::kInt:
      case BaseType::kYen: {
        int64_t v = Whole(f, base == BaseType::kYen);
        value = v;
        return std::to_string(v);
      }
      case BaseType::kDecimal: {
        static const char* const kFractions[] = {"0", "0.1", "1/3", "0.5", "2/3", "1"};
        std::string t = Choose(kFractions);
        value = t;
        return t;
      }
      case BaseType::kDate: {
        bool old = f.name.find("found") != std::string::npos || f.name.find("establish") != std::string::npos;
        Date d{ParseDate(old ? "1960-01-01" : "2019-01-01")->days + Pick(old ? 365 * 66 : 365 * 9)};
        value = FormatDate(d);
        return FormatDate(d);
      }
      case BaseType::kEnum: {
        const auto& values = f.spec.enum_def->values;
        std::string t = values[static_cast<size_t>(Pick(static_cast<int>(values.size())))];
        value = t;
        return t;
      }
      default: {
        std::string t = f.name.find("prefecture") != std::string::npos ? Choose(kPrefectures)
                        : f.name.find("city") != std::string::npos     ? Choose(kCities)
                                                                       : Choose(kWords);
        value = t;
        return t;
      }
    }
  }

  void Value(const CompiledFact& f, std::string& cell, json& value) {
    if (f.spec.base != BaseType::kList) {
      cell = Scalar(f, f.spec.base, value);
      return;
    }
    value = json::array();
    if (f.spec.record) {  // a list of records: up to three, as JSON in the CSV cell
      for (int k = Pick(4); k > 0; --k) {
        json record = json::object();
        for (const FieldDef& field : f.spec.record->fields) {
          CompiledFact as_fact;
          as_fact.name = field.name;
          as_fact.spec = field.type;
          as_fact.min = field.min;
          as_fact.max = field.max;
          json item;
          Scalar(as_fact, field.type.base, item);
          record[field.name] = item;
        }
        value.push_back(record);
      }
      cell = Dump(value);
      return;
    }
    // A list: up to three distinct items, written `[a, b]` in a CSV cell.
    std::set<std::string> items;
    cell = "[";
    for (int k = Pick(4); k > 0; --k) {
      json item;
      std::string text = Scalar(f, f.spec.elem, item);
      if (!items.insert(text).second) continue;
      cell += (items.size() > 1 ? ", " : "") + text;
      value.push_back(item);
    }
    cell += "]";
  }

  std::mt19937_64 rng_;
  std::vector<const CompiledFact*> facts_;
  std::vector<std::pair<Date, Date>> windows_;
};

std::string CsvCell(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}


// One row as the comparison reads it: seq|program|outcome|score|award|final award|missing
// (`∅` for not determinable and for no missing facts; missing as the results table's JSON).
std::string Row(size_t seq, const std::string& program, const std::string& outcome, const std::string& score,
                const std::optional<std::string>& award, const std::optional<std::string>& final_award,
                const std::vector<std::string>& missing) {
  return std::to_string(seq) + "|" + program + "|" + outcome + "|" + score + "|" + award.value_or("∅") + "|" +
         final_award.value_or("∅") + "|" + (missing.empty() ? std::string("∅") : Dump(json(missing)));
}

const char* kResultQuery = "SELECT seq, program, outcome, score, award, final_award, missing FROM results ORDER BY seq, program";

// A JSON score or amount as exact text: a whole number, or the exact string.
std::string Exact(const json& j) { return j.is_number() ? std::to_string(j.get<int64_t>()) : j.get<std::string>(); }
std::optional<std::string> Amount(const json& j) {
  if (j.is_null()) return std::nullopt;
  return j.at("exact").get<std::string>();
}

// The C API over every applicant and program, untraced (ELIG_EVAL_NO_TRACE).
std::vector<std::string> CapiRows(const std::vector<Generated>& apps, std::string& error) {
  std::vector<std::string> rows;
  elig_rules* raw_rules = nullptr;
  if (elig_rules_open_dir((std::string(ELIG_SOURCE_DIR) + "/rules").c_str(), &raw_rules) != ELIG_OK) {
    error = "the rules do not open";
    return rows;
  }
  std::unique_ptr<elig_rules, void (*)(elig_rules*)> rules(raw_rules, elig_rules_free);
  size_t n = 0;
  elig_rules_program_count(rules.get(), &n);
  std::vector<std::pair<std::string, std::string>> docs;  // (id, JSON) per applicant
  for (const auto& a : apps) docs.emplace_back(a.id, Dump(a.doc));
  std::vector<std::vector<std::string>> by_program(apps.size());
  for (size_t k = 0; k < n; ++k) {
    const char* id = nullptr;
    elig_rules_program_id(rules.get(), k, &id);
    elig_program* program = nullptr;
    elig_input* input = nullptr;
    if (elig_program_open(rules.get(), id, &program) != ELIG_OK || elig_input_new(program, &input) != ELIG_OK) {
      error = std::string("cannot open ") + id;
      return rows;
    }
    for (size_t i = 0; i < apps.size(); ++i) {
      elig_decision* d = nullptr;
      if (elig_input_clear(input) != ELIG_OK || elig_input_set_json(input, docs[i].second.c_str(), 0) != ELIG_OK ||
          elig_evaluate(program, input, nullptr, ELIG_EVAL_NO_TRACE, &d) != ELIG_OK) {
        error = std::string(id) + ", " + docs[i].first + ": " + elig_input_errmsg(input);
        break;
      }
      int outcome = 0;
      const char *score = nullptr, *award = nullptr, *final_award = nullptr;
      elig_decision_outcome(d, &outcome);
      elig_decision_score(d, &score, nullptr);
      std::optional<std::string> a, f;
      if (elig_decision_award(d, &award) == ELIG_OK) a = award;
      if (elig_decision_final_award(d, &final_award) == ELIG_OK) f = final_award;
      size_t m = 0;
      elig_decision_missing_count(d, &m);
      std::vector<std::string> missing;
      for (size_t j = 0; j < m; ++j) {
        const char* fact = nullptr;
        elig_decision_missing(d, j, &fact);
        missing.emplace_back(fact);
      }
      by_program[i].push_back(Row(i, id, elig_outcome_name(outcome), score, a, f, missing));
      elig_decision_free(d);
    }
    elig_input_free(input);
    elig_program_free(program);
  }
  // As the results table orders them: by applicant, then by program id.
  for (auto& r : by_program) {
    std::sort(r.begin(), r.end());
    rows.insert(rows.end(), r.begin(), r.end());
  }
  return rows;
}

// `elig check --format json` for one applicant, every program.
std::vector<std::string> CheckRows(size_t seq, const std::string& file, std::string& error) {
  auto r = RunElig({"check", "--rules", std::string(ELIG_SOURCE_DIR) + "/rules", "--applicant", file, "--format", "json"});
  std::vector<std::string> rows;
  json all = json::parse(r.out, nullptr, false);
  if (!all.is_array()) {
    error = "elig check (exit " + std::to_string(r.exit) + "): " + r.out + r.err;
    return rows;
  }
  for (const auto& d : all) {
    std::vector<std::string> missing;
    for (const auto& m : d.at("missing_facts")) missing.push_back(m.at("name").get<std::string>());
    rows.push_back(Row(seq, d.at("program").at("id").get<std::string>(), d.at("outcome").get<std::string>(),
                       Exact(d.at("score").at("total")), Amount(d.at("award")), Amount(d.at("final_award")), missing));
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

// `elig match --format json` for one applicant: every group, every program.
std::vector<std::string> MatchRows(size_t seq, const std::string& file, std::string& error) {
  auto r = RunElig({"match", "--rules", std::string(ELIG_SOURCE_DIR) + "/rules", "--applicant", file, "--format", "json"});
  std::vector<std::string> rows;
  json all = json::parse(r.out, nullptr, false);
  if (!all.is_object()) {
    error = "elig match (exit " + std::to_string(r.exit) + "): " + r.out + r.err;
    return rows;
  }
  for (const char* group : {"eligible", "undetermined", "ineligible", "closed"})
    for (const auto& p : all.at(group))
      rows.push_back(Row(seq, p.at("program").get<std::string>(), group, Exact(p.at("score")), Amount(p.at("award")),
                         Amount(p.at("final_award")), p.at("missing").get<std::vector<std::string>>()));
  std::sort(rows.begin(), rows.end());
  return rows;
}

std::vector<std::string> BatchArgs(const TempDir& dir, const std::string& out, std::vector<std::string> extra) {
  std::vector<std::string> args = {"batch", "--rules", std::string(ELIG_SOURCE_DIR) + "/rules", "--input", dir / "in.csv",
                                   "--out", out, "--threads", "2", "--no-progress"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

// The first row where two lists differ, for the failure message.
std::string FirstDifference(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
    if (a[i] != b[i]) return a[i] + "\n  vs\n" + b[i];
  return a.size() == b.size() ? "" : "lengths " + std::to_string(a.size()) + " and " + std::to_string(b.size());
}


void CheckDoors(int applicants) {
  auto rules = RuleSet::LoadDir(std::string(ELIG_SOURCE_DIR) + "/rules");
  REQUIRE(rules->ok());
  const size_t programs = rules->programs().size();
  REQUIRE(programs >= 10);
  ApplicantGen gen(*rules, 20260401);
  std::vector<Generated> apps;
  for (int i = 0; i < applicants; ++i) apps.push_back(gen.Next(i));
  TempDir dir;
  std::string csv = "id,as_of";
  for (const auto& name : gen.Names()) csv += "," + CsvCell(name);
  csv += "\n";
  for (const auto& a : apps) {
    csv += a.id + "," + a.as_of;
    for (const auto& c : a.cells) csv += "," + CsvCell(c);
    csv += "\n";
  }
  WriteFile(dir / "in.csv", csv);

  auto plain = RunElig(BatchArgs(dir, dir / "plain.db", {}));
  INFO(plain.out << plain.err);
  REQUIRE(plain.exit == 0);
  const auto want = Rows(dir / "plain.db", kResultQuery);
  REQUIRE(want.size() == programs * static_cast<size_t>(applicants));
  // Not vacuous: every outcome, awards, missing facts, and awards of closed programs occur.
  for (const char* outcome : {"eligible", "ineligible", "undetermined", "closed"})
    CHECK(One(dir / "plain.db", std::string("SELECT count(*) > 10 FROM results WHERE outcome = '") + outcome + "'") == "1");
  CHECK(One(dir / "plain.db", "SELECT count(*) > 0 FROM results WHERE outcome = 'eligible' AND final_award > 0") == "1");
  CHECK(One(dir / "plain.db", "SELECT count(*) > 10 FROM results WHERE missing IS NOT NULL") == "1");
  CHECK(One(dir / "plain.db", "SELECT count(*) > 10 FROM results WHERE outcome = 'closed' AND award > 0") == "1");

  {  // batch --explain and --audit store what a plain batch stores
    auto explained = RunElig(BatchArgs(dir, dir / "explain.db", {"--explain"}));
    REQUIRE(explained.exit == 0);
    auto got = Rows(dir / "explain.db", kResultQuery);
    INFO(FirstDifference(want, got));
    CHECK(got == want);
    // Each stored explanation is some kilobytes: the file goes once compared, so the test
    // holds at most one such file (about 2 GB for the audit log) on disk at a time.
    RemoveDb(dir / "explain.db");
    auto audited = RunElig(BatchArgs(dir, dir / "audit.db", {"--audit", dir / "log.db"}));
    REQUIRE(audited.exit == 0);
    got = Rows(dir / "audit.db", kResultQuery);
    INFO(FirstDifference(want, got));
    CHECK(got == want);
    CHECK(One(dir / "log.db", "SELECT count(*) FROM audit") == std::to_string(programs * static_cast<size_t>(applicants)));
    RemoveDb(dir / "log.db");
  }

  {  // the C API gives what batch stores, for every applicant and program
    std::string error;
    auto got = CapiRows(apps, error);
    INFO(error);
    REQUIRE(error.empty());
    INFO(FirstDifference(want, got));
    CHECK(got == want);
  }

  {  // check and match give what batch stores, on a sample
    size_t sampled = 0;
    const size_t every = apps.size() / kSamples;
    for (size_t i = 0; i < apps.size(); i += every, ++sampled) {
      std::string file = dir / (apps[i].id + ".json");
      WriteFile(file, apps[i].doc.dump(2));
      std::vector<std::string> expect(want.begin() + static_cast<long>(i * programs),
                                      want.begin() + static_cast<long>((i + 1) * programs));
      std::string error;
      auto check = CheckRows(i, file, error);
      INFO("applicant " << apps[i].id << ": " << error << "\n" << FirstDifference(expect, check));
      CHECK(check == expect);
      auto match = MatchRows(i, file, error);
      INFO("applicant " << apps[i].id << ": " << error << "\n" << FirstDifference(expect, match));
      CHECK(match == expect);
    }
    CHECK(sampled == kSamples);
  }
}

}  // namespace

TEST_CASE("every door gives the same screening over 10,000 applicants: check, match, batch (plain, --explain, --audit), C API",
          "[screen][doors]") {
  CheckDoors(10'000);
}

TEST_CASE("an --audit batch killed and resumed equals an uninterrupted one in every column", "[screen][kill][audit]") {
  TempDir dir;
  const int n = 600;
  WriteFile(dir / "in.csv", ToCsv(Generate(n, 77)));
  auto args = [&](const std::string& out, const std::string& audit) {
    return std::vector<std::string>{"batch", "--rules", BatchRules(), "--input", dir / "in.csv", "--out", out,
                                    "--chunk", "40", "--threads", "2", "--no-progress", "--audit", audit};
  };
  auto base = RunElig(args(dir / "base.db", dir / "base-log.db"));
  REQUIRE(base.exit == 0);
  std::string out = dir / "out.db", audit = dir / "log.db";
  for (const std::string crash : {"mid:1", "commit:3", "mid:0", "commit:7"}) {
    auto r = RunElig(args(out, audit), {"ELIG_TEST_CRASH=" + crash});
    INFO("ELIG_TEST_CRASH=" << crash << "\n" << r.err);
    CHECK(r.exit == -SIGKILL);
  }
  auto last = RunElig(args(out, audit));
  INFO(last.out << last.err);
  REQUIRE(last.exit == 0);
  CHECK_THAT(last.out, Catch::Contains("resumed"));
  // Every column of every row: the run ids are both 1 (each file holds one run).
  const char* results = "SELECT * FROM results ORDER BY seq, program";
  auto want = Rows(dir / "base.db", results);
  REQUIRE(want.size() == 3 * n);
  auto got = Rows(out, results);
  INFO(FirstDifference(want, got));
  CHECK(got == want);
  const char* applicants = "SELECT * FROM applicants ORDER BY seq";
  CHECK(Rows(out, applicants) == Rows(dir / "base.db", applicants));
  CHECK(One(out, "SELECT count(*) > 0 FROM results WHERE missing IS NOT NULL") == "1");
  CHECK(One(audit, "SELECT count(*), count(DISTINCT origin_seq || program) FROM audit") ==
        std::to_string(3 * n) + "|" + std::to_string(3 * n));
}
