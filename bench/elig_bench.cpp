// SPDX-License-Identifier: Apache-2.0
// In-process benchmarks (Google Benchmark). Every W1 benchmark decides
// the same kApplicants generated applicants in a loop; items/s is decisions/s.
//   BM_W1_Baseline   the hand-written C++ if-chain (bench/w1/w1.hpp): the ratio's denominator
//   BM_W1_Fast       DecideFast: outcome, score, award
//   BM_W1_Packed     DecidePacked over the same applicants' facts packed (PackFacts): the
//                    packed plan's machine code where elig builds it
// These two pairs decide 1,000,000 applicants held in memory (w1::InMemory: the baseline's
// structs, and the engine's facts bound up front into one flat array of Values), so both
// read their applicants from memory rather than from cache:
//   BM_W1_Baseline1M the hand-written if-chain over the structs
//   BM_W1_Fast1M     DecideFast over the bound facts
//   BM_W1_Packed1M   DecidePacked over the same facts packed for the program (PackFacts,
//                    80 bytes a W1 applicant), the Values read only for a fact not plain
//   BM_W1_Traced     Decide with the trace: every rule's reasons and hints
//   BM_W1_Explain    Decide with the trace + RenderJson: the full explanation, texts included
//   BM_W1_ExplainCompact  Decide with the trace into a reused Decision + AppendCompactJson
//                    into a reused buffer: the same explanation with the program's texts
//                    by reference (ReadCompactJson gives back the full JSON byte for byte)
//   BM_Compile       RuleSet::LoadDir of $ELIG_BENCH_PROGRAMS (read, parse, check, compile)
//   BM_CompileCached the same with every file's tree in the parsed-document cache (a cache
//                    directory of its own under TMPDIR, filled before timing), as `elig` runs
// Before measuring, the engine's answers are checked against the baseline's.
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "compile/ruleset.hpp"
#include "eval/decision.hpp"
#include "explain/explain.hpp"
#include "w1/w1_engine.hpp"

namespace {

constexpr uint64_t kApplicants = 4096;
constexpr uint64_t kSeed = 7;
constexpr uint64_t kInMemory = 1'000'000;

w1::Workload& Workload() {
  static w1::Workload w(std::string(ELIG_SOURCE_DIR) + "/bench/w1", kApplicants, kSeed);
  return w;
}

// The hand-written if-chain over `plain`, applicant after applicant, round and round.
template <class Plain>
void Baseline(benchmark::State& state, const Plain& plain) {
  size_t i = 0;
  for (auto _ : state) {
    w1::Result r = w1::Decide(plain[i]);
    benchmark::DoNotOptimize(r);
    if (++i == plain.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

// The fast path over `n` applicants whose bound facts `facts_at(i)` gives, round and round.
template <class FactsAt>
void Fast(benchmark::State& state, size_t n, FactsAt facts_at) {
  const elig::CompiledProgram& program = *Workload().program;
  const elig::Date as_of = Workload().as_of;
  elig::EvalContext ctx;
  size_t i = 0;
  for (auto _ : state) {
    elig::FastDecision d = elig::DecideFast(program, facts_at(i), as_of, ctx);
    benchmark::DoNotOptimize(d);
    if (++i == n) i = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

void BM_W1_Baseline(benchmark::State& state) { Baseline(state, Workload().plain); }
BENCHMARK(BM_W1_Baseline);

void BM_W1_Fast(benchmark::State& state) {
  const w1::Workload& w = Workload();
  Fast(state, w.facts.size(), [&w](size_t i) { return w.facts[i].values.data(); });
}
BENCHMARK(BM_W1_Fast);

// Built on first use (about a few seconds: every applicant is bound and checked against the
// baseline), so a run filtered to other benchmarks does not pay for it.
const w1::InMemory& InMemory() {
  static w1::InMemory m(Workload(), kInMemory, kSeed);
  return m;
}

void BM_W1_Baseline1M(benchmark::State& state) { Baseline(state, InMemory().plain); }
BENCHMARK(BM_W1_Baseline1M);

void BM_W1_Fast1M(benchmark::State& state) {
  const w1::InMemory& m = InMemory();
  Fast(state, m.plain.size(), [&m](size_t i) { return m.Facts(i); });
}
BENCHMARK(BM_W1_Fast1M);

// DecidePacked over the first `n` of the applicants in memory, round and round.
void Packed(benchmark::State& state, size_t n) {
  const w1::InMemory& m = InMemory();
  const elig::CompiledProgram& program = *Workload().program;
  const elig::Date as_of = Workload().as_of;
  elig::EvalContext ctx;
  size_t i = 0;
  for (auto _ : state) {
    elig::FastDecision d = elig::DecidePacked(program, m.Row(i), m.Facts(i), as_of, ctx);
    benchmark::DoNotOptimize(d);
    if (++i == n) i = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
void BM_W1_Packed1M(benchmark::State& state) { Packed(state, InMemory().plain.size()); }
BENCHMARK(BM_W1_Packed1M);
void BM_W1_Packed(benchmark::State& state) { Packed(state, kApplicants); }
BENCHMARK(BM_W1_Packed);

void BM_W1_Traced(benchmark::State& state) {
  w1::Workload& w = Workload();
  elig::EvalOptions options;
  options.as_of = w.as_of;
  size_t i = 0;
  for (auto _ : state) {
    elig::Decision d = elig::Decide(*w.program, w.facts[i], options);
    benchmark::DoNotOptimize(d);
    if (++i == w.facts.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_W1_Traced);

void BM_W1_Explain(benchmark::State& state) {
  w1::Workload& w = Workload();
  elig::EvalOptions options;
  options.as_of = w.as_of;
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    elig::Decision d = elig::Decide(*w.program, w.facts[i], options);
    std::string json = elig::RenderJson(d, elig::Lang::kJa);
    bytes += json.size();
    benchmark::DoNotOptimize(json);
    if (++i == w.facts.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_W1_Explain);

void BM_W1_ExplainCompact(benchmark::State& state) {
  w1::Workload& w = Workload();
  elig::EvalOptions options;
  options.as_of = w.as_of;
  elig::Decision d;
  std::string json;
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    elig::Decide(*w.program, w.facts[i], options, d);
    json.clear();
    elig::AppendCompactJson(d, json);
    bytes += json.size();
    benchmark::DoNotOptimize(json.data());
    benchmark::ClobberMemory();
    if (++i == w.facts.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_W1_ExplainCompact);

void Compile(benchmark::State& state, const elig::RuleSetOptions& options) {
  const char* dir = std::getenv("ELIG_BENCH_PROGRAMS");
  if (!dir) {
    state.SkipWithError("set ELIG_BENCH_PROGRAMS to a directory made by `w1_tool programs` (bench/run.sh does)");
    return;
  }
  if (!options.cache_dir.empty()) elig::RuleSet::LoadDir(dir, options);  // fills the cache
  size_t programs = 0;
  for (auto _ : state) {
    auto rs = elig::RuleSet::LoadDir(dir, options);
    if (!rs->ok()) {
      state.SkipWithError("the generated programs have errors");
      return;
    }
    programs = rs->programs().size();
    benchmark::DoNotOptimize(rs);
  }
  state.counters["programs"] = static_cast<double>(programs);
}

void BM_Compile(benchmark::State& state) { Compile(state, {}); }
BENCHMARK(BM_Compile)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_CompileCached(benchmark::State& state) {
  namespace fs = std::filesystem;
  elig::RuleSetOptions options;
  options.cache_dir = (fs::temp_directory_path() / ("elig-bench-cache-" + std::to_string(getpid()))).string();
  Compile(state, options);
  std::error_code ec;
  fs::remove_all(options.cache_dir, ec);
}
BENCHMARK(BM_CompileCached)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
