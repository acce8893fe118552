// SPDX-License-Identifier: Apache-2.0
// The `elig` people run: no failure injection. ELIG_TEST_CRASH means nothing to it.
#include "../common.hpp"

namespace elig::cli {

void InstallTestHooks(store::BatchOptions&) {}

}  // namespace elig::cli
