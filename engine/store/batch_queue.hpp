// SPDX-License-Identifier: Apache-2.0
// The chunks between the thread that reads and decides them and the writer thread that
// commits them: the pipeline of a batch. Internal to store/.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "store/batch_rows.hpp"
#include "store/sqlite.hpp"

namespace elig::store::batch {

// While the writer commits chunk k, the caller reads and decides chunk k+1. Two chunks at
// most are in flight, which bounds memory. The first write that fails stops the writer and
// drops what is queued.
class ChunkQueue {
 public:
  using WriteFn = std::function<Status(const Chunk&)>;

  // Starts the writer thread, which calls `write` for each chunk pushed, in order.
  explicit ChunkQueue(WriteFn write) : write_(std::move(write)), thread_([this] { Loop(); }) {}
  ChunkQueue(const ChunkQueue&) = delete;
  ChunkQueue& operator=(const ChunkQueue&) = delete;
  ~ChunkQueue() { Close(); }

  // Waits for room; false, with the chunk not taken, once the writer has stopped.
  bool Push(Chunk&& chunk) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return queue_.size() < 2 || closing_; });
      if (closing_) return false;
      queue_.push_back(std::move(chunk));
    }
    cv_.notify_all();
    return true;
  }

  // Frees the chunks written so far. On the thread that made them: glibc frees memory of
  // another thread's arena under that arena's lock, which made the writer a third slower.
  void FreeSpent() {
    std::vector<Chunk> done;
    std::lock_guard<std::mutex> lock(mu_);
    done.swap(spent_);
  }

  // Lets the writer commit what is queued, then joins it.
  void Close() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      closing_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  uint64_t rows_done() const { return rows_done_; }
  // The failed write's status, once closed.
  const Status& status() const { return status_; }

 private:
  void Loop() {
    for (;;) {
      Chunk c;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return !queue_.empty() || closing_; });
        if (queue_.empty()) return;
        c = std::move(queue_.front());
        queue_.pop_front();
      }
      cv_.notify_all();
      Status s = write_(c);
      size_t written = c.rows.size();
      std::lock_guard<std::mutex> lock(mu_);
      spent_.push_back(std::move(c));
      if (!s.ok()) {
        status_ = s;
        queue_.clear();
        closing_ = true;
        cv_.notify_all();
        return;
      }
      rows_done_ += written;
    }
  }

  WriteFn write_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Chunk> queue_;
  std::vector<Chunk> spent_;  // written, to be freed by FreeSpent
  bool closing_ = false;
  Status status_;
  std::atomic<uint64_t> rows_done_{0};
  std::thread thread_;  // last: started once the rest is made
};

}  // namespace elig::store::batch
