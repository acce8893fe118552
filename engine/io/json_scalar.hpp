// SPDX-License-Identifier: Apache-2.0
// What a scalar JSON value reads as, for the applicant JSON reader (applicant_json.cpp)
// and the short way through JSON Lines (jsonl.cpp): both read values through it, so the
// two agree by construction. Inside engine/io only (it needs simdjson).
#pragma once

#include <simdjson.h>

#include <algorithm>
#include <string>
#include <unordered_set>
#include <vector>
#include <string_view>

#include "common/catalog.hpp"

namespace elig::json_detail {

namespace od = simdjson::ondemand;

inline std::string_view TrimToken(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

// A number as JSON writes it: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?. simdjson's
// on-demand reader hands a number's text over unchecked (`01`, `1.`, `-` included).
inline bool IsJsonNumber(std::string_view s) {
  size_t i = 0, n = s.size();
  auto digits = [&] {
    size_t from = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
    return i > from;
  };
  if (i < n && s[i] == '-') ++i;
  if (i < n && s[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < n && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == n;
}

// What a scalar JSON value (`type`: a string, number, boolean or null) reads as: a
// string's unescaped text, a number's digits as written (never through a double),
// `true` / `false`, or no value (`null`).
inline simdjson::error_code ScalarText(od::value& v, od::json_type type, std::string_view& text, bool& null) {
  null = false;
  switch (type) {
    case od::json_type::string: return v.get_string().get(text);
    case od::json_type::number: {
      text = TrimToken(v.raw_json_token());
      return IsJsonNumber(text) ? simdjson::SUCCESS : simdjson::NUMBER_ERROR;
    }
    case od::json_type::boolean: {
      bool b = false;
      if (auto e = v.get_bool().get(b)) return e;
      text = b ? "true" : "false";
      return simdjson::SUCCESS;
    }
    case od::json_type::null: {
      bool is_null = false;
      if (auto e = v.is_null().get(is_null)) return e;
      if (!is_null) return simdjson::N_ATOM_ERROR;
      null = true;
      return simdjson::SUCCESS;
    }
    default: return simdjson::INCORRECT_TYPE;
  }
}

// The keys seen in one object: views into the parser's buffer, valid while it is read.
// A real applicant has tens of keys and is searched in order; past kScan keys, a hash set.
class SeenKeys {
 public:
  void Clear() {
    keys_.clear();
    set_.clear();
  }
  // False when `key` was seen before.
  bool Insert(std::string_view key) {
    if (keys_.size() < kScan) {
      if (std::find(keys_.begin(), keys_.end(), key) != keys_.end()) return false;
      keys_.push_back(key);
      return true;
    }
    if (set_.empty()) set_.insert(keys_.begin(), keys_.end());
    if (!set_.insert(key).second) return false;
    keys_.push_back(key);
    return true;
  }
  size_t size() const { return keys_.size(); }

 private:
  static constexpr size_t kScan = 32;
  std::vector<std::string_view> keys_;
  std::unordered_set<std::string_view> set_;
};

// Why JSON cannot be read, in both languages: simdjson's errors, a few to a phrase; the
// rare others in simdjson's own words.
inline LocalText Why(simdjson::error_code e) {
  switch (e) {
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
    case simdjson::UNCLOSED_STRING: return SayBoth(Msg::kJsonUnclosed);
    case simdjson::TAPE_ERROR:
    case simdjson::TRAILING_CONTENT: return SayBoth(Msg::kJsonBadStructure);
    case simdjson::STRING_ERROR:
    case simdjson::UNESCAPED_CHARS: return SayBoth(Msg::kJsonBadString);
    case simdjson::UTF8_ERROR: return SayBoth(Msg::kJsonBadUtf8);
    case simdjson::NUMBER_ERROR:
    case simdjson::NUMBER_OUT_OF_RANGE: return SayBoth(Msg::kJsonBadNumber);
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR: return SayBoth(Msg::kJsonBadWord);
    case simdjson::EMPTY: return SayBoth(Msg::kJsonEmpty);
    case simdjson::CAPACITY:
    case simdjson::MEMALLOC:
    case simdjson::DEPTH_ERROR: return SayBoth(Msg::kJsonTooLarge);
    default: return SayBoth(Msg::kJsonInvalid, fmt::arg("reason", simdjson::error_message(e)));
  }
}

}  // namespace elig::json_detail
