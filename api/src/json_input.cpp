// JSON applicant documents, read with the same rules as `elig check` reads an
// applicant file (io/applicant.cpp), so both bind the same facts. A SAX reader
// keeps what a DOM would lose: every number's exact text (0.1 stays 1/10, not
// a double), key order, and keys given twice.
#include <nlohmann/json.hpp>
#include <set>

#include "capi.hpp"
#include "common/utf8.hpp"

namespace elig::capi {
namespace {

// Deep documents are a mistake or an attack: an applicant is a map of values and lists.
constexpr size_t kMaxDepth = 16;

struct Node {
  enum class Kind : uint8_t { kNull, kScalar, kList, kMap };
  Kind kind = Kind::kNull;
  std::string text;
  bool quoted = false;
  std::vector<Node> items;
  std::vector<std::pair<std::string, Node>> entries;

  // Declared here and defaulted below, where Node is complete: clang in C++20 mode
  // otherwise instantiates ~vector<pair<string, Node>> too early (the fuzz build uses clang).
  Node() = default;
  Node(const Node&) = default;
  Node(Node&&) = default;
  Node& operator=(const Node&) = default;
  Node& operator=(Node&&) = default;
  ~Node();
};
Node::~Node() = default;

class Reader : public nlohmann::json_sax<nlohmann::json> {
 public:
  Node root;
  std::string error;

  bool null() override { return Add(Node{}); }
  bool boolean(bool v) override { return Scalar(v ? "true" : "false", false); }
  bool number_integer(number_integer_t v) override { return Scalar(std::to_string(v), false); }
  bool number_unsigned(number_unsigned_t v) override { return Scalar(std::to_string(v), false); }
  bool number_float(number_float_t, const string_t& text) override { return Scalar(text, false); }
  bool string(string_t& v) override { return Scalar(v, true); }
  bool binary(binary_t&) override { return Add(Node{}); }
  bool start_object(std::size_t) override { return Open(Node::Kind::kMap); }
  bool key(string_t& k) override {
    key_ = k;
    return true;
  }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override { return Open(Node::Kind::kList); }
  bool end_array() override { return Close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) override {
    // "[json.exception.parse_error.101] parse error at line 1, column 5: …": keep the part for people.
    std::string what = ex.what();
    auto close = what.find("] ");
    error = close == std::string::npos ? what : what.substr(close + 2);
    return false;
  }

 private:
  bool Scalar(std::string text, bool quoted) {
    Node n;
    n.kind = Node::Kind::kScalar;
    n.text = std::move(text);
    n.quoted = quoted;
    return Add(std::move(n));
  }
  // Appends to the innermost open container (or sets the root); returns where it went.
  Node* Place(Node n) {
    if (stack_.empty()) {
      root = std::move(n);
      return &root;
    }
    Node* top = stack_.back();
    if (top->kind == Node::Kind::kList) {
      top->items.push_back(std::move(n));
      return &top->items.back();
    }
    top->entries.emplace_back(key_, std::move(n));
    return &top->entries.back().second;
  }
  bool Add(Node n) {
    Place(std::move(n));
    return true;
  }
  bool Open(Node::Kind kind) {
    if (stack_.size() >= kMaxDepth) {
      error = "the document nests deeper than " + std::to_string(kMaxDepth) + " levels";
      return false;
    }
    Node n;
    n.kind = kind;
    // Pointers stay valid: a container is only appended to while it is the innermost.
    stack_.push_back(Place(std::move(n)));
    return true;
  }
  bool Close() {
    stack_.pop_back();
    return true;
  }

  std::vector<Node*> stack_;
  std::string key_;
};

RawValue ToRaw(const Node& n) {
  RawValue v;
  if (n.kind == Node::Kind::kScalar) {
    v.type = RawValue::Type::kScalar;
    v.text = n.text;
    v.quoted = n.quoted;
  } else if (n.kind == Node::Kind::kList) {
    v.type = RawValue::Type::kList;
    for (const auto& item : n.items) v.items.push_back(ToRaw(item));
  }
  return v;  // null and maps: kNull, as the YAML reader does
}

}  // namespace

bool ParseJsonApplicant(const std::string& text, Applicant& out, std::string& error) {
  Reader reader;
  if (!nlohmann::json::sax_parse(text, &reader)) {
    error = reader.error.empty() ? "the document is not valid JSON" : reader.error;
    return false;
  }
  const Node& root = reader.root;
  if (root.kind != Node::Kind::kMap) {
    error = "an applicant is a JSON object of facts, like {\"capital\": 10000000}";
    return false;
  }
  const Node* facts = &root;
  for (const auto& [k, v] : root.entries) {
    if (k == "facts") {
      if (v.kind != Node::Kind::kMap) {
        error = "`facts` must be an object of fact names to values";
        return false;
      }
      facts = &v;
    }
  }
  for (const auto& [k, v] : root.entries) {
    if (k == "id") out.id = v.kind == Node::Kind::kScalar ? v.text : "";
    if (k == "as_of") {
      auto d = v.kind == Node::Kind::kScalar ? ParseDate(v.text) : std::nullopt;
      if (!d) {
        error = "`as_of` must be a real date like \"2026-06-01\"";
        return false;
      }
      out.as_of = d;
    }
  }
  std::set<std::string> seen;
  for (const auto& [k, v] : facts->entries) {
    if (facts == &root && (k == "id" || k == "as_of" || k == "note")) continue;
    if (!seen.insert(k).second) {
      error = "the fact `" + utf8::Printable(k) + "` is given twice";
      return false;
    }
    if (v.kind == Node::Kind::kMap) {
      error = "the fact `" + utf8::Printable(k) + "` must be a value or a list, not an object";
      return false;
    }
    RawFact rf;
    rf.name = k;
    rf.value = ToRaw(v);
    out.facts.push_back(std::move(rf));
  }
  return true;
}

}  // namespace elig::capi
