#include "io/jsonl.hpp"

#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <unordered_set>
#include <sstream>

#include "common/utf8.hpp"
#include "io/block_input.hpp"

namespace elig {
namespace {

namespace od = simdjson::ondemand;

std::string_view TrimToken(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

// Parses one line of JSON Lines into a row; one per line, so lines parse on any thread.
class LineParser {
 public:
  LineParser(const std::string& name, const ReaderOptions& options, uint64_t line, uint32_t bom)
      : name_(name), options_(options), line_(line), bom_(bom) {}

  // Without the file name (IssueLoc adds it where a location is reported).
  SourceLoc Loc(uint32_t column, uint32_t length = 1) const {
    SourceLoc l;
    l.line = static_cast<uint32_t>(std::min<uint64_t>(line_, UINT32_MAX));
    l.column = column;
    l.length = length;
    return l;
  }

  void Refuse(InputRow& row, const std::string& why, uint32_t column) {
    row.readable = false;
    SourceLoc l = Loc(column);
    l.file = name_;
    row.issues.push_back({"", why, l});
  }

  // Column (1-based, in code points) of a token inside the current line. Tokens come in
  // order, so the count goes on from the last one: linear in the line, not quadratic.
  uint32_t ColumnOf(std::string_view token) {
    const char* begin = padded_.data();
    if (token.data() < begin || token.data() > begin + padded_.size()) return 1;
    auto bytes = static_cast<size_t>(token.data() - begin);
    if (bytes < cursor_bytes_) {
      cursor_bytes_ = 0;
      cursor_col_ = 1 + (line_ == 1 ? bom_ : 0);
    }
    for (; cursor_bytes_ < bytes && cursor_bytes_ < padded_.size(); ++cursor_bytes_)
      if ((static_cast<unsigned char>(begin[cursor_bytes_]) & 0xC0) != 0x80) ++cursor_col_;
    return cursor_col_;
  }

  static std::string Why(simdjson::error_code e) {
    return std::string("not valid JSON: ") + simdjson::error_message(e);
  }

  // What a scalar JSON value (`type`: a string, number, boolean or null) reads as: a
  // string's unescaped text, a number's digits as written (never through a double),
  // `true` / `false`, or no value (`null`). ToRaw and Plain both read values through it.
  static simdjson::error_code ScalarText(od::value& v, od::json_type type, std::string_view& text, bool& null) {
    null = false;
    switch (type) {
      case od::json_type::string: return v.get_string().get(text);
      case od::json_type::number: {
        std::string_view tok = v.raw_json_token();
        text = TrimToken(tok);
        return simdjson::SUCCESS;
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
        null = true;
        return simdjson::SUCCESS;
      }
      default: return simdjson::INCORRECT_TYPE;
    }
  }

  // A JSON value as a fact value; false (with `why`) when it cannot be one.
  bool ToRaw(od::value& v, RawValue& out, bool in_list, std::string& why) {
    std::string_view tok;
    tok = v.raw_json_token();
    out.loc = Loc(ColumnOf(tok), static_cast<uint32_t>(std::max<size_t>(1, TrimToken(tok).size())));
    od::json_type type;
    if (auto e = v.type().get(type)) {
      why = Why(e);
      return false;
    }
    switch (type) {
      case od::json_type::string:
      case od::json_type::number:
      case od::json_type::boolean:
      case od::json_type::null: {
        std::string_view text;
        bool null = false;
        if (auto e = ScalarText(v, type, text, null)) {
          why = Why(e);
          return false;
        }
        if (null) {
          out.type = RawValue::Type::kNull;
          return true;
        }
        out.type = RawValue::Type::kScalar;
        out.text = std::string(text);
        out.quoted = type == od::json_type::string;
        return true;
      }
      case od::json_type::array: {
        if (in_list) {
          why = "a list inside a list is not a fact value";
          return false;
        }
        od::array arr;
        if (auto e = v.get_array().get(arr)) {
          why = Why(e);
          return false;
        }
        out.type = RawValue::Type::kList;
        for (auto item : arr) {
          od::value iv;
          if (auto e = item.get(iv)) {
            why = Why(e);
            return false;
          }
          RawValue rv;
          if (!ToRaw(iv, rv, true, why)) return false;
          out.items.push_back(std::move(rv));
        }
        return true;
      }
      case od::json_type::object:
        why = "a fact must be a value or a list, not an object";
        return false;
    }
    why = "unsupported JSON value";
    return false;
  }

  // Reads the members of an object as facts (and `id` / `as_of` / `facts` at the top).
  // false: the JSON itself is broken (the row is refused).
  // The keys seen in a line: views into the parser's buffer, valid while the line is parsed.
  // A real line has tens of keys and is searched in order; past kScan keys, a hash set.
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

  bool Members(od::object& obj, InputRow& row, bool top, SeenKeys& seen) {
    for (auto field : obj) {
      std::string_view key_view;
      if (auto e = field.unescaped_key().get(key_view)) {
        Refuse(row, Why(e), 1);
        return false;
      }
      od::value v;
      if (auto e = field.value().get(v)) {
        Refuse(row, Why(e), 1);
        return false;
      }
      std::string_view tok;
      tok = v.raw_json_token();
      SourceLoc loc = Loc(ColumnOf(tok));
      od::json_type type;
      if (auto e = v.type().get(type)) {
        Refuse(row, Why(e), loc.column);
        return false;
      }
      if (top && key_view == "facts" && type == od::json_type::object) {
        od::object inner;
        if (auto e = v.get_object().get(inner)) {
          Refuse(row, Why(e), loc.column);
          return false;
        }
        if (!Members(inner, row, false, seen)) return false;
        continue;
      }
      if (!seen.Insert(key_view)) {
        std::string key(key_view);
        row.issues.push_back({key, "the fact `" + utf8::Printable(key) + "` is given twice", IssueLoc(row.applicant, loc)});
        continue;  // simdjson skips the unread value
      }
      std::string key(key_view);
      if (seen.size() > options_.max_fields) {
        Refuse(row, "more than " + std::to_string(options_.max_fields) + " keys in one line", loc.column);
        return false;
      }
      // Read in place: a fact is built where it is kept, and taken back if it cannot be one.
      bool special = top && (key == "id" || key == "as_of");
      RawValue special_value;
      RawValue& raw = special ? special_value : row.applicant.facts.emplace_back().value;
      std::string why;
      if (!ToRaw(v, raw, false, why)) {
        SourceLoc raw_loc = raw.loc;
        if (!special) row.applicant.facts.pop_back();
        if (why.rfind("not valid JSON", 0) == 0) {
          Refuse(row, why, raw_loc.column ? raw_loc.column : loc.column);
          return false;
        }
        row.issues.push_back({key, why, IssueLoc(row.applicant, raw_loc)});
        continue;
      }
      if (special) {
        std::string text = raw.type == RawValue::Type::kScalar ? raw.text : "";
        if (raw.type == RawValue::Type::kList) {
          row.issues.push_back({key, "`" + key + "` must be a single value", IssueLoc(row.applicant, raw.loc)});
          continue;
        }
        input_detail::SpecialColumn(key, text, raw.loc, row);
        continue;
      }
      RawFact& fact = row.applicant.facts.back();
      fact.name = std::move(key);
      fact.loc = loc;
    }
    return true;
  }

  // Starts parsing `line` into `doc`, with the thread's parser and padded copy of it
  // (ParseRecord runs on many threads at once).
  simdjson::error_code Iterate(const std::string& line, od::document& doc) {
    thread_local od::parser parser_;
    thread_local std::string padded;
    padded.assign(line);
    padded.append(simdjson::SIMDJSON_PADDING, ' ');  // read past the end, never parsed
    padded_ = std::string_view(padded.data(), line.size());
    cursor_bytes_ = 0;
    cursor_col_ = 1 + (line_ == 1 ? bom_ : 0);
    return parser_.iterate(simdjson::padded_string_view(padded.data(), line.size(), padded.size())).get(doc);
  }

  // Where the object ends, the rest of the line is blank (else the line is broken): empty,
  // or the rest.
  std::string_view AfterObject(od::document& doc) const {
    if (auto loc = doc.current_location(); !loc.error()) {
      const char* at = loc.value_unsafe();
      if (at && at < padded_.data() + padded_.size()) {
        std::string_view rest(at, static_cast<size_t>(padded_.data() + padded_.size() - at));
        if (rest.find_first_not_of(" \t\r\n") != std::string_view::npos) return rest;
      }
    }
    return {};
  }

  // ApplicantStream::PlainFacts for one line: its members when each is a scalar or null
  // and the line is one valid object with no key twice; false otherwise (nothing is said
  // why: Parse says it). The same texts ToRaw gives; the views live in the thread's parser
  // and padded line.
  bool Plain(const std::string& line, std::vector<PlainFact>& facts) {
    facts.clear();
    od::document doc;
    od::object obj;
    if (Iterate(line, doc) || doc.get_object().get(obj)) return false;
    thread_local SeenKeys seen;
    seen.Clear();
    for (auto field : obj) {
      PlainFact f;
      od::value v;
      od::json_type type;
      if (field.unescaped_key().get(f.name) || field.value().get(v) || v.type().get(type)) return false;
      if (!seen.Insert(f.name) || seen.size() > options_.max_fields) return false;
      // A list or an object (`facts` among them) takes the long way.
      if (type == od::json_type::array || type == od::json_type::object) return false;
      if (ScalarText(v, type, f.text, f.null)) return false;
      facts.push_back(f);
    }
    return AfterObject(doc).empty();
  }

  void Parse(const std::string& line, InputRow& row) {
    od::document doc;
    if (auto e = Iterate(line, doc)) {
      Refuse(row, Why(e), 1);
      return;
    }
    od::object obj;
    if (auto e = doc.get_object().get(obj)) {
      Refuse(row, e == simdjson::INCORRECT_TYPE ? "each line must be one JSON object: `{\"fact\": value, …}`" : Why(e), 1);
      return;
    }
    thread_local SeenKeys seen;
    seen.Clear();
    // As many facts as the thread's last line had: the vector is not grown fact by fact.
    thread_local size_t last_facts = 0;
    row.applicant.facts.reserve(std::min<size_t>(last_facts, options_.max_fields));
    if (!Members(obj, row, true, seen)) {
      row.applicant.facts.clear();
      return;
    }
    last_facts = row.applicant.facts.size();
    // Anything after the object (`{…} x`, or two objects on one line) is a broken line.
    if (std::string_view rest = AfterObject(doc); !rest.empty()) {
      row.applicant.facts.clear();
      row.issues.clear();
      Refuse(row, "not valid JSON: text after the end of the object", ColumnOf(rest));
    }
  }

 private:
  const std::string& name_;
  const ReaderOptions& options_;
  uint64_t line_;
  uint32_t bom_;
  std::string_view padded_;  // the line, in the thread's padded buffer
  size_t cursor_bytes_ = 0;  // ColumnOf's place in the line
  uint32_t cursor_col_ = 1;
};

class JsonlStream : public SplitStream {
 public:
  JsonlStream(std::unique_ptr<std::istream> in, std::string name, uint64_t size, ReaderOptions options)
      : in_(std::move(in)), name_(std::move(name)), size_(size), options_(std::move(options)) {
    if (!in_.ok()) error_ = name_ + ": cannot read the file";
  }

  bool NextRecord(RawRecord& raw) override {
    if (!error_.empty()) return false;
    for (;;) {
      raw.offset = in_.offset();
      if (!ReadLine(raw.text, raw.truncated)) return false;
      if (raw.truncated || !IsBlank(raw.text)) break;
    }
    raw.seq = next_seq_++;
    raw.line = line_;
    return true;
  }

  void ParseRecord(const RawRecord& raw, InputRow& row) const override {
    StartRow(raw, name_, row);
    // bom_ is set while line 1 is read, before any line is handed out to be parsed.
    LineParser p(name_, options_, raw.line, raw.line == 1 ? bom_ : 0);
    if (raw.truncated) {
      p.Refuse(row, "the line is longer than " + std::to_string(options_.max_row_bytes) + " bytes", 1);
      return;
    }
    p.Parse(raw.text, row);
  }

  bool PlainFacts(const RawRecord& raw, std::vector<PlainFact>& facts) const override {
    if (raw.truncated) return false;
    return LineParser(name_, options_, raw.line, raw.line == 1 ? bom_ : 0).Plain(raw.text, facts);
  }

  const std::string& error() const override { return error_; }
  uint64_t position() const override { return in_.offset(); }
  uint64_t size() const override { return size_; }

 private:
  static bool IsBlank(const std::string& s) {
    return s.find_first_not_of(" \t\r") == std::string::npos;
  }

  // One line without its end; false at the end of the input.
  bool ReadLine(std::string& line, bool& too_long) {
    line.clear();
    too_long = false;
    std::string_view buffered = in_.Buffered();
    if (buffered.empty()) return false;
    ++line_;
    // The common line, whole in the buffer and within the limit: at once.
    size_t nl = buffered.find('\n');
    if (nl != std::string_view::npos && nl <= options_.max_row_bytes) {
      line.assign(buffered.data(), nl);
      in_.Skip(nl + 1);
    } else {
      for (;;) {
        int c = in_.Get();
        if (c < 0) break;
        if (c == '\n') break;
        if (line.size() >= options_.max_row_bytes) {
          too_long = true;
          continue;
        }
        line.push_back(static_cast<char>(c));
      }
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    // A UTF-8 byte order mark on the first line is not part of the JSON.
    if (line_ == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) {
      line.erase(0, 3);
      bom_ = 3;
    } else if (line_ == 1) {
      bom_ = 0;
    }
    return true;
  }

  io_detail::BlockInput in_;
  std::string name_;
  uint64_t size_ = 0;
  ReaderOptions options_;
  std::string error_;
  uint64_t line_ = 0;
  uint32_t bom_ = 0;
  uint64_t next_seq_ = 0;
};

}  // namespace

std::unique_ptr<ApplicantStream> OpenJsonlFile(const std::string& path, const ReaderOptions& options) {
  std::error_code ec;
  uint64_t size = std::filesystem::file_size(path, ec);
  if (ec) size = 0;
  auto in = std::make_unique<std::ifstream>(path, std::ios::binary);
  return std::make_unique<JsonlStream>(std::move(in), path, size, options);
}

std::unique_ptr<ApplicantStream> OpenJsonlText(std::string text, const std::string& name, const ReaderOptions& options) {
  uint64_t size = text.size();
  auto in = std::make_unique<std::istringstream>(std::move(text), std::ios::binary);
  return std::make_unique<JsonlStream>(std::move(in), name, size, options);
}

}  // namespace elig
