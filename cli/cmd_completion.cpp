// SPDX-License-Identifier: Apache-2.0
// `elig completion bash|zsh` and `elig man`: the shell completions and the manual page, made
// from the command line's own definitions, so they name exactly the commands and options
// `elig` has. The build writes them (cli/CMakeLists.txt) and installs them.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "common.hpp"
#include "store/audit.hpp"

namespace elig::cli {
namespace {

// One command as the generators see it: its words from `elig` on, and its options.
struct CommandInfo {
  std::vector<std::string> path;  // {"audit", "verify"}
  const CLI::App* app = nullptr;
};

bool Listed(const CLI::App* a) { return !a->get_name().empty() && !a->get_group().empty(); }

void Collect(const CLI::App* app, std::vector<std::string> path, std::vector<CommandInfo>& out) {
  for (const CLI::App* sub : app->get_subcommands([](const CLI::App* a) { return Listed(a); })) {
    std::vector<std::string> p = path;
    p.push_back(sub->get_name());
    out.push_back({p, sub});
    Collect(sub, p, out);
  }
}

std::vector<CommandInfo> Commands(const CLI::App& root) {
  std::vector<CommandInfo> out;
  Collect(&root, {}, out);
  return out;
}

std::vector<std::string> Subcommands(const CLI::App* app) {
  std::vector<std::string> out;
  for (const CLI::App* sub : app->get_subcommands([](const CLI::App* a) { return Listed(a); })) out.push_back(sub->get_name());
  return out;
}

// The values an option takes when its check lists them: CLI11 names them `TEXT:{a,b}`.
std::vector<std::string> Choices(const CLI::Option* opt) {
  std::string t = opt->get_type_name();
  auto open = t.find('{'), close = t.find('}');
  std::vector<std::string> out;
  if (open == std::string::npos || close == std::string::npos || close < open) return out;
  std::string list = t.substr(open + 1, close - open - 1);
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    std::string item = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    item.erase(0, item.find_first_not_of(' '));
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// A flag has no type name; an option that takes a value has one (TEXT, UINT, …).
bool TakesValue(const CLI::Option* opt) { return opt->get_type_size_max() > 0 && !opt->get_type_name().empty(); }

// What a value is, for the shells: a directory, a file, a fixed list, or free text.
enum class ValueKind { kNone, kDirectory, kFile, kChoices, kText };

ValueKind KindOf(const CLI::Option* opt) {
  if (!TakesValue(opt)) return ValueKind::kNone;
  if (!Choices(opt).empty()) return ValueKind::kChoices;
  const std::string name = opt->get_name(false, true);
  if (name.find("--rules") != std::string::npos) return ValueKind::kDirectory;
  static const char* const kFiles[] = {"--applicant", "--applicants", "--input", "--out", "--results", "--save",
                                       "--audit", "--csv", "--output", "--public-key", "--sign-key"};
  for (const char* f : kFiles)
    if (name.find(f) != std::string::npos) return ValueKind::kFile;
  return ValueKind::kText;
}

std::vector<std::string> OptionNames(const CLI::Option* opt) {
  std::vector<std::string> out;
  for (const auto& l : opt->get_lnames()) out.push_back("--" + l);
  for (const auto& s : opt->get_snames()) out.push_back("-" + s);
  return out;
}

std::string Join(const std::vector<std::string>& words, const char* sep = " ") {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : sep) + w;
  return out;
}

std::string Bash(const CLI::App& root) {
  std::string out =
      "# bash completion for elig, made by `elig completion bash`.\n"
      "_elig() {\n"
      "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd='' i\n"
      "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      "    case ${COMP_WORDS[i]} in -*) ;; *) case \"$cmd ${COMP_WORDS[i]}\" in\n";
  // The words that make a command, so that `elig audit verify` is found word by word.
  std::vector<std::string> known;
  for (const auto& c : Commands(root)) known.push_back("\" " + Join(c.path) + "\"");
  out += "      " + Join(known, "|") + ") cmd=\"${cmd:+$cmd }${COMP_WORDS[i]}\" ;; esac ;; esac\n  done\n";
  out += "  case \"$cmd\" in\n";
  out += "    '') COMPREPLY=($(compgen -W '" + Join(Subcommands(&root)) + " --help --version' -- \"$cur\")); return ;;\n";
  for (const auto& c : Commands(root)) {
    out += "    '" + Join(c.path) + "')\n      case \"$prev\" in\n";
    std::vector<std::string> words = Subcommands(c.app);
    for (const CLI::Option* opt : c.app->get_options()) {
      std::vector<std::string> names = OptionNames(opt);
      if (names.empty()) continue;
      words.insert(words.end(), names.begin(), names.end());
      ValueKind kind = KindOf(opt);
      if (kind == ValueKind::kNone) continue;
      out += "        " + Join(names, "|") + ") ";
      switch (kind) {
        case ValueKind::kDirectory: out += "COMPREPLY=($(compgen -d -- \"$cur\"))"; break;
        case ValueKind::kFile: out += "COMPREPLY=($(compgen -f -- \"$cur\"))"; break;
        case ValueKind::kChoices: out += "COMPREPLY=($(compgen -W '" + Join(Choices(opt)) + "' -- \"$cur\"))"; break;
        default: out += "COMPREPLY=()"; break;
      }
      out += "; return ;;\n";
    }
    out += "      esac\n";
    out += "      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '" + Join(words) +
           "' -- \"$cur\")); else COMPREPLY=($(compgen -W '" + Join(Subcommands(c.app)) +
           "' -- \"$cur\")); [ ${#COMPREPLY[@]} -eq 0 ] && COMPREPLY=($(compgen -f -- \"$cur\")); fi\n";
    out += "      return ;;\n";
  }
  out += "  esac\n}\ncomplete -o filenames -F _elig elig\n";
  return out;
}

// zsh's _arguments specs put descriptions in [...] and values after ':'.
std::string ZshText(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '[' || c == ']' || c == ':' || c == '\\' || c == '\'' || c == '`' || c == '$') out += c == '\'' ? "'\\''" : std::string("\\") + c;
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

std::string ZshFunctionName(const std::vector<std::string>& path) { return "_elig_" + Join(path, "_"); }

std::string Zsh(const CLI::App& root) {
  std::string out = "#compdef elig\n# zsh completion for elig, made by `elig completion zsh`.\n";
  auto describe = [](const CLI::App* app) {
    std::string list;
    for (const CLI::App* sub : app->get_subcommands([](const CLI::App* a) { return Listed(a); }))
      list += "    '" + sub->get_name() + ":" + ZshText(sub->get_description()) + "'\n";
    return list;
  };
  auto dispatch = [&](const CLI::App* app, const std::vector<std::string>& path) {
    std::string s = "  local -a commands\n  commands=(\n" + describe(app) + "  )\n";
    s += "  _arguments -C '1:command:->command' '*::arg:->args'\n";
    s += "  case $state in\n    command) _describe -t commands 'elig command' commands ;;\n    args)\n      case $words[1] in\n";
    for (const CLI::App* sub : app->get_subcommands([](const CLI::App* a) { return Listed(a); })) {
      std::vector<std::string> p = path;
      p.push_back(sub->get_name());
      s += "        " + sub->get_name() + ") " + ZshFunctionName(p) + " ;;\n";
    }
    s += "      esac ;;\n  esac\n";
    return s;
  };
  for (const auto& c : Commands(root)) {
    out += ZshFunctionName(c.path) + "() {\n";
    if (!Subcommands(c.app).empty()) {
      out += dispatch(c.app, c.path);
    } else {
      out += "  _arguments";
      for (const CLI::Option* opt : c.app->get_options()) {
        std::vector<std::string> names = OptionNames(opt);
        std::string desc = ZshText(opt->get_description());
        std::string value;
        switch (KindOf(opt)) {
          case ValueKind::kNone: break;
          case ValueKind::kDirectory: value = ":directory:_files -/"; break;
          case ValueKind::kFile: value = ":file:_files"; break;
          case ValueKind::kChoices: value = ":value:(" + Join(Choices(opt)) + ")"; break;
          case ValueKind::kText: value = ":value: "; break;
        }
        if (names.empty()) {
          out += " \\\n    '*:" + ZshText(opt->get_name()) + ":_files'";
          continue;
        }
        std::string spec = names.size() > 1 ? "{" + Join(names, ",") + "}" : names.front();
        out += " \\\n    " + spec + "'[" + desc + "]" + value + "'";
      }
      out += "\n";
    }
    out += "}\n";
  }
  out += "_elig() {\n" + dispatch(&root, {}) + "}\n_elig \"$@\"\n";
  return out;
}

// roff: a backslash is \e; a line may not start with . or '; a hyphen in an option is \-.
std::string Roff(const std::string& s) {
  std::string out;
  bool line_start = true;
  for (char c : s) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') out += "\\e";
    else if (c == '-') out += "\\-";
    else out += c;
    line_start = c == '\n';
  }
  return out;
}

std::string Man(const CLI::App& root) {
  std::string version = store::EngineVersion();
  std::string out = ".TH ELIG 1 \"\" \"elig " + version + "\" \"User Commands\"\n";
  out += ".SH NAME\nelig \\- eligibility rules engine for subsidy and support programs\n";
  out += ".SH SYNOPSIS\n.B elig\n.I command\n[\\fIoptions\\fR]\n";
  out += ".SH DESCRIPTION\n" + Roff(root.get_description()) + "\n";
  out += ".SH COMMANDS\n";
  for (const auto& c : Commands(root)) {
    out += ".SS \"elig " + Join(c.path) + "\"\n" + Roff(c.app->get_description()) + "\n";
    for (const CLI::Option* opt : c.app->get_options()) {
      std::vector<std::string> names = OptionNames(opt);
      std::string head = names.empty() ? "\\fI" + opt->get_name() + "\\fR" : "\\fB" + Roff(Join(names, ", ")) + "\\fR";
      if (TakesValue(opt) && !names.empty()) head += " \\fI" + Roff(opt->get_type_name()) + "\\fR";
      out += ".TP\n" + head + "\n" + Roff(opt->get_description()) + "\n";
    }
    std::string footer = c.app->get_footer();
    if (!footer.empty()) out += ".PP\n.nf\n" + Roff(footer) + "\n.fi\n";
  }
  out += ".SH EXIT STATUS\n.TP\n0\nsuccess; for check and match: eligible\n.TP\n1\nnot eligible, or the window is closed\n"
         ".TP\n2\nundetermined: facts are missing\n.TP\n3\na test case failed (elig test), or the audit log does not verify\n"
         ".TP\n64\nbad command line\n.TP\n65\napplicant data unreadable or invalid\n.TP\n66\nthe rule files have errors\n"
         ".TP\n70\ninternal error\n.TP\n74\na file or database cannot be read or written\n";
  out += ".SH ENVIRONMENT\n.TP\nNO_COLOR\nwhen set and not empty, no colour on standard output or standard error\n"
         ".TP\nELIG_TZ\nthe time zone of \"today\" (default Asia/Tokyo)\n"
         ".TP\nELIG_JIT\n0, off or no: do not compile the rules' packed plans to machine code (the engine's packed decisions then run as loops, with the same answers)\n.TP\nTMPDIR\nwhere standard input given as \\- is kept while a command reads it\n";
  out += ".SH FILES\n.TP\n<prefix>/share/elig/rules\nthe shipped rules, used when \\-\\-rules is not given and ./rules does not exist\n";
  out += ".SH SEE ALSO\nThe documentation under docs/ in the source: cli.md, language.md, authoring.md, http.md, c-api.md.\n";
  return out;
}

}  // namespace

void RegisterCompletion(CLI::App& app, int& exit) {
  auto shell = std::make_shared<std::string>();
  auto* cmd = AddCommand(app, "completion");
  cmd->add_option("shell", *shell, "bash or zsh")->required()->check(CLI::IsMember({"bash", "zsh"}));
  cmd->callback([shell, &app, &exit] {
    std::cout << (*shell == "bash" ? Bash(app) : Zsh(app));
    exit = kOk;
  });
  // The manual page: written by the build, not a command people run.
  auto* man = app.add_subcommand("man", "Print the manual page (roff)");
  man->group("");
  man->callback([&app, &exit] {
    std::cout << Man(app);
    exit = kOk;
  });
}

}  // namespace elig::cli
