// SPDX-License-Identifier: Apache-2.0
#include "io/jsonl.hpp"

#include <algorithm>

#include "common/utf8.hpp"
#include "io/applicant_json.hpp"
#include "io/block_input.hpp"
#include "io/json_scalar.hpp"

namespace elig {
namespace {

using namespace json_detail;

// Reads one line of JSON Lines into a row; one per line, so lines parse on any thread.
// The long way is the applicant JSON reader (applicant_json.hpp); the short way (Plain)
// reads the commonest line through the same ScalarText.
class LineParser : public JsonPlaces {
 public:
  LineParser(const std::string& name, const ReaderOptions& options, uint64_t line, uint32_t bom)
      : name_(name), options_(options), line_(line), bom_(bom) {}

  // Without the file name (IssueLoc adds it where a location is reported).
  SourceLoc At(size_t offset, size_t length) override {
    SourceLoc l;
    l.line = static_cast<uint32_t>(std::min<uint64_t>(line_, UINT32_MAX));
    l.column = ColumnAt(offset);
    l.length = static_cast<uint32_t>(std::min<size_t>(std::max<size_t>(1, length), UINT32_MAX));
    return l;
  }

  void Refuse(InputRow& row, LocalText why, uint32_t column) {
    row.readable = false;
    SourceLoc l = At(0, 1);
    l.column = column;
    l.file = name_;
    row.issues.push_back({"", std::move(why), l});
  }

  // ApplicantStream::PlainFacts for one line: its members when each is a scalar or null
  // and the line is one valid object with no key twice; false otherwise (nothing is said
  // why: Parse says it). The same texts the long way gives; `note`, a remark, is left
  // out as it leaves it out. The views live in the thread's parser and padded line.
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
      if (f.name == "facts") return false;  // not an object: the long way refuses the line
      if (f.name == "note") continue;
      facts.push_back(f);
    }
    return AfterObject(doc).empty();
  }

  void Parse(const std::string& line, InputRow& row) {
    thread_local std::string padded;
    Pad(line, padded);
    JsonApplicantOptions options;
    options.max_fields = options_.max_fields;
    ReadJsonApplicant(padded_, padded.size(), options, *this, row);
    for (auto& issue : row.issues) issue.loc.file = name_;
  }

 private:
  // Column (1-based, in code points) of a byte of the current line. Places are asked in
  // order, so the count goes on from the last one: linear in the line, not quadratic.
  uint32_t ColumnAt(size_t bytes) {
    if (bytes < cursor_bytes_) {
      cursor_bytes_ = 0;
      cursor_col_ = 1 + (line_ == 1 ? bom_ : 0);
    }
    for (; cursor_bytes_ < bytes && cursor_bytes_ < padded_.size(); ++cursor_bytes_)
      if ((static_cast<unsigned char>(padded_[cursor_bytes_]) & 0xC0) != 0x80) ++cursor_col_;
    return cursor_col_;
  }

  void Pad(const std::string& line, std::string& padded) {
    padded.assign(line);
    padded.append(simdjson::SIMDJSON_PADDING, ' ');  // read past the end, never parsed
    padded_ = std::string_view(padded.data(), line.size());
    cursor_bytes_ = 0;
    cursor_col_ = 1 + (line_ == 1 ? bom_ : 0);
  }

  // Starts parsing `line` into `doc`, with the thread's parser and padded copy of it
  // (PlainFacts runs on many threads at once).
  simdjson::error_code Iterate(const std::string& line, od::document& doc) {
    thread_local od::parser parser_;
    thread_local std::string padded;
    Pad(line, padded);
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

  const std::string& name_;
  const ReaderOptions& options_;
  uint64_t line_;
  uint32_t bom_;
  std::string_view padded_;  // the line, in the thread's padded buffer
  size_t cursor_bytes_ = 0;  // ColumnAt's place in the line
  uint32_t cursor_col_ = 1;
};

class JsonlStream : public SplitStream {
 public:
  JsonlStream(std::unique_ptr<std::istream> in, std::string name, uint64_t size, ReaderOptions options)
      : in_(std::move(in)), name_(std::move(name)), size_(size), options_(std::move(options)) {
    if (!in_.ok())
      error_ = SayBoth(Msg::kFileAt, fmt::arg("place", name_), fmt::arg("message", SayBoth(Msg::kFileUnreadable)));
  }

  bool NextRecord(RawRecord& raw) override {
    if (!error_.Empty()) return false;
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
      p.Refuse(row, SayBoth(Msg::kJsonlLineTooLong, fmt::arg("max", options_.max_row_bytes)), 1);
      return;
    }
    p.Parse(raw.text, row);
  }

  bool PlainFacts(const RawRecord& raw, std::vector<PlainFact>& facts) const override {
    if (raw.truncated) return false;
    return LineParser(name_, options_, raw.line, raw.line == 1 ? bom_ : 0).Plain(raw.text, facts);
  }

  const LocalText& error() const override { return error_; }
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
  LocalText error_;
  uint64_t line_ = 0;
  uint32_t bom_ = 0;
  uint64_t next_seq_ = 0;
};

}  // namespace

std::unique_ptr<ApplicantStream> OpenJsonlFile(const std::string& path, const ReaderOptions& options) {
  return io_detail::OpenInput<JsonlStream>(io_detail::InputFile(path), path, options);
}

std::unique_ptr<ApplicantStream> OpenJsonlText(std::string text, const std::string& name, const ReaderOptions& options) {
  return io_detail::OpenInput<JsonlStream>(io_detail::InputText(std::move(text)), name, options);
}

}  // namespace elig
