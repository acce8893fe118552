// SPDX-License-Identifier: Apache-2.0
// The catalog's tables (catalog_ja.cpp, catalog_en.cpp): each lists every message of
// common/catalog.hpp once, in any order; catalog.cpp indexes them.
#pragma once

#include <cstddef>
#include <string_view>

#include "common/catalog.hpp"

namespace elig::catalog {

struct Entry {
  Msg id;
  std::string_view text;
};

extern const Entry kJa[];
extern const size_t kJaSize;
extern const Entry kEn[];
extern const size_t kEnSize;

}  // namespace elig::catalog
