// The generated model behind a Site: columns, articles, planted specials and
// the path index. Private to src/sample (site.cc, pages.cc, nginx.cc).
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "core/date.h"
#include "sample/site.h"

namespace govscore::sample {

enum class Encoding { kUtf8, kGbkHeader, kGbkMetaOnly };

// Personal-data content planted in an article page or one of its attachments.
enum class Special { kNone, kLeakPage, kLeakTxt, kLeakCsv, kDecoyPage, kDecoyCsv };

struct Attachment {
  std::string path;   // site path
  std::string ext;    // pdf doc docx xls xlsx txt csv
  std::string label;  // link text
  Special special = Special::kNone;
};

struct Article {
  int id = 0;
  int column = 0;
  int position = 0;  // index in its column's list, 0 = newest
  Date date;
  int hour = 9, minute = 0;
  std::string title;
  std::string source;  // 来源
  std::string path;
  Encoding encoding = Encoding::kUtf8;
  Special special = Special::kNone;
  uint64_t text_seed = 0;  // body paragraphs are regenerated from it
  std::vector<Attachment> attachments;
  std::vector<int> links;  // indices into Site::Model::planted (hrefs shown on this page)
  // Personal data planted in this article or its attachments (values fixed at generation).
  std::vector<std::string> leak_ids, leak_mobiles;
  std::vector<std::string> decoys;
  // Measure fixtures (SiteOptions::measures).
  std::string doc_number;            // 文号 shown at the top of a policy
  int pair = -1;                     // the paired policy / interpretation (article index)
  bool link_to_pair = false;         // this page links to its pair
  bool copy_pair = false;            // an interpretation whose body copies its policy's (照搬)
  bool interpretation_body = false;  // an interpretation with its own prose
  bool no_source = false;            // no 来源 label and no ContentSource meta
};

struct Column {
  PlantedColumn truth;
  std::vector<int> articles;  // indices into Model::articles, newest first
};

// One link written on a page: a planted defect, a redirect_ok or a behaviour.
struct PageLink {
  std::string href;
  std::string text;
};

enum class PathKind { kHome, kList, kArticle, kAttachment, kAsset, kRobots, kPlain };

struct PathRef {
  PathKind kind;
  int a = 0;  // column / article / about index
  int b = 0;  // list page (0-based) / attachment index
};

struct Site::Model {
  std::vector<Column> columns;
  std::vector<Article> articles;
  std::vector<PageLink> planted;     // hrefs referenced by Article::links
  std::vector<PageLink> home_links;  // extra links on the homepage (friends, traps, behaviours)
  std::unordered_map<std::string, PathRef> paths;  // "/x/index.html" style keys
  std::vector<std::string> ordered_paths;
  // Measure fixtures: homepage 互动与服务 entries, columns left out of the
  // 网站地图 and extra (dead) 网站地图 entries.
  std::vector<PageLink> service_links;
  std::vector<int> sitemap_skip;
  std::vector<PageLink> sitemap_extra;
  // 征集调查 list (the "survey" pages) and the 专题 page's name and section
  // links (the "topic" page).
  struct SurveyEntry {
    std::string title, href;
    Date date;
  };
  std::vector<SurveyEntry> survey_items;
  std::string topic_name;
  std::vector<PageLink> topic_links;
};

}  // namespace govscore::sample
