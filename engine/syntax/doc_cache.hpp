// SPDX-License-Identifier: Apache-2.0
// Parsed rule files kept on disk, so that a command run again on the same rules does not read
// their YAML again: yaml-cpp's scanner is most of the cost of loading rules.
//
// An entry is the DocNode tree of one file, with its byte offsets, so every diagnostic made
// from it is the one a fresh parse gives. Its name is the hash of the file's text, of the
// limits it was read under and of the reader that read it (the reader's own sources, elig's
// version, yaml-cpp's version): an entry can only ever be found by the text it was made from.
// An entry is never trusted: the format version, elig's version, the text's hash and a
// checksum of the whole are checked, every size is bounded, and a tree that breaks the limits
// or points past the text is refused. Whatever is wrong with it, the file is parsed again and
// the entry written anew. Only files that parse without an error are kept.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syntax/doc.hpp"

namespace elig {

// The cache directory to use: $XDG_CACHE_HOME/elig (when it is an absolute path), else
// $HOME/.cache/elig; empty (no cache) when ELIG_CACHE is `0`, `off` or `no`, or no home is known.
std::string DefaultDocCacheDir();

// Parses `file` as ParseDoc does, through the cache in `dir` (none when empty). The directory
// is made (0700) when missing; one that cannot be made or written, or that is not the user's
// own and private, is passed over in silence.
bool ParseDocCached(const SourceFile& file, DocNode& out, std::vector<Diagnostic>& diags, const DocLimits& limits,
                    const std::string& dir);

// The pieces, for tests and the fuzzer.
namespace doc_cache {

// The entry's file name in the cache: hex of the key's hash, with ".doc".
std::string EntryName(std::string_view text, const DocLimits& limits);
// The bytes of an entry holding `root`, parsed from `text`.
std::string Encode(const DocNode& root, std::string_view text, const DocLimits& limits);
// The tree in `bytes`, when they are a sound entry for `text` under `limits`; nullopt otherwise.
std::optional<DocNode> Decode(std::string_view bytes, std::string_view text, const DocLimits& limits);
// The largest entry read: a tree of max_nodes nodes takes far less.
constexpr size_t kMaxEntryBytes = 256u * 1024 * 1024;

}  // namespace doc_cache

}  // namespace elig
