// SPDX-License-Identifier: Apache-2.0
// Untrusted rules and untrusted data. A rule file is data: `use:` never leaves
// the rules root (not by `..`, an absolute path or a symbolic link), nothing in
// it reads a file, runs a command or loops without bound. Applicant data from
// the public gets a clear error naming the field for every kind of bad input —
// and the decision never turns a bad value into a confident answer.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "compile/ruleset.hpp"
#include "eval/decision.hpp"
#include "explain/explain.hpp"
#include "io/applicant.hpp"
#include "test_support.hpp"

using namespace elig;
namespace fs = std::filesystem;

namespace {

// A fresh directory under /tmp, removed at the end of the test.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name) {
    path = fs::temp_directory_path() / ("elig-untrusted-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void Write(const std::string& rel, const std::string& text) const {
    fs::create_directories((path / rel).parent_path());
    std::ofstream(path / rel, std::ios::binary) << text;
  }
};

const Diagnostic* Find(const std::vector<Diagnostic>& ds, const std::string& code) {
  for (const auto& d : ds)
    if (d.code == code) return &d;
  return nullptr;
}

std::string Codes(const std::vector<Diagnostic>& ds) {
  std::string out;
  for (const auto& d : ds) out += d.code + "@" + d.loc.file + ":" + std::to_string(d.loc.line) + " ";
  return out;
}

// Parses an applicant file from text; the diagnostics, or none.
std::vector<Diagnostic> ReadApplicant(const std::string& text, Applicant& out) {
  SourceFile f("a.yaml", text);
  std::vector<Diagnostic> diags;
  ParseApplicant(f, out, diags);
  return diags;
}

const char* kProgram = R"(program: t.p
window: 2026-04-01 .. 2027-03-31
facts:
  employees: { type: int, min: 0 }
  capital: yen
  prefecture: text
  founded: date
  industry: enum[manufacturing, retail]
  flag: bool
requirements:
  - { id: small, rule: employees <= 20 }
  - { id: young, rule: founded > 2000-01-01 }
  - { id: gunma, rule: prefecture == "群馬県" }
  - { id: cap, rule: capital <= 50_000_000 yen }
  - { id: ind, rule: industry == "manufacturing" }
  - { id: flag, rule: flag }
)";

const char* kGood = "employees: 5\ncapital: 1000000\nprefecture: 群馬県\nfounded: 2010-01-01\nindustry: manufacturing\nflag: yes\n";

// Decides an applicant file's text against kProgram: outcome, the input issues and the missing facts.
struct Result {
  bool read = false;
  std::vector<Diagnostic> diags;
  std::string outcome;
  std::vector<InputIssue> issues;
  std::vector<std::string> missing;
};

Result DecideText(const std::string& applicant_text) {
  static test::Program program(kProgram);
  Result r;
  Applicant a;
  SourceFile f("a.yaml", applicant_text);
  r.read = ParseApplicant(f, a, r.diags);
  if (!r.read) return r;
  FactValues facts = Bind(program.compiled(), a);
  EvalOptions eo;
  eo.as_of = *ParseDate("2026-06-01");
  Decision d = Decide(program.compiled(), facts, eo);
  r.outcome = OutcomeName(d.outcome);
  r.issues = d.input_issues;
  for (uint32_t m : d.missing) r.missing.push_back(program.compiled().facts[m].name);
  return r;
}

// Replaces the line of `fact` in kGood.
std::string With(const std::string& fact, const std::string& value) {
  std::string out;
  std::string text = kGood;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    std::string line = text.substr(pos, end - pos);
    out += line.rfind(fact + ":", 0) == 0 ? fact + ": " + value : line;
    out += "\n";
    pos = end + 1;
  }
  return out;
}

int RunElig(const std::string& args, std::string& err) {
  std::string cmd = std::string(ELIG_BINARY) + " " + args + " 2>&1 >/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) err.append(buf, n);
  int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

// ---- untrusted rules --------------------------------------------------------

TEST_CASE("use: cannot name a module outside the root", "[untrusted]") {
  for (const char* path : {"../secret", "/etc/passwd", "common/../../secret", "./common/m", "common\\\\m", "common/./m"}) {
    auto rs = RuleSet::LoadTexts({{"p.yaml", std::string("program: t.p\nuse: [\"") + path + "\"]\n"},
                                  {"common/m.yaml", "module: m\n"}});
    INFO(path);
    const Diagnostic* d = Find(rs->diagnostics(), "outside-root");
    REQUIRE(d);
    CHECK(d->loc.file == "p.yaml");
    CHECK(d->loc.line == 2);
    CHECK(rs->programs().empty());
  }
  // In-memory rule paths are held to the same rule.
  for (const char* path : {"../p.yaml", "/tmp/p.yaml", "a/../../p.yaml"}) {
    auto rs = RuleSet::LoadTexts({{path, "program: t.p\n"}});
    INFO(path);
    CHECK(Find(rs->diagnostics(), "outside-root"));
    CHECK(rs->programs().empty());
  }
}

TEST_CASE("symbolic links out of the rules root are not followed", "[untrusted]") {
  TempDir tmp("links");
  tmp.Write("outside/secret.yaml", "module: secret\ndefine:\n  s: 1\n");
  tmp.Write("outside/program.yaml", "program: outside.p\n");
  tmp.Write("rules/common/ok.yaml", "module: ok\ndefine:\n  v: 1\n");
  tmp.Write("rules/p.yaml", "program: t.p\nuse: [common/ok, evil, links/secret]\nrequirements:\n  - { id: r, rule: ok.v == 1 }\n");
  fs::create_symlink(tmp.path / "outside/secret.yaml", tmp.path / "rules/evil.yaml");  // a file link out
  fs::create_directory_symlink(tmp.path / "outside", tmp.path / "rules/links");        // a directory link out
  fs::create_symlink(tmp.path / "rules/common/ok.yaml", tmp.path / "rules/alias.yaml");  // a link inside is fine
  auto rs = RuleSet::LoadDir((tmp.path / "rules").string());
  INFO(Codes(rs->diagnostics()));
  const Diagnostic* out = Find(rs->diagnostics(), "outside-root");
  REQUIRE(out);
  CHECK(out->loc.file.find("evil.yaml") != std::string::npos);
  // Neither linked module was loaded, so `use:` cannot reach them.
  int unknown = 0;
  for (const auto& d : rs->diagnostics()) unknown += d.code == "unknown-module";
  CHECK(unknown == 2);
  // Nothing from outside became a program or a source.
  CHECK_FALSE(rs->Find("outside.p"));
  CHECK_FALSE(rs->sources().Find((tmp.path / "rules/links/program.yaml").lexically_normal().string()));
  for (const auto& f : rs->files()) CHECK(f->id != "secret");
}

TEST_CASE("no construct reads a file or runs a command", "[untrusted]") {
  // Expressions call only the built-in functions.
  for (const char* call : {"read(\\\"/etc/passwd\\\") == \\\"\\\"", "system(\\\"id\\\") == 0", "env(\\\"HOME\\\") == \\\"\\\""}) {
    auto rs = RuleSet::LoadTexts({{"p.yaml", std::string("program: t.p\nrequirements:\n  - { id: r, rule: \"") + call + "\" }\n"}});
    INFO(call);
    CHECK(Find(rs->diagnostics(), "unknown-function"));
    CHECK(rs->programs().empty());
  }
  // YAML tags that other loaders execute are plain data here.
  std::string marker = (fs::temp_directory_path() / ("elig-pwned-" + std::to_string(::getpid()))).string();
  auto rs = RuleSet::LoadTexts({{"p.yaml", "program: !!python/object/apply:os.system [\"touch " + marker +
                                               "\"]\nnote: !include /etc/passwd\nbasis: !<tag:yaml.org,2002:str> x\n"}});
  CHECK(Find(rs->diagnostics(), "expected-text"));  // `program:` must be a value, not a command
  CHECK_FALSE(fs::exists(marker));
  for (const auto& f : rs->files()) CHECK(f->note == "/etc/passwd");  // the tag is ignored, the text is the text
  // Rule text is never a format string.
  test::Program p(R"(program: t.p
facts:
  x: int
requirements:
  - id: r
    rule: x > 1
    text: { en: "%s%n%x {0} ${HOME} $(id) `id`", ja: "%s%n" }
    cite: "%n%n%n"
)");
  std::string text = p.Text({{"x", "0"}}, Lang::kEn);
  CHECK(text.find("%s%n%x {0} ${HOME} $(id) `id`") != std::string::npos);
  CHECK(text.find("%n%n%n") != std::string::npos);
  CHECK(p.Json({{"x", "0"}}).find("%s%n%x {0} ${HOME} $(id) `id`") != std::string::npos);
}

TEST_CASE("rules cannot loop: cycles in definitions and in use: terminate", "[untrusted]") {
  auto cycle = RuleSet::LoadTexts({{"p.yaml", "program: t.p\ndefine:\n  a: b + 1\n  b: c + 1\n  c: a + 1\n"
                                              "requirements:\n  - { id: r, rule: a > 0 }\n"}});
  const Diagnostic* d = Find(cycle->diagnostics(), "cycle");
  REQUIRE(d);
  CHECK(d->message.en == "definitions refer to each other in a cycle: a → b → c → a");
  CHECK(cycle->programs().empty());
  auto self = RuleSet::LoadTexts({{"p.yaml", "program: t.p\ndefine:\n  a: a\nrequirements:\n  - { id: r, rule: a }\n"}});
  CHECK(Find(self->diagnostics(), "cycle"));
  // Modules that use each other (and themselves) load once each.
  auto mutual = RuleSet::LoadTexts({{"p.yaml", "program: t.p\nuse: [a]\nrequirements:\n  - { id: r, rule: a.x == b_x }\n"
                                               "define:\n  b_x: 2\n"},
                                    {"a.yaml", "module: a\nuse: [b, a]\ndefine:\n  x: 2\n"},
                                    {"b.yaml", "module: b\nuse: [a, b]\n"}});
  INFO(Codes(mutual->diagnostics()));
  CHECK(mutual->ok());
  REQUIRE(mutual->programs().size() == 1);
  CHECK(mutual->programs()[0]->source_paths.size() == 3);
}

TEST_CASE("invalid UTF-8 and NUL bytes in a rule file are errors with a place", "[untrusted]") {
  auto bad = RuleSet::LoadTexts({{"p.yaml", "program: t.p\nnote: caf\xC3\n"}});
  const Diagnostic* d = Find(bad->diagnostics(), "invalid-utf8");
  REQUIRE(d);
  CHECK(d->loc.line == 2);
  CHECK(d->loc.column == 10);
  auto nul = RuleSet::LoadTexts({{"p.yaml", std::string("program: t.p\nnote: a\0b\n", 22)}});
  d = Find(nul->diagnostics(), "invalid-utf8");
  REQUIRE(d);
  CHECK(d->message.en == "the file contains a NUL byte");
  CHECK(d->loc.line == 2);
  CHECK(d->loc.column == 8);
  // A byte-order mark at the start is allowed and does not shift positions.
  auto bom = RuleSet::LoadTexts({{"p.yaml", "\xEF\xBB\xBFprogram: t.p\nfacts:\n  x: int\nrequirements:\n  - { id: r, rule: y > 1 }\n"}});
  d = Find(bom->diagnostics(), "unknown-name");
  REQUIRE(d);
  CHECK(d->loc.line == 5);
  CHECK(d->loc.column == 20);
}

// ---- untrusted data ---------------------------------------------------------

TEST_CASE("a good applicant is eligible (the baseline of the cases below)", "[untrusted]") {
  Result r = DecideText(kGood);
  REQUIRE(r.read);
  CHECK(r.outcome == "eligible");
  CHECK(r.issues.empty());
}

TEST_CASE("wrong types name the fact and leave it unknown", "[untrusted]") {
  struct Case {
    const char* fact;
    const char* value;
    const char* message;
  };
  const Case cases[] = {
      {"employees", "many", "expected a whole number like `12` or `12人`, got `many`"},
      {"employees", "2.5", "expected a whole number like `12` or `12人`, got `2.5`"},
      {"employees", "-1", "must be at least 0, got -1"},
      {"employees", "[1, 2]", "expected a single value, not a list or a map"},
      {"capital", "150万ドル", "expected an amount in yen like `1500000`, `1,500,000円` or `150万円`, got `150万ドル`"},
      {"capital", "1,0000万円", "a comma only separates thousands, in groups of three digits like `1,000,000`, got `1,0000万円`"},
      {"capital", "0.5", "an amount in yen must be whole yen, got `0.5`"},
      {"industry", "Mining", "`Mining` is not one of: manufacturing, retail"},
      {"flag", "maybe", "expected yes or no (true/false, はい/いいえ), got `maybe`"},
      {"founded", "2026/01/32",
       "`2026/01/32` is not a real calendar date (month 1 has 31 days); write a date like `2026-04-01` or `2026年4月1日`"},
      {"founded", "今年", "expected a real calendar date like `2026-04-01`, `2026年4月1日` or `令和8年4月1日`, got `今年`"},
  };
  for (const auto& c : cases) {
    INFO(c.fact << ": " << c.value);
    Result r = DecideText(With(c.fact, c.value));
    REQUIRE(r.read);
    REQUIRE(r.issues.size() == 1);
    CHECK(r.issues[0].fact == c.fact);
    CHECK(r.issues[0].message.en == c.message);
    CHECK(r.issues[0].loc.line > 0);
    // Never a wrong answer: the fact counts as unknown, so the outcome waits for it.
    CHECK(r.outcome == "undetermined");
    CHECK(r.missing == std::vector<std::string>{c.fact});
  }
  // A map where a value belongs is refused when the file is read.
  Result map = DecideText(With("employees", "{ a: 1 }"));
  CHECK_FALSE(map.read);
  REQUIRE(Find(map.diags, "bad-value"));
  CHECK(Find(map.diags, "bad-value")->message.en == "the fact `employees` must be a value or a list, not a map");
}

TEST_CASE("huge numbers are input problems, never wrapped or rounded", "[untrusted]") {
  for (const char* v : {"9223372036854775808", "99999999999999999999999999", "1e400", "-9223372036854775808"}) {
    INFO(v);
    Result r = DecideText(With("employees", v));
    REQUIRE(r.issues.size() == 1);
    CHECK(r.issues[0].fact == "employees");
    CHECK(r.outcome == "undetermined");
  }
  Result yen = DecideText(With("capital", "9223372036854775808"));
  REQUIRE(yen.issues.size() == 1);
  CHECK(yen.issues[0].fact == "capital");
  CHECK(yen.outcome == "undetermined");
  // The largest value that fits is exact.
  Result max = DecideText(With("capital", "9223372036854775807"));
  CHECK(max.issues.empty());
  CHECK(max.outcome == "ineligible");
}

TEST_CASE("dates must be real calendar dates", "[untrusted]") {
  for (const char* v : {"2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10", "0000-01-01", "2026-1-32"}) {
    INFO(v);
    Result r = DecideText(With("founded", v));
    REQUIRE(r.issues.size() == 1);
    CHECK(r.issues[0].fact == "founded");
    // The month's days are named when the month is real: "(month 2 has 28 days)".
    CHECK(r.issues[0].message.en.starts_with(std::string("`") + v + "` is not a real calendar date"));
    CHECK(r.issues[0].message.en.ends_with("write a date like `2026-04-01` or `2026年4月1日`"));
    CHECK(r.outcome == "undetermined");
  }
  CHECK(DecideText(With("founded", "2024-02-29")).issues.empty());
  // as_of is checked when the file is read.
  Result as_of = DecideText(std::string(kGood) + "as_of: 2026-02-30\n");
  CHECK_FALSE(as_of.read);
  const Diagnostic* d = Find(as_of.diags, "bad-date");
  REQUIRE(d);
  CHECK(d->message.en == "`as_of` must be a real date like `2026-06-01`");
  CHECK(d->loc.line == 7);
}

TEST_CASE("duplicate keys in an applicant name the fact and its line", "[untrusted]") {
  Result r = DecideText(std::string(kGood) + "employees: 500\n");
  CHECK_FALSE(r.read);
  const Diagnostic* d = Find(r.diags, "duplicate-key");
  REQUIRE(d);
  CHECK(d->message.en == "the fact `employees` is given twice");
  CHECK(d->loc.line == 7);
  // Under `facts:` too.
  Applicant a;
  auto diags = ReadApplicant("facts:\n  x: 1\n  x: 2\n", a);
  REQUIRE(Find(diags, "duplicate-key"));
  CHECK(Find(diags, "duplicate-key")->loc.line == 3);
}

TEST_CASE("invalid UTF-8, NUL bytes and byte-order marks in applicant data", "[untrusted]") {
  Applicant a;
  auto diags = ReadApplicant("employees: 5\nprefecture: \xE7\xBE\xA4\xE9\xA6\n", a);
  const Diagnostic* d = Find(diags, "invalid-utf8");
  REQUIRE(d);
  CHECK(d->loc.line == 2);
  CHECK(d->loc.column == 14);
  Applicant b;
  diags = ReadApplicant(std::string("employees: 5\nprefecture: a\0b\n", 28), b);
  d = Find(diags, "invalid-utf8");
  REQUIRE(d);
  CHECK(d->message.en == "the file contains a NUL byte");
  CHECK(d->loc.line == 2);
  // A BOM at the start is ignored; the facts and their positions are as without it. (It was
  // blanked to three spaces, which indented the first line and lost every fact after it.)
  Result bom = DecideText("\xEF\xBB\xBF" + std::string(kGood));
  REQUIRE(bom.read);
  CHECK(bom.outcome == "eligible");
  Applicant with_bom;
  diags = ReadApplicant("\xEF\xBB\xBF" "employees: 5\nfounded: 2026-02-30\n", with_bom);
  CHECK(diags.empty());
  REQUIRE(with_bom.facts.size() == 2);
  CHECK(with_bom.facts[0].loc.line == 1);
  CHECK(with_bom.facts[0].loc.column == 2);  // the BOM is one (invisible) character
  CHECK(with_bom.facts[1].value.loc.line == 2);
  CHECK(with_bom.facts[1].value.loc.column == 10);
  // Values that arrive without a file (the C API, a CSV cell) are checked the same way.
  static test::Program p(kProgram);
  Applicant raw = test::MakeApplicant({{"prefecture", "\xE7\xBE\xA4\xE9\xA6"},
                                       {"employees", std::string("12\0", 3)},
                                       {"industry", "retail\xFF"}});
  FactValues bound = Bind(p.compiled(), raw);
  REQUIRE(bound.issues.size() == 3);
  std::map<std::string, std::string> by_fact;
  for (const auto& i : bound.issues) by_fact[i.fact] = i.message.en;
  CHECK(by_fact["prefecture"] == "the text is not valid UTF-8");
  CHECK(by_fact["employees"] == "expected a whole number like `12` or `12人`, got `12\\x00`");
  CHECK(by_fact["industry"] == "`retail\\xFF` is not one of: manufacturing, retail");
}

TEST_CASE("elig check reports bad applicant files with file:line:col and exit 65", "[untrusted][cli]") {
  TempDir tmp("cli");
  tmp.Write("rules/p.yaml", kProgram);
  tmp.Write("nul.yaml", std::string("employees: 5\nflag: y\0s\n", 24));
  tmp.Write("dup.yaml", std::string(kGood) + "flag: no\n");
  tmp.Write("utf8.yaml", "employees: \xFF\n");
  for (const auto& [file, expect] : std::vector<std::pair<std::string, std::string>>{
           {"nul.yaml", "nul.yaml:2:8: error[invalid-utf8]: the file contains a NUL byte"},
           {"dup.yaml", "dup.yaml:7:1: error[duplicate-key]: the fact `flag` is given twice"},
           {"utf8.yaml", "utf8.yaml:1:12: error[invalid-utf8]: the file is not valid UTF-8"}}) {
    std::string err;
    int code = RunElig("check --rules " + (tmp.path / "rules").string() + " --applicant " + (tmp.path / file).string(), err);
    INFO(err);
    CHECK(code == 65);
    CHECK(err.find((tmp.path / expect).string()) != std::string::npos);
  }
  // A bad value is not a bad file: the decision is made, undetermined, and names the fact.
  tmp.Write("value.yaml", With("founded", "2026-02-30"));
  std::string err;
  int code = RunElig("check --rules " + (tmp.path / "rules").string() + " --applicant " + (tmp.path / "value.yaml").string() +
                         " --as-of 2026-06-01",
                     err);
  CHECK(code == 2);
}

TEST_CASE("lists are never silently equal", "[untrusted]") {
  // `certs != []` compiled and was always false (every two lists compared equal): now an error.
  auto rs = RuleSet::LoadTexts({{"p.yaml", "program: t.p\nfacts:\n  certs: list[enum[a, b]]\n"
                                           "requirements:\n  - { id: r, rule: \"certs != []\" }\n"}});
  const Diagnostic* d = Find(rs->diagnostics(), "type-mismatch");
  REQUIRE(d);
  CHECK(d->message.en == "lists cannot be compared with `!=`");
  CHECK(d->loc.line == 5);
  CHECK(rs->programs().empty());
  // Where two branches of an unknown condition are lists, they agree only when their items do.
  test::Program p("program: t.p\nfacts:\n  c: bool\n  x: int\nrequirements:\n"
                  "  - { id: differ, rule: \"x in (if c then [1, 2] else [1, 3])\" }\n"
                  "  - { id: agree, rule: \"x in (if c then [1, 2] else [1, 2])\" }\n");
  Decision decision = p.Raw({{"x", "2"}});
  REQUIRE(decision.requirements.size() == 2);
  CHECK(decision.requirements[0].result == Tri::kUnknown);  // was true: [1, 2] and [1, 3] counted as one list
  CHECK(decision.requirements[1].result == Tri::kTrue);
  CHECK(decision.outcome == Outcome::kUndetermined);
}
