// SPDX-License-Identifier: Apache-2.0
#include "store/sqlite.hpp"

#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "common/catalog.hpp"

namespace elig::store {
namespace {

// True when the process has a file size limit that the database or its log has reached
// (within a few pages: the write that failed was past it).
bool AtFileSizeLimit(sqlite3* db) {
  struct rlimit lim {};
  if (getrlimit(RLIMIT_FSIZE, &lim) != 0 || lim.rlim_cur == RLIM_INFINITY) return false;
  const char* file = sqlite3_db_filename(db, "main");
  if (!file || !*file) return false;
  std::error_code ec;
  for (const std::string& p : {std::string(file), std::string(file) + "-wal", std::string(file) + "-journal"}) {
    auto size = std::filesystem::file_size(p, ec);
    if (!ec && size + 256 * 1024 >= lim.rlim_cur) return true;
  }
  return false;
}

// A write refused for the file size limit (`ulimit -f`: EFBIG, with SIGXFSZ ignored) or a
// full disk (ENOSPC) is "full", whatever SQLite's code says (it reports EFBIG as an I/O error).
void FullDisk(sqlite3* db, Status& st) {
  if (!db || (st.code != kIoErr && st.code != kFull)) return;
  int e = sqlite3_system_errno(db);
  if (e == EFBIG || AtFileSizeLimit(db)) {
    st.code = kFull;
    st.message = SayBoth(Msg::kStoreFileSizeLimit, fmt::arg("reason", st.message));
  } else if (e == ENOSPC && st.code != kFull) {
    st.code = kFull;
    st.message = SayBoth(Msg::kStoreDiskFull, fmt::arg("reason", st.message));
  }
}

// SQLite's own words: the same in both languages.
LocalText Reason(std::string reason) { return LocalText{"", std::move(reason)}; }

Status Make(int rc, const LocalText& what, sqlite3* db) {
  Status st;
  st.code = rc & 0xff;
  LocalText reason = Reason(db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  st.message = what.Empty() ? std::move(reason)
                            : SayBoth(Msg::kStoreReason, fmt::arg("what", what), fmt::arg("reason", reason));
  FullDisk(db, st);
  return st;
}

// `id` said of the database at `path`, with what went wrong (`st`'s message) as {reason}.
Status About(Status st, Msg id, const std::string& path) {
  st.message = SayBoth(id, fmt::arg("path", path), fmt::arg("reason", st.message));
  return st;
}

// A file in WAL mode (its header's read and write versions are 2).
bool IsWalFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char header[20] = {};
  if (!in.read(header, sizeof header)) return false;
  return header[18] == 2 && header[19] == 2;
}

bool CanWrite(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  return access(path.c_str(), W_OK) == 0 && access(dir.empty() ? "." : dir.c_str(), W_OK) == 0;
}

// `file:` URI for a plain path with `query`, as SQLite parses it (RFC 3986 escapes).
std::string FileUri(const std::string& path, const std::string& query) {
  std::string out = "file:";
  static const char* kHex = "0123456789ABCDEF";
  for (unsigned char c : path) {
    if (c == '%' || c == '?' || c == '#' || c < 0x20 || c == 0x7f) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "?" + query;
}

}  // namespace

std::unique_ptr<Db> Db::Open(const std::string& path, OpenMode mode, Status& st) {
  std::unique_ptr<Db> db(new Db());
  db->path_ = path;
  // URI names (`file:x.db?mode=ro`) are accepted, so a caller can ask SQLite itself for a read-only file.
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  bool plain = path.rfind("file:", 0) != 0;
  // A reader of a file in WAL mode whose log is not there (nobody has it open) creates the
  // -wal and -shm files. A read-only connection cannot remove them again: where the file can be
  // written, it is read through a read-write connection that writes nothing (query_only), and
  // is the one that removes them when it closes.
  std::error_code ec;
  bool quiet_writer = mode == OpenMode::kReadOnly && plain && IsWalFile(path) &&
                      !std::filesystem::exists(path + "-wal", ec) && !ec && CanWrite(path);
  switch (mode) {
    case OpenMode::kReadWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
    case OpenMode::kReadWrite: flags |= SQLITE_OPEN_READWRITE; break;
    case OpenMode::kReadOnly: flags |= quiet_writer ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY; break;
  }
  int rc = sqlite3_open_v2(path.c_str(), &db->db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    st = Make(rc, SayBoth(Msg::kStoreCannotOpen, fmt::arg("path", path)), db->db_);
    return nullptr;  // ~Db closes the half-open handle
  }
  sqlite3_extended_result_codes(db->db_, 0);
  // Another process may be writing (a second batch, `elig audit`): wait rather than fail.
  sqlite3_busy_timeout(db->db_, 10'000);
  if (mode != OpenMode::kReadOnly) {
    // WAL: readers never block the writer, and a commit is one append to the log.
    // synchronous=NORMAL in WAL survives a crash of the process (kill -9) without
    // losing a commit; only a power cut can lose the last transactions, never corrupt.
    // A new file gets 16 KiB pages (the page size holds once the file is in WAL mode; an
    // existing file keeps its own). An applicant's stored record is one to two kilobytes:
    // a 4 KiB page holds two and leaves a third of itself empty, a 16 KiB page wastes a few
    // percent, so a results file is about a sixth smaller. The audit log's rows, some
    // kilobytes each, spill into fewer overflow pages too.
    if (mode == OpenMode::kReadWriteCreate && !(st = db->Exec("PRAGMA page_size=16384;")).ok()) {
      st = About(std::move(st), Msg::kStoreCannotUse, path);
      return nullptr;
    }
    st = db->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
    if (!st.ok()) {
      st = About(std::move(st), Msg::kStoreCannotUse, path);
      return nullptr;
    }
  } else {
    if (quiet_writer && !(st = db->Exec("PRAGMA query_only=ON;")).ok()) {
      st = About(std::move(st), Msg::kStoreCannotReadDb, path);
      return nullptr;
    }
    // Any query proves the file is a database.
    st = db->Exec("SELECT count(*) FROM sqlite_master;");
    if (st.code == kCantOpen && plain && IsWalFile(path) && !std::filesystem::is_regular_file(path + "-wal", ec)) {
      // A file in WAL mode on read-only media, without its -wal and -shm: SQLite cannot make
      // them, yet without a -wal file the database file is the whole database. Read it as
      // immutable (no locks, no side files).
      sqlite3_close_v2(db->db_);
      db->db_ = nullptr;
      rc = sqlite3_open_v2(FileUri(path, "immutable=1").c_str(), &db->db_,
                           SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI | SQLITE_OPEN_READONLY, nullptr);
      if (rc != SQLITE_OK) {
        st = Make(rc, SayBoth(Msg::kStoreCannotOpen, fmt::arg("path", path)), db->db_);
        return nullptr;
      }
      sqlite3_extended_result_codes(db->db_, 0);
      st = db->Exec("SELECT count(*) FROM sqlite_master;");
    }
    if (st.code == kReadOnly) {
      // A process stopped half-way through writing it (a rollback journal or a log to
      // recover): only a connection that may write can put it right.
      st = About(std::move(st), Msg::kStoreNeedsRecovery, path);
      return nullptr;
    }
    if (!st.ok()) {
      st = About(std::move(st), Msg::kStoreCannotReadDb, path);
      return nullptr;
    }
  }
  st = Status::Ok();
  return db;
}

Db::~Db() {
  if (db_) sqlite3_close_v2(db_);
}

Status Db::Fail(const LocalText& what) const { return Make(sqlite3_errcode(db_), what, db_); }

Status Db::Exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return Status::Ok();
  Status st;
  st.code = rc & 0xff;
  st.message = Reason(err ? err : sqlite3_errstr(rc));
  sqlite3_free(err);
  FullDisk(db_, st);
  return st;
}

Status Db::QuickCheck() {
  Status st;
  std::vector<std::string> problems;
  {
    Stmt s(*this, "PRAGMA quick_check(5)", st);
    if (!st.ok()) return st;
    while (s.Step(st)) {
      std::string row = s.Text(0);
      if (row != "ok") problems.push_back(row);
    }
  }
  if (st.code == kCorrupt || st.code == kNotADb) {
    problems.push_back(st.message.en);
  } else if (!st.ok()) {
    return st;
  }
  if (problems.empty()) return Status::Ok();
  st.code = kCorrupt;
  std::string said;  // SQLite's words
  for (size_t i = 0; i < problems.size(); ++i) said += (i ? "; " : "") + problems[i];
  st.message = SayBoth(Msg::kStoreDamaged, fmt::arg("path", path_), fmt::arg("problems", said));
  return st;
}

Status Db::Begin() { return Exec("BEGIN IMMEDIATE"); }

Status Db::Commit() {
  Status st = Exec("COMMIT");
  if (!st.ok()) Rollback();
  return st;
}

void Db::Rollback() {
  if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

bool Db::InTransaction() const { return !sqlite3_get_autocommit(db_); }
int64_t Db::LastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }
int64_t Db::Changes() const { return sqlite3_changes64(db_); }

std::optional<int64_t> Db::UserVersion(Status& st) {
  Stmt s(*this, "PRAGMA user_version", st);
  if (!st.ok()) return std::nullopt;
  if (!s.Step(st)) return std::nullopt;
  return s.Int(0);
}

Status Db::SetUserVersion(int64_t v) { return Exec("PRAGMA user_version=" + std::to_string(v)); }

Status Db::SetMaxPageCount(int64_t pages) { return Exec("PRAGMA max_page_count=" + std::to_string(pages)); }

Stmt::Stmt(Db& db, std::string_view sql, Status& st) : db_(db) {
  int rc = sqlite3_prepare_v2(db.db_, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  if (rc != SQLITE_OK) {
    st = Make(rc, SayBoth(Msg::kStoreCannotPrepare), db.db_);
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
  } else {
    st = Status::Ok();
  }
}

Stmt::~Stmt() { sqlite3_finalize(stmt_); }

void Stmt::KeepBindings() {
  keep_ = true;
  held_.assign(static_cast<size_t>(sqlite3_bind_parameter_count(stmt_)) + 1, Held{});
}

void Stmt::Forget(int i, int rc) {
  if (rc != SQLITE_OK && keep_ && i > 0 && static_cast<size_t>(i) < held_.size()) held_[static_cast<size_t>(i)] = Held{};
}

void Stmt::BindInt(int i, int64_t v) { Forget(i, sqlite3_bind_int64(stmt_, i, v)); }

Stmt& Stmt::Bind(int i, std::string_view text) {
  Forget(i, SQLITE_ERROR);  // a copy: not tracked
  sqlite3_bind_text64(stmt_, i, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

void Stmt::BindText(int i, std::string_view text) {
  Forget(i, sqlite3_bind_text64(stmt_, i, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8));
}

void Stmt::BindBlob(int i, std::string_view bytes) {
  Forget(i, sqlite3_bind_blob64(stmt_, i, bytes.data(), bytes.size(), SQLITE_STATIC));
}

void Stmt::BindNullNow(int i) { Forget(i, sqlite3_bind_null(stmt_, i)); }

Stmt& Stmt::Bind(int i, const std::optional<std::string>& text) { return text ? Bind(i, *text) : BindNull(i); }

bool Stmt::Step(Status& st) {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) {
    st = Status::Ok();
    return true;
  }
  if (rc == SQLITE_DONE) {
    st = Status::Ok();
    return false;
  }
  st = Make(rc, {}, db_.db_);
  return false;
}

Status Stmt::Run() {
  Status st;
  while (Step(st)) {
  }
  Reset();
  return st;
}

void Stmt::Reset() {
  sqlite3_reset(stmt_);
  if (!keep_) sqlite3_clear_bindings(stmt_);
}

bool Stmt::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
bool Stmt::IsInteger(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_INTEGER; }
int64_t Stmt::Int(int col) const { return sqlite3_column_int64(stmt_, col); }

std::string Stmt::Text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(n)) : std::string();
}

int Stmt::Columns() const { return sqlite3_column_count(stmt_); }

std::string Stmt::ColumnName(int col) const {
  const char* n = sqlite3_column_name(stmt_, col);
  return n ? n : "";
}

std::optional<std::string> Stmt::AsText(int col) const {
  switch (sqlite3_column_type(stmt_, col)) {
    case SQLITE_NULL: return std::nullopt;
    case SQLITE_INTEGER: return std::to_string(sqlite3_column_int64(stmt_, col));
    case SQLITE_FLOAT: {
      // A REAL cell: the shortest text that reads back as the same double. Money should be
      // stored as INTEGER or TEXT; a REAL 0.1 is not one tenth, and the reader says so.
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", sqlite3_column_double(stmt_, col));
      for (int prec = 1; prec <= 17; ++prec) {
        char shorter[64];
        std::snprintf(shorter, sizeof shorter, "%.*g", prec, sqlite3_column_double(stmt_, col));
        if (std::strtod(shorter, nullptr) == sqlite3_column_double(stmt_, col)) return std::string(shorter);
      }
      return std::string(buf);
    }
    default: return Text(col);
  }
}

std::string QuoteIdent(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

const char* SqliteVersion() { return sqlite3_libversion(); }

}  // namespace elig::store
