// A small generated government site for the national checklist's page checks
// (issue 5): columns planted stale or empty by count, a 政务咨询 column of 留言
// pages (question and reply dates, unanswered, late beyond 3 months, delays in
// working days across holidays), 办事指南 pages (complete or missing element
// classes, vague wording 其他材料/相关材料, materials without 原件/复印件/份数,
// form downloads that fail) and articles carrying dictionary errors (misspelt
// leader names, wrong titles, banned words), with the ground truth of all of
// it. Tests build one site to pass a checklist item and one to fail it exactly
// at its threshold. Deterministic from the options; served on 127.0.0.1 by
// StaticSiteServer (unknown paths answer 404).
//
// URL layout: /  homepage (newest 政务动态 items, links to every column,
// 政务咨询 and 办事服务 entries); /zwdt/ fresh 动态 column; /bmdt<k>/ stale 动态
// columns; /tzgg<k>/ stale 通知公告 columns (first level); /rsrm<k>/ stale
// 人事任免 columns; /zt<k>/ empty
// columns; /zwzx/ and /zwzx/m<k>.html 留言; /bszn/ and /bszn/g<k>.html guides,
// /bszn/files/form<k>.docx their forms; articles /<slug>/a<k>.html.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"

namespace govscore::sample {

struct ChecklistMessageSpec {
  Date asked;
  std::optional<Date> replied;  // none: the page says 未回复
};

struct ChecklistGuideSpec {
  std::vector<std::string> missing;  // element classes left out (事项名称 … 办理流程)
  bool vague = false;                // materials say 其他相关材料
  bool unspecified = false;          // one material item names no 原件/复印件/份数
  bool broken_form = false;          // the form download answers 404
};

struct ChecklistSiteOptions {
  Date as_of = Date::FromYmd(2024, 6, 30);
  int stale_news_columns = 0;  // 动态 columns whose newest item is as_of − 15 days
  int stale_notice_columns = 0;  // 通知公告 columns whose newest item is as_of − 6 months − 1 day
  int empty_columns = 0;         // columns without items (暂无信息)
  // 人事任免 columns whose newest item is as_of − 1 year − 1 day: 应更新未更新
  // (columns.not_updated, V4-2) but not key columns (V4-1).
  int stale_personnel_columns = 0;
  // Empty: one message answered in 2 days (as_of − 20 → − 18) and one complete
  // guide, so that the 政务咨询 and 办事指南 columns are never blank.
  std::vector<ChecklistMessageSpec> messages;
  std::vector<ChecklistGuideSpec> guides;
  // Written into the body of one 政务动态 article each (dictionary errors).
  std::vector<std::string> planted_terms;
};

struct ChecklistTruth {
  struct Message {
    std::string path;
    Date asked;
    std::optional<Date> replied;
  };
  struct Guide {
    std::string path;
    std::vector<std::string> missing;
    bool vague = false, unspecified = false;
    std::string form;  // path of its form; broken when broken_form
    bool broken_form = false;
  };
  struct Term {
    std::string path;
    std::string word;
  };
  std::vector<Message> messages;
  std::vector<Guide> guides;
  std::vector<Term> terms;
  std::vector<std::string> stale_news, stale_notice, stale_personnel, empty;  // column paths
  Date homepage_newest;
};

class ChecklistSite {
 public:
  static ChecklistSite Generate(const ChecklistSiteOptions& options);
  // path → body (HTML, and the forms that exist).
  const std::map<std::string, std::string>& files() const { return files_; }
  const ChecklistTruth& truth() const { return truth_; }

 private:
  std::map<std::string, std::string> files_;
  ChecklistTruth truth_;
};

// Serves `files` on 127.0.0.1 (a free port) from a background thread: GET and
// HEAD; "/x/" means "/x/index.html"; anything else 404.
class StaticSiteServer {
 public:
  explicit StaticSiteServer(std::map<std::string, std::string> files);
  ~StaticSiteServer();
  StaticSiteServer(const StaticSiteServer&) = delete;
  StaticSiteServer& operator=(const StaticSiteServer&) = delete;
  std::string base_url() const;  // "http://127.0.0.1:PORT"
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace govscore::sample
