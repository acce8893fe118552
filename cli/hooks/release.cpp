// The `elig` people run: no failure injection. ELIG_TEST_CRASH means nothing to it.
#include "../common.hpp"

namespace elig::cli {

void InstallTestHooks(store::BatchOptions&) {}

}  // namespace elig::cli
