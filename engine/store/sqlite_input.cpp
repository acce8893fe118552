// SPDX-License-Identifier: Apache-2.0
#include "store/sqlite_input.hpp"

#include <set>

#include "common/catalog.hpp"
#include "common/utf8.hpp"
#include "store/sqlite.hpp"

namespace elig::store {
namespace {

class TableStream : public ApplicantStream {
 public:
  TableStream(const std::string& path, const std::string& table, ReaderOptions options)
      : path_(path), table_(table), options_(std::move(options)) {
    Status st;
    db_ = Db::Open(path, OpenMode::kReadOnly, st);
    if (!db_) {
      error_ = st.message;
      return;
    }
    bool is_view = false;
    {
      Stmt exists(*db_, "SELECT type FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", st);
      if (st.ok()) {
        exists.Bind(1, table);
        if (exists.Step(st)) {
          is_view = exists.Text(0) == "view";
        } else if (st.ok()) {
          error_ = SayBoth(Msg::kStoreNoTable, fmt::arg("path", path), fmt::arg("table", utf8::Printable(table)));
          return;
        }
      }
      if (!st.ok()) {
        error_ = SayBoth(Msg::kStoreCannotReadFile, fmt::arg("path", path), fmt::arg("reason", st.message));
        return;
      }
    }
    {
      Stmt count(*db_, "SELECT count(*) FROM " + QuoteIdent(table), st);
      if (st.ok() && count.Step(st)) size_ = static_cast<uint64_t>(count.Int(0));
    }
    // A view (whose rowid reads as NULL) or a WITHOUT ROWID table has no rowid: read it in its
    // own order then, its rows numbered from 1.
    if (!is_view)
      stmt_ = std::make_unique<Stmt>(*db_, "SELECT rowid AS \"elig rowid\", * FROM " + QuoteIdent(table) + " ORDER BY rowid", st);
    has_rowid_ = !is_view && st.ok();
    if (!has_rowid_) stmt_ = std::make_unique<Stmt>(*db_, "SELECT * FROM " + QuoteIdent(table), st);
    if (!st.ok()) {
      error_ = CannotReadTable(st);
      return;
    }
    std::set<std::string> seen;
    for (int c = has_rowid_ ? 1 : 0; c < stmt_->Columns(); ++c) {
      std::string name = stmt_->ColumnName(c);
      if (!seen.insert(name).second) {
        error_ = SayBoth(Msg::kStoreColumnTwice, fmt::arg("table", utf8::Printable(table)),
                         fmt::arg("column", utf8::Printable(name)));
        return;
      }
      columns_.emplace_back(c, name);
    }
  }

  bool Next(InputRow& row) override {
    if (!error_.Empty() || !stmt_ || done_) return false;
    Status st;
    if (!stmt_->Step(st)) {
      done_ = true;  // stepping again would start the query over
      if (!st.ok()) error_ = CannotReadTable(st);
      return false;
    }
    row = InputRow{};
    row.seq = next_seq_++;
    row.line = has_rowid_ ? static_cast<uint64_t>(stmt_->Int(0)) : row.seq + 1;
    row.applicant.id = "row " + std::to_string(row.line);
    row.applicant.source = path_;
    for (const auto& [col, name] : columns_) {
      SourceLoc loc;
      loc.file = path_ + ":" + table_;
      loc.line = static_cast<uint32_t>(std::min<uint64_t>(row.line, UINT32_MAX));
      loc.column = static_cast<uint32_t>(col + (has_rowid_ ? 0 : 1));
      std::optional<std::string> text = stmt_->AsText(col);
      if (name == "id" || name == "as_of") {
        if (text) input_detail::SpecialColumn(name, *text, loc, row);
        continue;
      }
      RawFact fact;
      fact.name = name;
      fact.loc = loc;
      if (text) fact.value = input_detail::CellValue(*text, !stmt_->IsInteger(col), options_.list_facts.count(name) > 0, loc);
      fact.value.loc = loc;
      row.applicant.facts.push_back(std::move(fact));
    }
    ++position_;
    return true;
  }

  const LocalText& error() const override { return error_; }
  uint64_t position() const override { return position_; }
  uint64_t size() const override { return size_; }

 private:
  LocalText CannotReadTable(const Status& st) const {
    return SayBoth(Msg::kStoreCannotReadTable, fmt::arg("table", utf8::Printable(table_)), fmt::arg("reason", st.message));
  }
  std::string path_, table_;
  ReaderOptions options_;
  std::unique_ptr<Db> db_;
  std::unique_ptr<Stmt> stmt_;
  bool has_rowid_ = true;
  bool done_ = false;
  std::vector<std::pair<int, std::string>> columns_;
  LocalText error_;
  uint64_t size_ = 0, position_ = 0, next_seq_ = 0;
};

}  // namespace

std::unique_ptr<ApplicantStream> OpenSqliteTable(const std::string& path, const std::string& table,
                                                 const ReaderOptions& options) {
  return std::make_unique<TableStream>(path, table, options);
}

}  // namespace elig::store
