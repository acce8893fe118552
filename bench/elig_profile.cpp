// SPDX-License-Identifier: Apache-2.0
// A fixed amount of W1 work, for profilers (callgrind counts instructions exactly,
// so figures are comparable across runs on a busy machine):
//   valgrind --tool=callgrind build/bench/elig_profile fast 100000
// Modes: fast (DecideFast), fast1m (DecideFast over elig_bench's 1,000,000 applicants in
// memory), packed1m (DecidePacked over the same applicants packed), packed (the same over 4,096), traced (Decide into one reused Decision), explain (Decide + RenderJson, the full
// JSON), compact (Decide into one reused Decision + AppendCompactJson).
#include <cstdlib>
#include <iostream>
#include <string>

#include "explain/explain.hpp"
#include "w1/w1_engine.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: elig_profile fast|fast1m|packed1m|traced|explain|compact N\n";
    return 64;
  }
  std::string mode = argv[1];
  long n = std::atol(argv[2]);
  w1::Workload w(std::string(ELIG_SOURCE_DIR) + "/bench/w1", 4096, 7);
  elig::EvalContext ctx;
  elig::EvalOptions options;
  options.as_of = w.as_of;
  size_t sink = 0;
  elig::Decision d;
  std::string out;
  if (mode == "fast1m" || mode == "packed1m" || mode == "packed") {  // w1::InMemory: elig_bench's applicants
    w1::InMemory m(w, mode == "packed" ? 4096 : 1'000'000, 7, false);
    size_t plain = 0;
    for (long i = 0; i < n; ++i) {
      const uint64_t a = static_cast<uint64_t>(i) % m.plain.size();
      const elig::FastDecision got = mode == "fast1m" ? elig::DecideFast(*w.program, m.Facts(a), w.as_of, ctx)
                                                    : elig::DecidePacked(*w.program, m.Row(a), m.Facts(a), w.as_of, ctx);
      sink += static_cast<size_t>(got.outcome);
      plain += m.Row(a)[0] != 0;
    }
    std::cout << sink << " (" << plain << " packed rows with a plain fact, " << m.width << " words a row)\n";
    return 0;
  }
  for (long i = 0; i < n; ++i) {
    const auto& facts = w.facts[static_cast<size_t>(i) % w.facts.size()];
    if (mode == "fast") {
      sink += static_cast<size_t>(elig::DecideFast(*w.program, facts.values.data(), w.as_of, ctx).outcome);
    } else if (mode == "traced") {
      elig::Decide(*w.program, facts, options, d);
      sink += d.requirements.size();
    } else if (mode == "explain") {
      sink += elig::RenderJson(elig::Decide(*w.program, facts, options), elig::Lang::kJa).size();
    } else if (mode == "compact") {
      elig::Decide(*w.program, facts, options, d);
      out.clear();
      elig::AppendCompactJson(d, out);
      sink += out.size();
    } else {
      std::cerr << "elig_profile: unknown mode " << mode << "\n";
      return 64;
    }
  }
  std::cout << sink << "\n";
  return 0;
}
