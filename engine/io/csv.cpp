// SPDX-License-Identifier: Apache-2.0
#include "io/csv.hpp"

#include "io/applicant_json.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

#include "common/catalog.hpp"
#include "common/date.hpp"
#include "common/utf8.hpp"
#include "io/block_input.hpp"

namespace elig {

namespace input_detail {
namespace {

std::string Trim(std::string_view s) { return std::string(utf8::TrimBlanks(s)); }

// Splits on `sep`, trimming items and the quotes around a quoted item.
std::vector<std::string> SplitItems(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    std::string item = Trim(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (item.size() >= 2 && (item.front() == '"' || item.front() == '\'') && item.back() == item.front())
      item = item.substr(1, item.size() - 2);
    out.push_back(std::move(item));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

// Every place in a cell's JSON is the cell's.
class CellPlaces : public JsonPlaces {
 public:
  explicit CellPlaces(const SourceLoc& loc) : loc_(loc) {}
  SourceLoc At(size_t, size_t) override { return loc_; }

 private:
  SourceLoc loc_;
};

// A list of records in one cell, as JSON: `[{"name": "A", "is_sme": true}, …]`. False when the
// cell is not such JSON (it is then read as a list of plain values, which says what is wrong).
bool JsonCell(std::string_view cell, const SourceLoc& loc, RawValue& out) {
  std::string doc = "{\"v\":";
  doc.append(cell);
  doc += '}';
  std::string padded = PadJson(doc);
  CellPlaces places(loc);
  InputRow row;
  ReadJsonApplicant(std::string_view(padded.data(), doc.size()), padded.size(), JsonApplicantOptions{}, places, row);
  if (!row.readable || !row.issues.empty() || row.applicant.facts.size() != 1) return false;
  out = std::move(row.applicant.facts.front().value);
  out.loc = loc;
  return true;
}

}  // namespace

RawValue CellValue(std::string text, bool quoted, bool is_list_fact, const SourceLoc& loc) {
  RawValue v;
  v.loc = loc;
  std::string_view t = utf8::TrimBlanks(text);
  // Empty, quoted or not, is unknown: writers that quote every field write `""` for a missing value.
  if (t.empty()) return v;
  bool bracketed = t.size() >= 2 && t.front() == '[' && t.back() == ']';
  if (bracketed && utf8::TrimBlanks(t.substr(1)).front() == '{' && JsonCell(t, loc, v)) return v;
  if (bracketed || (is_list_fact && !t.empty())) {
    v.type = RawValue::Type::kList;
    std::string_view inner = bracketed ? t.substr(1, t.size() - 2) : t;
    if (utf8::TrimBlanks(inner).empty()) return v;  // [] : the empty list
    for (auto& item : SplitItems(inner, bracketed ? ',' : ';')) {
      RawValue iv;
      iv.type = RawValue::Type::kScalar;
      iv.text = std::move(item);
      iv.loc = loc;
      v.items.push_back(std::move(iv));
    }
    return v;
  }
  v.type = RawValue::Type::kScalar;
  v.text = std::move(text);
  v.quoted = quoted;
  return v;
}

bool SpecialColumn(const std::string& name, const std::string& text, const SourceLoc& loc, InputRow& row) {
  std::string t = Trim(text);
  if (name == "id") {
    if (!t.empty()) row.applicant.id = t;
    return true;
  }
  if (name == "as_of") {
    if (t.empty()) return true;
    auto d = ParseDate(t);
    if (!d) {
      // Refused: judged on another date (today, or --as-of) it would be a wrong answer.
      row.readable = false;
      row.issues.push_back({"as_of",
                            SayBoth(Msg::kApplicantBadAsOfGot, fmt::arg("example", "`2026-06-01`"),
                                    fmt::arg("got", utf8::Printable(t))),
                            IssueLoc(row.applicant, loc)});
      return false;
    }
    row.applicant.as_of = d;
  }
  return true;
}

}  // namespace input_detail

namespace {

using input_detail::CellValue;
using input_detail::SpecialColumn;

struct Field {
  std::string text;
  bool quoted = false;
  SourceLoc loc;
};

// A record that needs none of the byte-by-byte loops: no quote, and within the limits
// (content bytes — all but the commas — and fields). Its record is its bytes, its fields
// the text between its commas.
bool IsPlainRecord(std::string_view text, const ReaderOptions& options) {
  if (text.find('"') != std::string_view::npos) return false;
  auto commas = static_cast<size_t>(std::count(text.begin(), text.end(), ','));
  return commas + 1 <= options.max_fields && text.size() - commas <= options.max_row_bytes;
}

// Parses the fields of one record from its bytes (RFC 4180 as the header comment says).
// `problem` says why a record is broken (unterminated quote, too long, too many fields);
// the first problem found wins.
class RecordParser {
 public:
  explicit RecordParser(const ReaderOptions& options, const RawRecord& raw)
      : options_(options), text_(raw.text), truncated_(raw.truncated), line_(raw.line), offset_(raw.offset) {}

  void Parse(std::vector<Field>& fields, LocalText& problem) {
    fields.clear();
    problem = {};
    if (options_.plain_records_at_once && ParsePlain(fields)) return;
    size_t bytes = 0;
    Field cur;
    cur.loc = Here();
    bool in_quotes = false, after_quote = false, at_start = true;
    auto finish_field = [&] {
      cur.loc.length = static_cast<uint32_t>(std::max<size_t>(1, cur.text.size()));
      if (fields.size() < options_.max_fields) fields.push_back(std::move(cur));
      else if (problem.Empty()) problem = SayBoth(Msg::kCsvTooManyFields, fmt::arg("max", options_.max_fields));
      cur = Field{};
    };
    auto add = [&](char c) {
      if (++bytes > options_.max_row_bytes) {
        if (problem.Empty()) problem = TooLong();
        return;
      }
      cur.text.push_back(c);
    };
    for (;;) {
      int c = Get();
      if (c < 0) {
        // The reader kept only the start of a record it knew to be refused: the problem
        // found in it (too many fields, too long) is the record's.
        if (truncated_) {
          finish_field();
          if (problem.Empty()) problem = TooLong();
          return;
        }
        if (in_quotes && problem.Empty()) problem = SayBoth(Msg::kCsvQuoteNotClosed, fmt::arg("line", cur.loc.line));
        finish_field();
        return;
      }
      auto ch = static_cast<unsigned char>(c);
      if ((ch & 0xC0) != 0x80) ++column_;
      if (in_quotes) {
        if (c == '"') {
          if (Peek() == '"') {
            Get();
            ++column_;
            add('"');
          } else {
            in_quotes = false;
            after_quote = true;
          }
        } else {
          if (c == '\n' || (c == '\r' && Peek() != '\n')) NewLine();
          add(static_cast<char>(c));
        }
        continue;
      }
      if (c == ',') {
        finish_field();
        cur.loc = Here();
        at_start = true;
        after_quote = false;
        continue;
      }
      if (c == '\r' && Peek() == '\n') continue;
      if (c == '"' && at_start) {
        in_quotes = true;
        cur.quoted = true;
        at_start = false;
        continue;
      }
      if (after_quote) {
        if (c == ' ' || c == '\t' || c == '\r') continue;
        if (problem.Empty()) problem = SayBoth(Msg::kCsvTextAfterQuote, fmt::arg("column", column_));
        continue;
      }
      at_start = false;
      add(static_cast<char>(c));
    }
  }

 private:
  LocalText TooLong() const { return SayBoth(Msg::kCsvRowTooLong, fmt::arg("max", options_.max_row_bytes)); }

  // The common record, without a quote and within the limits, split at its commas: the
  // same fields and places as the loop in Parse gives it. False (nothing done) otherwise.
  bool ParsePlain(std::vector<Field>& fields) {
    if (truncated_ || !IsPlainRecord(text_, options_)) return false;
    uint64_t column = 0;  // code points before the field
    size_t start = 0;
    for (;;) {
      size_t end = std::min(text_.find(',', start), text_.size());
      Field& f = fields.emplace_back();
      f.text.assign(text_.data() + start, end - start);
      f.loc.line = static_cast<uint32_t>(std::min<uint64_t>(line_, UINT32_MAX));
      f.loc.column = static_cast<uint32_t>(std::min<uint64_t>(column + 1, UINT32_MAX));
      f.loc.offset = static_cast<uint32_t>(std::min<uint64_t>(offset_ + start, UINT32_MAX));
      f.loc.length = static_cast<uint32_t>(std::max<size_t>(1, end - start));
      if (end == text_.size()) return true;
      for (size_t i = start; i < end; ++i)
        if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
      ++column;  // the comma
      start = end + 1;
    }
  }

  int Get() {
    if (at_ >= text_.size()) return -1;
    ++offset_;
    return static_cast<unsigned char>(text_[at_++]);
  }
  int Peek() const { return at_ < text_.size() ? static_cast<unsigned char>(text_[at_]) : -1; }
  void NewLine() {
    ++line_;
    column_ = 0;
  }
  // Without the file name: IssueLoc adds it to the few locations that are reported.
  SourceLoc Here() const {
    SourceLoc l;
    l.line = static_cast<uint32_t>(std::min<uint64_t>(line_, UINT32_MAX));
    l.column = static_cast<uint32_t>(std::min<uint64_t>(column_ + 1, UINT32_MAX));  // the next character
    l.offset = static_cast<uint32_t>(std::min<uint64_t>(offset_, UINT32_MAX));
    l.length = 1;
    return l;
  }

  const ReaderOptions& options_;
  std::string_view text_;
  bool truncated_;
  size_t at_ = 0;
  uint64_t line_, offset_, column_ = 0;
};

class CsvStream : public SplitStream {
 public:
  CsvStream(std::unique_ptr<std::istream> in, std::string name, uint64_t size, ReaderOptions options)
      : in_(std::move(in)), name_(std::move(name)), size_(size), options_(std::move(options)) {
    ReadHeader();
  }

  bool NextRecord(RawRecord& raw) override {
    if (!error_.Empty()) return false;
    for (;;) {
      if (!ScanRecord(raw)) return false;
      // A blank line is no row: spreadsheets leave them at the end.
      if (!raw.text.empty() || raw.truncated) break;
    }
    raw.seq = next_seq_++;
    return true;
  }

  void ParseRecord(const RawRecord& raw, InputRow& row) const override {
    std::vector<Field> fields;
    fields.reserve(header_.size());
    LocalText problem;
    RecordParser(options_, raw).Parse(fields, problem);
    StartRow(raw, name_, row);
    auto row_loc = [&] {
      SourceLoc l;
      l.file = name_;
      l.line = static_cast<uint32_t>(std::min<uint64_t>(raw.line, UINT32_MAX));
      l.column = 1;
      return l;
    };
    if (!problem.Empty()) {
      row.readable = false;
      row.issues.push_back({"", std::move(problem), row_loc()});
      return;
    }
    if (fields.size() != header_.size()) {
      // The id, when its column is there, still names the refused row.
      for (size_t i = 0; i < header_.size() && i < fields.size(); ++i)
        if (header_[i] == "id") SpecialColumn("id", fields[i].text, fields[i].loc, row);
      row.readable = false;
      row.issues.push_back({"",
                            SayBoth(Msg::kCsvFieldCount, fmt::arg("want", header_.size()),
                                    fmt::arg("got", fields.size())),
                            row_loc()});
      return;
    }
    row.applicant.facts.reserve(fields.size());
    for (size_t i = 0; i < fields.size(); ++i) {
      const std::string& name = header_[i];
      Field& f = fields[i];
      if (name == "id" || name == "as_of") {
        SpecialColumn(name, f.text, f.loc, row);
        continue;
      }
      RawFact& fact = row.applicant.facts.emplace_back();
      fact.name = name;
      fact.loc = f.loc;
      fact.value = CellValue(std::move(f.text), f.quoted, list_fact_[i], f.loc);
    }
  }

  bool PlainFacts(const RawRecord& raw, std::vector<PlainFact>& facts) const override {
    facts.clear();
    std::string_view text = raw.text;
    // Content bytes are at most the record's bytes; fields are counted below. A CR is
    // only ever kept inside quotes, where the long way reads it.
    if (raw.truncated || !options_.plain_records_at_once || text.size() > options_.max_row_bytes ||
        std::memchr(text.data(), '\r', text.size()))
      return false;
    // Cells with `""` are unquoted here: never more bytes than the record, so the views
    // into it stay put.
    std::string& unquoted = UnquotedBuffer();
    unquoted.clear();
    unquoted.reserve(text.size());
    for (size_t start = 0;;) {
      if (facts.size() == header_.size()) return false;  // too many fields
      std::string_view cell;
      size_t end = 0;
      bool quoted = start < text.size() && text[start] == '"';
      if (quoted) {
        if (!QuotedCell(text, start, cell, end)) return false;
      } else {
        end = std::min(text.find(',', start), text.size());
        cell = text.substr(start, end - start);
      }
      size_t column = facts.size();
      std::string_view t = utf8::TrimBlanks(cell);
      PlainFact& f = facts.emplace_back();
      f.name = header_[column];
      f.text = cell;
      f.null = t.empty();
      f.list_fact = list_fact_[column];
      f.list = !t.empty() && (f.list_fact || (t.size() >= 2 && t.front() == '[' && t.back() == ']'));
      if (end == text.size()) break;
      start = end + 1;
    }
    return facts.size() == header_.size();
  }

  static std::string& UnquotedBuffer() {
    thread_local std::string buffer;
    return buffer;
  }

  // The quoted cell that opens at text[start]: its content (`""` made one quote, in the
  // thread's `unquoted` buffer) and where it ends, at a comma or the record's end. False
  // when it never closes, or text follows its closing quote (the long way says so, or
  // skips the blanks there).
  static bool QuotedCell(std::string_view text, size_t start, std::string_view& cell, size_t& end) {
    std::string& unquoted = UnquotedBuffer();
    size_t from = start + 1;
    bool escaped = false;
    size_t close = from;
    for (;;) {
      close = text.find('"', close);
      if (close == std::string_view::npos) return false;
      if (close + 1 < text.size() && text[close + 1] == '"') {
        escaped = true;
        close += 2;
        continue;
      }
      break;
    }
    end = close + 1;
    if (end < text.size() && text[end] != ',') return false;
    cell = text.substr(from, close - from);
    if (!escaped) return true;
    size_t at = unquoted.size();
    // Every quote inside is the first of a `""`: copied up to it, the second skipped.
    for (size_t i = 0; i < cell.size();) {
      size_t q = cell.find('"', i);
      if (q == std::string_view::npos) {
        unquoted.append(cell.substr(i));
        break;
      }
      unquoted.append(cell.substr(i, q + 1 - i));
      i = q + 2;
    }
    cell = std::string_view(unquoted).substr(at);
    return true;
  }
  const std::vector<std::string>& Columns() const override { return header_; }

  std::string RecordHeader() const override { return header_text_; }
  const LocalText& error() const override { return error_; }
  uint64_t position() const override { return in_.offset(); }
  uint64_t size() const override { return size_; }

 private:
  int Get() { return in_.Get(); }

  // The stream stops: `message` at `place` (the file, or a line and column in it).
  template <class... Args>
  void Stop(const std::string& place, Msg id, const Args&... args) {
    error_ = SayBoth(Msg::kFileAt, fmt::arg("place", place), fmt::arg("message", SayBoth(id, args...)));
  }
  int Peek() { return in_.Peek(); }

  // The common record, whole in the buffer on one line and within the limits, its quotes
  // (if any) closed before the line ends, no CR but the one of a CRLF: cut at once, as the
  // loop of ScanRecord would cut it, looking only at its line end and its quotes (memchr).
  // False (nothing consumed) otherwise.
  bool ScanWhole(RawRecord& raw) {
    std::string_view buffered = in_.Buffered();
    const char* p = buffered.data();
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', buffered.size()));
    if (!nl) return false;
    size_t len = static_cast<size_t>(nl - p);
    size_t body = len > 0 && p[len - 1] == '\r' ? len - 1 : len;  // the CR of a CRLF is not kept
    // A CR alone ends a record too (CR line ends): the loop of ScanRecord cuts there.
    if (std::memchr(p, '\r', body)) return false;
    // Content bytes and fields are at most the bytes and the commas + 1: within the limits,
    // a record is also within the cap on raw bytes that ScanRecord keeps.
    if (body > options_.max_row_bytes) return false;
    if (body + 1 > options_.max_fields &&
        static_cast<size_t>(std::count(p, p + body, ',')) + 1 > options_.max_fields)
      return false;
    if (!QuotesClosed(std::string_view(p, body))) return false;
    raw.text.assign(p, body);
    in_.Skip(len + 1);
    ++line_;
    return true;
  }

  // True when every quoted field of `line` closes within it. A quote opens a field only at
  // its start (the line's, or after a comma outside quotes); elsewhere it is text.
  static bool QuotesClosed(std::string_view line) {
    const char* begin = line.data();
    const char* end = begin + line.size();
    for (const char* q = begin; (q = static_cast<const char*>(std::memchr(q, '"', static_cast<size_t>(end - q))));) {
      if (q != begin && q[-1] != ',') {
        ++q;
        continue;
      }
      const char* c = q + 1;
      for (;;) {
        c = static_cast<const char*>(std::memchr(c, '"', static_cast<size_t>(end - c)));
        if (!c) return false;  // open at the line end: a line break inside quotes
        if (c + 1 < end && c[1] == '"') {
          c += 2;  // `""`: a quote inside
          continue;
        }
        break;
      }
      q = c + 1;
    }
    return true;
  }

  // Cuts the next record's bytes off the input: where it ends is decided by the same
  // quoting rules RecordParser applies, so both agree on every input. Stops keeping bytes
  // once the record is known to be refused (longer than the limit, too many fields), or
  // past a hard cap on raw bytes, so a file without line breaks cannot exhaust memory.
  bool ScanRecord(RawRecord& raw) {
    raw.text.clear();
    raw.truncated = false;
    if (Peek() < 0) return false;
    raw.line = line_;
    raw.offset = in_.offset();
    size_t content = 0, fields = 1;
    const size_t raw_cap = 2 * options_.max_row_bytes + 2 * options_.max_fields + 64;
    if (options_.plain_records_at_once && ScanWhole(raw)) return true;
    bool in_quotes = false, after_quote = false, at_start = true;
    auto keep = [&](int c, bool is_content) {
      if (raw.truncated) return;
      raw.text.push_back(static_cast<char>(c));
      if ((is_content && ++content > options_.max_row_bytes) || fields > options_.max_fields ||
          raw.text.size() > raw_cap)
        raw.truncated = true;
    };
    for (;;) {
      int c = Get();
      if (c < 0) return true;
      if (in_quotes) {
        if (c == '"') {
          if (Peek() == '"') {
            keep(c, false);
            keep(Get(), true);
          } else {
            in_quotes = false;
            after_quote = true;
            keep(c, false);
          }
        } else {
          if (c == '\n' || (c == '\r' && Peek() != '\n')) ++line_;
          keep(c, true);
        }
        continue;
      }
      if (c == ',') {
        ++fields;
        at_start = true;
        after_quote = false;
        keep(c, false);
        continue;
      }
      if (c == '\r' && Peek() == '\n') continue;  // the parser skips it too
      // A line ends with LF, CRLF, or CR alone (Excel for Mac's "CSV (Macintosh)").
      if (c == '\n' || c == '\r') {
        ++line_;
        return true;
      }
      if (c == '"' && at_start) {
        in_quotes = true;
        at_start = false;
        keep(c, false);
        continue;
      }
      if (after_quote) {
        keep(c, false);
        continue;
      }
      at_start = false;
      keep(c, true);
    }
  }

  void ReadHeader() {
    if (!in_.ok()) {
      Stop(name_, Msg::kFileUnreadable);
      return;
    }
    // A UTF-8 byte order mark, as spreadsheets write it, is not part of the first name.
    if (Peek() == 0xEF) {
      Get();
      if (Get() != 0xBB || Get() != 0xBF) {
        Stop(name_ + ":1:1", Msg::kCsvBrokenBom);
        return;
      }
    }
    RawRecord raw;
    if (!ScanRecord(raw)) {
      Stop(name_, Msg::kCsvEmpty);
      return;
    }
    std::vector<Field> fields;
    LocalText problem;
    RecordParser(options_, raw).Parse(fields, problem);
    if (!problem.Empty()) {
      Stop(name_ + ":1", Msg::kCsvHeaderBroken, fmt::arg("problem", problem));
      return;
    }
    header_text_ = raw.text;
    std::set<std::string> seen;
    for (size_t i = 0; i < fields.size(); ++i) {
      std::string name = input_detail::Trim(fields[i].text);
      std::string where = name_ + ":1:" + std::to_string(fields[i].loc.column);
      if (name.empty()) {
        Stop(where, Msg::kCsvHeaderNoName, fmt::arg("column", i + 1));
        return;
      }
      if (utf8::FindInvalid(name)) {
        Stop(where, Msg::kCsvHeaderNotUtf8, fmt::arg("column", i + 1));
        return;
      }
      if (!seen.insert(name).second) {
        Stop(where, Msg::kCsvHeaderTwice, fmt::arg("name", name));
        return;
      }
      header_.push_back(name);
      list_fact_.push_back(options_.list_facts.count(name) > 0);
    }
  }

  io_detail::BlockInput in_;
  std::string name_;
  uint64_t size_ = 0;
  ReaderOptions options_;
  std::vector<std::string> header_;
  std::string header_text_;      // the header row as written (without a BOM)
  std::vector<bool> list_fact_;  // per column: a fact declared as a list
  LocalText error_;
  uint64_t line_ = 1;
  uint64_t next_seq_ = 0;
};

}  // namespace

const std::vector<std::string>& ApplicantStream::Columns() const {
  static const std::vector<std::string> none;
  return none;
}

std::unique_ptr<ApplicantStream> OpenCsvFile(const std::string& path, const ReaderOptions& options) {
  return io_detail::OpenInput<CsvStream>(io_detail::InputFile(path), path, options);
}

std::unique_ptr<ApplicantStream> OpenCsvText(std::string text, const std::string& name, const ReaderOptions& options) {
  return io_detail::OpenInput<CsvStream>(io_detail::InputText(std::move(text)), name, options);
}

}  // namespace elig
