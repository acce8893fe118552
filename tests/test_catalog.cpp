// SPDX-License-Identifier: Apache-2.0
// The message catalog (common/catalog.hpp): both languages hold every message, with the
// same named arguments, and every phrase formats through fmt; the CLI keeps no phrase of
// its own.
#include <catch2/catch.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include <fmt/args.h>

#include "common/answer.hpp"
#include "common/catalog.hpp"
#include "common/catalog_table.hpp"
#include "common/diagnose.hpp"
#include "compile/lint.hpp"
#include "compile/ruleset.hpp"

using namespace elig;

namespace {

const std::regex kPlaceholder(R"(\{([a-z_]+)(:[^}]*)?\})");

std::set<std::string> Placeholders(std::string_view phrase) {
  std::set<std::string> names;
  std::string s(phrase);
  for (auto it = std::sregex_iterator(s.begin(), s.end(), kPlaceholder); it != std::sregex_iterator(); ++it)
    names.insert((*it)[1].str());
  return names;
}

// The placeholders with a format spec (`{month:02}`): numbers.
std::set<std::string> NumberPlaceholders(std::string_view phrase) {
  std::set<std::string> names;
  std::string s(phrase);
  for (auto it = std::sregex_iterator(s.begin(), s.end(), kPlaceholder); it != std::sregex_iterator(); ++it)
    if ((*it)[2].matched) names.insert((*it)[1].str());
  return names;
}

void CheckTable(const catalog::Entry* entries, size_t n, const char* lang) {
  INFO(lang);
  std::set<size_t> seen;
  for (size_t i = 0; i < n; ++i) {
    INFO(MessageName(entries[i].id));
    CHECK(seen.insert(static_cast<size_t>(entries[i].id)).second);  // each message once
    CHECK(!entries[i].text.empty());
  }
  CHECK(seen.size() == static_cast<size_t>(Msg::kCount));  // every message
}

}  // namespace

TEST_CASE("the catalog holds every message once in Japanese and in English", "[catalog]") {
  CheckTable(catalog::kJa, catalog::kJaSize, "ja");
  CheckTable(catalog::kEn, catalog::kEnSize, "en");
}

TEST_CASE("a message takes the same named arguments in both languages, and each phrase formats", "[catalog]") {
  for (size_t i = 0; i < static_cast<size_t>(Msg::kCount); ++i) {
    Msg id = static_cast<Msg>(i);
    INFO(MessageName(id));
    std::set<std::string> ja = Placeholders(Phrase(Lang::kJa, id)), en = Placeholders(Phrase(Lang::kEn, id));
    CHECK(ja == en);
    std::set<std::string> all = ja, numbers = NumberPlaceholders(Phrase(Lang::kJa, id));
    all.insert(en.begin(), en.end());
    for (const auto& n : NumberPlaceholders(Phrase(Lang::kEn, id))) numbers.insert(n);
    // Every placeholder given: the phrase formats, and no brace is left in it.
    for (Lang lang : {Lang::kJa, Lang::kEn}) {
      fmt::dynamic_format_arg_store<fmt::format_context> args;
      for (const auto& name : all) {
        if (numbers.count(name)) args.push_back(fmt::arg(name.c_str(), 7));
        else args.push_back(fmt::arg(name.c_str(), "<" + name + ">"));
      }
      std::string_view phrase = Phrase(lang, id);
      std::string out = fmt::vformat(fmt::string_view(phrase.data(), phrase.size()), args);
      for (const auto& name : Placeholders(phrase))
        if (!numbers.count(name)) CHECK(out.find("<" + name + ">") != std::string::npos);
      // No placeholder is left: the only braces are the escaped ones (`{{ ja: …, en: … }}`).
      size_t escaped = 0;
      for (size_t at = phrase.find("{{"); at != std::string_view::npos; at = phrase.find("{{", at + 2)) ++escaped;
      CHECK(static_cast<size_t>(std::count(out.begin(), out.end(), '{')) == escaped);
    }
  }
}

TEST_CASE("Say formats named arguments in the order each language puts them", "[catalog]") {
  CHECK(Say(Lang::kEn, Msg::kMatchTitle, fmt::arg("applicant", "A-1"), fmt::arg("date", "2026-06-01")) ==
        "Programs for A-1, as of 2026-06-01");
  CHECK(Say(Lang::kJa, Msg::kMatchTitle, fmt::arg("date", "2026-06-01"), fmt::arg("applicant", "A-1")) ==
        "申請者 A-1 の対象制度（基準日 2026-06-01）");
  CHECK(Say(Lang::kJa, Msg::kMatchEligible, fmt::arg("n", 3)) == "対象（3件）");
  // A date as people write it: 2027年1月31日, 2027-01-31.
  auto date = [](Lang lang) { return Say(lang, Msg::kDateLong, fmt::arg("year", 2027), fmt::arg("month", 1), fmt::arg("day", 31)); };
  CHECK(date(Lang::kJa) == "2027年1月31日");
  CHECK(date(Lang::kEn) == "2027-01-31");
  // A placeholder without its argument is a caller's bug: the phrase comes back as it is, never a throw.
  CHECK(Say(Lang::kEn, Msg::kMatchEligible) == "Eligible ({n})");
  CHECK(MessageName(Msg::kMatchTitle) == "kMatchTitle");
  CHECK(Phrase(Lang::kEn, Msg::kCount).empty());
}

namespace {

// Hiragana and katakana (U+3040..U+30FF: E3 81..E3 83) and the CJK ideographs
// (U+4E00..U+9FFF: lead bytes E4..E9).
bool HasJapanese(const std::string& s) {
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    auto b = static_cast<unsigned char>(s[i]), c = static_cast<unsigned char>(s[i + 1]);
    if ((b == 0xE3 && c >= 0x81 && c <= 0x83) || (b >= 0xE4 && b <= 0xE9)) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("diagnostics of loading, checking, compiling and linting are said in Japanese and in English", "[catalog]") {
  // One mistake of each stage: YAML structure, an expression's syntax, a type, a constant, a lint warning.
  auto rs = RuleSet::LoadTexts({{"p.yaml", "program: t.p\n"
                                           "facts:\n  employees: int\n  capital: yen\n"
                                           "parameters:\n  rate: 1/0\n"
                                           "requirements:\n"
                                           "  - { id: a, rule: employees > 0, tyext: x }\n"
                                           "  - { id: b, rule: \"(employees > 0\" }\n"
                                           "  - { id: c, rule: capital > 5 }\n"
                                           "  - { id: d, rule: employees < 0 }\n"
                                           "award: capital * rate\n"}});
  std::vector<Diagnostic> ds = rs->diagnostics();
  for (const auto& w : Lint(*rs, Date{})) ds.push_back(w);
  std::set<std::string> codes;
  for (const auto& d : ds) {
    INFO(d.code << ": " << d.message.en);
    codes.insert(d.code);
    CHECK_FALSE(d.message.en.empty());
    CHECK(HasJapanese(d.message.ja));
    CHECK_FALSE(HasJapanese(d.message.en));
    if (!d.help.Empty()) CHECK(HasJapanese(d.help.ja));
    CHECK(Render(d, &rs->sources(), false, Lang::kJa) != Render(d, &rs->sources(), false, Lang::kEn));
  }
  for (const char* code : {"unknown-key", "unclosed-paren", "type-mismatch", "no-cite", "no-window"}) {
    INFO(code);
    CHECK(codes.count(code));
  }
  // The English text is what `elig check` and `elig lint` print without --lang.
  auto unknown = std::find_if(ds.begin(), ds.end(), [](const Diagnostic& d) { return d.code == "unknown-key"; });
  REQUIRE(unknown != ds.end());
  CHECK(unknown->message.en == "unknown key `tyext` in a requirement");
  CHECK(unknown->message.ja == "要件に不明なキー `tyext` があります");
  CHECK(unknown->help.en == "did you mean `text`?");
  CHECK(unknown->help.ja == "`text` のことですか？");
  CHECK(Render(*unknown, nullptr, false, Lang::kJa).find("  = ヒント: `text` のことですか？\n") != std::string::npos);
  auto unclosed = std::find_if(ds.begin(), ds.end(), [](const Diagnostic& d) { return d.code == "unclosed-paren"; });
  REQUIRE(unclosed != ds.end());
  CHECK(unclosed->message.en == "expected `)` to close `(` opened at line 9, column 21");
  CHECK(unclosed->message.ja == "9 行 21 列の `(` を閉じる `)` が必要です");
}

// Calls fn(line) for every line of the C++ sources under `dirs` (from the source root), with the
// file and line number in the test's messages; gives the number of files read.
template <class F>
size_t ForEachSourceLine(std::initializer_list<const char*> dirs, F&& fn) {
  namespace fs = std::filesystem;
  size_t files = 0;
  for (const char* dir : dirs) {
    for (const auto& e : fs::recursive_directory_iterator(fs::path(ELIG_SOURCE_DIR) / dir)) {
      if (e.path().extension() != ".cpp" && e.path().extension() != ".hpp") continue;
      ++files;
      std::ifstream in(e.path(), std::ios::binary);
      std::string line;
      for (int n = 1; std::getline(in, line); ++n) {
        INFO(e.path().filename().string() << ":" << n << ": " << line);
        fn(line);
      }
    }
  }
  return files;
}

TEST_CASE("syntax, check and compile make every diagnostic through Diagnose, from the catalog", "[catalog]") {
  // A message written inline, or a diagnostic put together by hand.
  size_t files = ForEachSourceLine({"engine/syntax", "engine/check", "engine/compile"}, [](const std::string& line) {
    CHECK(line.find("Diagnostic d;") == std::string::npos);
    CHECK(line.find(".message = \"") == std::string::npos);
    CHECK(line.find(".help = \"") == std::string::npos);
  });
  CHECK(files > 10);
}

TEST_CASE("the readers and the store say every message from the catalog", "[catalog]") {
  // An English sentence put where a message is kept: a diagnostic's, a status's, a reader's.
  size_t files = ForEachSourceLine({"engine/io", "engine/store"}, [](const std::string& line) {
    for (const char* inline_message : {"EnglishOnly(", ".message = \"", "message += \"", "error_ = \"", "why = \"",
                                       "problem = \"", "out.error = \""})
      CHECK(line.find(inline_message) == std::string::npos);
  });
  CHECK(files > 20);
}

TEST_CASE("only compile/ and eval/ walk a program's instructions, and the others read it through its methods", "[catalog]") {
  // A member of the code part of CompiledProgram (compile/program.hpp), read as `p.code[…]`, `prog.consts`, `p_->fast`.
  const std::regex kCodeMember(
      R"((\bp|\bp_|prog|program)(\.|->)(code|sources|args|consts|strings|lists|fast|fast_args|fast_award|fast_ready|reason_sites|site_of|text_lengths)\b)");
  CHECK(std::regex_search("  const Instr& in = p.code[i];", kCodeMember));  // the pattern finds what it looks for
  size_t files = ForEachSourceLine({"engine/explain", "engine/store", "engine/io", "cli", "api/src"},
                                   [&](const std::string& line) { CHECK_FALSE(std::regex_search(line, kCodeMember)); });
  CHECK(files > 20);
}

TEST_CASE("cli sources hold no Japanese phrase: every phrase a person reads is in the catalog", "[catalog]") {
  size_t files = ForEachSourceLine({"cli"}, [](const std::string& line) { CHECK_FALSE(HasJapanese(line)); });
  CHECK(files > 5);
}

TEST_CASE("the answer words of the questionnaire: do not know, none, and lists", "[catalog][answers]") {
  for (const char* a : {"", "?", "？", "skip", "SKIP", "わからない", "分からない", "不明", "  不明  "}) {
    INFO(a);
    CHECK(IsDontKnow(a));
  }
  for (const char* a : {"no", "0", "いいえ", "x"}) {
    INFO(a);
    CHECK_FALSE(IsDontKnow(a));
  }
  for (const char* a : {"none", "None", "なし", "無し", "ない", "-", "[]"}) {
    INFO(a);
    CHECK(IsNoneAnswer(a));
  }
  CHECK_FALSE(IsNoneAnswer("くるみん"));
  CHECK(SplitListAnswer("a, b、c,,  ") == std::vector<std::string>{"a", "b", "c"});
  CHECK(SplitListAnswer("\xE3\x80\x80くるみん\xE3\x80\x80、えるぼし") == std::vector<std::string>{"くるみん", "えるぼし"});
  CHECK(SplitListAnswer("").empty());
  CHECK(TrimAnswer("\xE3\x80\x80 35万円 \xE3\x80\x80") == "35万円");
}
