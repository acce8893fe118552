// SPDX-License-Identifier: Apache-2.0
// Differential testing: random, well-typed rule sets and applicants, decided by
// the compiled program (traced, untraced and fast paths) and by the reference
// evaluator in reference_eval.hpp; any difference in outcome, score or award
// fails with the program, the applicant and both answers. The screening call
// (eval/screen.hpp) on its three paths must give the same outcome, score, award,
// final award, missing facts and errors.
//
// CI runs ELIG_DIFF_CASES cases (default 5,000). A long run:
//   ELIG_DIFF_CASES=100000 build/tests/elig_tests "[diff]"
// or the hidden tag "[diff-long]" (100,000 cases). ELIG_DIFF_SEED picks another
// sequence of programs; a failure prints the seed of its program.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <random>

#include "eval/decision.hpp"
#include "eval/screen.hpp"
#include "reference_eval.hpp"

using namespace elig;

namespace {

enum class T { kBool, kNum, kYen, kDate, kText, kEnum, kListNum, kListYen, kListEnum, kListBool };

// A program with a fact of every type and a module with a table, a parameter and
// a definition; definitions, rules, scores and the award are random expressions.
class Gen {
 public:
  explicit Gen(uint64_t seed) : rng_(seed) {}

  int Pick(int n) { return static_cast<int>(std::uniform_int_distribution<int>(0, n - 1)(rng_)); }
  bool Chance(int percent) { return Pick(100) < percent; }

  std::string Module() {
    std::string t =
        "module: m\n"
        "facts:\n"
        "  me: enum[x, y, z, 東]\n"
        "  mi: int\n"
        "parameters:\n"
        "  mp: " + Choose({"{ 2026-01-01: 5, 2026-07-01: 7 }", "3/7", "{ 2025-04-01: -2 }"}) + "\n"
        "tables:\n"
        "  lim:\n"
        "    key: me\n"
        "    rows:\n"
        "      x: { cap: " + YenLiteral() + ", n: " + NumLiteral() + " }\n"
        "      東: { n: " + NumLiteral() + " }\n";
    if (Chance(70)) t += "    default: { cap: " + YenLiteral() + ", n: " + NumLiteral() + " }\n";
    t += "define:\n  md: mi * 2 + mp\n";
    return t;
  }

  std::string Program() {
    defines_.clear();
    std::string t =
        "program: d.p\n"
        "version: \"1\"\n"
        "use: [common/m]\n";
    if (Chance(30)) t += "window: 2026-04-01 .. 2027-03-31\n";
    t += "facts:\n"
         "  b0: bool\n  b1: bool\n"
         "  i0: int\n  i1: { type: int, min: -5, max: 1000 }\n"
         "  d0: decimal\n"
         "  y0: yen\n  y1: yen\n"
         "  t0: text\n"
         "  dt0: date\n"
         "  e0: enum[a, b, c, 製造]\n"
         "  le0: list[enum[k1, k2, k3]]\n"
         "  li0: list[int]\n"
         "  ly0: list[yen]\n"
         "parameters:\n"
         "  rate: " + Choose({"2/3", "{ 2026-01-01: 1/2, 2026-06-01: 3/4 }", "0.1"}) + "\n"
         "  cap: " + Choose({"{ 2025-04-01: 500_000 yen, 2026-04-01: 1_000_000 yen }", "9_223_372_036_854_775_807 yen"}) + "\n";
    int n_defines = Pick(6);
    if (n_defines) t += "define:\n";
    for (int i = 0; i < n_defines; ++i) {
      T type = static_cast<T>(Pick(5));  // bool, num, yen, date or text
      std::string body = Expr(type, 3);
      std::string name = "v" + std::to_string(i);
      t += "  " + name + ": " + Quote(body) + "\n";
      defines_.push_back({name, type});  // later definitions (and rules) may use it
    }
    int n_req = 1 + Pick(4);
    t += "requirements:\n";
    for (int i = 0; i < n_req; ++i) t += "  - { id: r" + std::to_string(i) + ", rule: " + Quote(Expr(T::kBool, 4)) + " }\n";
    if (Chance(60)) {
      t += "exclusions:\n";
      for (int i = 0, n = 1 + Pick(2); i < n; ++i)
        t += "  - { id: x" + std::to_string(i) + ", rule: " + Quote(Expr(T::kBool, 3)) + " }\n";
    }
    // Sometimes more groups than any real program, so no path may cap their number.
    int n_groups = Chance(20) ? 18 + Pick(3) : Pick(3);
    if (n_groups) t += "score_groups:\n";
    for (int g = 0; g < n_groups; ++g) {
      // A group voids past `max_items`, counts only `max_counted` items (highest or first), or both.
      int kind = Pick(3);
      t += "  g" + std::to_string(g) + ": { ";
      if (kind != 1) t += "max_items: " + std::to_string(Pick(2) + (kind == 2 ? 2 : 0));
      if (kind == 2) t += ", ";
      if (kind != 0) t += "max_counted: " + std::to_string(1 + Pick(2)) + ", pick: " + (Chance(50) ? "highest" : "first");
      t += " }\n";
    }
    int n_scores = Pick(5) + (n_groups > 16 ? 4 : 0);
    if (n_scores) t += "scoring:\n";
    for (int i = 0; i < n_scores; ++i) {
      t += "  - { id: s" + std::to_string(i) + ", points: " + Quote(Chance(70) ? NumLiteral() : Expr(T::kNum, 2)) +
           ", when: " + Quote(Expr(T::kBool, 3));
      if (n_groups && Chance(60)) t += ", group: g" + std::to_string(n_groups > 16 ? 16 + Pick(n_groups - 16) : Pick(n_groups));
      t += " }\n";
    }
    if (Chance(85)) t += "award: " + Quote(Expr(T::kYen, 4)) + "\n";
    return t;
  }

  // Raw facts for an applicant: each fact given or not, sometimes a value that does not fit.
  Applicant MakeApplicant() {
    Applicant a;
    auto add = [&](const std::string& name, std::string value) {
      RawFact f;
      f.name = name;
      f.value.type = RawValue::Type::kScalar;
      f.value.text = std::move(value);
      a.facts.push_back(std::move(f));
    };
    auto add_list = [&](const std::string& name, const std::vector<std::string>& items) {
      RawFact f;
      f.name = name;
      f.value.type = RawValue::Type::kList;
      for (const auto& s : items) {
        RawValue v;
        v.type = RawValue::Type::kScalar;
        v.text = s;
        f.value.items.push_back(v);
      }
      a.facts.push_back(std::move(f));
    };
    auto given = [&] { return Chance(75); };
    for (const char* b : {"b0", "b1"})
      if (given()) add(b, Choose({"true", "false", "yes", "いいえ", "maybe"}));
    for (const char* i : {"i0", "i1", "mi"})
      if (given()) add(i, Choose({"0", "1", "-3", "20", "300", "1000", "1001", "9223372036854775807", "2.5"}));
    if (given()) add("d0", Choose({"0.5", "1/3", "50%", "-2", "12.25", "0"}));
    for (const char* y : {"y0", "y1"})
      if (given()) add(y, Choose({"0", "1500000", "1,000,000", "300_000_000円", "7", "9223372036854775807", "-100"}));
    if (given()) add("t0", Choose({"群馬県", "", "a\"b", "東京都"}));
    if (given()) add("dt0", Choose({"2020-02-29", "2026-04-01", "1999-12-31", "2026-02-30", "0001-01-01", "9999-12-31"}));
    if (given()) add("e0", Choose({"a", "b", "c", "製造", "d"}));
    if (given()) add("me", Choose({"x", "y", "z", "東"}));
    if (given()) {
      std::vector<std::string> items;
      for (int i = 0, n = Pick(4); i < n; ++i) items.push_back(Choose({"k1", "k2", "k3"}));
      add_list("le0", items);
    }
    if (given()) {
      std::vector<std::string> items;
      for (int i = 0, n = Pick(4); i < n; ++i) items.push_back(Choose({"0", "5", "-7", "100", "4611686018427387904"}));
      add_list("li0", items);
    }
    if (given()) {
      std::vector<std::string> items;
      for (int i = 0, n = Pick(4); i < n; ++i) items.push_back(Choose({"0", "500", "1,000,000"}));
      add_list("ly0", items);
    }
    return a;
  }

  Date AsOf() {
    return *ParseDate(Choose({"2026-06-01", "2026-01-15", "2025-01-01", "2027-04-01", "2026-04-01", "2026-07-01"}));
  }

 private:
  std::string Choose(std::initializer_list<const char*> options) {
    return *(options.begin() + Pick(static_cast<int>(options.size())));
  }

  // YAML quoting: every expression goes into a double-quoted scalar.
  static std::string Quote(const std::string& expr) {
    std::string out = "\"";
    for (char c : expr) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out + "\"";
  }

  std::string NumLiteral() {
    return Choose({"0", "1", "2", "3", "10", "-1", "1/3", "2/3", "0.5", "12.5", "50%", "7.25", "100", "1000",
                   "9_223_372_036_854_775_807", "4611686018427387904", "1_000_000"});
  }
  std::string YenLiteral() {
    return Choose({"0 yen", "1 yen", "500円", "1_000_000 yen", "300_000_000 yen", "50_000_000 yen",
                   "9_223_372_036_854_775_807 yen", "(2 yen / 3)"});
  }
  std::string DateLiteral() {
    return Choose({"2026-04-01", "2020-02-29", "2026-06-01", "1999-12-31", "0001-01-01", "9999-12-31"});
  }

  // A defined name of the type, if any.
  std::string Define(T type) {
    std::vector<std::string> names;
    for (const auto& [n, t] : defines_)
      if (t == type) names.push_back(n);
    return names.empty() ? "" : names[static_cast<size_t>(Pick(static_cast<int>(names.size())))];
  }

  std::string Leaf(T type) {
    std::string def = Define(type);
    if (!def.empty() && Chance(30)) return def;
    switch (type) {
      case T::kBool: return Choose({"b0", "b1", "true", "false", "b0", "b1"});
      case T::kNum:
        if (Chance(40)) return NumLiteral();
        return Choose({"i0", "i1", "d0", "mi", "rate", "m.mp", "m.md", "m.lim[me].n", "m.lim[\"x\"].n"});
      case T::kYen:
        if (Chance(35)) return YenLiteral();
        return Choose({"y0", "y1", "cap", "m.lim[me].cap", "y0"});
      case T::kDate: return Chance(40) ? DateLiteral() : Choose({"dt0", "as_of"});
      case T::kText: return Choose({"t0", "\"群馬県\"", "\"\"", "\"a\\\"b\""});
      case T::kEnum: return Choose({"e0", "e0"});
      case T::kListNum: return Chance(50) ? "li0" : "[" + Leaf(T::kNum) + ", " + Leaf(T::kNum) + "]";
      case T::kListYen: return Chance(50) ? "ly0" : "[" + Leaf(T::kYen) + ", 1 yen]";
      case T::kListEnum: return "le0";
      case T::kListBool: return "[" + Leaf(T::kBool) + ", " + Leaf(T::kBool) + "]";
    }
    return "true";
  }

  std::string Expr(T type, int depth) {
    if (depth <= 0 || Chance(25)) return Leaf(type);
    int d = depth - 1;
    switch (type) {
      case T::kBool: {
        switch (Pick(14)) {
          case 0: return "(" + Expr(T::kBool, d) + " and " + Expr(T::kBool, d) + ")";
          case 1: return "(" + Expr(T::kBool, d) + " or " + Expr(T::kBool, d) + ")";
          case 2: return "(not " + Expr(T::kBool, d) + ")";
          case 3: {
            T t = static_cast<T>(1 + Pick(3));  // num, yen or date
            return "(" + Expr(t, d) + " " + Choose({"<", "<=", ">", ">=", "==", "!="}) + " " + Expr(t, d) + ")";
          }
          case 4: return "(" + Expr(T::kText, d) + " " + Choose({"==", "!="}) + " " + Expr(T::kText, d) + ")";
          case 5: return "(e0 " + Choose({"==", "!="}) + " " + Choose({"\"a\"", "\"製造\"", "\"c\""}) + ")";
          case 6: return "(e0 " + Choose({"in", "not in"}) + " [\"a\", \"b\"])";
          case 7: return "(" + Expr(T::kNum, d) + " " + Choose({"in", "not in"}) + " " + Expr(T::kListNum, d) + ")";
          case 8: {
            T t = static_cast<T>(1 + Pick(3));
            return "(" + Expr(t, d) + " between " + Expr(t, d) + " and " + Expr(t, d) + ")";
          }
          case 9: return Choose({"any(", "all("}) + Expr(T::kListBool, d) + ")";
          case 10: return "known(" + Expr(static_cast<T>(Pick(5)), d) + ")";
          case 11: return "(if " + Expr(T::kBool, d) + " then " + Expr(T::kBool, d) + " else " + Expr(T::kBool, d) + ")";
          case 12: return "(\"" + Choose({"k1", "k2"}) + "\" " + Choose({"in", "not in"}) + " le0)";
          default: return "(" + Expr(T::kText, d) + " in [\"群馬県\", t0])";
        }
      }
      case T::kNum: {
        switch (Pick(12)) {
          case 0: return "(" + Expr(T::kNum, d) + " " + Choose({"+", "-", "*", "/"}) + " " + Expr(T::kNum, d) + ")";
          case 1: return "(" + Expr(T::kYen, d) + " / " + Expr(T::kYen, d) + ")";
          case 2: return Choose({"min(", "max("}) + Expr(T::kNum, d) + ", " + Expr(T::kNum, d) + ")";
          case 3: return Choose({"floor(", "ceil(", "round(", "abs("}) + Expr(T::kNum, d) + ")";
          case 4: return Choose({"years_between(", "days_between("}) + Expr(T::kDate, d) + ", " + Expr(T::kDate, d) + ")";
          case 5: return "len(" + Choose({"t0", "le0", "li0", "\"群馬\""}) + ")";
          case 6: return "count(" + Expr(T::kListBool, d) + ")";
          case 7: return "sum(" + Expr(T::kListNum, d) + ")";
          case 8: return "(" + Expr(T::kDate, d) + " - " + Expr(T::kDate, d) + ")";
          case 9: return "(if " + Expr(T::kBool, d) + " then " + Expr(T::kNum, d) + " else " + Expr(T::kNum, d) + ")";
          case 10: return "(-" + Expr(T::kNum, d) + ")";
          default: return Choose({"min(", "max("}) + Expr(T::kListNum, d) + ")";
        }
      }
      case T::kYen: {
        switch (Pick(9)) {
          case 0: return "(" + Expr(T::kYen, d) + " " + Choose({"+", "-"}) + " " + Expr(T::kYen, d) + ")";
          case 1: return "(" + Expr(T::kYen, d) + " * " + Expr(T::kNum, d) + ")";
          case 2: return "(" + Expr(T::kNum, d) + " * " + Expr(T::kYen, d) + ")";
          case 3: return "(" + Expr(T::kYen, d) + " / " + Expr(T::kNum, d) + ")";
          case 4: return Choose({"min(", "max("}) + Expr(T::kYen, d) + ", " + Expr(T::kYen, d) + ", " + Expr(T::kYen, d) + ")";
          case 5: return Choose({"floor(", "ceil(", "round(", "abs("}) + Expr(T::kYen, d) + ")";
          case 6: return "sum(" + Expr(T::kListYen, d) + ")";
          case 7: return "(if " + Expr(T::kBool, d) + " then " + Expr(T::kYen, d) + " else " + Expr(T::kYen, d) + ")";
          default: return "min(floor(" + Expr(T::kYen, d) + " * rate), cap)";
        }
      }
      case T::kDate: {
        switch (Pick(3)) {
          case 0: return "(" + Expr(T::kDate, d) + " " + Choose({"+", "-"}) + " " + Expr(T::kNum, d) + ")";
          case 1: return "(if " + Expr(T::kBool, d) + " then " + Expr(T::kDate, d) + " else " + Expr(T::kDate, d) + ")";
          default: return Choose({"min(", "max("}) + Expr(T::kDate, d) + ", " + Expr(T::kDate, d) + ")";
        }
      }
      case T::kText:
        return "(if " + Expr(T::kBool, d) + " then " + Expr(T::kText, d) + " else " + Expr(T::kText, d) + ")";
      case T::kListBool: {
        std::string out = "[";
        for (int i = 0, n = Pick(4); i < n; ++i) out += (i ? ", " : "") + Expr(T::kBool, d);
        return out + "]";
      }
      case T::kListNum: {
        if (Chance(50)) return "li0";
        std::string out = "[" + Expr(T::kNum, d);
        for (int i = 0, n = Pick(3); i < n; ++i) out += ", " + Expr(T::kNum, d);
        return out + "]";
      }
      default: return Leaf(type);
    }
  }

  std::mt19937_64 rng_;
  std::vector<std::pair<std::string, T>> defines_;
};

std::string AwardText(const std::optional<Rational>& a) { return a ? a->ToString() : "none"; }

std::string Describe(Outcome o, const Rational& score, const std::optional<Rational>& award) {
  return std::string(OutcomeName(o)) + ", score " + score.ToString() + ", award " + AwardText(award);
}

// Every field a screening gives for its one program, and the facts it says are needed overall.
std::string ScreenText(const Screening& s) {
  const ProgramScreening& ps = s.programs.front();
  std::string out = Describe(ps.outcome, ps.score, ps.award) + ", final award " + AwardText(ps.final_award) +
                    ", missing [";
  for (uint32_t f : ps.missing) out += " " + ps.program->facts[f].name;
  out += " ], overall [";
  for (std::string_view name : s.missing) out += " " + std::string(name);
  out += " ], errors [";
  for (const auto& e : ps.errors) out += " " + e;
  return out + " ]";
}

std::string ApplicantText(const Applicant& a) {
  std::string out;
  for (const auto& f : a.facts) {
    out += "  " + f.name + ": ";
    if (f.value.type == RawValue::Type::kList) {
      out += "[";
      for (size_t i = 0; i < f.value.items.size(); ++i) out += (i ? ", " : "") + f.value.items[i].text;
      out += "]\n";
    } else {
      out += f.value.text + "\n";
    }
  }
  return out;
}

size_t EnvCount(const char* name, size_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? static_cast<size_t>(std::strtoull(v, nullptr, 10)) : fallback;
}

struct RunStats {
  size_t cases = 0, programs = 0, eligible = 0, ineligible = 0, undetermined = 0, closed = 0, awards = 0;
  size_t refused = 0;  // programs with a constant that fails for every applicant (`constant-error`)
};

// Whether every error is `constant-error`: the generator writes huge constants on purpose, and
// one that overflows on its own is refused where it is written, as it should be.
bool OnlyConstantErrors(const RuleSet& rules) {
  bool any = false;
  for (const auto& d : rules.diagnostics()) {
    if (d.severity != Severity::kError) continue;
    if (d.code != "constant-error") return false;
    any = true;
  }
  return any;
}

// Runs `cases` generated cases; returns the first difference found (empty when none).
std::string RunDifferential(size_t cases, uint64_t seed, RunStats& stats) {
  constexpr int kApplicantsPerProgram = 25;
  // One context for every program and applicant, as a long-running host would keep one per
  // thread: nothing cached in it for one program or day may leak into another's decision.
  EvalContext ctx;
  ScreenScratch scratch;
  Screening screened[3];
  while (stats.cases < cases) {
    uint64_t program_seed = seed + stats.programs++;
    Gen gen(program_seed);
    std::string module = gen.Module();
    std::string program = gen.Program();
    auto rules = RuleSet::LoadTexts({{"common/m.yaml", module}, {"p.yaml", program}});
    if (OnlyConstantErrors(*rules)) {
      ++stats.refused;
      continue;
    }
    if (!rules->ok() || rules->programs().size() != 1)
      return "seed " + std::to_string(program_seed) + ": the generated program does not compile:\n" + program +
             "\n" + RenderAll(rules->diagnostics(), &rules->sources());
    const CompiledProgram& prog = *rules->programs().front();
    ref::Reference reference(*rules, "d.p");
    for (int k = 0; k < kApplicantsPerProgram && stats.cases < cases; ++k, ++stats.cases) {
      Applicant applicant = gen.MakeApplicant();
      Date as_of = gen.AsOf();
      FactValues facts = Bind(prog, applicant);
      ref::RefDecision want = reference.Decide(ref::FromBound(prog, facts), as_of);
      // The reference is three-valued logic: compared with decisions that do not settle what no
      // unknown can change (tests/test_settle.cpp checks settling against brute force).
      EvalOptions traced;
      traced.as_of = as_of;
      traced.settle = false;
      Decision d = Decide(prog, facts, traced);
      EvalOptions plain = traced;
      plain.trace = false;
      Decision u = Decide(prog, facts, plain);
      FastDecision f = DecideFast(prog, facts.values.data(), as_of, ctx);
      std::string expect = Describe(want.outcome, want.score, want.award);
      std::string got[] = {Describe(d.outcome, d.score, d.award), Describe(u.outcome, u.score, u.award),
                           Describe(f.outcome, f.score, f.award)};
      const char* paths[] = {"traced", "untraced", "fast"};
      auto failure = [&](const std::string& what) {
        return "seed " + std::to_string(program_seed) + ", applicant " + std::to_string(k) + ", as_of " +
               FormatDate(as_of) + ": " + what + "\n--- common/m.yaml\n" + module + "--- p.yaml\n" + program +
               "--- applicant\n" + ApplicantText(applicant);
      };
      for (int p = 0; p < 3; ++p)
        if (got[p] != expect) return failure(std::string("the ") + paths[p] + " path says " + got[p] + "; the reference says " + expect);
      // The screening's three paths: every field the same, and what the reference says.
      const ScreenPath screen_paths[] = {ScreenPath::kReasons, ScreenPath::kRules, ScreenPath::kFast};
      for (int p = 0; p < 3; ++p) {
        ScreenOptions so;
        so.as_of = as_of;
        so.path = screen_paths[p];
        Screen({&prog}, &facts, so, scratch, screened[p]);
      }
      const std::string screen_want = ScreenText(screened[0]);
      for (int p = 1; p < 3; ++p)
        if (ScreenText(screened[p]) != screen_want)
          return failure(std::string("the screening's ") + paths[p] + " path says " + ScreenText(screened[p]) +
                         "; its traced path says " + screen_want);
      // The screening settles what no unknown can change: what the reference decides stays
      // decided alike; an undetermined one may be decided, and names no fact it did not.
      const ProgramScreening& ps = screened[0].programs.front();
      EvalOptions settled = plain;
      settled.settle = true;
      Decision s = Decide(prog, facts, settled);
      bool none = s.outcome == Outcome::kIneligible || s.outcome == Outcome::kClosed;
      std::optional<Rational> final_want = none ? std::optional<Rational>(Rational(0)) : s.award;
      const bool refined = want.outcome == Outcome::kUndetermined || (!want.award && s.award);
      if ((!refined && Describe(ps.outcome, ps.score, ps.award) != expect) ||
          Describe(ps.outcome, ps.score, ps.award) != Describe(s.outcome, s.score, s.award) ||
          AwardText(ps.final_award) != AwardText(final_want))
        return failure("the screening says " + screen_want + "; the reference says " + expect + ", final award " +
                       AwardText(final_want));
      if (want.outcome == Outcome::kUndetermined && s.outcome == Outcome::kEligible && want.award && s.award != want.award)
        return failure("settling changed a known award");
      if (ps.missing != s.missing) return failure("the screening's missing facts differ from the decision's");
      switch (want.outcome) {
        case Outcome::kEligible: ++stats.eligible; break;
        case Outcome::kIneligible: ++stats.ineligible; break;
        case Outcome::kUndetermined: ++stats.undetermined; break;
        case Outcome::kClosed: ++stats.closed; break;
      }
      if (want.award && !(*want.award == Rational(0))) ++stats.awards;
    }
  }
  return "";
}

void RunAndCheck(size_t cases) {
  uint64_t seed = EnvCount("ELIG_DIFF_SEED", 20260401);
  RunStats stats;
  std::string difference = RunDifferential(cases, seed, stats);
  INFO(difference);
  CHECK(difference.empty());
  // Cases that never reach an outcome would prove nothing: each outcome must occur.
  CHECK(stats.cases >= cases);
  CHECK(stats.eligible > 0);
  CHECK(stats.ineligible > 0);
  CHECK(stats.undetermined > 0);
  CHECK(stats.closed > 0);
  CHECK(stats.awards > 0);
  WARN("differential: " << stats.cases << " cases over " << stats.programs << " generated programs (seed " << seed
                        << "): " << stats.eligible << " eligible, " << stats.ineligible << " ineligible, "
                        << stats.undetermined << " undetermined, " << stats.closed << " closed, " << stats.awards
                        << " with a nonzero award; no difference; " << stats.refused
                        << " programs refused for a constant that fails for everyone");
}

}  // namespace

TEST_CASE("differential: compiled program vs reference evaluator on generated rule sets", "[diff]") {
  RunAndCheck(EnvCount("ELIG_DIFF_CASES", 5000));
}

TEST_CASE("differential: long run (100,000 cases)", "[.][diff-long]") { RunAndCheck(100'000); }

TEST_CASE("differential: the reference itself is not vacuous", "[diff]") {
  // The reference must give the documented answers on its own, or agreeing with it proves nothing.
  const char* text = R"(program: t.p
facts:
  x: int
  y: yen
requirements:
  - { id: r, rule: x >= 3 }
award: floor(y * 2/3)
)";
  auto rules = RuleSet::LoadTexts({{"p.yaml", text}});
  REQUIRE(rules->ok());
  ref::Reference reference(*rules, "t.p");
  Date day = *ParseDate("2026-06-01");
  auto yes = reference.Decide({{"x", ref::RV::Num(Rational(3))}, {"y", ref::RV::Num(Rational(1'500'001), true)}}, day);
  CHECK(yes.outcome == Outcome::kEligible);
  REQUIRE(yes.award);
  CHECK(yes.award->ToString() == "1000000");
  auto no = reference.Decide({{"x", ref::RV::Num(Rational(2))}}, day);
  CHECK(no.outcome == Outcome::kIneligible);
  CHECK(no.award == std::optional<Rational>(Rational(0)));
  auto unknown = reference.Decide({}, day);
  CHECK(unknown.outcome == Outcome::kUndetermined);
  CHECK_FALSE(unknown.award);
  // And a wrong engine answer would be caught: the comparison is on the exact text.
  CHECK(Describe(yes.outcome, yes.score, yes.award) == "eligible, score 0, award 1000000");
  CHECK(Describe(Outcome::kEligible, Rational(0), Rational(999'999)) != Describe(yes.outcome, yes.score, yes.award));
}
