// Mid-crawl checkpoints: the crawl log of a scan (migration 5,
// crawl/crawl_log.h, docs/storage.md).
#include "store/sql_store.h"

namespace govscore::store {

bool SqlStore::AppendCrawlLog(Id job_id, const std::string& worker, const std::string& events,
                              int64_t pages) {
  Transaction tx(*db_);
  const std::optional<Id> scan_id_or = LockLeasedJobScan(job_id, worker);
  if (!scan_id_or) {
    tx.Commit();
    return false;
  }
  const Id scan_id = *scan_id_or;
  Rows last = db_->Query("SELECT MAX(seq) FROM scan_crawl_log WHERE scan_id = ?", {scan_id});
  const int64_t seq = (last.empty() || last[0].IsNull(0) ? 0 : last[0].Int(0)) + 1;
  db_->Query(
      "INSERT INTO scan_crawl_log (scan_id, seq, events, pages, worker, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {scan_id, seq, events, pages, worker, Now()});
  if (options_.fault_hook) options_.fault_hook("crawl_log.insert");
  tx.Commit();
  return true;
}

std::vector<CrawlLogBatch> SqlStore::ReadCrawlLog(Id scan_id, int64_t after_seq, int limit) {
  std::vector<CrawlLogBatch> out;
  for (const Row& r : db_->Query(
           "SELECT seq, events, pages, worker, created_at FROM scan_crawl_log WHERE scan_id = ? "
           "AND seq > ? ORDER BY seq LIMIT ?",
           {scan_id, after_seq, static_cast<int64_t>(std::max(1, limit))}))
    out.push_back({r.Int(0), r.Text(1), r.Int(2), r.Text(3), r.Int(4)});
  return out;
}

std::pair<int64_t, int64_t> SqlStore::CrawlLogSize(Id scan_id) {
  Rows r = db_->Query(
      "SELECT COUNT(*), COALESCE(SUM(pages), 0) FROM scan_crawl_log WHERE scan_id = ?", {scan_id});
  return {r[0].Int(0), r[0].Int(1)};
}

void SqlStore::DeleteCrawlLog(Id scan_id) {
  db_->Query("DELETE FROM scan_crawl_log WHERE scan_id = ?", {scan_id});
}

}  // namespace govscore::store
