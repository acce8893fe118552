// SPDX-License-Identifier: Apache-2.0
#include "syntax/doc_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <utility>

#include "common/sha256.hpp"
#include "reader_id.h"  // ELIG_READER_ID: elig's version, yaml-cpp's, and the hash of the reader's sources

namespace elig {
namespace {

// An entry:
//   "ELIGDOC\0"                       magic
//   u32 format version                kFormat
//   u16 n, n bytes                    the reader's id (ELIG_READER_ID)
//   64 bytes                          SHA-256 of the text, hex
//   u32 max_depth, u32 max_nodes, u64 max_bytes   the limits it was read under
//   u64 n, n bytes                    the tree: its nodes in pre-order
//   64 bytes                          SHA-256 of all the bytes before, hex
// A node: u8 tag (type in bits 0-1, quoted in bit 2), varint offset, then a scalar's varint
// length and bytes, a list's varint item count, or a map's varint entry count; the children
// follow. Integers are little-endian.
constexpr std::string_view kMagic{"ELIGDOC\0", 8};
constexpr uint32_t kFormat = 1;
constexpr size_t kHexBytes = 64;
constexpr size_t kMaxReaderId = 256;
constexpr uint8_t kQuoted = 4;

void PutFixed(std::string& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

void PutVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

// Reads what an entry holds, never past its end: every read says whether it fitted.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  size_t left() const { return bytes_.size() - at_; }
  bool Fixed(uint64_t& v, int bytes) {
    if (left() < static_cast<size_t>(bytes)) return false;
    v = 0;
    for (int i = 0; i < bytes; ++i) v |= uint64_t{static_cast<unsigned char>(bytes_[at_ + i])} << (8 * i);
    at_ += static_cast<size_t>(bytes);
    return true;
  }
  bool Varint(uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (left() == 0) return false;
      auto b = static_cast<unsigned char>(bytes_[at_++]);
      v |= uint64_t{b & 0x7Fu} << shift;
      if (!(b & 0x80)) return shift < 63 || b <= 1;
    }
    return false;
  }
  bool Bytes(std::string_view& s, uint64_t n) {
    if (n > left()) return false;
    s = bytes_.substr(at_, static_cast<size_t>(n));
    at_ += static_cast<size_t>(n);
    return true;
  }

 private:
  std::string_view bytes_;
  size_t at_ = 0;
};

void PutHeader(std::string& out, std::string_view text_hash, const DocLimits& limits) {
  std::string_view id = ELIG_READER_ID;
  out.append(kMagic);
  PutFixed(out, kFormat, 4);
  PutFixed(out, id.size(), 2);
  out.append(id);
  out.append(text_hash);
  PutFixed(out, limits.max_depth, 4);
  PutFixed(out, limits.max_nodes, 4);
  PutFixed(out, limits.max_bytes, 8);
}

// The nodes in pre-order, without recursion: a tree is as deep as its limit allows.
void PutTree(std::string& out, const DocNode& root) {
  std::vector<const DocNode*> todo{&root};
  while (!todo.empty()) {
    const DocNode* n = todo.back();
    todo.pop_back();
    out += static_cast<char>(static_cast<uint8_t>(n->type) | (n->quoted ? kQuoted : 0));
    PutVarint(out, n->offset);
    switch (n->type) {
      case DocNode::Type::kNull: break;
      case DocNode::Type::kScalar:
        PutVarint(out, n->scalar.size());
        out += n->scalar;
        break;
      case DocNode::Type::kSeq:
        PutVarint(out, n->items.size());
        for (size_t k = n->items.size(); k-- > 0;) todo.push_back(&n->items[k]);
        break;
      case DocNode::Type::kMap:
        PutVarint(out, n->entries.size());
        for (size_t k = n->entries.size(); k-- > 0;) {
          todo.push_back(&n->entries[k].second);
          todo.push_back(&n->entries[k].first);
        }
        break;
    }
  }
}

// Reads one node's own fields into `n`; `children` is how many nodes follow as its children.
bool GetNode(Reader& r, DocNode& n, uint64_t text_size, uint64_t& children) {
  uint64_t tag = 0, offset = 0;
  if (!r.Fixed(tag, 1) || (tag & ~uint64_t{7}) || !r.Varint(offset) || offset > text_size) return false;
  n.type = static_cast<DocNode::Type>(tag & 3);
  n.quoted = (tag & kQuoted) != 0;
  n.offset = static_cast<uint32_t>(offset);
  children = 0;
  if (n.type == DocNode::Type::kNull) return true;
  uint64_t count = 0;
  if (!r.Varint(count)) return false;
  if (n.type == DocNode::Type::kScalar) {
    std::string_view s;
    if (!r.Bytes(s, count)) return false;
    n.scalar.assign(s);
    return true;
  }
  // Every node takes at least two bytes: a count beyond that is a lie, refused before any
  // memory is set aside for it.
  children = n.type == DocNode::Type::kMap ? count * 2 : count;
  if (count > r.left() / 2 || children > r.left() / 2) return false;
  if (n.type == DocNode::Type::kSeq) n.items.reserve(static_cast<size_t>(count));
  else n.entries.reserve(static_cast<size_t>(count));
  return true;
}

// The tree, within the limits it must have been read under; false when the bytes are not one.
bool GetTree(Reader& r, DocNode& root, uint64_t text_size, const DocLimits& limits) {
  struct Open {
    DocNode* node;
    uint64_t left;  // children still to read
  };
  std::vector<Open> open;
  uint64_t nodes = 0;
  DocNode* next = &root;
  for (;;) {
    uint64_t children = 0;
    if (++nodes > limits.max_nodes || open.size() > limits.max_depth || !GetNode(r, *next, text_size, children))
      return false;
    if (children > 0) open.push_back({next, children});
    while (!open.empty() && open.back().left == 0) open.pop_back();
    if (open.empty()) return true;
    Open& o = open.back();
    --o.left;
    if (o.node->type == DocNode::Type::kSeq) next = &o.node->items.emplace_back();
    else if (o.left % 2 == 1) next = &o.node->entries.emplace_back().first;
    else next = &o.node->entries.back().second;
  }
}

// Makes `dir` and each missing directory above it, private to the user (XDG base directories).
void MakeDirs(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0700) == 0 || errno != ENOENT) return;
  std::string parent = std::filesystem::path(dir).parent_path().string();
  if (parent.empty() || parent.size() >= dir.size()) return;
  MakeDirs(parent);
  ::mkdir(dir.c_str(), 0700);
}

// The cache directory, opened: made when missing, and used only when it is a directory (not a
// link) of this user's that no one else may write. -1 when it cannot be used.
int OpenDir(const std::string& dir) {
  MakeDirs(dir);
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return -1;
  struct stat st {};
  if (::fstat(fd, &st) != 0 || st.st_uid != ::geteuid() || (st.st_mode & 022) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Whether `size` bytes all went through `step(at)` (a read or a write from offset `at`, giving
// what it moved), retried when a signal interrupts it.
template <class Step>
bool Whole(size_t size, Step&& step) {
  size_t done = 0;
  while (done < size) {
    ssize_t n = step(done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

std::optional<std::string> ReadEntry(int dir, const std::string& name) {
  int fd = ::openat(dir, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::optional<std::string> out;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
      static_cast<uint64_t>(st.st_size) <= doc_cache::kMaxEntryBytes) {
    std::string bytes(static_cast<size_t>(st.st_size), '\0');
    if (Whole(bytes.size(), [&](size_t at) { return ::read(fd, bytes.data() + at, bytes.size() - at); }))
      out = std::move(bytes);
  }
  ::close(fd);
  return out;
}

// Written whole under a name of its own, then renamed into place: a reader sees the old
// entry, the new one, or none, never a part of one.
void WriteEntry(int dir, const std::string& name, const std::string& bytes) {
  static std::atomic<uint64_t> serial{0};
  std::string tmp = name + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(serial.fetch_add(1));
  int fd = ::openat(dir, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return;
  bool put = Whole(bytes.size(), [&](size_t at) { return ::write(fd, bytes.data() + at, bytes.size() - at); });
  bool ok = ::close(fd) == 0 && put;
  if (!ok || ::renameat(dir, tmp.c_str(), dir, name.c_str()) != 0) ::unlinkat(dir, tmp.c_str(), 0);
}

std::string Header(std::string_view text, const DocLimits& limits) {
  std::string out;
  PutHeader(out, Sha256Hex(text), limits);
  return out;
}

std::string EncodeAfter(std::string header, const DocNode& root) {
  std::string tree;
  PutTree(tree, root);
  std::string out = std::move(header);
  PutFixed(out, tree.size(), 8);
  out += tree;
  out += Sha256Hex(out);
  return out;
}

std::optional<DocNode> DecodeAfter(std::string_view header, std::string_view bytes, size_t text_size,
                                   const DocLimits& limits) {
  if (bytes.size() < kHexBytes || bytes.size() > doc_cache::kMaxEntryBytes) return std::nullopt;
  std::string_view body = bytes.substr(0, bytes.size() - kHexBytes);
  if (Sha256Hex(body) != bytes.substr(body.size())) return std::nullopt;
  // The header must be the very one this reader writes for this text under these limits.
  if (body.substr(0, header.size()) != header) return std::nullopt;
  Reader r(body.substr(header.size()));
  uint64_t size = 0;
  if (!r.Fixed(size, 8) || size != r.left()) return std::nullopt;
  DocNode root;
  if (!GetTree(r, root, text_size, limits) || r.left() != 0) return std::nullopt;
  return root;
}

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

namespace doc_cache {

std::string EntryName(std::string_view text, const DocLimits& limits) { return Sha256Hex(Header(text, limits)) + ".doc"; }

std::string Encode(const DocNode& root, std::string_view text, const DocLimits& limits) {
  return EncodeAfter(Header(text, limits), root);
}

std::optional<DocNode> Decode(std::string_view bytes, std::string_view text, const DocLimits& limits) {
  return DecodeAfter(Header(text, limits), bytes, text.size(), limits);
}

}  // namespace doc_cache

std::string DefaultDocCacheDir() {
  if (const char* use = std::getenv("ELIG_CACHE")) {
    std::string_view v = use;
    if (v == "0" || v == "off" || v == "no") return "";
  }
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg && xdg[0] == '/') return std::string(xdg) + "/elig";
  const char* home = std::getenv("HOME");
  if (home && home[0] == '/') return std::string(home) + "/.cache/elig";
  return "";
}

bool ParseDocCached(const SourceFile& file, DocNode& out, std::vector<Diagnostic>& diags, const DocLimits& limits,
                    const std::string& dir) {
  Fd cache{dir.empty() ? -1 : OpenDir(dir)};
  if (cache.fd < 0) return ParseDoc(file, out, diags, limits);
  std::string header = Header(file.text(), limits);
  std::string name = Sha256Hex(header) + ".doc";
  if (auto bytes = ReadEntry(cache.fd, name)) {
    if (auto tree = DecodeAfter(header, *bytes, file.text().size(), limits)) {
      out = std::move(*tree);
      return true;
    }
  }
  bool ok = ParseDoc(file, out, diags, limits);
  if (ok) WriteEntry(cache.fd, name, EncodeAfter(std::move(header), out));
  return ok;
}

}  // namespace elig
