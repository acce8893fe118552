// SPDX-License-Identifier: Apache-2.0
// Linked only into `elig-test` (built with the tests, never installed): failure injection
// for the kill-and-resume tests. ELIG_TEST_CRASH=mid:N kills the process (SIGKILL, no
// cleanup) half-way through writing the (N+1)-th chunk of the invocation, commit:N right
// after committing it.
#include <signal.h>

#include <cstdlib>

#include "../common.hpp"

namespace elig::cli {

void InstallTestHooks(store::BatchOptions& bo) {
  const char* crash = std::getenv("ELIG_TEST_CRASH");
  if (!crash) return;
  std::string spec = crash;
  auto colon = spec.find(':');
  if (colon == std::string::npos) return;
  auto point = spec.substr(0, colon) == "mid" ? store::BatchOptions::ChunkPoint::kMidChunk
                                              : store::BatchOptions::ChunkPoint::kCommitted;
  int64_t chunk = std::atoll(spec.c_str() + colon + 1);
  bo.chunk_point = [point, chunk](int64_t at, store::BatchOptions::ChunkPoint p) {
    if (at == chunk && p == point) raise(SIGKILL);
  };
}

}  // namespace elig::cli
