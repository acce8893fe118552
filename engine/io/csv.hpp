// SPDX-License-Identifier: Apache-2.0
// Streaming applicant input for `elig batch`: the row interface every reader
// shares (CSV here, JSON Lines in jsonl.hpp, SQLite tables in store/), and the
// CSV reader.
//
// A reader never stops on a bad row: a row it cannot read at all (a broken JSON
// line, a CSV row with the wrong number of fields) comes back with `readable`
// false and the reason, located at its line; a bad field comes back as an issue
// beside the rest of the applicant. Only an unreadable file, or a header that
// cannot work (an empty or repeated column name), stops the stream (`error()`).
#pragma once

#include <cstdint>
#include <istream>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "eval/input.hpp"

namespace elig {

// One applicant as read, or why it could not be read.
struct InputRow {
  uint64_t seq = 0;    // 0-based position among the rows of the input: the resume key
  uint64_t line = 0;   // 1-based line where the row starts (an SQLite table: the rowid)
  bool readable = true;
  Applicant applicant;
  // readable: problems with single fields (the fact is left out, so it counts as unknown);
  // unreadable: why the whole row was refused.
  std::vector<InputIssue> issues;
};

// The bytes of one row, split off the input in order, not yet parsed.
struct RawRecord {
  uint64_t seq = 0;     // as InputRow::seq
  uint64_t line = 0;    // 1-based line where the row starts
  uint64_t offset = 0;  // byte offset where it starts
  std::string text;     // the row without its line end (CSV: quoted line breaks inside)
  bool truncated = false;  // longer than the reader keeps (see ReaderOptions::max_row_bytes)
};

// One value of a record read the short way (ApplicantStream::PlainFacts).
struct PlainFact {
  std::string_view name;  // the column or key
  std::string_view text;  // the value's text, as ParseRecord reads it (a CSV cell: unquoted)
  bool null = false;      // no value (a blank CSV cell, a JSON null): the fact is unknown
  // CSV: a cell that holds a list (`[a, b]`, a list of records as JSON, or any value in the
  // column of a list fact): its value is what input_detail::CellValue makes of `text` with
  // `list_fact` (quoted or not, a list is the same).
  bool list = false;
  bool list_fact = false;  // the column is a list fact's (ReaderOptions::list_facts)
};

class ApplicantStream {
 public:
  virtual ~ApplicantStream() = default;
  // The next row; false at the end of the input, or on a fatal error (then error() says why).
  virtual bool Next(InputRow& row) = 0;
  // Split reading, for parsing rows on several threads: NextRecord cuts the next row's
  // bytes off the input (cheap, in order); ParseRecord makes the row from them, on any
  // thread, any number at once. The same rows as Next, which is the two in sequence.
  // Readers that cannot split say so (the SQLite table reader).
  virtual bool SplitsRecords() const { return false; }
  virtual bool NextRecord(RawRecord&) { return false; }
  virtual void ParseRecord(const RawRecord&, InputRow&) const {}
  // The short way through the commonest record, for `elig batch`: when every value of a
  // record is one scalar, nothing, or (CSV) a list in one cell — CSV: well quoted (a quote
  // opens a field and closes it, before a comma or the end), within the limits, one field
  // per column, no CR; JSON Lines: valid, no list or object, no key twice — `facts` gets
  // them in order and the result is true. ParseRecord would make each a scalar RawValue
  // with that text (or no value where `null`; a CSV list what CellValue makes of it; `id`
  // and `as_of` the special ones). Views into the record or the reader's buffers, valid
  // until the next call on this thread.
  // A reader with fixed columns (CSV) gives one per column, in the order of Columns().
  // False for any other record, which needs ParseRecord; the SQLite table reader always
  // says false.
  virtual bool PlainFacts(const RawRecord&, std::vector<PlainFact>&) const { return false; }
  virtual const std::vector<std::string>& Columns() const;
  // What a record needs besides its own bytes to be read again (`elig batch` stores the
  // records, and this with its run): the CSV header row as written; empty for JSON Lines.
  virtual std::string RecordHeader() const { return {}; }
  // Empty at the normal end of the input; said in both languages, with the file (and the
  // line and column) it is about.
  virtual const LocalText& error() const = 0;
  // Progress, for a progress bar: units (bytes of a file, rows of a table) consumed so far,
  // and the total (0 when unknown).
  virtual uint64_t position() const = 0;
  virtual uint64_t size() const = 0;
};

// A reader that splits its input (CSV, JSON Lines): Next is NextRecord, then ParseRecord.
class SplitStream : public ApplicantStream {
 public:
  bool Next(InputRow& row) final {
    RawRecord raw;
    if (!NextRecord(raw)) return false;
    ParseRecord(raw, row);
    return true;
  }
  bool SplitsRecords() const final { return true; }

 protected:
  // A fresh row for `raw`: its place, its source, and the id `line N` until an id says otherwise.
  static void StartRow(const RawRecord& raw, const std::string& source, InputRow& row) {
    row = InputRow{};
    row.seq = raw.seq;
    row.line = raw.line;
    row.applicant.id = "line " + std::to_string(raw.line);
    row.applicant.source = source;
  }
};

struct ReaderOptions {
  // Facts declared as lists: a CSV cell `a;b` is read as the list [a, b] (`[a, b]` always is).
  std::set<std::string> list_facts;
  // One row (CSV record or JSON line): real applicants are a few hundred bytes; a longer
  // row is refused so that a file without line breaks cannot exhaust memory. (CSV: the
  // bytes of its fields; a record of more than 2 × this + 2 × max_fields bytes as written
  // in the file — quotes, separators, spaces after a closing quote — is refused too.)
  size_t max_row_bytes = 1024 * 1024;
  // Columns (CSV) or keys (JSON) of one row: a real program asks tens of facts.
  size_t max_fields = 10'000;
  // CSV: a record without quotes is cut and split at once instead of byte by byte. The
  // same rows either way; tests turn it off to hold the two to that.
  bool plain_records_at_once = true;
};

// CSV with a header row of fact names (RFC 4180: `"` quotes, `""` inside quotes,
// CRLF, LF or CR line ends, a UTF-8 BOM is ignored). Special columns: `id` (the applicant's id;
// default `line N`) and `as_of` (the date to judge on). An empty cell (`""` too) is an
// unknown fact.
std::unique_ptr<ApplicantStream> OpenCsvFile(const std::string& path, const ReaderOptions& options = {});
// The same over text in memory (`name` is used in locations), for tests and fuzzing.
std::unique_ptr<ApplicantStream> OpenCsvText(std::string text, const std::string& name, const ReaderOptions& options = {});

namespace input_detail {
// Builds a fact value from the text of one field: `[a, b]` is a list; for a fact in
// `list_facts`, `a;b` too. Shared by the CSV and SQLite readers.
RawValue CellValue(std::string text, bool quoted, bool is_list_fact, const SourceLoc& loc);
// Sets `id` / `as_of` from a special column; false on a bad as_of, which refuses the row.
bool SpecialColumn(const std::string& name, const std::string& text, const SourceLoc& loc, InputRow& row);
}  // namespace input_detail

}  // namespace elig
