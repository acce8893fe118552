// SPDX-License-Identifier: Apache-2.0
// Helpers for the end-to-end tests of the `elig` command: run the built binary
// from the project root, capture stdout, stderr and the exit code, and compare
// with golden files under tests/golden/cli (ELIG_UPDATE_GOLDEN=1 rewrites them).
#pragma once

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace elig::clitest {

namespace fs = std::filesystem;

inline std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void Spit(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// A scratch directory for this test process, removed when it exits.
inline fs::path Scratch() {
  struct Dir {
    fs::path path = fs::temp_directory_path() / ("elig-cli-tests-" + std::to_string(getpid()));
    ~Dir() {
      std::error_code ec;
      fs::remove_all(path, ec);
    }
  };
  static Dir dir;
  fs::create_directories(dir.path);
  return dir.path;
}

inline std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct Run {
  int exit = -1;
  std::string out, err;
};

// Runs a shell command line from the project root with `input` on stdin.
inline Run Shell(const std::string& command, const std::string& input = "") {
  static int counter = 0;
  fs::path dir = Scratch();
  std::string tag = std::to_string(++counter);
  fs::path in = dir / ("in" + tag), out = dir / ("out" + tag), err = dir / ("err" + tag);
  Spit(in, input);
  std::string cmd = "cd " + Quote(ELIG_SOURCE_DIR) + " && ( " + command + " ) < " + Quote(in.string()) + " > " +
                    Quote(out.string()) + " 2> " + Quote(err.string());
  int status = std::system(cmd.c_str());
  Run r;
  r.exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = Slurp(out);
  r.err = Slurp(err);
  fs::remove(in);
  fs::remove(out);
  fs::remove(err);
  return r;
}

// Runs `elig ARGS` from the project root; NO_COLOR unless `env` says otherwise.
inline Run Elig(const std::string& args, const std::string& input = "", const std::string& env = "NO_COLOR=1") {
  return Shell((env.empty() ? "" : "env " + env + " ") + Quote(ELIG_BINARY) + " " + args, input);
}

// Compares `got` with tests/golden/cli/NAME.
inline void Golden(const std::string& name, const std::string& got) {
  fs::path path = fs::path(ELIG_SOURCE_DIR) / "tests/golden/cli" / name;
  if (std::getenv("ELIG_UPDATE_GOLDEN")) {
    Spit(path, got);
    return;
  }
  INFO("golden file " << path.string() << " (ELIG_UPDATE_GOLDEN=1 rewrites it; review the diff)");
  REQUIRE(fs::exists(path));
  CHECK(got == Slurp(path));
}

// An interactive session: `answer` sees the transcript up to each prompt and
// returns the line to type (nullopt-like "\x04" closes stdin). The items of a checklist are
// put to `answer` one by one as yes/no questions (the statement and the yes/no hint); those
// answered yes are ticked, and an answer `?` to any of them answers the checklist わからない.
struct Session {
  int exit = -1;
  std::string transcript;
  std::vector<std::string> asked;  // fact names, in order (from `[fact]` at the end of each question)
  std::vector<std::string> questions;  // the questions' lines, in order (a checklist is one)
  std::vector<std::vector<std::string>> facts_asked;  // per question, its facts (a checklist's items')
};

// A checklist's items as the transcript shows them after its question line: `    1) …` up to
// `    0) …` (none of these).
inline std::vector<std::string> ChecklistItems(const std::string& t, size_t question_end) {
  std::vector<std::string> items;
  for (size_t at = question_end + 1; at < t.size();) {
    size_t end = t.find('\n', at);
    if (end == std::string::npos) break;
    std::string line = t.substr(at, end - at);
    size_t paren = line.find(") ");
    if (line.rfind("    ", 0) != 0 || paren == std::string::npos) break;
    if (line.substr(4, paren - 4) == "0") break;
    items.push_back(line.substr(paren + 2));
    at = end + 1;
  }
  return items;
}

// Answers a checklist through `answer`, item by item: the numbers of those answered yes,
// なし / none, or `?`.
template <class Answer>
std::string AnswerChecklist(const std::vector<std::string>& facts, const std::vector<std::string>& items, bool ja,
                            const Answer& answer) {
  std::string ticked;
  for (size_t i = 0; i < items.size(); ++i) {
    std::string a = answer(i < facts.size() ? facts[i] : "", items[i] + (ja ? "（はい／いいえ）" : " (yes/no)"), false);
    if (a == "?" || a == "\x04") return a;
    if (a == "yes" || a == "はい" || a == "true" || a == "ある") ticked += (ticked.empty() ? "" : ",") + std::to_string(i + 1);
  }
  return ticked.empty() ? (ja ? "なし" : "none") : ticked;
}

inline Session Interact(const std::string& args, const std::function<std::string(const std::string& fact,
                                                                                 const std::string& question,
                                                                                 bool reasked)>& answer) {
  Session s;
  int to_child[2], from_child[2];
  REQUIRE(pipe(to_child) == 0);
  REQUIRE(pipe(from_child) == 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(to_child[0], STDIN_FILENO);
    dup2(from_child[1], STDOUT_FILENO);
    close(to_child[1]);
    close(from_child[0]);
    // The official view names each question's fact (`[fact]`), which the answers are keyed by;
    // a session that asks for the applicant's view keys them by the question's text.
    std::string view = args.find("--view") == std::string::npos ? " --view official" : "";
    std::string cmd = "cd " + Quote(ELIG_SOURCE_DIR) + " && NO_COLOR=1 exec " + Quote(ELIG_BINARY) + " " + args + view +
                      " 2>/dev/null";
    execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(to_child[0]);
  close(from_child[1]);
  std::string last_fact;
  char buf[4096];
  for (;;) {
    ssize_t n = read(from_child[0], buf, sizeof buf);
    if (n <= 0) break;
    s.transcript.append(buf, static_cast<size_t>(n));
    const std::string& t = s.transcript;
    if (t.size() < 3 || t.compare(t.size() - 3, 3, "\n> ") != 0) continue;
    // The question is the last line that starts with its number, `(3) `; the official view
    // ends it with `[fact]`.
    std::string question;
    for (size_t at = t.size(); at > 0;) {
      size_t start = t.rfind("\n(", at - 1);
      if (start == std::string::npos) break;
      if (start + 2 < t.size() && std::isdigit(static_cast<unsigned char>(t[start + 2]))) {
        size_t end = t.find('\n', start + 1);
        question = t.substr(start + 1, end - start - 1);
        break;
      }
      at = start;
    }
    std::string fact;
    if (!question.empty() && question.back() == ']') {
      size_t open = question.rfind('[');
      if (open != std::string::npos) fact = question.substr(open + 1, question.size() - open - 2);
    }
    auto ends = [&](const std::string& tail) { return t.size() >= tail.size() && t.compare(t.size() - tail.size(), tail.size(), tail) == 0; };
    bool reasked = ends("please answer again\n> ") || ends("もう一度お答えください\n> ");
    bool ja_checklist = question.find("次のうち、当てはまるものをすべて選んでください") != std::string::npos;
    bool checklist = ja_checklist || question.find("Which of these apply?") != std::string::npos;
    std::vector<std::string> facts;  // a checklist's, from `[a, b]` in the official view
    for (size_t at = 0; checklist && !fact.empty();) {
      size_t comma = fact.find(", ", at);
      facts.push_back(fact.substr(at, comma == std::string::npos ? std::string::npos : comma - at));
      if (comma == std::string::npos) break;
      at = comma + 2;
    }
    if (!reasked) {
      if (!checklist) facts = {fact};
      s.asked.insert(s.asked.end(), facts.begin(), facts.end());
      s.questions.push_back(question);
      s.facts_asked.push_back(facts);
    }
    std::string line;
    if (checklist && !reasked) {
      size_t qline = t.rfind(question);
      line = AnswerChecklist(facts, ChecklistItems(t, t.find('\n', qline)), ja_checklist, answer);
    } else {
      line = answer(fact, question, reasked);
    }
    if (line == "\x04") {
      close(to_child[1]);
      to_child[1] = -1;
      continue;
    }
    line += "\n";
    if (write(to_child[1], line.data(), line.size()) != static_cast<ssize_t>(line.size())) break;
  }
  if (to_child[1] >= 0) close(to_child[1]);
  close(from_child[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  s.exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return s;
}

}  // namespace elig::clitest
