// Judgments (人工评分): the reviewer queue of a campaign, drafts, submission,
// a second reviewer's check, evidence files and URLs, revision history.
//
// A judgment slot is every place the campaign's framework reads a reviewer's
// input for a unit (docs/scoring.md "judgments"): a criteria item without a
// measured check, a pass_fail or judgment rule without a check, a judged
// deduction/bonus item, a judged veto — per channel inside a channels rule.
// Only submitted (or, with second review, checked) judgments reach scoring;
// drafts do not.
//
// Values (value_json), by the slot's `input`:
//   "met"     {"value":"met"|"unmet"} or {"percent":0..100}
//   "points"  {"points":x} (0..weight) or {"percent":0..100}
//   "count"   {"count":n} (n >= 0) or {"value":"yes"|"no"}
//   "yes_no"  {"value":"yes"|"no"}
// 不适用: {"na":true} saved under (indicator, criterion "", channel "") of any
// indicator whose framework declares `not_applicable` (not `forbidden`), with
// the reason as note, becomes a not-applicable declaration for scoring.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace govscore::platform {

// What the measures propose for an assisted slot (docs/scoring.md
// "Proposals"): the judgment value a reviewer adopts with 采纳, and why.
struct ReviewProposal {
  std::string value_json;             // fits the slot's input: {"value":"met"}, {"percent":50} …
  std::string basis;                  // the evaluation that decided it
  std::vector<std::string> evidence;  // the measures' URLs and excerpts
  double leaf_points = 0;             // the indicator's points with every proposal accepted
  // A fill leaf's confirmation (input "confirm"): each imported measure the
  // engine fills, the measure it takes the value from, and the value.
  struct Fill {
    std::string measure, from, value;
  };
  std::vector<Fill> fills;
};

struct ReviewItem {
  store::JudgmentKey key;
  std::string unit_code, unit_name, unit_kind;
  std::string indicator_name;
  std::vector<std::string> path;            // names of the ancestors, 一级 first
  std::string criterion_text;               // the item's text ("" for the whole indicator)
  std::string description;                  // 指标说明
  std::string criteria_text;                // 评分细则
  std::string input;                        // met | points | count | yes_no | confirm
  double weight = 0;                        // the indicator's weight for the unit's kind
  std::optional<double> max_points;         // "points": the most a judgment may give
  std::optional<store::Judgment> judgment;  // current state, if any
  std::optional<ReviewProposal> proposal;   // with_proposals: the measures' proposal, if any
};

// Every judgment slot of the campaign for its units (`unit_id` only, when
// given), in framework order per unit. With `open_only`, slots still needing
// work: no judgment, a draft, or submitted but not checked under second review.
// With `actor`, only the slots the actor may judge (platform/assignments.h:
// a reviewer's units and assigned indicators; Forbidden for webmasters).
// With `with_proposals`, the campaign is scored now and each slot the
// measures propose a value for (an assisted part with `propose` that is not
// yet judged) carries it; a campaign the engine cannot score has none. It
// then also lists, after a unit's slots, the confirmation slot (input
// "confirm", criterion "") of each assisted leaf that `fill`s an imported
// measure, while the engine proposes the filled value (proposal.fills) or
// once it is judged; 采纳 submits {"value":"confirm"}. These slots are not
// in the queue without proposals and never block publishing.
std::vector<ReviewItem> ReviewQueue(store::Store& store, store::Id campaign_id,
                                    std::optional<store::Id> unit_id = std::nullopt,
                                    bool open_only = false, const store::Actor* actor = nullptr,
                                    bool with_proposals = false);

// Saves a draft or a submission (a new revision each time). Checks: the actor
// may judge the slot (RequireMayJudge: Forbidden otherwise), campaign
// collecting/reviewing (Conflict), the key is a slot of the queue (NotFound),
// value_json fits the slot's input (InvalidInput), URL evidence is http(s),
// file evidence was stored by an EvidenceStore (stored_name well-formed).
store::JudgmentRevision SaveJudgmentDraft(store::Store& store, const store::Actor& actor,
                                          const store::JudgmentKey& key,
                                          const std::string& value_json, const std::string& note,
                                          const std::vector<store::JudgmentEvidence>& evidence);
store::JudgmentRevision SubmitJudgment(store::Store& store, const store::Actor& actor,
                                       const store::JudgmentKey& key, const std::string& value_json,
                                       const std::string& note,
                                       const std::vector<store::JudgmentEvidence>& evidence);

// 采纳: submits the slot's proposal as the actor's judgment — its value, its
// http(s) evidence as URL evidence, and a note "采纳系统建议：<basis>" with the
// excerpts — through SubmitJudgment (same checks, a new audited revision).
// Conflict when the slot has no proposal now (judged already, or the measure
// is missing).
store::JudgmentRevision AdoptProposal(store::Store& store, const store::Actor& actor,
                                      const store::JudgmentKey& key);

// Second review (campaigns with second_review): a reviewer other than the
// submitter (by user id, else by name) accepts the submitted value (state
// checked; value and evidence carried over) or returns it (state draft) with
// `note`. Conflict when not submitted, when the campaign has no second review,
// or when the checker is the submitter.
store::JudgmentRevision CheckJudgment(store::Store& store, const store::Actor& actor,
                                      const store::JudgmentKey& key, bool accept,
                                      const std::string& note);

// Every revision, oldest first (NotFound when the judgment does not exist).
std::vector<store::JudgmentRevision> JudgmentHistory(store::Store& store,
                                                     const store::JudgmentKey& key);

// Uploaded evidence files (佐证材料) under a folder that no web server serves.
// Files are stored under generated names (32 hex digits + extension from the
// detected type); the uploaded name is kept only as metadata. The type comes
// from the magic bytes, never from the name: PNG, JPEG, GIF, WebP, PDF, OFD,
// docx/xlsx (zip with their parts), doc/xls (OLE2). Thread-safe.
class EvidenceStore {
 public:
  // Creates `dir` when missing. `max_bytes`: largest accepted file.
  explicit EvidenceStore(std::filesystem::path dir, size_t max_bytes = 20 * 1024 * 1024);

  // Checks type and size (InvalidInput: empty, too large, unknown type) and
  // writes the file; the result goes into a judgment's evidence.
  store::JudgmentEvidence Save(std::string_view bytes, const std::string& uploaded_name) const;
  // The bytes of a stored file. InvalidInput for a name that is not a
  // generated one (so "../x" can never be read); NotFound when missing.
  std::string Read(const std::string& stored_name) const;
  // Path of a stored file (same checks as Read, existence not checked).
  std::filesystem::path PathOf(const std::string& stored_name) const;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  size_t max_bytes_;
};

// Evidence pointing at a web page; InvalidInput unless http(s)://host….
store::JudgmentEvidence UrlEvidence(const std::string& url);

}  // namespace govscore::platform
