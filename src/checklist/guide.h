// 办事指南 (service guide) completeness, as the national checklist scores it
// (REFERENCE.md §1.3, 2015 precedent): eight key element classes, vague
// wording in the materials, material requirements without 原件/复印件/份数.
// Works on a page's visible text; pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace govscore::checklist {

// The eight element classes in the official order: 事项名称, 设定依据, 申请条件,
// 办理材料, 办理地点, 办理时间, 联系电话, 办理流程. Each is recognised by its
// labels (设定依据: 设定依据/法律依据/办理依据/实施依据/法定依据 …) written as
// a heading or followed by a colon.
const std::vector<std::string>& GuideElementClasses();

// Further elements some frameworks check guide by guide (gx2019-yth 办事指南准确度):
// 办件类型, 事项编码, 法定办结时限, 承诺办结时限, 中介服务, 材料来源, 到现场次数.
// Recognised by their labels like the classes above; not part of the eight the
// national checklist deducts for.
const std::vector<std::string>& GuideFurtherElements();

struct GuideCheck {
  bool is_guide = false;                    // the page is a 办事指南 (see IsGuideText)
  std::vector<std::string> present;         // element classes found, official order
  std::vector<std::string> missing;         // element classes not found, official order
  std::vector<std::string> vague;           // vague phrases found: 其他材料, 相关材料 …
  std::vector<std::string> vague_excerpts;  // per vague phrase: its context, the phrase in 【】
  std::vector<std::string> unspecified;  // material items without 原件/复印件/份数/扫描件/电子
  int material_items = 0;                // items found in the 办理材料 section
  std::vector<std::string> further_missing;  // GuideFurtherElements() not found (guides only)
};

// Vague phrases looked for (其他材料, 其它材料, 相关材料, 有关材料, 其他相关材料,
// 等材料, 其他证明材料 …).
const std::vector<std::string>& VaguePhrases();

// Every element label with the index of its class in GuideElementClasses()
// (a one-pass prefilter: a page showing labels of fewer than 4 classes and not
// titled 办事指南/服务指南 is not a guide).
const std::vector<std::pair<std::string, size_t>>& GuideLabels();

// Checks one page text. `title` helps recognise the guide (办事指南, 服务指南).
// A page is a guide when its title says so or at least 4 element classes occur.
GuideCheck CheckGuide(std::string_view title, std::string_view text);

}  // namespace govscore::checklist
