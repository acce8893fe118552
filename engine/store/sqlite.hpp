// SPDX-License-Identifier: Apache-2.0
// A small RAII wrapper over SQLite. This directory is the only place that
// includes sqlite3.h (DESIGN §7); everything else talks to these classes.
// Failures are a Status (SQLite's primary result code and its message, said in both
// languages from the catalog with SQLite's own reason as an argument), never exceptions.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/types.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace elig::store {

// SQLite primary result codes the callers tell apart.
enum Code : int {
  kOk = 0,
  kError = 1,
  kBusy = 5,
  kReadOnly = 8,
  kIoErr = 10,
  kCorrupt = 11,
  kFull = 13,
  kCantOpen = 14,
  kConstraint = 19,
  kNotADb = 26,
};

struct Status {
  int code = kOk;     // primary result code
  LocalText message;  // for people: what failed and SQLite's reason
  bool ok() const { return code == kOk; }
  static Status Ok() { return {}; }
  static Status Error(int code, LocalText message) { return {code, std::move(message)}; }
};

enum class OpenMode : uint8_t { kReadWriteCreate, kReadWrite, kReadOnly };

class Db {
 public:
  // Opens (or creates) a database with a busy timeout, foreign keys on, and,
  // unless read-only, WAL journaling with synchronous=NORMAL (a commit survives a
  // process crash; see docs/storage.md).
  static std::unique_ptr<Db> Open(const std::string& path, OpenMode mode, Status& st);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  const std::string& path() const { return path_; }
  Status Exec(const std::string& sql);
  // BEGIN IMMEDIATE: takes the write lock now, so reads inside see the last commit.
  Status Begin();
  Status Commit();
  void Rollback();  // harmless when no transaction is open
  bool InTransaction() const;
  int64_t LastInsertRowid() const;
  int64_t Changes() const;
  std::optional<int64_t> UserVersion(Status& st);
  Status SetUserVersion(int64_t v);
  // Limits the file to `pages` pages (tests simulate a full disk with it).
  Status SetMaxPageCount(int64_t pages);
  Status Fail(const LocalText& what) const;  // a Status from the connection's last error
  // PRAGMA quick_check: kCorrupt, naming the first problems and what to do, when the file is
  // damaged (pages, b-trees, records; not the contents of indexes). Linear in the file's size.
  Status QuickCheck();

 private:
  friend class Stmt;
  Db() = default;
  sqlite3* db_ = nullptr;
  std::string path_;
};

class Stmt {
 public:
  Stmt(Db& db, std::string_view sql, Status& st);
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  bool ok() const { return stmt_ != nullptr; }

  // From now on Run and Reset keep the bindings, and a bind that would set what its
  // parameter already holds is skipped: the same integer, NULL, or the same uncopied
  // bytes (the same pointer and length — SQLite reads them when the statement runs, so
  // what they hold then is what is bound). For inserts run many times whose parameters
  // mostly repeat (`elig batch`: the run, the program, empty columns): a bind costs about
  // as much as a tenth of the insert.
  void KeepBindings();

  // Parameters are 1-based, as in SQLite.
  Stmt& Bind(int i, int64_t v) {
    if (!Holds(i, {Held::kInt, v, nullptr})) BindInt(i, v);
    return *this;
  }
  Stmt& Bind(int i, std::string_view text);
  Stmt& Bind(int i, const char* text) { return Bind(i, std::string_view(text)); }
  Stmt& Bind(int i, const std::string& text) { return Bind(i, std::string_view(text)); }
  Stmt& BindNull(int i) {
    if (!Holds(i, {Held::kNull, 0, nullptr})) BindNullNow(i);
    return *this;
  }
  Stmt& Bind(int i, const std::optional<std::string>& text);
  // Without a copy: `text` must stay alive and unchanged until the statement is run.
  Stmt& BindUncopied(int i, std::string_view text) {
    if (!Holds(i, {Held::kText, static_cast<int64_t>(text.size()), text.data()})) BindText(i, text);
    return *this;
  }
  Stmt& BindUncopied(int i, const std::string& text) { return BindUncopied(i, std::string_view(text)); }
  Stmt& BindUncopied(int i, const char* text) { return BindUncopied(i, std::string_view(text)); }
  Stmt& BindUncopied(int i, const std::optional<std::string>& text) { return text ? BindUncopied(i, *text) : BindNull(i); }
  // Bytes as a BLOB, without a copy (as BindUncopied).
  Stmt& BindBlobUncopied(int i, std::string_view bytes) {
    if (!Holds(i, {Held::kBlob, static_cast<int64_t>(bytes.size()), bytes.data()})) BindBlob(i, bytes);
    return *this;
  }

  // true: a row is ready; false: done or failed (then `st` is set).
  bool Step(Status& st);
  // Runs to the end and resets for the next use.
  Status Run();
  void Reset();

  // Columns are 0-based.
  bool IsNull(int col) const;
  bool IsInteger(int col) const;
  int64_t Int(int col) const;
  std::string Text(int col) const;
  int Columns() const;
  std::string ColumnName(int col) const;
  // The value as text whatever its storage class (an INTEGER as digits, a REAL with
  // enough digits to round-trip, NULL as nullopt).
  std::optional<std::string> AsText(int col) const;

 private:
  // What a parameter holds, under KeepBindings (kNone: not known).
  struct Held {
    enum Kind : uint8_t { kNone, kInt, kNull, kText, kBlob } kind = kNone;
    int64_t v = 0;            // kInt: the value; kText, kBlob: the length
    const void* p = nullptr;  // kText, kBlob: the bytes
  };
  // True when parameter `i` already holds `h`; otherwise records that it will. Inline:
  // `elig batch` binds about twenty parameters an applicant.
  bool Holds(int i, Held h) {
    if (!keep_ || i <= 0 || static_cast<size_t>(i) >= held_.size()) return false;
    Held& was = held_[static_cast<size_t>(i)];
    if (was.kind != Held::kNone && was.kind == h.kind && was.v == h.v && was.p == h.p) return true;
    was = h;
    return false;
  }
  // After a bind that returned `rc`: a failed one leaves the parameter unknown.
  void Forget(int i, int rc);
  // The binds themselves (uncopied texts and blobs).
  void BindInt(int i, int64_t v);
  void BindNullNow(int i);
  void BindText(int i, std::string_view text);
  void BindBlob(int i, std::string_view bytes);

  Db& db_;
  sqlite3_stmt* stmt_ = nullptr;
  bool keep_ = false;
  std::vector<Held> held_;  // by parameter number (1-based)
};

// `"name"` with inner quotes doubled: a safe SQL identifier.
std::string QuoteIdent(std::string_view name);

// The SQLite library version, for reports.
const char* SqliteVersion();

}  // namespace elig::store
