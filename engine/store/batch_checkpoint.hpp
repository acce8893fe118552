// SPDX-License-Identifier: Apache-2.0
// The batch's WAL checkpoints, made off the writer thread. Internal to store/.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "store/sqlite.hpp"

namespace elig::store::batch {

// Copies the log into the file (a WAL checkpoint) on a thread and connection of its own,
// so that the writer thread, which paces a batch, does not: the checkpoint's reading of
// the log and writing of the file were most of the kernel's work on that thread. SQLite
// starts the log again from its beginning only when everything in it has been copied by
// the time a transaction begins, so every kRestartEvery commits the writer waits for the
// copy to catch up (about two milliseconds each time: waiting every 16 commits took a
// twentieth of a run, every 64 a hundredth); without that wait the log would grow for the
// whole run. Nothing here is needed for a commit to be safe: a checkpoint that fails or
// is never made leaves the commits in the log, where SQLite finds them.
class Checkpointer {
 public:
  // Turns off the writer connection's own checkpoints and starts the thread; false, with
  // nothing changed, when the second connection cannot be opened (the writer then
  // checkpoints as before).
  bool Start(Db& writer, const std::string& path);

  // After each commit of the writer.
  void Committed();

  // Before each transaction of the writer: every kRestartEvery commits, waits until the
  // log is copied up to the last commit.
  void BeforeBegin();

  // Joins the thread and turns the writer's own checkpoints back on.
  void Stop(Db& writer);

  ~Checkpointer();

 private:
  static constexpr int kRestartEvery = 64;

  void Loop();

  std::unique_ptr<Db> db_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  uint64_t committed_ = 0, copied_ = 0;  // commits made, and copied (or tried)
  bool stopping_ = false;
  int since_wait_ = 0;  // the writer's: transactions since it last waited
};

}  // namespace elig::store::batch
