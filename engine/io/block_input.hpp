// SPDX-License-Identifier: Apache-2.0
// The input of the CSV and JSON Lines readers, read a block at a time: the readers look
// for a record's end in what is buffered, and fall back to a byte at a time only where a
// record needs it (quotes, a record across two blocks, a record over the limits).
#pragma once

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <istream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

namespace elig::io_detail {

class BlockInput {
 public:
  explicit BlockInput(std::unique_ptr<std::istream> in) : in_(std::move(in)) {}

  // False when the input could not be opened.
  bool ok() const { return in_ && static_cast<bool>(*in_); }

  // The next byte, consumed or not; -1 at the end.
  int Get() {
    if (!Fill()) return -1;
    ++offset_;
    return static_cast<unsigned char>(buf_[at_++]);
  }
  int Peek() { return Fill() ? static_cast<unsigned char>(buf_[at_]) : -1; }

  // What is buffered from the next byte on (empty only at the end of the input).
  std::string_view Buffered() {
    Fill();
    return std::string_view(buf_).substr(at_);
  }
  // Consumes `n` bytes of Buffered().
  void Skip(size_t n) {
    at_ += n;
    offset_ += n;
  }

  // Bytes consumed so far.
  uint64_t offset() const { return offset_; }

 private:
  static constexpr size_t kBlock = 1 << 20;

  bool Fill() {
    if (at_ < buf_.size()) return true;
    buf_.resize(kBlock);
    in_->read(buf_.data(), static_cast<std::streamsize>(kBlock));
    buf_.resize(static_cast<size_t>(std::max<std::streamsize>(0, in_->gcount())));
    at_ = 0;
    return !buf_.empty();
  }

  std::unique_ptr<std::istream> in_;
  std::string buf_;
  size_t at_ = 0;
  uint64_t offset_ = 0;
};

// What a reader reads: a file or text in memory, and its size in bytes (0 when unknown).
struct Input {
  std::unique_ptr<std::istream> in;
  uint64_t size = 0;
};

inline Input InputFile(const std::string& path) {
  std::error_code ec;
  uint64_t size = std::filesystem::file_size(path, ec);
  return {std::make_unique<std::ifstream>(path, std::ios::binary), ec ? 0 : size};
}

inline Input InputText(std::string text) {
  uint64_t size = text.size();
  return {std::make_unique<std::istringstream>(std::move(text), std::ios::binary), size};
}

// A reader `Stream` (constructed from the stream, a name for places, the size and options) over `input`.
template <class Stream, class Options>
std::unique_ptr<Stream> OpenInput(Input input, const std::string& name, const Options& options) {
  return std::make_unique<Stream>(std::move(input.in), name, input.size, options);
}

}  // namespace elig::io_detail
