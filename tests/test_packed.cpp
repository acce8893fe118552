// SPDX-License-Identifier: Apache-2.0
// Decisions over packed facts (PackFacts, DecidePacked) must be DecideFast's, whatever the
// facts: plain ones are read from the row (by the plan's machine code where elig builds it,
// and by its loops where it does not), and any other row is DecideFast's over the values.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <sstream>

#include "compile/machine.hpp"
#include "test_fast_support.hpp"
#include "test_support.hpp"

using namespace elig;
using elig::test::MakeApplicant;
using elig::test::kFastHeader;
using elig::test::Program;

namespace {

std::string Summary(const FastDecision& d) { return elig::test::FastSummary(d); }

// The fast path's test program header, with one score group.
const std::string kHeader = std::string(kFastHeader) + "score_groups:\n  g: { max_items: 1 }\n";

// Conditions the packed plan takes (a leaf, or `and` / `or` of two), at and around their lines,
// and a few it does not, which keep the whole program on DecideFast.
const std::vector<std::string> kLeaves = {
    "n <= 20", "n < 20", "n >= 21", "n > 21", "n == 7", "n != 7", "n > -3", "n <= 2_305_843_009_213_693_951",
    "share < 50%", "share >= 1/3", "share == 0.4999", "share != 1", "share > 0.1234567",
    "y <= full[kind].cap", "n <= full[kind].lim", "y <= holes[kind].cap", "y > holes[kind].cap",
    "place == \"群馬県\"", "place != \"群馬県\"", "place == \"栃木県\"", "flag", "not flag", "not other",
    "flag and other", "flag or other", "n <= 20 and y <= 50 yen", "n > 5 or share < 1/3",
    "y <= full[kind].cap or n <= full[kind].lim", "place == \"群馬県\" and not flag",
};
const std::vector<std::string> kOthers = {"since < 2025-01-01", "20 >= n", "n + 1 > 10", "kind in [\"a\", \"c\"]", "y <= cap"};
// The awards the plan works out, and two it does not (a dated cap; `y * 2/3` is `(y * 2) / 3`).
const std::vector<std::string> kAwards = {
    "min(floor(y * rate), 1_000 yen)", "floor(y * third)", "max(floor(y * half_rate), 10 yen)", "floor(share * 700 yen)",
    "min(floor(y * 9_000_000_000), 5 yen)", "min(floor(y * rate), 1_000 yen)", "floor(y * third)",
    "min(floor(y * rate), cap)", "floor(y * 2/3)",
};

std::string RandomProgram(std::mt19937_64& rng) {
  auto pick = [&](const std::vector<std::string>& from) { return from[rng() % from.size()]; };
  auto condition = [&] { return rng() % 12 == 0 ? pick(kOthers) : pick(kLeaves); };
  std::ostringstream out;
  out << kHeader << "requirements:\n";
  const int reqs = static_cast<int>(rng() % 4);
  for (int i = 0; i < reqs; ++i) out << "  - id: r" << i << "\n    rule: '" << condition() << "'\n";
  if (rng() % 2) {
    out << "exclusions:\n";
    for (int i = 0; i < 1 + static_cast<int>(rng() % 2); ++i) out << "  - id: x" << i << "\n    rule: '" << condition() << "'\n";
  }
  const int items = static_cast<int>(rng() % 4);
  if (items > 0) out << "scoring:\n";
  for (int i = 0; i < items; ++i) {
    out << "  - id: s" << i << "\n    points: " << (i % 2 ? -(i + 1) * 5 : (i + 1) * 5) << "\n    when: '" << condition()
        << "'\n";
    if (rng() % 2) out << "    group: g\n";
  }
  if (rng() % 4 != 0) out << "award: '" << pick(kAwards) << "'\n";
  return out.str();
}

std::map<std::string, std::string> RandomFacts(std::mt19937_64& rng) {
  std::map<std::string, std::string> f;
  auto maybe = [&](const char* name, std::vector<std::string> values) {
    if (rng() % 8 == 0) return;  // unknown
    f[name] = values[rng() % values.size()];
  };
  // Beside the lines: 2^61 is the largest plain whole number, 2^61 + 1 and 2^62 are not plain.
  maybe("n", {"0", "3", "7", "20", "21", "-3", "-4", "2305843009213693952", "2305843009213693953", "4611686018427387904",
              "-2305843009213693952", "-2305843009213693953", "-9223372036854775807"});
  maybe("y", {"0", "49", "50", "100", "101", "299", "1000", "1001", "3000", "1500001", "9000000000"});
  // Six places are plain (scale 1,000,000); 1/3 and seven places are not.
  maybe("share", {"0", "1/3", "0.5", "0.4999", "1", "0.1234567", "0.123456", "0.1234568", "2305843009213.693951"});
  maybe("flag", {"true", "false"});
  maybe("other", {"true", "false"});
  maybe("place", {"群馬県", "栃木県", "東京都", "群馬", ""});
  maybe("kind", {"a", "b", "c", "d"});
  maybe("since", {"2020-01-01", "2026-05-31"});
  return f;
}

std::string FactsText(const std::map<std::string, std::string>& facts) {
  std::string out;
  for (const auto& [k, v] : facts) out += k + "=" + v + " ";
  return out;
}

}  // namespace

TEST_CASE("packed facts: DecidePacked decides as DecideFast row by row", "[perf][fast][packed]") {
  std::mt19937_64 rng(7);
  const char* days[] = {"2026-06-01", "2026-03-31", "2027-04-01"};
  int ready = 0, with_code = 0, plain_rows = 0, other_rows = 0;
  for (int prog_n = 0; prog_n < 150; ++prog_n) {
    const std::string text = RandomProgram(rng);
    INFO("program:\n" << text);
    Program p(text);
    const CompiledProgram& packed = p.compiled();
    REQUIRE(packed.fast_ready);
    ready += packed.fast_plan.packed.ready;
    with_code += packed.fast_plan.packed.kernel != nullptr;
    // The same program with the plan's loops instead of its machine code.
    CompiledProgram loops = packed;
    loops.fast_plan.packed.kernel = nullptr;
    const size_t width = PackedWidth(packed);
    REQUIRE(width == (packed.fast_plan.packed.ready ? 1 + packed.fast_plan.packed.slots.size() : 1));
    EvalContext ctx, packed_ctx, loops_ctx;
    for (int i = 0; i < 60; ++i) {
      const auto facts = RandomFacts(rng);
      const char* day = days[rng() % 3];
      INFO("facts: " << FactsText(facts) << "as of " << day);
      const FactValues fv = Bind(packed, MakeApplicant(facts));
      std::vector<int64_t> row(width, -1);
      PackFacts(packed, fv.values.data(), row.data());
      const bool plain = packed.fast_plan.packed.ready && static_cast<uint64_t>(row[0]) == packed.fast_plan.packed.plain;
      plain_rows += plain;
      other_rows += !plain;
      const Date as_of = *ParseDate(day);
      const std::string want = Summary(DecideFast(packed, fv.values.data(), as_of, ctx));
      REQUIRE(Summary(DecidePacked(packed, row.data(), fv.values.data(), as_of, packed_ctx)) == want);
      REQUIRE(Summary(DecidePacked(loops, row.data(), fv.values.data(), as_of, loops_ctx)) == want);
    }
  }
  // Most programs are packed, and both kinds of rows were decided.
  CHECK(ready > 75);
  CHECK(plain_rows > 1500);
  CHECK(other_rows > 2000);
  // Where elig builds machine code, every packed plan has it, unless ELIG_JIT=0 says not to.
  const char* jit = std::getenv("ELIG_JIT");
  const bool off = jit && std::string(jit) == "0";
#if ELIG_PACKED_CODE
  CHECK(with_code == (off ? 0 : ready));
#else
  CHECK(with_code == 0);
#endif
}

TEST_CASE("packed facts: ELIG_JIT=0 decides with the loops and the same answers", "[perf][fast][packed]") {
  // The switch is read once a process: this test runs the case above in a process of its own.
  const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  const std::string run = "'" + self + "' 'packed facts: DecidePacked decides as DecideFast row by row' >/dev/null 2>&1";
  CHECK(std::system(("ELIG_JIT=0 " + run).c_str()) == 0);
  CHECK(std::system(("ELIG_JIT=1 " + run).c_str()) == 0);
}

TEST_CASE("packed facts: what is plain, and what the row holds", "[perf][fast][packed]") {
  Program p(std::string(kHeader) + R"(requirements:
  - { id: num, rule: n <= 20 }
  - { id: share, rule: share < 50% }
  - { id: text, rule: place == "群馬県" }
  - { id: table, rule: "y <= holes[kind].cap or n <= full[kind].lim" }
exclusions:
  - { id: flag, rule: flag and other }
scoring:
  - { id: a, points: 10, when: not flag }
  - { id: b, points: 5, when: n <= 5, group: g }
  - { id: c, points: 3, when: y <= 10 yen, group: g }
award: min(floor(y * rate), 1_000 yen)
)");
  const CompiledProgram& prog = p.compiled();
  const PackedPlan& pk = prog.fast_plan.packed;
  REQUIRE(pk.ready);
  REQUIRE(PackedWidth(prog) == 8);  // n, share, place, y, kind, flag, other
  const Date as_of = *ParseDate("2026-06-01");
  EvalContext ctx;
  auto decide = [&](const std::map<std::string, std::string>& facts, std::vector<int64_t>* keep = nullptr) {
    const FactValues fv = Bind(prog, MakeApplicant(facts));
    std::vector<int64_t> row(PackedWidth(prog), -1);
    PackFacts(prog, fv.values.data(), row.data());
    if (keep) *keep = row;
    const std::string got = Summary(DecidePacked(prog, row.data(), fv.values.data(), as_of, ctx));
    CHECK(got == Summary(DecideFast(prog, fv.values.data(), as_of, ctx)));
    return got;
  };
  std::map<std::string, std::string> base = {{"n", "3"}, {"share", "0.2"}, {"place", "群馬県"}, {"y", "9"},
                                             {"kind", "a"}, {"flag", "false"}, {"other", "true"}};
  std::vector<int64_t> row;
  CHECK(decide(base, &row) == "eligible score=0 award=6");
  CHECK(static_cast<uint64_t>(row[0]) == pk.plain);
  // Each slot doubled: n 3 → 6, share 0.2 × 1,000,000 → 400,000, 群馬県 the first text → 2.
  for (size_t j = 0; j < pk.slots.size(); ++j) {
    const std::string& name = prog.facts[pk.slots[j].fact].name;
    INFO(name);
    if (name == "n") CHECK(row[1 + j] == 6);
    if (name == "share") CHECK(row[1 + j] == 400'000);
    if (name == "place") CHECK(row[1 + j] == 2);
    if (name == "y") CHECK(row[1 + j] == 18);
    if (name == "kind") CHECK(row[1 + j] == 0);
    if (name == "flag") CHECK(row[1 + j] == 0);
  }
  auto with = [&](const char* name, const char* value) {
    auto facts = base;
    if (value) facts[name] = value;
    else facts.erase(name);
    std::vector<int64_t> r;
    const std::string got = decide(facts, &r);
    return std::make_pair(got, static_cast<uint64_t>(r[0]) == pk.plain);
  };
  // Plain, and decided from the row.
  CHECK(with("place", "東京都") == std::make_pair(std::string("ineligible score=0 award=0"), true));
  CHECK(with("share", "0.5") == std::make_pair(std::string("ineligible score=0 award=0"), true));
  CHECK(with("share", "0.499999") == std::make_pair(std::string("eligible score=0 award=6"), true));
  CHECK(with("n", "2305843009213693952").second);
  CHECK(with("n", "-2305843009213693952").second);
  CHECK(with("kind", "c") == std::make_pair(std::string("eligible score=0 award=6"), true));
  // Not plain, and decided by DecideFast: unknown, past 2^61, finer than a millionth, a key
  // with no row in a table the plan reads.
  CHECK(with("n", nullptr).first.find("undetermined") == 0);
  CHECK_FALSE(with("n", nullptr).second);
  CHECK_FALSE(with("n", "2305843009213693953").second);
  CHECK_FALSE(with("n", "-9223372036854775807").second);
  CHECK(with("share", "0.4999999") == std::make_pair(std::string("eligible score=0 award=6"), false));
  CHECK(with("share", "1/3") == std::make_pair(std::string("eligible score=0 award=6"), false));
  CHECK_FALSE(with("kind", "b").second);  // `holes` has no row b: the error is DecideFast's to report
  // The award past 64 bits: DecideFast works it out and says so.
  CHECK(with("y", "9000000000000000000").first == Summary([&] {
    const FactValues fv = Bind(prog, MakeApplicant([&] {
      auto f = base;
      f["y"] = "9000000000000000000";
      return f;
    }()));
    return DecideFast(prog, fv.values.data(), as_of, ctx);
  }()));
  // A row of a program the packed plan does not take is one word, 0: every decision is
  // DecideFast's.
  Program dated(std::string(kHeader) + "requirements:\n  - { id: d, rule: since < 2025-01-01 }\n");
  REQUIRE_FALSE(dated.compiled().fast_plan.packed.ready);
  REQUIRE(PackedWidth(dated.compiled()) == 1);
  const FactValues fv = Bind(dated.compiled(), MakeApplicant({{"since", "2020-01-01"}}));
  int64_t one = -1;
  PackFacts(dated.compiled(), fv.values.data(), &one);
  CHECK(one == 0);
  CHECK(DecidePacked(dated.compiled(), &one, fv.values.data(), as_of, ctx).outcome == Outcome::kEligible);
}

TEST_CASE("packed facts: a program without facts packs nothing and reads nothing", "[perf][fast][packed]") {
  Program none("program: t.none\nversion: \"1\"\ntitle: { ja: 事実なし, en: No facts }\n");
  REQUIRE(none.compiled().fast_plan.packed.ready);
  REQUIRE(PackedWidth(none.compiled()) == 1);
  int64_t row = -1;
  PackFacts(none.compiled(), nullptr, &row);
  CHECK(row == 0);
  EvalContext ctx;
  const FastDecision d = DecidePacked(none.compiled(), &row, nullptr, *ParseDate("2026-06-01"), ctx);
  CHECK(d.outcome == Outcome::kEligible);
  CHECK_FALSE(d.error);
}
