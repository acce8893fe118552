// SPDX-License-Identifier: Apache-2.0
#include "compile/ruleset.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <atomic>
#include <exception>
#include <filesystem>
#include <iostream>
#include <fstream>
#include <set>
#include <thread>
#include <unordered_map>

#include "common/diagnose.hpp"

namespace elig {
namespace fs = std::filesystem;

namespace {

// An error about a whole file (or the folder).
template <class... Args>
Diagnostic FileError(const std::string& path, std::string code, Msg id, const Args&... args) {
  SourceLoc whole;
  whole.file = path;
  return Diagnose(Severity::kError, std::move(code), std::move(whole), id, args...);
}

// "a/b/../c" or "/etc/x" or "a\\b" can never name a module.
bool SafeRelative(const std::string& p) {
  if (p.empty() || p[0] == '/' || p.find('\\') != std::string::npos || p.find('\0') != std::string::npos) return false;
  fs::path path(p);
  for (const auto& part : path)
    if (part == ".." || part == ".") return false;
  return true;
}

std::string Dedup(std::vector<Diagnostic>& ds) {
  std::set<std::tuple<std::string, uint32_t, std::string, std::string>> seen;
  std::vector<Diagnostic> out;
  for (auto& d : ds)
    if (seen.insert({d.loc.file, d.loc.offset, d.code, d.message.en}).second) out.push_back(std::move(d));
  ds = std::move(out);
  return {};
}

}  // namespace

bool ReadFileLimited(const std::string& path, size_t max_bytes, std::string& out, LocalText& error, bool* too_large) {
  if (too_large) *too_large = false;
  if (path == "-") {
    // Standard input: read up to one byte past the limit, to know it was passed.
    out.clear();
    char buf[1 << 16];
    while (out.size() <= max_bytes) {
      std::cin.read(buf, sizeof buf);
      out.append(buf, static_cast<size_t>(std::cin.gcount()));
      if (!std::cin) break;
    }
    if (std::cin.bad()) {
      error = SayBoth(Msg::kFileCannotRead, fmt::arg("error", std::strerror(errno)));
      return false;
    }
    if (out.size() > max_bytes) {
      error = SayBoth(Msg::kFileTooLarge, fmt::arg("bytes", out.size()), fmt::arg("max", max_bytes));
      if (too_large) *too_large = true;
      return false;
    }
    return true;
  }
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) {
    error = SayBoth(Msg::kFileCannotRead, fmt::arg("error", ec.message()));
    return false;
  }
  if (size > max_bytes) {
    error = SayBoth(Msg::kFileTooLarge, fmt::arg("bytes", size), fmt::arg("max", max_bytes));
    if (too_large) *too_large = true;
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = SayBoth(Msg::kFileCannotOpen);
    return false;
  }
  out.assign(static_cast<size_t>(size), '\0');
  in.read(out.data(), static_cast<std::streamsize>(size));
  out.resize(static_cast<size_t>(in.gcount()));
  return true;
}

namespace {

struct OwnedFd {
  int fd = -1;
  explicit OwnedFd(int f) : fd(f) {}
  ~OwnedFd() {
    if (fd >= 0) ::close(fd);
  }
  OwnedFd(const OwnedFd&) = delete;
  OwnedFd& operator=(const OwnedFd&) = delete;
  void Reset(int f) {
    if (fd >= 0) ::close(fd);
    fd = f;
  }
};

}  // namespace

BeneathRead ReadFileBeneath(const std::string& root, const std::string& rel, size_t max_bytes, std::string& out) {
  BeneathRead r;
  auto fail = [&](BeneathRead::Result result, LocalText error) {
    r.result = result;
    r.error = std::move(error);
    return r;
  };
  std::vector<std::string> parts;
  for (const auto& part : fs::path(rel)) parts.push_back(part.string());
  if (rel.empty() || fs::path(rel).is_absolute() || parts.empty())
    return fail(BeneathRead::kOutside, SayBoth(Msg::kRulesNotInside));
  for (const auto& part : parts)
    if (part.empty() || part == "." || part == ".." || part == "/") return fail(BeneathRead::kOutside, SayBoth(Msg::kRulesNotInside));
  OwnedFd dir(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.fd < 0) return fail(BeneathRead::kIo, SayBoth(Msg::kRulesCannotOpenRoot, fmt::arg("reason", std::strerror(errno))));
  // Each directory on the way, then the file, opened from the one before without following
  // a link: what is read is what was checked, even if the tree changes meanwhile.
  for (size_t k = 0; k + 1 < parts.size(); ++k) {
    int next = ::openat(dir.fd, parts[k].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (next < 0) {
      int e = errno;
      if (e == ELOOP || e == ENOTDIR)
        return fail(BeneathRead::kLink, SayBoth(Msg::kRulesLinkOnTheWay, fmt::arg("dir", parts[k])));
      return fail(BeneathRead::kIo, SayBoth(Msg::kRulesCannotOpenDir, fmt::arg("dir", parts[k]), fmt::arg("reason", std::strerror(e))));
    }
    dir.Reset(next);
  }
  // O_NONBLOCK: a FIFO put in the file's place must not hang the open.
  OwnedFd file(::openat(dir.fd, parts.back().c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (file.fd < 0) {
    int e = errno;
    if (e == ELOOP) return fail(BeneathRead::kLink, SayBoth(Msg::kRulesFileIsLink));
    return fail(BeneathRead::kIo, SayBoth(Msg::kRulesCannotOpenFile, fmt::arg("reason", std::strerror(e))));
  }
  struct stat st {};
  if (::fstat(file.fd, &st) != 0) return fail(BeneathRead::kIo, SayBoth(Msg::kFileCannotRead, fmt::arg("error", std::strerror(errno))));
  if (!S_ISREG(st.st_mode)) return fail(BeneathRead::kIo, SayBoth(Msg::kRulesNotRegularFile));
  auto size = static_cast<uint64_t>(st.st_size);
  if (size > max_bytes) return fail(BeneathRead::kIo, SayBoth(Msg::kFileTooLarge, fmt::arg("bytes", size), fmt::arg("max", max_bytes)));
  // Read to the end (the file may have grown since fstat), never past the limit.
  out.clear();
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(file.fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(BeneathRead::kIo, SayBoth(Msg::kFileCannotRead, fmt::arg("error", std::strerror(errno))));
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > max_bytes)
      return fail(BeneathRead::kIo, SayBoth(Msg::kRulesFileTooLarge, fmt::arg("max", max_bytes)));
  }
  return r;
}

const CompiledProgram* RuleSet::Find(const std::string& id) const {
  for (const auto& p : compiled_)
    if (p->id == id) return p.get();
  return nullptr;
}

void RuleSet::AddSource(const std::string& display_path, std::string text) {
  const SourceFile& f = sources_.Add(display_path, std::move(text));
  pending_.emplace_back(display_path, &f);
}

std::unique_ptr<RuleSet> RuleSet::LoadDir(const std::string& root, const RuleSetOptions& options) {
  return LoadFiles(root, {}, options);
}

std::unique_ptr<RuleSet> RuleSet::LoadFiles(const std::string& root, const std::vector<std::string>& only,
                                            const RuleSetOptions& options) {
  auto rs = std::unique_ptr<RuleSet>(new RuleSet());
  rs->options_ = options;
  rs->root_ = root;
  std::error_code ec;
  fs::path root_path(root);
  if (!fs::is_directory(root_path, ec)) {
    rs->diags_.push_back(FileError(root, "no-rules", Msg::kRulesNotDirectory));
    return rs;
  }
  fs::path canon_root = fs::canonical(root_path, ec);
  std::set<std::string> wanted;
  for (const auto& f : only) wanted.insert(fs::weakly_canonical(f, ec).string());
  std::vector<fs::path> paths;
  fs::recursive_directory_iterator it(root_path, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    std::string name = p.filename().string();
    if (!name.ends_with(".yaml") || name.ends_with(".test.yaml")) continue;
    if (paths.size() >= options.max_files) {
      rs->diags_.push_back(FileError(root, "too-large", Msg::kRulesTooManyFiles, fmt::arg("max", options.max_files)));
      break;
    }
    paths.push_back(p);
  }
  std::sort(paths.begin(), paths.end());
  for (const auto& p : paths) {
    std::string display = p.lexically_normal().string();
    fs::path canon = fs::canonical(p, ec);
    if (ec) {
      rs->diags_.push_back(FileError(display, "io", Msg::kRulesCannotResolve, fmt::arg("error", ec.message())));
      continue;
    }
    auto rel = canon.lexically_relative(canon_root);
    if (rel.empty() || *rel.begin() == "..") {
      rs->diags_.push_back(FileError(display, "outside-root", Msg::kRulesLinkOutside));
      continue;
    }
    if (options.before_open) options.before_open(p.string());
    // Read through the resolved path, from the root's descriptor, following no link: a file
    // swapped for a link after the check above is refused, never read.
    std::string text;
    BeneathRead got = ReadFileBeneath(canon_root.string(), rel.string(), options.max_file_bytes, text);
    if (got.result == BeneathRead::kLink || got.result == BeneathRead::kOutside) {
      rs->diags_.push_back(FileError(display, "outside-root", Msg::kRulesBecameLink, fmt::arg("error", got.error)));
      continue;
    }
    if (!got.ok()) {
      rs->diags_.push_back(FileError(display, "io", Msg::kRulesCannotRead, fmt::arg("error", got.error)));
      continue;
    }
    rs->AddSource(display, std::move(text));
    (void)wanted;
  }
  // With explicit files, programs outside the list are loaded (modules resolve) but not reported.
  if (!only.empty()) {
    std::vector<std::pair<std::string, const SourceFile*>> keep;
    for (auto& [path, file] : rs->pending_) {
      std::string c = fs::weakly_canonical(path, ec).string();
      bool is_wanted = wanted.count(c) > 0;
      bool looks_module = file->text().find("\nmodule:") != std::string::npos || file->text().rfind("module:", 0) == 0;
      if (is_wanted || looks_module) keep.emplace_back(path, file);
    }
    rs->pending_ = std::move(keep);
  }
  rs->Build();
  return rs;
}

std::unique_ptr<RuleSet> RuleSet::LoadTexts(const std::map<std::string, std::string>& texts, const RuleSetOptions& options) {
  auto rs = std::unique_ptr<RuleSet>(new RuleSet());
  rs->options_ = options;
  for (const auto& [path, text] : texts) {
    if (!SafeRelative(path)) {
      rs->diags_.push_back(FileError(path, "outside-root", Msg::kRulesPathOutside));
      continue;
    }
    if (text.size() > options.max_file_bytes) {
      rs->diags_.push_back(FileError(path, "too-large", Msg::kRulesFileTooLarge, fmt::arg("max", options.max_file_bytes)));
      continue;
    }
    rs->AddSource(path, text);
  }
  rs->Build();
  return rs;
}

void RuleSet::Build() {
  fs::path root_path(root_);
  std::unordered_map<std::string, const RuleFile*> modules;
  std::vector<const RuleFile*> programs;
  // Reading YAML is most of the time spent loading rules: the files are parsed in
  // parallel, each on its own, and their diagnostics kept in file order.
  std::vector<std::unique_ptr<RuleFile>> parsed(pending_.size());
  std::vector<std::vector<Diagnostic>> parse_diags(pending_.size());
  std::vector<std::exception_ptr> failures(pending_.size());
  std::atomic<size_t> next{0};
  auto parse = [&] {
    for (size_t k; (k = next.fetch_add(1)) < pending_.size();) {
      try {
        parsed[k] = LoadRuleFile(*pending_[k].second, parse_diags[k], options_.load, options_.cache_dir);
      } catch (...) {
        failures[k] = std::current_exception();
      }
    }
  };
  size_t workers = std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), pending_.size());
  std::vector<std::thread> threads;
  for (size_t t = 1; t < workers; ++t) threads.emplace_back(parse);
  parse();
  for (auto& t : threads) t.join();
  for (size_t k = 0; k < pending_.size(); ++k) {
    if (failures[k]) std::rethrow_exception(failures[k]);
    diags_.insert(diags_.end(), std::make_move_iterator(parse_diags[k].begin()),
                  std::make_move_iterator(parse_diags[k].end()));
    const std::string& path = pending_[k].first;
    auto rf = std::move(parsed[k]);
    if (!rf) continue;
    // Module key: the path relative to the root, without ".yaml".
    std::string rel = root_.empty() ? path : fs::path(path).lexically_relative(root_path).generic_string();
    if (rel.ends_with(".yaml")) rel.resize(rel.size() - 5);
    if (rf->is_module) modules[rel] = rf.get();
    else programs.push_back(rf.get());
    files_.push_back(std::move(rf));
  }
  // A module is named in expressions by its `module:` name (`sme.is_sme`): two files with one
  // name would let the order of `use:` choose between them in silence.
  std::map<std::string, const RuleFile*> module_names;
  for (const auto& f : files_) {
    if (!f->is_module || f->id.empty()) continue;
    auto [it, fresh] = module_names.emplace(f->id, f.get());
    if (fresh) continue;
    diags_.push_back(Diagnose(Severity::kError, "duplicate-module", f->id_loc, Msg::kRulesDuplicateModule, fmt::arg("name", f->id),
                              fmt::arg("file", it->second->file ? it->second->file->path() : std::string("?"))));
  }
  // `use:` must stay inside the root: reject unsafe paths before lookup.
  for (const auto& f : files_)
    for (const auto& u : f->uses)
      if (!SafeRelative(u.path)) {
        diags_.push_back(Diagnose(Severity::kError, "outside-root", u.loc, Msg::kRulesUseOutside, fmt::arg("path", u.path)));
      }
  for (const auto& f : files_)
    if (f->is_module) CheckModule(*f, modules, diags_, options_.check);
  std::map<std::string, const RuleFile*> seen_ids;
  for (const RuleFile* prog : programs) {
    if (auto it = seen_ids.find(prog->id); it != seen_ids.end() && !prog->id.empty()) {
      diags_.push_back(Diagnose(Severity::kError, "duplicate-program", prog->id_loc, Msg::kRulesDuplicateProgram,
                                fmt::arg("id", prog->id), fmt::arg("file", it->second->file ? it->second->file->path() : "")));
      failed_.push_back(prog->id);
      continue;
    }
    seen_ids[prog->id] = prog;
    std::vector<Diagnostic> local;
    auto checked = CheckProgram(*prog, modules, local, options_.check);
    bool bad = HasErrors(local);
    // Parse errors in the program's own file or its modules also block it.
    for (const auto& d : diags_)
      if (d.severity == Severity::kError)
        for (const RuleFile* m : checked->modules)
          if (m->file && d.loc.file == m->file->path()) bad = true;
    if (!bad) {
      auto compiled = Compile(*checked, local, options_.compile);
      if (!HasErrors(local)) compiled_.push_back(std::move(compiled));
      else bad = true;
    }
    if (bad) failed_.push_back(prog->id);
    diags_.insert(diags_.end(), local.begin(), local.end());
    checked_.push_back(std::move(checked));
  }
  Dedup(diags_);
  SortDiagnostics(diags_);
}

}  // namespace elig
