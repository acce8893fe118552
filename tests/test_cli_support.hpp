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
// returns the line to type (nullopt-like "\x04" closes stdin).
struct Session {
  int exit = -1;
  std::string transcript;
  std::vector<std::string> asked;  // fact names, in order (from `[fact]` at the end of each question)
  std::vector<std::string> questions;  // the questions' lines, in order
};

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
    if (!reasked) {
      s.asked.push_back(fact);
      s.questions.push_back(question);
    }
    std::string line = answer(fact, question, reasked);
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
