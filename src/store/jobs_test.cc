// The scan job queue and checkpoints: exclusive claims across connections,
// leases that expire and re-queue, and resume after a kill without double
// counting.
#include <gmock/gmock.h>
#include <signal.h>
#include <sys/wait.h>

#include <barrier>
#include <chrono>
#include <set>
#include <thread>

#include "store/store_test_support.h"

namespace govscore::store::testing {
namespace {

class JobsTest : public StoreTest {
 protected:
  Id MakeJob(int64_t max_attempts = 3) {
    return store_->EnqueueScanJob(admin, MakeScan(unit_), 0, max_attempts);
  }
  void SetUp() override {
    StoreTest::SetUp();
    if (!HasFatalFailure()) unit_ = MakeUnit("a");
  }
  Id unit_ = 0;
};

TEST_P(JobsTest, TwoConnectionsNeverClaimTheSameJob) {
  constexpr int kJobs = 40;
  std::set<Id> all;
  for (int i = 0; i < kJobs; ++i) all.insert(MakeJob());
  std::vector<Id> claimed[2];
  std::barrier start(2);
  auto work = [&](int w) {
    auto store = Open();  // own connection
    const std::string name = "worker-" + std::to_string(w);
    start.arrive_and_wait();
    while (auto job = store->ClaimScanJob(name, 600'000)) {
      claimed[w].push_back(job->id);
      EXPECT_EQ(job->lease_owner, name);
      EXPECT_TRUE(store->CompleteScanJob(job->id, name, true));
    }
  };
  std::thread t0(work, 0), t1(work, 1);
  t0.join();
  t1.join();
  std::multiset<Id> got(claimed[0].begin(), claimed[0].end());
  got.insert(claimed[1].begin(), claimed[1].end());
  EXPECT_EQ(got.size(), static_cast<size_t>(kJobs));
  EXPECT_EQ(std::set<Id>(got.begin(), got.end()), all);  // each exactly once
  for (Id id : all) EXPECT_EQ(store_->FindScanJob(id)->state, JobState::kDone);
}

TEST_P(JobsTest, ExpiredLeaseGoesToTheNextWorker) {
  Id job = MakeJob();
  auto a = store_->ClaimScanJob("a", 1000);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->id, job);
  EXPECT_EQ(a->attempts, 1);
  EXPECT_FALSE(store_->ClaimScanJob("b", 1000));  // leased

  Advance(800);
  EXPECT_TRUE(store_->HeartbeatScanJob(job, "a", 1000));  // now valid until +1800
  Advance(800);
  EXPECT_FALSE(store_->ClaimScanJob("b", 1000));
  EXPECT_FALSE(store_->HeartbeatScanJob(job, "b", 1000));  // not b's lease

  Advance(1000);  // a died: no heartbeat
  auto b = store_->ClaimScanJob("b", 1000);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->id, job);
  EXPECT_EQ(b->attempts, 2);
  EXPECT_EQ(b->lease_owner, "b");
  // The old owner is fenced out.
  EXPECT_FALSE(store_->HeartbeatScanJob(job, "a", 1000));
  EXPECT_FALSE(store_->CompleteScanJob(job, "a", true));
  EXPECT_FALSE(store_->SaveCheckpoint(job, "a", "state", {{"http://a/1", 200, "{}"}}));
  EXPECT_TRUE(store_->CompleteScanJob(job, "b", true));
  EXPECT_EQ(store_->FindScanJob(job)->state, JobState::kDone);
  auto audit = store_->ListAudit("scan_job", job);
  ASSERT_GE(audit.size(), 3u);
  EXPECT_EQ(audit[0].action, "job.complete");
  EXPECT_EQ(audit[1].action, "job.claim");
  EXPECT_THAT(audit[1].summary, ::testing::HasSubstr("expired_owner"));
}

TEST_P(JobsTest, RequeueExpiredLeasesUntilAttemptsRunOut) {
  Id job = MakeJob(2);
  ASSERT_TRUE(store_->ClaimScanJob("a", 1000));
  EXPECT_EQ(store_->RequeueExpiredLeases(), 0);
  Advance(1001);
  EXPECT_EQ(store_->RequeueExpiredLeases(), 1);
  auto j = store_->FindScanJob(job);
  EXPECT_EQ(j->state, JobState::kQueued);
  EXPECT_FALSE(j->lease_owner);
  EXPECT_THAT(j->last_error, ::testing::HasSubstr("lease of a expired"));

  ASSERT_TRUE(store_->ClaimScanJob("b", 1000));
  Advance(1001);
  EXPECT_EQ(store_->RequeueExpiredLeases(), 1);
  EXPECT_EQ(store_->FindScanJob(job)->state, JobState::kFailed);  // 2 attempts used
  EXPECT_FALSE(store_->ClaimScanJob("c", 1000));
  EXPECT_THROW(store_->EnqueueScanJob(admin, store_->FindScanJob(job)->scan_id), ConstraintError);
}

TEST_P(JobsTest, FailedRunIsRetriedThenFails) {
  Id job = MakeJob(2);
  auto a = store_->ClaimScanJob("a", 1000);
  EXPECT_TRUE(store_->CompleteScanJob(a->id, "a", false, "timeout"));
  EXPECT_EQ(store_->FindScanJob(job)->state, JobState::kQueued);
  EXPECT_FALSE(store_->ClaimScanJob("b", 1000));  // waits 30 s before the retry
  Advance(30'000);
  auto b = store_->ClaimScanJob("b", 1000);
  ASSERT_TRUE(b);
  EXPECT_TRUE(store_->CompleteScanJob(b->id, "b", false, "timeout again"));
  auto j = store_->FindScanJob(job);
  EXPECT_EQ(j->state, JobState::kFailed);
  EXPECT_EQ(j->last_error, "timeout again");
}

TEST_P(JobsTest, HigherPriorityFirst) {
  Id low = MakeJob();
  Id high = store_->EnqueueScanJob(admin, MakeScan(unit_), 10);
  EXPECT_EQ(store_->ClaimScanJob("a", 1000)->id, high);
  EXPECT_EQ(store_->ClaimScanJob("a", 1000)->id, low);
}

TEST_P(JobsTest, ResumeFromCheckpointWithoutDoubleCounting) {
  Id job = MakeJob();
  Id scan = store_->FindScanJob(job)->scan_id;
  ASSERT_TRUE(store_->ClaimScanJob("a", 1000));
  EXPECT_TRUE(store_->SaveCheckpoint(job, "a", "frontier-1",
                                     {{"http://a/", 200, "{}"}, {"http://a/1", 200, "{}"}}));
  EXPECT_TRUE(store_->SaveCheckpoint(job, "a", "frontier-2", {{"http://a/2", 404, "{}"}}));
  // A checkpoint that fails half-way stores none of its pages.
  EXPECT_THROW(store_->SaveCheckpoint(job, "a", "frontier-3", {{"http://a/3", 200, "{}"}, {"", 0}}),
               Error);
  auto cp = store_->LatestCheckpoint(scan);
  ASSERT_TRUE(cp);
  EXPECT_EQ(cp->seq, 2);
  EXPECT_EQ(cp->pages_done, 3);
  EXPECT_EQ(cp->frontier_state, "frontier-2");

  // a is killed; b takes over after the lease and redoes /2 (already stored).
  Advance(1001);
  ASSERT_TRUE(store_->ClaimScanJob("b", 1000));
  EXPECT_EQ(store_->LatestCheckpoint(scan)->frontier_state, "frontier-2");
  EXPECT_TRUE(store_->SaveCheckpoint(job, "b", "frontier-3",
                                     {{"http://a/2", 404, "{}"}, {"http://a/3", 200, "{}"}}));
  cp = store_->LatestCheckpoint(scan);
  EXPECT_EQ(cp->seq, 3);
  EXPECT_EQ(cp->pages_done, 4);
  EXPECT_EQ(cp->worker, "b");
  EXPECT_EQ(store_->ScanPages(scan).size(), 4u);
}

// A worker process killed with SIGKILL in the middle of writing checkpoints:
// what it committed is intact and consistent, and the next worker resumes.
TEST_P(JobsTest, KilledWorkerProcessLosesNothingCommitted) {
  Id job = MakeJob();
  Id scan = store_->FindScanJob(job)->scan_id;
  store_.reset();  // the child opens its own connection after fork
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    try {
      auto store = Open();
      if (!store->ClaimScanJob("doomed", 1000)) _exit(3);
      for (int batch = 0;; ++batch) {
        std::vector<CheckpointPage> pages;
        for (int i = 0; i < 5; ++i)
          pages.push_back({"http://a/" + std::to_string(batch * 5 + i), 200, "{}"});
        store->SaveCheckpoint(job, "doomed", "batch-" + std::to_string(batch), pages);
      }
    } catch (...) {
      _exit(4);
    }
  }
  store_ = Open();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (true) {
    auto cp = store_->LatestCheckpoint(scan);
    if (cp && cp->seq >= 5) break;
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, WNOHANG), 0) << "worker exited early, status " << status;
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "worker made no progress";
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));

  store_ = Open();  // as after a restart
  auto cp = store_->LatestCheckpoint(scan);
  ASSERT_TRUE(cp);
  // Each checkpoint commits 5 new pages with it, or nothing.
  EXPECT_EQ(cp->pages_done, cp->seq * 5);
  EXPECT_EQ(static_cast<int64_t>(store_->ScanPages(scan).size()), cp->pages_done);

  Advance(1001);
  auto next = store_->ClaimScanJob("heir", 1000);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->id, job);
  // The heir redoes the last batch and one new page: only the new one counts.
  std::vector<CheckpointPage> redo;
  for (int i = 0; i < 5; ++i)
    redo.push_back({"http://a/" + std::to_string((cp->seq - 1) * 5 + i), 200, "{}"});
  redo.push_back({"http://a/new", 200, "{}"});
  ASSERT_TRUE(store_->SaveCheckpoint(job, "heir", "resumed", redo));
  EXPECT_EQ(store_->LatestCheckpoint(scan)->pages_done, cp->pages_done + 1);
}

GOVSCORE_STORE_TEST_SUITE(JobsTest);

}  // namespace
}  // namespace govscore::store::testing
