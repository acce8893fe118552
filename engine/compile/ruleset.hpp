// SPDX-License-Identifier: Apache-2.0
// A rule set: every program and module under one rules root, loaded, checked
// and compiled. Immutable once built; safe to share across threads.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "check/checker.hpp"
#include "common/source.hpp"
#include "compile/program.hpp"
#include "syntax/rules.hpp"

namespace elig {

struct RuleSetOptions {
  LoadLimits load;
  CheckLimits check;
  CompileLimits compile;
  // Files under one root: a prefecture ships tens; a hundred thousand is a mistake.
  size_t max_files = 100'000;
  // Bytes of one rule file: real programs are a few kilobytes.
  size_t max_file_bytes = 4 * 1024 * 1024;
  // Where parsed rule files are kept between runs (syntax/doc_cache.hpp; DefaultDocCacheDir()
  // is the user's); empty: every file is parsed. The `elig` command uses the user's.
  std::string cache_dir;
  // Called with each file's path after it was found inside the root and before it is opened:
  // tests put a link in its place there, as a race would.
  std::function<void(const std::string& path)> before_open;
};

class RuleSet {
 public:
  // Loads every `*.yaml` under `root` except `*.test.yaml`. `use:` paths resolve
  // against `root` and can never leave it (no `..`, no absolute path, no symlink out).
  static std::unique_ptr<RuleSet> LoadDir(const std::string& root, const RuleSetOptions& options = {});
  // Loads the modules under `root` plus the given files (for `elig lint FILE`).
  static std::unique_ptr<RuleSet> LoadFiles(const std::string& root, const std::vector<std::string>& files,
                                            const RuleSetOptions& options = {});
  // In-memory sources: path (relative, like "common/sme.yaml") -> text.
  static std::unique_ptr<RuleSet> LoadTexts(const std::map<std::string, std::string>& texts,
                                            const RuleSetOptions& options = {});

  const std::vector<std::unique_ptr<CompiledProgram>>& programs() const { return compiled_; }
  const CompiledProgram* Find(const std::string& id) const;
  const std::vector<Diagnostic>& diagnostics() const { return diags_; }
  bool ok() const { return !HasErrors(diags_); }
  const SourceSet& sources() const { return sources_; }
  // Program ids that failed to check or compile.
  const std::vector<std::string>& failed() const { return failed_; }
  // Parsed files, for lint passes that look at the rules as written.
  const std::vector<std::unique_ptr<RuleFile>>& files() const { return files_; }
  const std::vector<std::unique_ptr<CheckedProgram>>& checked() const { return checked_; }
  const std::string& root() const { return root_; }

 private:
  void AddSource(const std::string& display_path, std::string text);
  void Build();

  RuleSetOptions options_;
  std::string root_;
  SourceSet sources_;
  std::vector<std::pair<std::string, const SourceFile*>> pending_;  // relative path, file
  std::vector<std::unique_ptr<RuleFile>> files_;
  std::vector<std::unique_ptr<CheckedProgram>> checked_;
  std::vector<std::unique_ptr<CompiledProgram>> compiled_;
  std::vector<std::string> failed_;
  std::vector<Diagnostic> diags_;
};

// Reads `rel`, a relative path under the directory `root`, without following a symbolic
// link anywhere on the way (each directory opened from the one before with O_NOFOLLOW), and
// checks the descriptor it opened: a regular file of at most `max_bytes`.
struct BeneathRead {
  enum Result : uint8_t { kOk, kLink, kOutside, kIo } result = kOk;
  LocalText error;  // for people, when not kOk
  bool ok() const { return result == kOk; }
};
BeneathRead ReadFileBeneath(const std::string& root, const std::string& rel, size_t max_bytes, std::string& out);

// Reads a whole file with a size limit (`-`: standard input); false with a message in both
// languages on failure (`too_large`, when given, says whether the limit was the reason).
bool ReadFileLimited(const std::string& path, size_t max_bytes, std::string& out, LocalText& error,
                     bool* too_large = nullptr);

}  // namespace elig
