// SPDX-License-Identifier: Apache-2.0
// SHA-256 (OpenSSL): the audit log stores rule sources by their hash, and each audit row carries
// the hash of the previous one; the parsed-document cache (syntax/doc_cache.cpp) names its entries by one.
#pragma once

#include <string>
#include <string_view>

#include "common/types.hpp"

namespace elig {

// Lowercase hex, 64 characters.
std::string Sha256Hex(std::string_view data);

// Incremental hashing of large inputs (a batch input file).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(std::string_view data);
  std::string HexDigest();  // once

 private:
  void* ctx_ = nullptr;  // EVP_MD_CTX
};

// The hash of a whole file; false with `error` when it cannot be read.
bool Sha256File(const std::string& path, std::string& hex, LocalText& error);

}  // namespace elig
