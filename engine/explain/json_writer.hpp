// SPDX-License-Identifier: Apache-2.0
// A streaming JSON writer for the decision JSON (docs/json.md). It writes the
// bytes nlohmann::json's dump() writes for the same tree — compact, or indented
// by 2 — with no tree in between: rendering an explanation is on the hot path of
// `elig batch --explain`, the audit log and the C API. Keys are written in the
// order they are given; the renderer gives them sorted, as a std::map would.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstring>
#include <memory>
#include <cstdint>
#include <string>
#include <string_view>
#include <optional>
#include <vector>

#include "common/number.hpp"
#include "common/types.hpp"

namespace elig {

// The writer's output: appends without the per-call checks of std::string (a few bytes at
// a time is most of what the writer does).
class JsonBuffer {
 public:
  JsonBuffer() { Grow(4096); }
  size_t size() const { return size_; }
  void resize(size_t n) { size_ = n; }  // shrinking only: back to a mark
  void operator+=(char c) {
    *Room(1) = c;
    ++size_;
  }
  void append(const char* p, size_t n) {
    if (n == 0) return;  // an empty string_view may hold no pointer at all
    std::memcpy(Room(n), p, n);
    size_ += n;
  }
  void append(std::string_view s) { append(s.data(), s.size()); }
  void operator+=(std::string_view s) { append(s); }
  void append(size_t n, char c) {
    std::memset(Room(n), c, n);
    size_ += n;
  }
  // Room for `n` more bytes, written through the pointer returned, then Commit(end) with
  // the pointer past the last byte written: for writers that know a bound on what they write.
  char* Reserve(size_t n) { return Room(n); }
  void Commit(char* end) { size_ = static_cast<size_t>(end - data_.get()); }
  std::string str() const { return std::string(data_.get(), size_); }
  std::string_view view() const { return {data_.get(), size_}; }

 private:
  char* Room(size_t n) {
    if (size_ + n > cap_) Grow(n);
    return data_.get() + size_;
  }
  void Grow(size_t n) {
    size_t cap = std::max(cap_ * 2, size_ + n);
    std::unique_ptr<char[]> d(new char[cap]);
    if (size_) std::memcpy(d.get(), data_.get(), size_);
    data_ = std::move(d);
    cap_ = cap;
  }
  std::unique_ptr<char[]> data_;
  size_t size_ = 0, cap_ = 0;
};

// A JSON string as nlohmann::json writes it with ensure_ascii off: UTF-8 kept, control
// characters escaped; text that is not valid UTF-8 is written with U+FFFD as nlohmann's
// `replace` does. `prefix` (ASCII, nothing to escape) goes inside the quotes before `s`.
void WriteJsonString(JsonBuffer& out, std::string_view s, std::string_view prefix = {});

class JsonWriter {
 public:
  explicit JsonWriter(bool pretty) : pretty_(pretty) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }

  // The next member's key; its value follows. Keys are the renderer's own ASCII names
  // (`as_of`, `because`, …): nothing in them needs escaping, so they are copied as they are.
  void Key(std::string_view key) {
    Separate();
    out_ += '"';
    out_.append(key);
    if (pretty_) out_.append("\": ", 3);
    else out_.append("\":", 2);
    after_key_ = true;
  }

  void String(std::string_view s) {
    Separate();
    WriteString(s);
  }
  void Int(int64_t v) {
    Separate();
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, static_cast<size_t>(r.ptr - buf));
  }
  void UInt(uint64_t v) {
    Separate();
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, static_cast<size_t>(r.ptr - buf));
  }
  void Bool(bool b) {
    Separate();
    if (b) out_.append("true", 4);
    else out_.append("false", 5);
  }
  void Null() {
    Separate();
    out_.append("null", 4);
  }

  // Key and value at once.
  void Member(std::string_view key, std::string_view value) {
    Key(key);
    String(value);
  }

  std::string Take() const { return out_.str(); }

  // Bytes rendered before, spliced in (compact output only): `members` are whole members
  // of the open object or array, starting with their separating comma when not first;
  // when `ends_with_key`, they end with a key whose value is written next.
  void RawMembers(std::string_view members, bool ends_with_key) {
    out_.append(members);
    ++stack_.back().count;
    after_key_ = ends_with_key;
  }
  // A value rendered before (compact output only), e.g. a whole object.
  void RawValue(std::string_view value) {
    Separate();
    out_.append(value);
  }

 private:
  struct Frame {
    char close;
    size_t count;
  };

  // Before a value or a key: a comma after the previous element, and on its own line when pretty.
  void Separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (stack_.empty()) return;
    Frame& f = stack_.back();
    if (f.count++ > 0) out_ += ',';
    if (pretty_) {
      out_ += '\n';
      out_.append(2 * stack_.size(), ' ');
    }
  }
  void Open(char c) {
    Separate();
    out_ += c;
    stack_.push_back({c == '{' ? '}' : ']', 0});
  }
  void Close(char c) {
    bool empty = stack_.back().count == 0;
    stack_.pop_back();
    if (pretty_ && !empty) {
      out_ += '\n';
      out_.append(2 * stack_.size(), ' ');
    }
    out_ += c;
  }

  void WriteString(std::string_view s) { WriteJsonString(out_, s); }

  bool pretty_;
  bool after_key_ = false;
  std::vector<Frame> stack_;
  JsonBuffer out_;
};

struct CombinedView;
struct BenefitDecl;

// Pieces the decision JSON (explain_json.cpp) and the screening JSON (match_view.cpp) share:
// an amount as {exact, text, yen} (yen null unless whole), or null; what 併給制限 did to a
// program, one object a note.
void AmountJson(JsonWriter& w, const std::optional<Rational>& amount, Lang lang);
// What a program gives besides money (`benefit:`), or null: the words, each item in numbers
// and in words, and the applicant's share of the costs as an exact fraction ("1/3").
void BenefitJson(JsonWriter& w, const BenefitDecl* benefit, Lang lang);
void CombineJson(JsonWriter& w, const CombinedView& v, Lang lang);

}  // namespace elig
