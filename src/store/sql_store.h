// SqlStore: the one Store implementation, over a Connection of either backend.
// Internal to src/store; users include store/store.h and call OpenStore.
// The SQL of each entity lives in its own file: units.cc, campaigns.cc
// (frameworks, campaigns, events, score snapshots), scans.cc (scans, measures),
// findings.cc, judgments.cc, users.cc (users, sessions, audit), jobs.cc (job
// queue, checkpoints).
#pragma once

#include <nlohmann/json.hpp>

#include "store/store.h"

namespace govscore::store {

class SqlStore final : public Store {
 public:
  SqlStore(std::unique_ptr<Connection> db, Options options);

  Dialect dialect() const override { return db_->dialect(); }
  int schema_version() override;

  Id CreateUnit(const Actor& actor, const Unit& unit) override;
  void UpdateUnit(const Actor& actor, const Unit& unit) override;
  void DeleteUnit(const Actor& actor, Id id) override;
  std::optional<Unit> FindUnit(Id id) override;
  std::optional<Unit> FindUnitByCode(const std::string& code) override;
  std::vector<Unit> ListUnits() override;
  std::vector<Id> ImportUnits(const Actor& actor, const std::vector<UnitImport>& units) override;

  Id AddFrameworkVersion(const Actor& actor, const FrameworkVersion& fv) override;
  std::optional<FrameworkVersion> FindFrameworkVersion(Id id) override;
  std::vector<FrameworkVersion> ListFrameworkVersions() override;

  Id CreateCampaign(const Actor& actor, const Campaign& c) override;
  void UpdateCampaign(const Actor& actor, const Campaign& c) override;
  void SetCampaignState(const Actor& actor, Id id, CampaignState state) override;
  std::optional<Campaign> FindCampaign(Id id) override;
  std::vector<Campaign> ListCampaigns() override;

  Id CreateScan(const Actor& actor, const Scan& scan) override;
  void StartScan(const Actor& actor, Id scan_id) override;
  void FinishScan(const Actor& actor, Id scan_id, ScanState state,
                  const std::optional<std::string>& summary_json,
                  const std::optional<std::string>& document_json,
                  const std::string& error) override;
  std::optional<Scan> FindScan(Id id, bool with_document) override;
  std::vector<Scan> ListScans(Id unit_id) override;
  std::vector<Scan> ListCampaignScans(Id campaign_id) override;
  void UpdateScanProgress(Id scan_id, const std::string& progress_json) override;

  std::vector<Id> AddMeasures(const Actor& actor, const std::vector<Measure>& m) override;
  std::vector<Measure> ListMeasures(Id unit_id, std::optional<Id> scan_id) override;

  FindingsUpdate RecordScanFindings(const Actor& actor, Id scan_id,
                                    const std::vector<ObservedFinding>& seen) override;
  void ClaimFindingFixed(const Actor& actor, Id finding_id, const std::string& note) override;
  std::optional<Finding> FindFinding(Id id) override;
  std::vector<Finding> ListFindings(Id unit_id) override;
  std::vector<FindingTransition> FindingHistory(Id finding_id) override;

  JudgmentRevision SaveJudgment(const Actor& actor, const JudgmentKey& key, JudgmentState state,
                                const std::string& value_json, const std::string& note,
                                const std::vector<JudgmentEvidence>& evidence) override;
  std::optional<Judgment> FindJudgment(const JudgmentKey& key) override;
  std::vector<Judgment> ListJudgments(Id campaign_id) override;
  std::vector<JudgmentRevision> JudgmentRevisions(Id judgment_id) override;

  void SetReviewerIndicators(const Actor& actor, Id campaign_id, Id user_id,
                             const std::vector<std::string>& indicator_ids) override;
  std::vector<ReviewerIndicators> ListReviewerIndicators(Id campaign_id) override;
  Id AddEvidenceFile(const Actor& actor, const EvidenceFile& file) override;
  std::optional<EvidenceFile> FindEvidenceFile(const std::string& stored_name) override;
  std::vector<EvidenceFile> ListEvidenceFiles(Id unit_id, std::optional<Id> campaign_id) override;

  Id AddEvent(const Actor& actor, const Event& e) override;
  std::vector<Event> ListEvents(Id unit_id) override;
  Id PublishScoreSnapshot(const Actor& actor, Id campaign_id,
                          const std::string& sheet_json) override;
  std::optional<ScoreSnapshot> LatestScoreSnapshot(Id campaign_id) override;
  std::vector<ScoreSnapshot> ListScoreSnapshots(Id campaign_id) override;

  Id CreateUser(const Actor& actor, const NewUser& user) override;
  void SetPassword(const Actor& actor, Id user_id, const std::string& password) override;
  void SetUserDisabled(const Actor& actor, Id user_id, bool disabled) override;
  std::optional<User> FindUser(Id id) override;
  std::optional<User> FindUserByName(const std::string& username) override;
  std::vector<User> ListUsers() override;
  void UpdateUser(const Actor& actor, Id user_id, const std::string& display_name, Role role,
                  const std::vector<Id>& unit_ids) override;
  std::optional<User> Authenticate(const std::string& username,
                                   const std::string& password) override;
  NewSession CreateSession(Id user_id, Millis ttl_ms) override;
  std::optional<SessionInfo> FindSession(const std::string& token) override;
  void DeleteSession(const std::string& token) override;
  std::vector<AuditEntry> ListAudit(const std::string& entity, std::optional<Id> entity_id,
                                    int limit) override;
  void InTransaction(const std::function<void()>& body) override;

  Id EnqueueScanJob(const Actor& actor, Id scan_id, int64_t priority,
                    int64_t max_attempts) override;
  std::optional<ScanJob> ClaimScanJob(const std::string& worker, Millis lease_ms) override;
  bool HeartbeatScanJob(Id job_id, const std::string& worker, Millis lease_ms) override;
  bool CompleteScanJob(Id job_id, const std::string& worker, bool success,
                       const std::string& error) override;
  int RequeueExpiredLeases() override;
  std::optional<ScanJob> FindScanJob(Id job_id) override;
  bool SaveCheckpoint(Id job_id, const std::string& worker, const std::string& frontier_state,
                      const std::vector<CheckpointPage>& pages) override;
  std::optional<Checkpoint> LatestCheckpoint(Id scan_id) override;
  std::vector<CheckpointPage> ScanPages(Id scan_id) override;
  bool AppendCrawlLog(Id job_id, const std::string& worker, const std::string& events,
                      int64_t pages) override;
  std::vector<CrawlLogBatch> ReadCrawlLog(Id scan_id, int64_t after_seq, int limit) override;
  std::pair<int64_t, int64_t> CrawlLogSize(Id scan_id) override;
  void DeleteCrawlLog(Id scan_id) override;

  Id SaveSchedule(const Actor& actor, const MonitorSchedule& s) override;
  void DeleteSchedule(const Actor& actor, Id id) override;
  std::optional<MonitorSchedule> FindSchedule(Id id) override;
  std::vector<MonitorSchedule> ListSchedules() override;
  std::vector<MonitorSchedule> ClaimDueSchedules(
      int limit, const std::function<Millis(const MonitorSchedule&)>& next_due) override;
  Id AddProbe(const AvailabilityProbe& p) override;
  std::vector<AvailabilityProbe> ListProbes(Id unit_id, Millis from, Millis to) override;
  std::optional<Id> RaiseAlert(const Actor& actor, Id unit_id, AlertKind kind,
                               const std::string& key, const std::string& title,
                               const std::string& detail) override;
  bool ResolveAlert(const Actor& actor, Id unit_id, const std::string& key) override;
  void AcknowledgeAlert(const Actor& actor, Id alert_id) override;
  std::optional<Alert> FindAlert(Id id) override;
  std::vector<Alert> ListAlerts(std::optional<Id> unit_id, bool open_only, int limit) override;
  std::vector<Alert> ClaimWebhookDeliveries(int limit, Millis retry_ms) override;
  void MarkWebhookDelivery(Id alert_id, bool ok, const std::string& error,
                           int max_attempts) override;
  Id EnqueueMonitorScan(const Actor& actor, Id unit_id, const std::string& site_url,
                        const std::string& profile, std::optional<Id> schedule_id,
                        int64_t priority) override;
  std::optional<ScanJob> ClaimScanJobPolitely(const std::string& worker, Millis lease_ms) override;
  bool HeartbeatScanJobAndHost(Id job_id, const std::string& host, const std::string& worker,
                               Millis lease_ms) override;
  void ReleaseHostLease(const std::string& host, const std::string& worker) override;
  std::optional<std::string> HostLeaseOwner(const std::string& host) override;
  std::optional<FindingsUpdate> CompleteScanJobWithResults(Id job_id, const std::string& worker,
                                                           const std::string& host,
                                                           const Actor& actor,
                                                           const ScanJobResults& results) override;
  std::vector<Scan> ListProfileScans(Id unit_id, const std::string& profile, int limit) override;
  RectificationNotice IssueNotice(const Actor& actor, Id unit_id, const Date& deadline,
                                  const std::vector<Id>& finding_ids) override;
  std::optional<RectificationNotice> FindNotice(Id id) override;
  std::vector<RectificationNotice> ListNotices(Id unit_id) override;
  Id SaveQuarterlyResult(const Actor& actor, const QuarterlyResult& r) override;
  std::vector<QuarterlyResult> ListQuarterlyResults(Id unit_id) override;
  void SaveMonitorReport(const Actor& actor, Id unit_id, const std::string& kind,
                         const std::string& period, const std::string& report_json) override;
  std::optional<std::string> FindMonitorReport(Id unit_id, const std::string& kind,
                                               const std::string& period) override;
  bool TakeHostLease(const std::string& host, const std::string& owner, Millis lease_ms) override;
  Id SaveConsultation(const Actor& actor, const Consultation& c) override;
  void ReviewConsultation(const Actor& actor, Id id, std::optional<bool> accurate,
                          std::optional<bool> evasive, const std::string& note) override;
  void DeleteConsultation(const Actor& actor, Id id) override;
  std::optional<Consultation> FindConsultation(Id id) override;
  std::vector<Consultation> ListConsultations(Id campaign_id, std::optional<Id> unit_id) override;
  std::optional<std::string> FindSetting(const std::string& key) override;
  void SaveSetting(const Actor& actor, const std::string& key, const std::string& value) override;

 private:
  Millis Now() const { return options_.clock(); }
  // The scan of job `job_id` while `worker` holds its lease, with the job row
  // locked until the caller's transaction ends; nullopt when the lease is lost.
  std::optional<Id> LockLeasedJobScan(Id job_id, const std::string& worker);
  // Appends the audit row for a write; call inside the write's transaction.
  void Audit(const Actor& actor, const std::string& action, const std::string& entity,
             std::optional<Id> entity_id, const nlohmann::json& before,
             const nlohmann::json& after);
  // Runs an INSERT … RETURNING id and returns the id.
  Id InsertReturningId(const std::string& sql, const Params& params);

  void WriteUnitChildren(const Unit& unit, Id id);
  std::vector<Unit> LoadUnits(const Rows& rows);
  std::vector<Campaign> LoadCampaigns(const Rows& rows);
  std::optional<User> LoadUser(const Rows& rows);
  std::vector<JudgmentRevision> LoadRevisions(const Rows& rows);
  void AddTransition(Id finding_id, std::optional<FindingState> from, FindingState to,
                     std::optional<Id> scan_id, const std::string& actor, const std::string& note,
                     Millis at);

  std::unique_ptr<Connection> db_;
  Options options_;
};

// Enum ↔ stored text; Parse* throw Error naming the bad value.
CampaignState ParseCampaignState(const std::string& s);
ScanState ParseScanState(const std::string& s);
FindingState ParseFindingState(const std::string& s);
JudgmentState ParseJudgmentState(const std::string& s);
Role ParseRole(const std::string& s);
JobState ParseJobState(const std::string& s);

// A scan_jobs row read with the columns of jobs.cc's kJobCols.
ScanJob LoadJob(const Row& r);

// Throws Error(what, where) when `condition` is false.
void Require(bool condition, const std::string& what, const std::string& where);

}  // namespace govscore::store
