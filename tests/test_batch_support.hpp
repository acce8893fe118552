// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the batch, store, audit and rank tests: temporary
// directories, running the built `elig`, reading tables back, and a seeded
// applicant generator for the rule set under tests/data/batch/rules.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "store/batch.hpp"
#include "store/sqlite.hpp"

extern char** environ;

namespace elig::batch_test {

namespace fs = std::filesystem;

inline std::string BatchRules() { return std::string(ELIG_SOURCE_DIR) + "/tests/data/batch/rules"; }

// A batch of `input` into `out` on two threads, committed `chunk_rows` rows at a time.
inline store::BatchOptions TestBatchOptions(const std::string& input, const std::string& out, size_t chunk_rows) {
  store::BatchOptions o;
  o.input = input;
  o.out = out;
  o.threads = 2;
  o.chunk_rows = chunk_rows;
  return o;
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "elig-batch-XXXXXX").string();
    char* p = mkdtemp(tmpl.data());
    path_ = p ? p : tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
}

// Removes an SQLite file with its -wal and -shm beside it.
inline void RemoveDb(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix, ec);
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

struct Spawned {
  pid_t pid = -1;
};

// The kill points (ELIG_TEST_CRASH) exist only in the test build of `elig`.
inline std::string EligFor(const std::vector<std::string>& extra_env) {
  for (const auto& e : extra_env)
    if (e.rfind("ELIG_TEST_CRASH=", 0) == 0) return ELIG_TEST_BINARY;
  return ELIG_BINARY;
}

// Starts the built `elig` (or `binary`) with `args`; stdout and stderr go to the given files.
inline Spawned SpawnElig(const std::vector<std::string>& args, const std::string& out_file, const std::string& err_file,
                         const std::vector<std::string>& extra_env = {}, const std::string& binary = "") {
  std::vector<std::string> argv_s = {binary.empty() ? EligFor(extra_env) : binary};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_s;
  for (char** e = environ; *e; ++e) env_s.emplace_back(*e);
  env_s.insert(env_s.end(), extra_env.begin(), extra_env.end());
  env_s.emplace_back("NO_COLOR=1");
  std::vector<char*> envp;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  Spawned s;
  if (posix_spawn(&s.pid, argv[0], &actions, nullptr, argv.data(), envp.data()) != 0) s.pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  return s;
}

struct RunResult {
  int exit = -1;       // exit code, or -signal when killed
  std::string out, err;
};

inline int WaitExit(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return -1000;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return -WTERMSIG(status);
  return -1000;
}

inline RunResult RunElig(const std::vector<std::string>& args, const std::vector<std::string>& extra_env = {},
                         const std::string& binary = "") {
  static int counter = 0;
  std::string base = (fs::temp_directory_path() / ("elig-run-" + std::to_string(getpid()) + "-" + std::to_string(++counter))).string();
  Spawned s = SpawnElig(args, base + ".out", base + ".err", extra_env, binary);
  RunResult r;
  if (s.pid > 0) r.exit = WaitExit(s.pid);
  r.out = ReadFile(base + ".out");
  r.err = ReadFile(base + ".err");
  std::error_code ec;
  fs::remove(base + ".out", ec);
  fs::remove(base + ".err", ec);
  return r;
}

// Every row of a query, each as its columns joined by `|` (NULL as `∅`).
inline std::vector<std::string> Rows(const std::string& db_path, const std::string& sql) {
  store::Status st;
  auto db = store::Db::Open(db_path, store::OpenMode::kReadOnly, st);
  std::vector<std::string> out;
  if (!db) {
    out.push_back("cannot open: " + st.message.en);
    return out;
  }
  store::Stmt s(*db, sql, st);
  if (!st.ok()) {
    out.push_back("cannot prepare: " + st.message.en);
    return out;
  }
  while (s.Step(st)) {
    std::string row;
    for (int c = 0; c < s.Columns(); ++c) {
      if (c) row += "|";
      auto t = s.AsText(c);
      row += t ? *t : "∅";
    }
    out.push_back(std::move(row));
  }
  if (!st.ok()) out.push_back("error: " + st.message.en);
  return out;
}

inline std::string One(const std::string& db_path, const std::string& sql) {
  auto r = Rows(db_path, sql);
  return r.empty() ? "" : r.front();
}

// The decisions of a run as comparable text (no run ids, no times).
inline std::vector<std::string> ResultRows(const std::string& db_path) {
  return Rows(db_path,
              "SELECT seq, program, applicant_id, version, as_of, outcome, score, award, final_award, combine, missing, errors, "
              "explanation FROM results ORDER BY seq, program");
}

// Applicants for tests/data/batch/rules, seeded: the same seed gives the same rows.
struct GenApplicant {
  std::string id, as_of, prefecture, city, employees, fair_costs, other_grants, first_time, application_date, tags;
};

inline std::vector<GenApplicant> Generate(int n, unsigned seed, double bad_rate = 0.0) {
  std::mt19937 rng(seed);
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  std::vector<GenApplicant> out;
  for (int i = 0; i < n; ++i) {
    GenApplicant a;
    a.id = "T" + std::to_string(100000 + i);
    a.as_of = chance(0.9) ? "2026-0" + std::to_string(4 + rng() % 6) + "-1" + std::to_string(rng() % 10) : "2027-04-02";
    a.prefecture = pick({"群馬県", "群馬県", "群馬県", "栃木県", ""});
    a.city = pick({"前橋市", "前橋市", "高崎市", ""});
    a.employees = chance(bad_rate) ? "twelve" : pick({"3", "20", "21", "300", "301", ""});
    a.fair_costs = std::to_string((rng() % 3000) * 1000 + rng() % 3);
    a.other_grants = pick({"0", "0", "50000", ""});
    a.first_time = pick({"yes", "no", "はい", "いいえ", ""});
    a.application_date = chance(bad_rate) ? "2026-02-30" : "2026-05-" + std::to_string(10 + rng() % 3);
    a.tags = pick({"[export]", "[]", "[export, online]", "[online]", ""});
    out.push_back(a);
  }
  return out;
}

inline std::string ToCsv(const std::vector<GenApplicant>& v) {
  std::string s = "id,as_of,prefecture,city,employees,fair_costs,other_grants,first_time,application_date,tags\n";
  for (const auto& a : v)
    s += a.id + "," + a.as_of + "," + a.prefecture + "," + a.city + "," + a.employees + "," + a.fair_costs + "," +
         a.other_grants + "," + a.first_time + "," + a.application_date + ",\"" + a.tags + "\"\n";
  return s;
}

inline std::string JsonText(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

inline std::string ToJsonl(const std::vector<GenApplicant>& v) {
  std::string s;
  auto field = [](const std::string& name, const std::string& value, bool number) {
    if (value.empty()) return "\"" + name + "\": null";
    return "\"" + name + "\": " + (number ? value : JsonText(value));
  };
  for (const auto& a : v) {
    std::string tags = "null";
    if (!a.tags.empty()) {
      tags = "[";
      std::string inner = a.tags.substr(1, a.tags.size() - 2);
      std::stringstream ss(inner);
      std::string item;
      bool first = true;
      while (std::getline(ss, item, ',')) {
        while (!item.empty() && item.front() == ' ') item.erase(0, 1);
        if (item.empty()) continue;
        tags += (first ? "" : ", ") + JsonText(item);
        first = false;
      }
      tags += "]";
    }
    bool emp_number = !a.employees.empty() && a.employees != "twelve";
    s += "{" + field("id", a.id, false) + ", " + field("as_of", a.as_of, false) + ", " + field("prefecture", a.prefecture, false) +
         ", " + field("city", a.city, false) + ", " + field("employees", a.employees, emp_number) + ", " +
         field("fair_costs", a.fair_costs, true) + ", " + field("other_grants", a.other_grants, true) + ", " +
         field("first_time", a.first_time, false) + ", " + field("application_date", a.application_date, false) +
         ", \"tags\": " + tags + "}\n";
  }
  return s;
}

// The same applicants as an SQLite table (amounts as INTEGER, the rest as TEXT, unknown as NULL).
inline store::Status ToSqlite(const std::vector<GenApplicant>& v, const std::string& path, const std::string& table) {
  store::Status st;
  auto db = store::Db::Open(path, store::OpenMode::kReadWriteCreate, st);
  if (!db) return st;
  if (!(st = db->Exec("CREATE TABLE " + store::QuoteIdent(table) +
                      "(id TEXT, as_of TEXT, prefecture TEXT, city TEXT, employees, fair_costs INTEGER, other_grants INTEGER, "
                      "first_time TEXT, application_date TEXT, tags TEXT)"))
           .ok())
    return st;
  if (!(st = db->Begin()).ok()) return st;
  store::Stmt ins(*db, "INSERT INTO " + store::QuoteIdent(table) + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", st);
  if (!st.ok()) return st;
  for (const auto& a : v) {
    auto text = [&](int i, const std::string& s) {
      if (s.empty()) ins.BindNull(i);
      else ins.Bind(i, s);
    };
    text(1, a.id);
    text(2, a.as_of);
    text(3, a.prefecture);
    text(4, a.city);
    if (a.employees.empty()) ins.BindNull(5);
    else if (a.employees == "twelve") ins.Bind(5, a.employees);
    else ins.Bind(5, static_cast<int64_t>(std::stoll(a.employees)));
    ins.Bind(6, static_cast<int64_t>(std::stoll(a.fair_costs)));
    if (a.other_grants.empty()) ins.BindNull(7);
    else ins.Bind(7, static_cast<int64_t>(std::stoll(a.other_grants)));
    text(8, a.first_time);
    text(9, a.application_date);
    text(10, a.tags);
    if (!(st = ins.Run()).ok()) return st;
  }
  return db->Commit();
}

}  // namespace elig::batch_test
