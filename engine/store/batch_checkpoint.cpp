// SPDX-License-Identifier: Apache-2.0
#include "store/batch_checkpoint.hpp"

namespace elig::store::batch {

bool Checkpointer::Start(Db& writer, const std::string& path) {
  Status st;
  db_ = Db::Open(path, OpenMode::kReadWrite, st);
  if (!db_ || !writer.Exec("PRAGMA wal_autocheckpoint=0").ok()) {
    db_.reset();
    return false;
  }
  thread_ = std::thread([this] { Loop(); });
  return true;
}

void Checkpointer::Committed() {
  if (!db_) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++committed_;
  }
  cv_.notify_all();
}

void Checkpointer::BeforeBegin() {
  if (!db_ || ++since_wait_ < kRestartEvery) return;
  since_wait_ = 0;
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] { return copied_ == committed_; });
}

void Checkpointer::Stop(Db& writer) {
  if (!db_) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
  db_.reset();
  writer.Exec("PRAGMA wal_autocheckpoint=1000");  // SQLite's default
}

Checkpointer::~Checkpointer() {
  if (thread_.joinable()) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
}

void Checkpointer::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] { return stopping_ || copied_ != committed_; });
    if (copied_ == committed_) return;  // stopping, and nothing left to copy
    uint64_t upto = committed_;
    lock.unlock();
    db_->Exec("PRAGMA wal_checkpoint(PASSIVE)");  // a failure leaves the log as it is
    lock.lock();
    copied_ = upto;
    cv_.notify_all();
  }
}

}  // namespace elig::store::batch
