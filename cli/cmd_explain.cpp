// SPDX-License-Identifier: Apache-2.0
// `elig explain`: compact decision JSON (from `elig check --format compact`, `elig batch
// --explain-compact` or the C API) back into the full explanation, as text or JSON.
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "common.hpp"
#include "common/utf8.hpp"
#include "explain/explain.hpp"

namespace elig::cli {

namespace {

// A compact decision is a few kilobytes; a line past this is not one, and is not read into memory.
constexpr size_t kMaxLine = 16u << 20;

// One line without its "\n" (or "\r\n"); false at the end of the input. A line longer
// than kMaxLine is skipped to its end and `too_long` is set.
bool ReadLine(std::istream& in, std::string& line, bool& too_long) {
  line.clear();
  too_long = false;
  std::streambuf* buf = in.rdbuf();
  bool any = false;
  for (int c = buf->sbumpc(); c != std::char_traits<char>::eof(); c = buf->sbumpc()) {
    any = true;
    if (c == '\n') break;
    if (line.size() < kMaxLine) line += static_cast<char>(c);
    else too_long = true;
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return any;
}

}  // namespace

void RegisterExplain(CLI::App& app, int& exit) {
  struct Opts {
    Common c;
    std::string rules;  // empty: RulesDir finds them
    std::string input = "-";
    bool brief = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = AddCommand(app, "explain");
  AddRules(cmd, o->rules);
  cmd->add_option("--input,-i", o->input, "compact decision JSON, one per line (- for standard input)")->capture_default_str();
  cmd->add_flag("--brief", o->brief, "text: show only what decided the outcome");
  AddLang(cmd, o->c);
  AddFormat(cmd, o->c, "text, or json (the full decision JSON, one line each)");
  cmd->callback([o, &exit] {
    const Lang lang = o->c.language();
    std::ifstream file;
    if (o->input != "-") {
      file.open(o->input, std::ios::binary);
      if (!file) {
        SayError(lang, Msg::kCliCannotRead, fmt::arg("file", o->input));
        exit = kIoError;
        return;
      }
    }
    std::istream& in = o->input == "-" ? std::cin : file;
    const std::string name = o->input == "-" ? "<stdin>" : o->input;
    auto rs = LoadRules(o->rules, o->c.ErrColor(), exit, lang);
    if (!rs) return;
    TextOptions to;
    to.lang = lang;
    to.color = o->c.Color();
    to.verbose = !o->brief;
    std::string line;
    bool too_long = false, first = true;
    size_t number = 0;
    CompactDecision decision;
    exit = kOk;
    auto fail = [&](const std::string& why) {
      std::cerr << Say(lang, Msg::kCliExplainLineError, fmt::arg("place", TerminalText(name) + ":" + std::to_string(number)),
                       fmt::arg("why", TerminalText(why)))
                << "\n";
      exit = kInputError;
    };
    while (ReadLine(in, line, too_long)) {
      ++number;
      if (too_long) {
        fail(Say(lang, Msg::kCliExplainTooLong, fmt::arg("mib", kMaxLine >> 20)));
        continue;
      }
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      // The program first, to know which to read the decision with.
      std::string id;
      try {
        auto j = nlohmann::json::parse(line);
        if (j.is_object() && j.contains("program") && j["program"].is_string()) id = j["program"].get<std::string>();
      } catch (const nlohmann::json::exception& e) {
        fail(Say(lang, Msg::kCliExplainNotJson, fmt::arg("error", e.what())));
        continue;
      }
      if (id.empty()) {
        fail(Say(lang, Msg::kCliExplainNoProgram));
        continue;
      }
      const CompiledProgram* p = rs->Find(id);
      if (!p) {
        fail(Say(lang, Msg::kCliExplainUnknownProgram, fmt::arg("id", utf8::Printable(id)), fmt::arg("dir", RulesDir(o->rules))));
        continue;
      }
      std::string error;
      if (!ReadCompactJson(*p, line, decision, error, lang)) {
        fail(error);
        continue;
      }
      if (o->c.json()) {
        std::cout << RenderJson(decision.decision, lang) << "\n";
      } else {
        if (!first) std::cout << "\n";
        std::cout << RenderText(decision.decision, to);
      }
      first = false;
    }
    if (in.bad()) {
      SayError(lang, Msg::kCliCannotRead, fmt::arg("file", name));
      exit = kIoError;
    }
  });
}

}  // namespace elig::cli
