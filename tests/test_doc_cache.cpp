// SPDX-License-Identifier: Apache-2.0
// The parsed-document cache (syntax/doc_cache.cpp): what it keeps is the tree a fresh parse
// gives, an entry that is not sound is never used, and `elig` says the same with it, without
// it and with it turned off.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <algorithm>
#include <filesystem>
#include <optional>
#include <thread>

#include "common/sha256.hpp"
#include "syntax/doc_cache.hpp"
#include "test_cli_support.hpp"

using namespace elig;
namespace fs = std::filesystem;

namespace {

// A readable picture of a tree: every node's type, quoting, offset and text.
void Dump(const DocNode& n, std::string& out) {
  out += "<" + std::to_string(static_cast<int>(n.type)) + (n.quoted ? "q" : "") + "@" + std::to_string(n.offset);
  if (n.IsScalar()) out += ":" + n.scalar;
  for (const auto& i : n.items) Dump(i, out);
  for (const auto& [k, v] : n.entries) {
    Dump(k, out);
    Dump(v, out);
  }
  out += ">";
}
std::string Dump(const DocNode& n) {
  std::string out;
  Dump(n, out);
  return out;
}

DocNode Parsed(const SourceFile& file) {
  DocNode root;
  std::vector<Diagnostic> diags;
  REQUIRE(ParseDoc(file, root, diags));
  return root;
}

// An empty directory of its own for each use.
fs::path FreshDir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("elig-doc-cache-" + std::to_string(getpid()) + "-" + name);
  fs::remove_all(dir);
  return dir;
}

std::vector<std::string> Entries(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    out.push_back(it->path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// An entry with its checksum made again: only what was changed is wrong with it.
std::string Reseal(std::string entry) {
  entry.resize(entry.size() - 64);
  return entry + Sha256Hex(entry);
}

struct Cached {
  DocNode root;
  std::vector<Diagnostic> diags;
  bool ok;
  Cached(const SourceFile& file, const fs::path& dir) { ok = ParseDocCached(file, root, diags, {}, dir.string()); }
};

const char* kSmall = "program: p\nrequirements:\n  - id: a\n    rule: x >= 1\n    text: { ja: 日本語, en: \"q\" }\n";

}  // namespace

TEST_CASE("doc cache: every shipped rule file comes back as the tree a fresh parse gives", "[yaml][cache]") {
  size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(ELIG_SOURCE_DIR) / "rules")) {
    if (e.path().extension() != ".yaml") continue;
    SourceFile file(e.path().string(), clitest::Slurp(e.path()));
    DocNode root = Parsed(file);
    std::string entry = doc_cache::Encode(root, file.text(), {});
    auto back = doc_cache::Decode(entry, file.text(), {});
    REQUIRE(back.has_value());
    CHECK(Dump(*back) == Dump(root));
    ++files;
  }
  CHECK(files > 20);
}

TEST_CASE("doc cache: a file is parsed once, written, and read back from the cache", "[yaml][cache]") {
  fs::path dir = FreshDir("hit");
  SourceFile file("p.yaml", kSmall);
  Cached first(file, dir);
  REQUIRE(first.ok);
  std::string name = doc_cache::EntryName(file.text(), {});
  CHECK(Entries(dir) == std::vector<std::string>{name});
  CHECK(clitest::Slurp(dir / name) == doc_cache::Encode(first.root, file.text(), {}));
  CHECK((fs::status(dir).permissions() & fs::perms::all) == fs::perms::owner_all);

  // What the cache holds is what is used: a sound entry with another tree is taken as it is.
  DocNode other = Parsed(SourceFile("q.yaml", "program: q\n"));
  clitest::Spit(dir / name, doc_cache::Encode(other, file.text(), {}));
  Cached second(file, dir);
  REQUIRE(second.ok);
  CHECK(Dump(second.root) == Dump(other));

  // Another text, or other limits, is another entry.
  DocLimits narrow;
  narrow.max_depth = 8;
  CHECK(doc_cache::EntryName(file.text(), narrow) != name);
  CHECK(doc_cache::EntryName(std::string(kSmall) + "#\n", {}) != name);
  CHECK_FALSE(doc_cache::Decode(doc_cache::Encode(first.root, file.text(), {}), file.text(), narrow).has_value());
  fs::remove_all(dir);
}

TEST_CASE("doc cache: a corrupt, truncated, foreign or tampered entry is ignored and made again", "[yaml][cache]") {
  fs::path dir = FreshDir("bad");
  SourceFile file("p.yaml", kSmall);
  const DocNode good = Parsed(file);
  const std::string entry = doc_cache::Encode(good, file.text(), {});
  const std::string name = doc_cache::EntryName(file.text(), {});
  auto refused_then_rebuilt = [&](const std::string& bad) {
    CHECK_FALSE(doc_cache::Decode(bad, file.text(), {}).has_value());
    fs::create_directories(dir);
    clitest::Spit(dir / name, bad);
    Cached c(file, dir);
    CHECK(c.ok);
    CHECK(c.diags.empty());
    CHECK(Dump(c.root) == Dump(good));
    CHECK(clitest::Slurp(dir / name) == entry);
  };
  SECTION("every byte flipped in turn") {
    for (size_t i = 0; i < entry.size(); i += 7) {
      std::string bad = entry;
      bad[i] = static_cast<char>(bad[i] ^ 0x20);
      CHECK_FALSE(doc_cache::Decode(bad, file.text(), {}).has_value());
    }
    std::string bad = entry;
    bad[entry.size() / 2] ^= 1;
    refused_then_rebuilt(bad);
  }
  SECTION("every truncation, and bytes added") {
    for (size_t n = 0; n < entry.size(); ++n) CHECK_FALSE(doc_cache::Decode(entry.substr(0, n), file.text(), {}).has_value());
    refused_then_rebuilt(entry.substr(0, entry.size() / 3));
    refused_then_rebuilt("");
    refused_then_rebuilt(Reseal(entry + "x"));  // a tree followed by more bytes
  }
  SECTION("another format version or another reader") {
    std::string bad = entry;
    bad[8] = 2;  // the format version's low byte
    refused_then_rebuilt(Reseal(bad));
    bad = entry;
    size_t id = bad.find("elig ");
    REQUIRE(id != std::string::npos);
    bad[id + 5] = bad[id + 5] == '9' ? '8' : '9';  // elig's version
    refused_then_rebuilt(Reseal(bad));
  }
  SECTION("the entry of another text") {
    std::string other = std::string(kSmall) + "# changed\n";
    refused_then_rebuilt(doc_cache::Encode(Parsed(SourceFile("p.yaml", other)), other, {}));
  }
  SECTION("sound checksum, unsound tree") {
    // A node placed past the end of the text.
    DocNode past = good;
    past.entries[0].second.offset = static_cast<uint32_t>(file.text().size() + 1);
    refused_then_rebuilt(doc_cache::Encode(past, file.text(), {}));
    // Deeper than the depth limit.
    DocNode deep;
    DocNode* at = &deep;
    for (int i = 0; i < 70; ++i) {
      at->type = DocNode::Type::kSeq;
      at = &at->items.emplace_back();
    }
    refused_then_rebuilt(doc_cache::Encode(deep, file.text(), {}));
    // A count of children no entry could hold: refused before anything is set aside for it.
    std::string huge = doc_cache::Encode(DocNode(), file.text(), {});
    huge.resize(huge.size() - 64 - 8 - 2);  // drop the checksum, the tree's size and the null node
    std::string tree = std::string("\x02\x00", 2) + "\xff\xff\xff\xff\xff\xff\xff\xff\x0f";
    for (int i = 0; i < 8; ++i) huge += static_cast<char>(i == 0 ? tree.size() : 0);
    huge += tree;
    refused_then_rebuilt(huge + Sha256Hex(huge));
    // More nodes than the node limit.
    DocLimits few;
    few.max_nodes = 3;
    CHECK_FALSE(doc_cache::Decode(doc_cache::Encode(good, file.text(), few), file.text(), few).has_value());
  }
  fs::remove_all(dir);
}

TEST_CASE("doc cache: a directory that cannot be used is passed over in silence", "[yaml][cache]") {
  SourceFile file("p.yaml", kSmall);
  const std::string want = Dump(Parsed(file));
  fs::path base = FreshDir("unusable");
  fs::create_directories(base);
  auto parses_without_cache = [&](const fs::path& dir) {
    Cached c(file, dir);
    CHECK(c.ok);
    CHECK(c.diags.empty());
    CHECK(Dump(c.root) == want);
  };
  SECTION("under a file") {
    clitest::Spit(base / "file", "x");
    parses_without_cache(base / "file" / "elig");
  }
  SECTION("a link to a directory") {
    fs::create_directories(base / "real");
    fs::permissions(base / "real", fs::perms::owner_all, fs::perm_options::replace);
    fs::create_directory_symlink(base / "real", base / "link");
    parses_without_cache(base / "link");
    CHECK(Entries(base / "real").empty());
  }
  SECTION("writable by others") {
    fs::create_directories(base / "open");
    fs::permissions(base / "open", fs::perms::all, fs::perm_options::replace);
    parses_without_cache(base / "open");
    CHECK(Entries(base / "open").empty());
  }
  SECTION("not writable, or not this user's") {
    fs::path dir = base / "closed";
    fs::create_directories(dir);
    fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec, fs::perm_options::replace);
    // Root writes anywhere: its directory is given to another user instead.
    if (geteuid() == 0) REQUIRE(chown(dir.c_str(), 65534, 65534) == 0);
    parses_without_cache(dir);
    CHECK(Entries(dir).empty());
  }
  fs::remove_all(base);
}

TEST_CASE("doc cache: entries are written whole, from many threads at once", "[yaml][cache][threads]") {
  fs::path dir = FreshDir("threads");
  SourceFile file("p.yaml", kSmall);
  const std::string want = Dump(Parsed(file));
  std::vector<std::string> got(8);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < got.size(); ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        DocNode root;
        std::vector<Diagnostic> diags;
        if (!ParseDocCached(file, root, diags, {}, dir.string())) return;
        got[t] = Dump(root);
      }
    });
  for (auto& th : threads) th.join();
  for (const auto& g : got) CHECK(g == want);
  // No temporary file is left beside the one entry.
  CHECK(Entries(dir) == std::vector<std::string>{doc_cache::EntryName(file.text(), {})});
  fs::remove_all(dir);
}

TEST_CASE("doc cache: the directory comes from XDG_CACHE_HOME, else HOME, and ELIG_CACHE=0 turns it off", "[yaml][cache]") {
  struct Env {
    std::string name;
    std::optional<std::string> old;
    explicit Env(std::string n) : name(std::move(n)) {
      if (const char* v = std::getenv(name.c_str())) old = v;
    }
    ~Env() {
      if (old) setenv(name.c_str(), old->c_str(), 1);
      else unsetenv(name.c_str());
    }
  };
  Env xdg("XDG_CACHE_HOME"), home("HOME"), use("ELIG_CACHE");
  unsetenv("ELIG_CACHE");
  setenv("HOME", "/home/someone", 1);
  setenv("XDG_CACHE_HOME", "/var/cache/someone", 1);
  CHECK(DefaultDocCacheDir() == "/var/cache/someone/elig");
  setenv("XDG_CACHE_HOME", "relative/dir", 1);  // not absolute: not used (XDG base directories)
  CHECK(DefaultDocCacheDir() == "/home/someone/.cache/elig");
  unsetenv("XDG_CACHE_HOME");
  CHECK(DefaultDocCacheDir() == "/home/someone/.cache/elig");
  unsetenv("HOME");
  CHECK(DefaultDocCacheDir().empty());
  setenv("HOME", "/home/someone", 1);
  for (const char* off : {"0", "off", "no"}) {
    setenv("ELIG_CACHE", off, 1);
    CHECK(DefaultDocCacheDir().empty());
  }
  setenv("ELIG_CACHE", "1", 1);
  CHECK(DefaultDocCacheDir() == "/home/someone/.cache/elig");
}

TEST_CASE("elig check says the same bytes with a cold cache, a warm one, and none", "[cli][cache]") {
  fs::path home = FreshDir("cli-check");
  fs::create_directories(home);
  const std::string env = "NO_COLOR=1 XDG_CACHE_HOME=" + clitest::Quote(home.string());
  for (const std::string format : {"text", "json"}) {
    const std::string args = "check --rules rules --applicant examples/gunma-maker.yaml --as-of 2025-10-15 --lang ja --format " + format;
    fs::remove_all(home / "elig");
    clitest::Run cold = clitest::Elig(args, "", env);
    CHECK(cold.err.empty());
    CHECK(cold.out.size() > 1000);
    size_t entries = Entries(home / "elig").size();
    size_t rule_files = 0;  // test files and the applicant are not kept
    for (const auto& e : fs::recursive_directory_iterator(fs::path(ELIG_SOURCE_DIR) / "rules"))
      rule_files += e.path().extension() == ".yaml" && !e.path().string().ends_with(".test.yaml");
    CHECK(entries == rule_files);
    clitest::Run warm = clitest::Elig(args, "", env);
    CHECK(Entries(home / "elig").size() == entries);
    clitest::Run none = clitest::Elig(args + " --no-cache", "", env);
    clitest::Run off = clitest::Elig(args, "", env + " ELIG_CACHE=0");
    for (const auto* r : {&warm, &none, &off}) {
      CHECK(r->exit == cold.exit);
      CHECK(r->out == cold.out);
      CHECK(r->err == cold.err);
    }
  }
  // Turned off, nothing is written.
  fs::remove_all(home / "elig");
  clitest::Elig("check --rules rules --applicant examples/gunma-maker.yaml --no-cache", "", env);
  clitest::Elig("match --rules rules --applicant examples/gunma-maker.yaml", "", env + " ELIG_CACHE=0");
  CHECK_FALSE(fs::exists(home / "elig"));
  fs::remove_all(home);
}

TEST_CASE("elig lint from a warm cache still says each problem at its file, line and column", "[cli][cache]") {
  fs::path home = FreshDir("cli-lint");
  fs::path rules = home / "rules";
  // Well-formed YAML (so its tree is kept) with mistakes found after parsing.
  clitest::Spit(rules / "p.yaml",
                "program: p\nversion: 1\ntitle: { ja: 題, en: T }\nkind: grant\nwindow: 2025-04-01 .. 2026-03-31\n"
                "facts:\n  capital: { type: yen }\nrequirements:\n  - id: a\n    rule: capitl >= 1 yen\n"
                "    text: { ja: 資本金, en: \"Capital ≥ 1\" }\n");
  const std::string env = "NO_COLOR=1 XDG_CACHE_HOME=" + clitest::Quote(home.string());
  const std::string args = "lint " + clitest::Quote(rules.string()) + " --as-of 2025-10-01";
  clitest::Run cold = clitest::Elig(args, "", env);
  REQUIRE(Entries(home / "elig").size() == 1);
  clitest::Run warm = clitest::Elig(args, "", env);
  clitest::Run none = clitest::Elig(args + " --no-cache", "", env);
  CHECK(cold.exit != 0);
  CHECK((cold.out + cold.err).find("p.yaml:10:11: error[unknown-name]") != std::string::npos);
  CHECK(warm.exit == cold.exit);
  CHECK(warm.out == cold.out);
  CHECK(warm.err == cold.err);
  CHECK(none.out == cold.out);
  CHECK(none.err == cold.err);
  fs::remove_all(home);
}
