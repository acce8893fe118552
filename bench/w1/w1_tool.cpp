// SPDX-License-Identifier: Apache-2.0
// w1_tool: the plumbing of bench/run.sh, in one small program without elig.
//   w1_tool gen N SEED csv|jsonl              W1 applicants to stdout (deterministic)
//   w1_tool programs RULES N OUT              N program files: variants of the shipped ones
//   w1_tool baseline FILE                     the hand-written baseline end to end (read + parse + decide)
//   w1_tool time RUNS -- CMD ARGS...          run CMD RUNS times; median / min wall ms, peak RSS
#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "w1/w1.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;

int Usage() {
  std::cerr << "usage: w1_tool gen N SEED csv|jsonl\n"
               "       w1_tool programs RULES_DIR N OUT_DIR\n"
               "       w1_tool baseline FILE.csv|FILE.jsonl\n"
               "       w1_tool time RUNS -- CMD [ARGS...]\n";
  return 64;
}

bool ParseCount(const char* text, uint64_t& out) {
  char* end = nullptr;
  unsigned long long v = std::strtoull(text, &end, 10);
  if (!end || *end || end == text) return false;
  out = v;
  return true;
}

int Gen(uint64_t n, uint64_t seed, const std::string& format) {
  bool csv = format == "csv";
  if (!csv && format != "jsonl") return Usage();
  std::string buf;
  buf.reserve(1 << 20);
  if (csv) buf += w1::kCsvHeader;
  for (uint64_t i = 0; i < n; ++i) {
    w1::Applicant a = w1::Generate(seed, i);
    buf += csv ? w1::CsvRow(i, a) : w1::JsonLine(i, a);
    if (buf.size() > (1 << 20) - 512) {
      std::fwrite(buf.data(), 1, buf.size(), stdout);
      buf.clear();
    }
  }
  std::fwrite(buf.data(), 1, buf.size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 74;
}

// Adds k * 1,000 yen to every amount written `123_456 yen`, so each variant is a
// different program (different constants) with the shape of a shipped one.
std::string VaryAmounts(const std::string& text, uint64_t k) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    if (std::isdigit(static_cast<unsigned char>(text[i])) && (i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1])))) {
      size_t j = i;
      std::string digits;
      while (j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) || text[j] == '_')) {
        if (text[j] != '_') digits += text[j];
        ++j;
      }
      if (text.compare(j, 4, " yen") == 0 && digits.size() < 16 && digits.size() > 3) {
        out += std::to_string(std::stoll(digits) + static_cast<long long>(k) * 1000);
        i = j;
        continue;
      }
      out.append(text, start, j - start);
      i = j;
      continue;
    }
    out += text[i++];
  }
  return out;
}

int Programs(const std::string& rules, uint64_t n, const std::string& out_dir) {
  std::vector<fs::path> programs;
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  for (auto it = fs::recursive_directory_iterator(rules, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path& p = it->path();
    std::string name = p.filename().string();
    if (p.extension() != ".yaml" || (name.size() > 10 && name.substr(name.size() - 10) == ".test.yaml")) continue;
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    fs::path rel = fs::relative(p, rules);
    if (text.rfind("program:", 0) == 0 || text.find("\nprogram:") != std::string::npos) {
      programs.push_back(p);
    } else {  // a module: copied as is, every variant uses it
      fs::create_directories(fs::path(out_dir) / rel.parent_path(), ec);
      std::ofstream(fs::path(out_dir) / rel) << text;
    }
  }
  if (programs.empty()) {
    std::cerr << "w1_tool: no program files under " << rules << "\n";
    return 66;
  }
  std::sort(programs.begin(), programs.end());
  for (uint64_t i = 0; i < n; ++i) {
    const fs::path& src = programs[i % programs.size()];
    std::ifstream in(src);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    // `program: some.id` -> `program: some.id.v17`: ids stay unique.
    size_t at = text.rfind("program:", 0) == 0 ? 0 : text.find("\nprogram:") + 1;
    size_t eol = text.find('\n', at);
    std::string line = text.substr(at, eol - at);
    size_t hash = line.find(" #");
    if (hash != std::string::npos) line.resize(hash);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    text.replace(at, eol - at, line + ".v" + std::to_string(i));
    fs::path rel = fs::relative(src, rules);
    fs::path dst = fs::path(out_dir) / rel.parent_path() / (src.stem().string() + ".v" + std::to_string(i) + ".yaml");
    fs::create_directories(dst.parent_path(), ec);
    std::ofstream(dst) << VaryAmounts(text, i);
  }
  std::cout << n << " program files (variants of " << programs.size() << " shipped) in " << out_dir << "\n";
  return 0;
}

int Baseline(const std::string& path) {
  auto t0 = std::chrono::steady_clock::now();
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    std::cerr << "w1_tool: cannot open " << path << "\n";
    return 74;
  }
  bool csv = path.size() >= 4 && path.compare(path.size() - 4, 4, ".csv") == 0;
  std::vector<char> buf(1 << 20);
  std::string carry;
  uint64_t rows = 0, eligible = 0, bad = 0, line_no = 0;
  int64_t award_total = 0;
  auto line = [&](std::string_view l) {
    if (++line_no == 1 && csv) return;  // header
    if (l.empty()) return;
    w1::Applicant a;
    if (!(csv ? w1::ParseCsvRow(l, a) : w1::ParseJsonLine(l, a))) {
      ++bad;
      return;
    }
    w1::Result r = w1::Decide(a);
    ++rows;
    eligible += r.eligible;
    award_total += r.award;
  };
  size_t got;
  while ((got = std::fread(buf.data(), 1, buf.size(), f)) > 0) {
    std::string_view chunk(buf.data(), got);
    size_t nl;
    while ((nl = chunk.find('\n')) != std::string_view::npos) {
      if (!carry.empty()) {
        carry.append(chunk.substr(0, nl));
        line(carry);
        carry.clear();
      } else {
        line(chunk.substr(0, nl));
      }
      chunk.remove_prefix(nl + 1);
    }
    carry.append(chunk);
  }
  if (!carry.empty()) line(carry);
  std::fclose(f);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("{\"rows\": %llu, \"eligible\": %llu, \"bad\": %llu, \"award_total\": %lld, \"seconds\": %.4f}\n",
              static_cast<unsigned long long>(rows), static_cast<unsigned long long>(eligible),
              static_cast<unsigned long long>(bad), static_cast<long long>(award_total), s);
  return bad ? 65 : 0;
}

// Wall time of whole processes (fork + exec + exit), stdout and stderr to /dev/null.
int Time(uint64_t runs, char** argv) {
  std::vector<double> ms;
  long max_rss_kb = 0;
  int last_status = 0;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  for (uint64_t i = 0; i < runs; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    pid_t pid;
    if (posix_spawnp(&pid, argv[0], &actions, nullptr, argv, environ) != 0) {
      std::cerr << "w1_tool: cannot run " << argv[0] << "\n";
      return 74;
    }
    int status = 0;
    rusage ru{};
    wait4(pid, &status, 0, &ru);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    max_rss_kb = std::max(max_rss_kb, ru.ru_maxrss);
    last_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  posix_spawn_file_actions_destroy(&actions);
  std::sort(ms.begin(), ms.end());
  std::printf("{\"runs\": %llu, \"median_ms\": %.3f, \"min_ms\": %.3f, \"max_ms\": %.3f, \"max_rss_kb\": %ld, \"exit\": %d}\n",
              static_cast<unsigned long long>(runs), ms[ms.size() / 2], ms.front(), ms.back(), max_rss_kb, last_status);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return Usage();
  std::string cmd = argv[1];
  uint64_t n = 0, seed = 0;
  if (cmd == "gen" && argc == 5 && ParseCount(argv[2], n) && ParseCount(argv[3], seed)) return Gen(n, seed, argv[4]);
  if (cmd == "programs" && argc == 5 && ParseCount(argv[3], n)) return Programs(argv[2], n, argv[4]);
  if (cmd == "baseline" && argc == 3) return Baseline(argv[2]);
  if (cmd == "time" && argc >= 5 && ParseCount(argv[2], n) && n > 0 && std::string(argv[3]) == "--") return Time(n, argv + 4);
  return Usage();
}
