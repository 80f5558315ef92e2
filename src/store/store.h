// The platform's store: everything the evaluation platform keeps — units,
// framework versions, campaigns, scans and their measures, findings over time,
// judgments with revisions and evidence, events, published score snapshots,
// users, sessions, the audit log, and the scan job queue with checkpoints.
//
// One interface, two backends chosen by URL (see OpenStore): SQLite, a single
// file, the embedded default; PostgreSQL for several users and workers. Both
// run the same SQL (src/store/*.cc); dialect differences live in the
// connection layer (store/connection.h).
//
// Contracts shared by every method:
// - A Store object wraps one connection and is used by one thread at a time;
//   open one Store per thread or per worker (they may share a database).
// - Every write that changes platform data runs in one transaction together
//   with its audit_log row (who, what, when, a before/after summary), so a write
//   without its audit row cannot exist. Exceptions, by design, are the job
//   queue's heartbeats and checkpoints (machine bookkeeping, many per scan).
// - Bad input and conflicts throw Error / ConstraintError with a message that
//   says what and where; nothing is half-written when a method throws.
// - Times are milliseconds since the Unix epoch (UTC) from Options::clock.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "store/connection.h"

namespace govscore::store {

using Id = int64_t;
using Millis = int64_t;

// Who writes: a logged-in user, or a named process ("worker:host-3", "system").
struct Actor {
  std::optional<Id> user_id;
  std::string name;
};

// ---- units (评估对象) ----

struct NewMediaAccount {
  std::string channel;  // 政务微博, 政务微信, 政务App, …
  std::string name;
  std::string url;
  bool operator==(const NewMediaAccount&) const = default;
};

struct Unit {
  Id id = 0;
  std::string code;  // the id used in units.csv and every import; unique
  std::string name;
  std::string kind;  // object kind as in a framework's object_kinds
  std::string region;
  std::optional<Id> parent_id;
  std::vector<std::string> websites;  // in registration order
  std::vector<NewMediaAccount> accounts;
};

// One row of a bulk import (Store::ImportUnits): the unit (its id ignored) and
// the code of its parent ("" = none), which may be a unit earlier in the same
// import or one already stored.
struct UnitImport {
  Unit unit;
  std::string parent_code;
};

// ---- frameworks and campaigns ----

struct FrameworkVersion {
  Id id = 0;
  std::string framework_id;  // the file's `id`
  std::string version;       // e.g. "2020" or a content-derived tag
  std::string title;
  std::string yaml_text;  // the file exactly as loaded
  std::string sha256;     // hex of yaml_text; computed by the store
  Millis created_at = 0;
};

enum class CampaignState { kDraft, kCollecting, kReviewing, kPublished, kArchived };
const char* ToString(CampaignState s);

struct Campaign {
  Id id = 0;
  std::string name;
  Id framework_version_id = 0;
  std::optional<Date> period_from, period_to;
  Date as_of;  // 监测时间点
  CampaignState state = CampaignState::kDraft;
  std::vector<Id> unit_ids;    // ascending
  bool second_review = false;  // judgments need a second reviewer's check (migration 2)
};

// ---- scans, measures, findings ----

enum class ScanState { kQueued, kRunning, kDone, kFailed, kCancelled };
const char* ToString(ScanState s);

struct Scan {
  Id id = 0;
  std::optional<Id> campaign_id;
  Id unit_id = 0;
  std::string site_url;
  ScanState state = ScanState::kQueued;
  Millis created_at = 0;
  std::optional<Millis> started_at, finished_at;
  std::optional<std::string> summary_json;   // the document's `summary`
  std::optional<std::string> document_json;  // the govscore.scan/1 document
  std::string error;
  std::optional<std::string> progress_json;  // live progress while running (UpdateScanProgress)
};

struct Measure {
  Id id = 0;
  Id unit_id = 0;
  std::optional<Id> scan_id, campaign_id;
  std::string name;        // docs/measures.md name
  std::string value_json;  // JSON value: number, bool, "YYYY-MM-DD", text, list
  std::string channel, period;
  std::vector<std::string> evidence;  // URLs or file references
};

enum class FindingState { kOpen, kFixedClaimed, kConfirmedFixed, kReopened };
const char* ToString(FindingState s);

// A defect as one scan observed it. `key` identifies the same defect across
// scans of a unit (e.g. "link:http_4xx:http://…/a.pdf"); a scan reports each key once.
struct ObservedFinding {
  std::string key;
  std::string kind;
  std::string url;
  std::string detail;
};

struct Finding {
  Id id = 0;
  Id unit_id = 0;
  std::string key, kind, url, detail;
  FindingState state = FindingState::kOpen;
  Id first_seen_scan_id = 0, last_seen_scan_id = 0;
  Millis first_seen_at = 0, last_seen_at = 0;
};

struct FindingTransition {
  std::optional<FindingState> from;  // nullopt when the finding was first seen
  FindingState to = FindingState::kOpen;
  std::optional<Id> scan_id;
  std::string actor, note;
  Millis at = 0;
};

// What RecordScanFindings did to the unit's findings.
struct FindingsUpdate {
  int opened = 0;           // first seen now
  int still_open = 0;       // seen again while open / reopened
  int reopened = 0;         // seen again after a fix was claimed or confirmed
  int confirmed_fixed = 0;  // not seen by this scan any more
};

// ---- judgments (人工评分) ----

enum class JudgmentState { kDraft, kSubmitted, kChecked };
const char* ToString(JudgmentState s);

struct JudgmentEvidence {
  enum class Kind { kUrl, kFile };
  Kind kind = Kind::kUrl;
  std::string url;           // kUrl
  std::string file_name;     // kFile: the name the user uploaded
  std::string stored_name;   // kFile: generated name under the upload folder
  std::string content_type;  // kFile
  int64_t size_bytes = 0;    // kFile
  std::string sha256;        // kFile, hex
};

// One judgment's identity within a campaign.
struct JudgmentKey {
  Id campaign_id = 0;
  Id unit_id = 0;
  std::string indicator_id;
  std::string criterion;  // "" when the judgment is for the whole indicator
  std::string channel;    // "" when not per channel
};

struct JudgmentRevision {
  Id id = 0;
  Id judgment_id = 0;
  int64_t revision = 0;  // 1, 2, … per judgment
  JudgmentState state = JudgmentState::kDraft;
  std::string value_json;  // {"value":"met"} / {"percent":60} / {"points":3.5} / {"count":2}
  std::string note;
  std::string reviewer;
  std::optional<Id> reviewer_user_id;
  Millis created_at = 0;
  std::vector<JudgmentEvidence> evidence;
};

struct Judgment {
  Id id = 0;
  JudgmentKey key;
  JudgmentState state = JudgmentState::kDraft;
  JudgmentRevision current;  // the newest revision
};

// Indicator assignments (migration 3): within one campaign a reviewer may be
// restricted to some indicators (and their descendants). A reviewer without
// any assignment in a campaign judges every indicator of their units.
struct ReviewerIndicators {
  Id user_id = 0;
  std::vector<std::string> indicator_ids;  // ascending
};

// An evidence file (佐证材料) uploaded for a unit (migration 3): the bytes live
// under `stored_name` in a folder no web server serves (platform::EvidenceStore);
// the row says whose it is and what it is for.
struct EvidenceFile {
  Id id = 0;
  std::string stored_name;  // generated name, unique
  Id unit_id = 0;
  std::optional<Id> campaign_id;
  std::string indicator_id;  // "" when not for one indicator
  std::string file_name;     // as uploaded (metadata only)
  std::string content_type;
  int64_t size_bytes = 0;
  std::string sha256;
  std::string note;
  std::string uploaded_by;  // set by the store from the actor
  std::optional<Id> uploaded_by_user_id;
  Millis uploaded_at = 0;  // set by the store
};

// ---- events, score snapshots ----

struct Event {
  Id id = 0;
  std::optional<Id> campaign_id;
  Id unit_id = 0;
  std::string type;  // 表彰 | 通报 | 曝光 | …
  std::string level, channel;
  Date date;
  int64_t count = 1;
  std::optional<double> points;
  std::string evidence, note;
};

struct ScoreSnapshot {
  Id id = 0;
  Id campaign_id = 0;
  std::string sheet_json;
  std::string sha256;
  std::string published_by;
  Millis published_at = 0;
};

// ---- users, sessions, audit ----

enum class Role { kAdmin, kOrganiser, kReviewer, kWebmaster };
const char* ToString(Role r);

struct User {
  Id id = 0;
  std::string username, display_name;
  Role role = Role::kReviewer;
  bool disabled = false;
  std::vector<Id> unit_ids;  // units a reviewer or webmaster may see; ascending
};

struct NewUser {
  std::string username, display_name, password;
  Role role = Role::kReviewer;
  std::vector<Id> unit_ids;
};

// A new session: `token` goes into the cookie and is never stored (only its
// hash is); `csrf_token` must accompany every write of the session.
struct NewSession {
  std::string token, csrf_token;
  Millis expires_at = 0;
};

struct SessionInfo {
  User user;
  std::string csrf_token;
  Millis expires_at = 0;
};

struct AuditEntry {
  Id id = 0;
  Millis at = 0;
  std::optional<Id> actor_user_id;
  std::string actor, action, entity;
  std::optional<Id> entity_id;
  std::string summary;  // JSON {"before": …, "after": …}
};

// ---- scan job queue (issue 6) ----

enum class JobState { kQueued, kLeased, kDone, kFailed };
const char* ToString(JobState s);

struct ScanJob {
  Id id = 0;
  Id scan_id = 0;
  JobState state = JobState::kQueued;
  int64_t priority = 0, attempts = 0, max_attempts = 3;
  std::optional<std::string> lease_owner;
  std::optional<Millis> lease_expires_at;
  std::string last_error;
  // Migration 4: what kind of scan the job runs (MonitorProfile names:
  // "full", "homepage", "links", "quarterly") and the schedule that queued it.
  std::string profile = "full";
  std::optional<Id> schedule_id;
  // Set by ClaimScanJobPolitely: the site host whose lease the claimer now holds.
  std::string host;
};

// A page a scan finished, recorded with the checkpoint that covers it.
struct CheckpointPage {
  std::string url;
  int64_t status = 0;
  std::string record_json = "{}";
};

struct Checkpoint {
  int64_t seq = 0;             // 1, 2, … per scan
  int64_t pages_done = 0;      // distinct pages stored for the scan (set by the store)
  std::string frontier_state;  // opaque to the store (the crawler's resume state)
  std::string worker;
  Millis created_at = 0;
};

// A batch of a scan's crawl log (migration 5; crawl/crawl_log.h): mid-crawl
// checkpoints. Opaque to the store.
struct CrawlLogBatch {
  int64_t seq = 0;  // 1, 2, … per scan
  std::string events;
  int64_t pages = 0;  // pages the batch adds
  std::string worker;
  Millis created_at = 0;
};

// ---- monitoring (migration 4; docs/monitoring.md) ----

// The progressive regime: 日巡检, 周检测, 月监测, 季普查, 年报告.
enum class Regime { kDaily, kWeekly, kMonthly, kQuarterly, kYearly };
const char* ToString(Regime r);
Regime ParseRegime(const std::string& s);  // throws Error naming the bad value

// A schedule the organiser sets for a campaign (all its units) or one unit:
// exactly one of campaign_id / unit_id. At most one schedule per target and
// regime (ConstraintError otherwise).
struct MonitorSchedule {
  Id id = 0;
  std::optional<Id> campaign_id, unit_id;
  Regime regime = Regime::kDaily;
  int64_t probes_per_day = 24;  // daily: availability probes a day (1…1440)
  bool enabled = true;
  Millis next_due_at = 0;  // when it fires next
  std::optional<Millis> last_fired_at;
  int64_t fired_count = 0;
};

// One availability probe of a unit's homepage.
struct AvailabilityProbe {
  Id id = 0;
  Id unit_id = 0;
  std::string url;
  Millis at = 0;           // when the probe started
  bool ok = false;         // the page arrived (2xx/3xx) within the time limit
  int64_t status = 0;      // HTTP status, 0 when none arrived
  int64_t elapsed_ms = 0;  // until the page arrived or the probe gave up
  std::string error;       // why it failed ("timeout after 15 s", "connection refused"…)
  std::string worker;
};

enum class AlertKind { kOutage, kVeto };
const char* ToString(AlertKind k);

struct Alert {
  Id id = 0;
  Id unit_id = 0;
  AlertKind kind = AlertKind::kOutage;
  std::string key;  // condition identity within the unit ("outage", "veto:homepage_not_updated")
  std::string title, detail;
  bool open = true;
  Millis raised_at = 0;
  std::optional<Millis> resolved_at;
  std::optional<std::string> acknowledged_by;
  std::string webhook_state = "pending";  // pending | sent | failed | none
  int64_t webhook_attempts = 0;
  std::string webhook_error;
};

// What a finished scan job stores, all in one transaction
// (CompleteScanJobWithResults).
struct ScanJobResults {
  std::string summary_json, document_json;
  std::vector<Measure> measures;
  bool record_findings = false;  // the scan covered the site
  std::vector<ObservedFinding> findings;
};

// A 整改通知 as issued (the document itself is rendered from these facts).
struct RectificationNotice {
  Id id = 0;
  Id unit_id = 0;
  std::string number;  // 整改通知编号, unique
  Date deadline;
  std::vector<Id> finding_ids;
  std::string issued_by;
  Millis issued_at = 0;
};

// A quarterly checklist result (季普查) of a unit under a framework.
struct QuarterlyResult {
  Id id = 0;
  Id unit_id = 0;
  std::string quarter;              // "2026Q4"
  std::string framework_id;         // e.g. "gb2019-website"
  bool passed = false;              // 合格
  std::string reasons_json = "[]";  // why not (veto items, score below the line…)
  std::string result_json = "{}";   // the full result document
  std::optional<Id> scan_id;
  Millis created_at = 0, updated_at = 0;
};

// ---- consultations (migration 7; docs/consultations.md) ----

// A simulated user consultation (模拟用户咨询, kind "consult") or an
// information-disclosure request (依申请公开, kind "disclosure") an organiser
// sent to a unit during a campaign, its answer, and a reviewer's judgment of
// the answer. Times are kept as entered ("YYYY-MM-DD" or "YYYY-MM-DD HH:MM");
// the platform checks them (scoring/consultations.h).
struct Consultation {
  Id id = 0;
  Id campaign_id = 0;
  Id unit_id = 0;
  std::string kind = "consult";  // consult | disclosure
  std::string channel;           // 在线咨询, 领导信箱, 依申请公开平台 …
  std::string asked_at;          // when the question was sent
  std::string question;
  std::string replied_at;  // "" = no answer (yet)
  std::string answer;
  // The reviewer's judgment (nullopt = not judged): accurate and to the point;
  // 敷衍/推诿. Set only by ReviewConsultation.
  std::optional<bool> accurate, evasive;
  std::string review_note, reviewed_by;
  std::optional<Id> reviewed_by_user_id;
  std::optional<Millis> reviewed_at;
  std::string recorded_by;  // set by the store from the actor
  std::optional<Id> recorded_by_user_id;
  Millis created_at = 0, updated_at = 0;
};

// The lower-case authority (host[:port]) of an absolute URL, the key of
// per-host politeness leases; "" when none.
std::string UrlHostKey(const std::string& url);

class Store {
 public:
  struct Options {
    int busy_timeout_ms = 10000;    // SQLite: wait this long for a lock
    std::function<Millis()> clock;  // default: system clock
    // Test hook: called at named points inside transactions (a crash test
    // kills the process there). Unset: nothing.
    std::function<void(const char* point)> fault_hook;
  };

  virtual ~Store() = default;

  virtual Dialect dialect() const = 0;
  // The schema version after the migrations applied at open.
  virtual int schema_version() = 0;

  // Units. Websites and accounts are stored in the given order. Code must be
  // unique (ConstraintError otherwise); parent_id must exist.
  virtual Id CreateUnit(const Actor& actor, const Unit& unit) = 0;
  // Replaces every field, websites and accounts of unit.id. Throws when missing.
  virtual void UpdateUnit(const Actor& actor, const Unit& unit) = 0;
  // Refused (ConstraintError) while scans, judgments or children refer to the unit.
  virtual void DeleteUnit(const Actor& actor, Id id) = 0;
  virtual std::optional<Unit> FindUnit(Id id) = 0;
  virtual std::optional<Unit> FindUnitByCode(const std::string& code) = 0;
  virtual std::vector<Unit> ListUnits() = 0;  // by code
  // Bulk import in ONE transaction: a unit whose code is stored is updated,
  // others are created, in the given order (so a parent may precede its child
  // in the same import); each write has its audit row. Returns the ids in
  // order. On any error nothing is stored.
  virtual std::vector<Id> ImportUnits(const Actor& actor, const std::vector<UnitImport>& units) = 0;

  // Frameworks. Adding the same (framework_id, version) with the same text
  // returns the existing id; with different text throws ConstraintError.
  virtual Id AddFrameworkVersion(const Actor& actor, const FrameworkVersion& fv) = 0;
  virtual std::optional<FrameworkVersion> FindFrameworkVersion(Id id) = 0;
  virtual std::vector<FrameworkVersion> ListFrameworkVersions() = 0;  // without yaml_text

  // Campaigns.
  virtual Id CreateCampaign(const Actor& actor, const Campaign& c) = 0;
  // Replaces name, period, as_of, second_review and units (not the state).
  virtual void UpdateCampaign(const Actor& actor, const Campaign& c) = 0;
  virtual void SetCampaignState(const Actor& actor, Id id, CampaignState state) = 0;
  virtual std::optional<Campaign> FindCampaign(Id id) = 0;
  virtual std::vector<Campaign> ListCampaigns() = 0;

  // Scans. CreateScan stores a queued scan; StartScan / FinishScan move it on.
  virtual Id CreateScan(const Actor& actor, const Scan& scan) = 0;
  virtual void StartScan(const Actor& actor, Id scan_id) = 0;
  // `state` must be kDone, kFailed or kCancelled.
  virtual void FinishScan(const Actor& actor, Id scan_id, ScanState state,
                          const std::optional<std::string>& summary_json,
                          const std::optional<std::string>& document_json,
                          const std::string& error) = 0;
  virtual std::optional<Scan> FindScan(Id id, bool with_document = false) = 0;
  virtual std::vector<Scan> ListScans(Id unit_id) = 0;  // newest first, without document
  // The scans of a campaign, newest first, without document.
  virtual std::vector<Scan> ListCampaignScans(Id campaign_id) = 0;
  // Replaces a scan's live progress (JSON text). Not audited: machine
  // bookkeeping, many per scan, like heartbeats.
  virtual void UpdateScanProgress(Id scan_id, const std::string& progress_json) = 0;

  // Measures: added in one transaction; returns their ids in order.
  virtual std::vector<Id> AddMeasures(const Actor& actor, const std::vector<Measure>& m) = 0;
  // A unit's measures (optionally of one scan), in insertion order.
  virtual std::vector<Measure> ListMeasures(Id unit_id, std::optional<Id> scan_id = {}) = 0;

  // Findings. Merges what scan `scan_id` observed into its unit's findings:
  // new keys open; keys seen again keep first_seen and move last_seen; a key
  // whose fix was claimed or confirmed becomes reopened; open / reopened /
  // fix-claimed keys the scan did not see become confirmed_fixed. Every state
  // change is kept in the finding's transitions.
  virtual FindingsUpdate RecordScanFindings(const Actor& actor, Id scan_id,
                                            const std::vector<ObservedFinding>& seen) = 0;
  // A webmaster's claim that a finding is fixed (open or reopened only).
  virtual void ClaimFindingFixed(const Actor& actor, Id finding_id, const std::string& note) = 0;
  virtual std::optional<Finding> FindFinding(Id id) = 0;
  virtual std::vector<Finding> ListFindings(Id unit_id) = 0;                 // by id
  virtual std::vector<FindingTransition> FindingHistory(Id finding_id) = 0;  // oldest first

  // Judgments. Appends a revision (creating the judgment on first save) with its
  // evidence, and makes it current. Revisions are never changed or deleted.
  virtual JudgmentRevision SaveJudgment(const Actor& actor, const JudgmentKey& key,
                                        JudgmentState state, const std::string& value_json,
                                        const std::string& note,
                                        const std::vector<JudgmentEvidence>& evidence) = 0;
  virtual std::optional<Judgment> FindJudgment(const JudgmentKey& key) = 0;
  virtual std::vector<Judgment> ListJudgments(Id campaign_id) = 0;
  virtual std::vector<JudgmentRevision> JudgmentRevisions(Id judgment_id) = 0;  // oldest first

  // Reviewer indicator assignments of a campaign (migration 3). Replaces the
  // user's indicators in the campaign (empty = no restriction); audited.
  // Indicator ids are not checked against the framework here (the platform does).
  virtual void SetReviewerIndicators(const Actor& actor, Id campaign_id, Id user_id,
                                     const std::vector<std::string>& indicator_ids) = 0;
  // Every user with assignments in the campaign, by user id.
  virtual std::vector<ReviewerIndicators> ListReviewerIndicators(Id campaign_id) = 0;

  // Evidence files of units (migration 3). AddEvidenceFile stores the row
  // (uploaded_by/at from the actor and the clock; audited) and returns its id;
  // a stored_name used twice is a ConstraintError.
  virtual Id AddEvidenceFile(const Actor& actor, const EvidenceFile& file) = 0;
  virtual std::optional<EvidenceFile> FindEvidenceFile(const std::string& stored_name) = 0;
  // A unit's files, newest first; only those of `campaign_id` when given.
  virtual std::vector<EvidenceFile> ListEvidenceFiles(Id unit_id,
                                                      std::optional<Id> campaign_id = {}) = 0;

  // Events and published score snapshots.
  virtual Id AddEvent(const Actor& actor, const Event& e) = 0;
  virtual std::vector<Event> ListEvents(Id unit_id) = 0;
  // Publishing never replaces an earlier snapshot; the newest is current.
  virtual Id PublishScoreSnapshot(const Actor& actor, Id campaign_id,
                                  const std::string& sheet_json) = 0;
  virtual std::optional<ScoreSnapshot> LatestScoreSnapshot(Id campaign_id) = 0;
  virtual std::vector<ScoreSnapshot> ListScoreSnapshots(Id campaign_id) = 0;  // oldest first

  // Users and sessions. Passwords are stored as argon2id hashes only.
  virtual Id CreateUser(const Actor& actor, const NewUser& user) = 0;
  virtual void SetPassword(const Actor& actor, Id user_id, const std::string& password) = 0;
  virtual void SetUserDisabled(const Actor& actor, Id user_id, bool disabled) = 0;
  virtual std::optional<User> FindUser(Id id) = 0;
  virtual std::optional<User> FindUserByName(const std::string& username) = 0;
  // Every user by username, with their units.
  virtual std::vector<User> ListUsers() = 0;
  // Replaces display name, role and units (unit ids must exist). A change of
  // role or units ends the user's sessions (their rights changed). Throws when
  // the user is missing.
  virtual void UpdateUser(const Actor& actor, Id user_id, const std::string& display_name,
                          Role role, const std::vector<Id>& unit_ids) = 0;
  // The user when the password matches and the user is enabled; nullopt otherwise.
  virtual std::optional<User> Authenticate(const std::string& username,
                                           const std::string& password) = 0;
  virtual NewSession CreateSession(Id user_id, Millis ttl_ms) = 0;
  // nullopt for an unknown, expired session or a disabled user.
  virtual std::optional<SessionInfo> FindSession(const std::string& token) = 0;
  virtual void DeleteSession(const std::string& token) = 0;

  // The audit log, newest first; `entity` empty for all.
  virtual std::vector<AuditEntry> ListAudit(const std::string& entity = {},
                                            std::optional<Id> entity_id = {}, int limit = 100) = 0;

  // Runs `body` in ONE transaction: the store writes it makes (each otherwise
  // its own transaction, then a savepoint) commit together with their audit
  // rows, or none does when `body` throws (the exception propagates). For a
  // request that makes several writes (a reviewer's units and indicators).
  virtual void InTransaction(const std::function<void()>& body) = 0;

  // Job queue. Enqueues the scan (one job per scan; ConstraintError if queued twice).
  virtual Id EnqueueScanJob(const Actor& actor, Id scan_id, int64_t priority = 0,
                            int64_t max_attempts = 3) = 0;
  // Claims the most urgent ready job for `worker` with a lease of `lease_ms`: a
  // queued job, or a leased one whose lease has expired (its worker is taken for
  // dead). Two concurrent claimers never get the same job. nullopt when none.
  virtual std::optional<ScanJob> ClaimScanJob(const std::string& worker, Millis lease_ms) = 0;
  // Extends the lease; false when `worker` no longer holds it (then stop work).
  virtual bool HeartbeatScanJob(Id job_id, const std::string& worker, Millis lease_ms) = 0;
  // Ends the job (done, or failed with `error`: re-queued while attempts remain,
  // available again after 30 s × attempts made).
  // False when `worker` no longer holds the lease (nothing changed).
  virtual bool CompleteScanJob(Id job_id, const std::string& worker, bool success,
                               const std::string& error = {}) = 0;
  // Returns expired leases to the queue (or fails them after max_attempts).
  // Returns how many jobs were touched.
  virtual int RequeueExpiredLeases() = 0;
  virtual std::optional<ScanJob> FindScanJob(Id job_id) = 0;

  // Checkpoints. In one transaction: verifies `worker` holds the job's lease,
  // stores the pages (a page already stored for the scan is not stored again,
  // so a resumed scan that redoes work never double-counts), and appends the
  // checkpoint with seq = previous + 1. False (nothing stored) without the lease.
  virtual bool SaveCheckpoint(Id job_id, const std::string& worker,
                              const std::string& frontier_state,
                              const std::vector<CheckpointPage>& pages) = 0;
  virtual std::optional<Checkpoint> LatestCheckpoint(Id scan_id) = 0;
  virtual std::vector<CheckpointPage> ScanPages(Id scan_id) = 0;  // by url

  // Mid-crawl checkpoints (migration 5). In one transaction fenced by the
  // lease: appends `events` as the next batch (seq = last + 1) of the crawl
  // log of the job's scan. False (nothing stored) when `worker` does not hold
  // the job's lease. Options::fault_hook("crawl_log.insert") runs before commit.
  virtual bool AppendCrawlLog(Id job_id, const std::string& worker, const std::string& events,
                              int64_t pages) = 0;
  // The scan's batches with seq > after_seq, by seq, at most `limit`.
  virtual std::vector<CrawlLogBatch> ReadCrawlLog(Id scan_id, int64_t after_seq,
                                                  int limit = 16) = 0;
  // Batches and pages of the scan's log: {count, sum of pages}.
  virtual std::pair<int64_t, int64_t> CrawlLogSize(Id scan_id) = 0;
  // Drops the scan's log (the crawl is over, or its log is unusable).
  virtual void DeleteCrawlLog(Id scan_id) = 0;

  // ---- monitoring (migration 4) ----

  // Schedules. Id 0 creates, else replaces the stored schedule's fields
  // (target, regime, probes_per_day, enabled, next_due_at). Audited.
  virtual Id SaveSchedule(const Actor& actor, const MonitorSchedule& s) = 0;
  virtual void DeleteSchedule(const Actor& actor, Id id) = 0;
  virtual std::optional<MonitorSchedule> FindSchedule(Id id) = 0;
  virtual std::vector<MonitorSchedule> ListSchedules() = 0;  // by id
  // In one transaction: picks up to `limit` enabled schedules due at `now`
  // (next_due_at <= now; SKIP LOCKED on PostgreSQL, so concurrent claimers
  // never fire the same schedule twice), moves each to next_due(schedule) and
  // records the firing. Returns them as they were when due.
  virtual std::vector<MonitorSchedule> ClaimDueSchedules(
      int limit, const std::function<Millis(const MonitorSchedule&)>& next_due) = 0;

  // Probes (machine bookkeeping, not audited).
  virtual Id AddProbe(const AvailabilityProbe& p) = 0;
  // A unit's probes with from <= at < to, oldest first.
  virtual std::vector<AvailabilityProbe> ListProbes(Id unit_id, Millis from, Millis to) = 0;

  // Alerts. Raises one unless an open alert with the same (unit, key) exists
  // (then nullopt). Its webhook delivery is pending. Audited as `actor`.
  virtual std::optional<Id> RaiseAlert(const Actor& actor, Id unit_id, AlertKind kind,
                                       const std::string& key, const std::string& title,
                                       const std::string& detail) = 0;
  // Closes the open alert (unit, key); false when none is open.
  virtual bool ResolveAlert(const Actor& actor, Id unit_id, const std::string& key) = 0;
  virtual void AcknowledgeAlert(const Actor& actor, Id alert_id) = 0;
  virtual std::optional<Alert> FindAlert(Id id) = 0;
  // Newest first; unit_id nullopt = every unit.
  virtual std::vector<Alert> ListAlerts(std::optional<Id> unit_id, bool open_only,
                                        int limit = 200) = 0;
  // Webhook outbox: claims up to `limit` alerts whose delivery is pending and
  // due, and postpones them by `retry_ms` (so a crashed sender's alerts are
  // retried, and two senders never post the same alert at once).
  virtual std::vector<Alert> ClaimWebhookDeliveries(int limit, Millis retry_ms) = 0;
  // Records a delivery attempt: sent, or failed (pending again until
  // `max_attempts` attempts, then failed). max_attempts <= 0: there is no
  // webhook; the alert's delivery becomes "none".
  virtual void MarkWebhookDelivery(Id alert_id, bool ok, const std::string& error,
                                   int max_attempts) = 0;

  // Monitoring scans: creates the scan (no campaign: monitoring scans never
  // become a campaign's scoring input) and its job with `profile` in one
  // transaction. Returns the scan id.
  virtual Id EnqueueMonitorScan(const Actor& actor, Id unit_id, const std::string& site_url,
                                const std::string& profile, std::optional<Id> schedule_id,
                                int64_t priority = 0) = 0;
  // Like ClaimScanJob, and also takes the lease of the scan's site host (URL
  // authority, lower case) for `lease_ms`: a job whose host is leased by
  // another live worker is skipped, so two workers never crawl one site at
  // once. The job's `host` says which host lease the claimer holds.
  virtual std::optional<ScanJob> ClaimScanJobPolitely(const std::string& worker,
                                                      Millis lease_ms) = 0;
  // Extends the job's lease and its host lease; false when `worker` lost the job.
  virtual bool HeartbeatScanJobAndHost(Id job_id, const std::string& host,
                                       const std::string& worker, Millis lease_ms) = 0;
  virtual void ReleaseHostLease(const std::string& host, const std::string& worker) = 0;
  // Who holds `host` now (a live lease), if anyone.
  virtual std::optional<std::string> HostLeaseOwner(const std::string& host) = 0;
  // Takes the lease of `host` for `lease_ms` when it is free, expired or
  // already `owner`'s (availability probes: politeness across workers holds
  // for them too); false when another live owner holds it. Release with
  // ReleaseHostLease.
  virtual bool TakeHostLease(const std::string& host, const std::string& owner,
                             Millis lease_ms) = 0;
  // In ONE transaction, fenced by the lease: the scan done with its document,
  // its measures, its findings (when record_findings), the job done and the
  // host lease released. Nothing is stored and nullopt returned when `worker`
  // no longer holds the job. A crash before the commit leaves no trace, so the
  // heir's run stores everything exactly once.
  virtual std::optional<FindingsUpdate> CompleteScanJobWithResults(
      Id job_id, const std::string& worker, const std::string& host, const Actor& actor,
      const ScanJobResults& results) = 0;
  // Scans of a unit queued by monitoring with `profile` ("" = any), newest first.
  virtual std::vector<Scan> ListProfileScans(Id unit_id, const std::string& profile,
                                             int limit = 50) = 0;

  // 整改通知: stores the issued notice with a generated number
  // ("整改〔YYYY〕N号", N per year); returns it.
  virtual RectificationNotice IssueNotice(const Actor& actor, Id unit_id, const Date& deadline,
                                          const std::vector<Id>& finding_ids) = 0;
  virtual std::optional<RectificationNotice> FindNotice(Id id) = 0;
  virtual std::vector<RectificationNotice> ListNotices(Id unit_id) = 0;  // newest first

  // Quarterly results: one per (unit, quarter, framework); saving again
  // replaces it (audited with before/after).
  virtual Id SaveQuarterlyResult(const Actor& actor, const QuarterlyResult& r) = 0;
  virtual std::vector<QuarterlyResult> ListQuarterlyResults(Id unit_id) = 0;  // by quarter

  // Reports (年报告 …): one per (unit, kind, period), replaced when saved again.
  virtual void SaveMonitorReport(const Actor& actor, Id unit_id, const std::string& kind,
                                 const std::string& period, const std::string& report_json) = 0;
  virtual std::optional<std::string> FindMonitorReport(Id unit_id, const std::string& kind,
                                                       const std::string& period) = 0;

  // Consultations (migration 7). SaveConsultation: id 0 creates (recorded_by
  // from the actor), else replaces campaign, unit, kind, channel, question and
  // answer of the stored one (NotFound-style Error when missing); a changed
  // answer (replied_at or answer) clears the review, which judged the old one.
  // The review fields of `c` are ignored. Audited with before/after.
  virtual Id SaveConsultation(const Actor& actor, const Consultation& c) = 0;
  // Sets the review (accurate, evasive, note; reviewer and time from the actor
  // and the clock). Audited. Throws when missing.
  virtual void ReviewConsultation(const Actor& actor, Id id, std::optional<bool> accurate,
                                  std::optional<bool> evasive, const std::string& note) = 0;
  virtual void DeleteConsultation(const Actor& actor, Id id) = 0;  // audited
  virtual std::optional<Consultation> FindConsultation(Id id) = 0;
  // A campaign's consultations (of one unit when given), by unit then id.
  virtual std::vector<Consultation> ListConsultations(Id campaign_id,
                                                      std::optional<Id> unit_id = {}) = 0;

  // Settings of the installation that every process reads from the store
  // (e.g. "alert_webhook", set in the UI): nullopt when never set.
  virtual std::optional<std::string> FindSetting(const std::string& key) = 0;
  // Sets (or replaces) a setting; audited with before/after.
  virtual void SaveSetting(const Actor& actor, const std::string& key,
                           const std::string& value) = 0;
};

// Opens (creating if needed) and migrates the store at `url`:
//   sqlite:///abs/path.db, sqlite:relative.db, or a plain path → SQLite
//   postgresql://… or postgres://… → PostgreSQL (libpq URL)
std::unique_ptr<Store> OpenStore(const std::string& url, Store::Options options = {});

}  // namespace govscore::store
