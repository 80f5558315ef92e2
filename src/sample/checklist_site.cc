#include "sample/checklist_site.h"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "core/error.h"
#include "core/html_escape.h"

namespace govscore::sample {
namespace {

const char* kName = "示例县人民政府";

std::string Meta(const std::string& name, const std::string& content) {
  return "<meta name=\"" + name + "\" content=\"" + HtmlEscape(content) + "\">\n";
}

struct Column {
  std::string name, slug, type;
  std::vector<std::pair<std::string, Date>> items;  // (path, date), newest first
  std::vector<std::string> titles;
};

std::string Page(const std::string& title, const std::string& metas, const std::string& breadcrumb,
                 const std::string& body, const std::vector<Column>& nav) {
  std::string h = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<title>" + HtmlEscape(title) + (title == kName ? "" : std::string("_") + kName) +
       "</title>\n";
  h += Meta("SiteName", kName) + metas + "</head>\n<body>\n";
  h += "<div class=\"header\"><h1><a href=\"/\">" + std::string(kName) + "</a></h1></div>\n";
  h += "<ul class=\"nav\">\n<li><a href=\"/\">首页</a></li>\n";
  for (const Column& c : nav) h += "<li><a href=\"/" + c.slug + "/\">" + c.name + "</a></li>\n";
  h += "</ul>\n";
  if (!breadcrumb.empty())
    h += "<div class=\"location\">当前位置：<a href=\"/\">首页</a>" + breadcrumb + "</div>\n";
  h += body;
  h += "\n<div class=\"footer\"><p>主办单位：示例县人民政府办公室　电话：0000-1234567</p>"
       "</div>\n</body>\n</html>\n";
  return h;
}

std::string ColumnMetas(const Column& c) {
  return Meta("ColumnName", c.name) + Meta("ColumnType", c.type);
}

std::string Crumb(const Column& c) {
  return " &gt; <a href=\"/" + c.slug + "/\">" + c.name + "</a>";
}

// The eight element classes, their label and a value.
const std::vector<std::pair<std::string, std::string>>& Elements() {
  static const std::vector<std::pair<std::string, std::string>> kElements = {
      {"事项名称", "个体工商户设立登记"},
      {"设定依据", "《促进个体工商户发展条例》第八条"},
      {"申请条件", "具有经营能力的自然人"},
      {"办理材料", ""},  // written separately
      {"办理地点", "县政务服务中心一楼市场监管窗口"},
      {"办理时间", "工作日上午9:00-12:00，下午14:00-17:00"},
      {"联系电话", "0000-7654321"},
      {"办理流程", "申请—受理—审核—发证"},
  };
  return kElements;
}

}  // namespace

ChecklistSite ChecklistSite::Generate(const ChecklistSiteOptions& o) {
  ChecklistSite site;
  ChecklistTruth& t = site.truth_;
  std::vector<Column> columns;
  // The fresh 政务动态 column: an item every other day up to as_of − 1.
  Column news{"政务动态", "zwdt", "工作动态", {}, {}};
  for (int i = 0; i < 8; ++i) {
    news.items.push_back({"/zwdt/a" + std::to_string(i) + ".html", o.as_of.AddDays(-1 - 2 * i)});
    news.titles.push_back("县政府召开第" + std::to_string(i + 1) + "次常务会议");
  }
  t.homepage_newest = o.as_of.AddDays(-1);
  columns.push_back(news);
  for (int k = 0; k < o.stale_news_columns; ++k) {
    Column c{"部门动态" + std::to_string(k + 1), "bmdt" + std::to_string(k), "工作动态", {}, {}};
    for (int i = 0; i < 3; ++i) {
      c.items.push_back(
          {"/" + c.slug + "/a" + std::to_string(i) + ".html", o.as_of.AddDays(-15 - 7 * i)});
      c.titles.push_back(c.name + "工作简讯" + std::to_string(i + 1));
    }
    t.stale_news.push_back("/" + c.slug + "/");
    columns.push_back(c);
  }
  for (int k = 0; k < o.stale_notice_columns; ++k) {
    Column c{"通知公告" + std::to_string(k + 1), "tzgg" + std::to_string(k), "通知公告", {}, {}};
    for (int i = 0; i < 3; ++i) {
      c.items.push_back({"/" + c.slug + "/a" + std::to_string(i) + ".html",
                         o.as_of.AddMonths(-6).AddDays(-1 - 10 * i)});
      c.titles.push_back("关于开展第" + std::to_string(i + 1) + "批项目申报的通知");
    }
    t.stale_notice.push_back("/" + c.slug + "/");
    columns.push_back(c);
  }
  for (int k = 0; k < o.stale_personnel_columns; ++k) {
    Column c{"人事任免" + std::to_string(k + 1), "rsrm" + std::to_string(k), "人事信息", {}, {}};
    for (int i = 0; i < 3; ++i) {
      c.items.push_back({"/" + c.slug + "/a" + std::to_string(i) + ".html",
                         o.as_of.AddMonths(-12).AddDays(-1 - 30 * i)});
      c.titles.push_back("县政府任免张" + std::to_string(i + 1) + "等同志职务");
    }
    t.stale_personnel.push_back("/" + c.slug + "/");
    columns.push_back(c);
  }
  for (int k = 0; k < o.empty_columns; ++k) {
    Column c{"专题" + std::to_string(k + 1), "zt" + std::to_string(k), "专题专栏", {}, {}};
    t.empty.push_back("/" + c.slug + "/");
    columns.push_back(c);
  }
  // 政务咨询: one page per message, listed by question date. Without planted
  // messages (or guides) one good message (guide) keeps the column from being
  // empty.
  const std::vector<ChecklistMessageSpec> messages =
      o.messages.empty()
          ? std::vector<ChecklistMessageSpec>{{o.as_of.AddDays(-20), o.as_of.AddDays(-18)}}
          : o.messages;
  const std::vector<ChecklistGuideSpec> guides =
      o.guides.empty() ? std::vector<ChecklistGuideSpec>{ChecklistGuideSpec{}} : o.guides;
  Column zx{"政务咨询", "zwzx", "互动交流", {}, {}};
  for (size_t k = 0; k < messages.size(); ++k) {
    const ChecklistMessageSpec& m = messages[k];
    const std::string path = "/zwzx/m" + std::to_string(k) + ".html";
    zx.items.push_back({path, m.asked});
    zx.titles.push_back("关于办理居住证的咨询" + std::to_string(k + 1));
    t.messages.push_back({path, m.asked, m.replied});
  }
  // 办事指南.
  Column bs{"办事指南", "bszn", "办事服务", {}, {}};
  for (size_t k = 0; k < guides.size(); ++k) {
    const std::string path = "/bszn/g" + std::to_string(k) + ".html";
    bs.items.push_back({path, o.as_of.AddDays(-30 - static_cast<int>(k))});
    bs.titles.push_back("个体工商户设立登记办事指南" + std::to_string(k + 1));
    ChecklistTruth::Guide g;
    g.path = path;
    g.missing = guides[k].missing;
    g.vague = guides[k].vague;
    g.unspecified = guides[k].unspecified;
    g.form = "/bszn/files/form" + std::to_string(k) + ".docx";
    g.broken_form = guides[k].broken_form;
    t.guides.push_back(g);
  }
  std::sort(zx.items.begin(), zx.items.end(),
            [](const auto& a, const auto& b) { return a.second > b.second; });
  columns.push_back(zx);
  columns.push_back(bs);

  auto list_page = [&](const Column& c) {
    std::string b = "<div class=\"list\"><h2>" + c.name + "</h2>\n";
    if (c.items.empty()) {
      b += "<p class=\"empty\">暂无信息</p>\n</div>\n";
    } else {
      b += "<ul class=\"list-items\">\n";
      for (size_t i = 0; i < c.items.size(); ++i)
        b += "<li><a href=\"" + c.items[i].first + "\">" + HtmlEscape(c.titles[i]) +
             "</a><span class=\"date\">" + c.items[i].second.ToString() + "</span></li>\n";
      b += "</ul>\n</div>\n";
    }
    site.files_["/" + c.slug + "/index.html"] = Page(c.name, ColumnMetas(c), Crumb(c), b, columns);
  };
  for (const Column& c : columns) list_page(c);

  // Articles of the ordinary columns; planted terms go into 政务动态 articles.
  for (const Column& c : columns) {
    if (c.slug == "zwzx" || c.slug == "bszn") continue;
    for (size_t i = 0; i < c.items.size(); ++i) {
      std::string body = "<div class=\"article\"><h1>" + HtmlEscape(c.titles[i]) +
                         "</h1>\n<div class=\"info\">发布时间：" + c.items[i].second.ToString() +
                         "　来源：县政府办公室</div>\n<div class=\"content\">\n<p>" +
                         "会议传达学习了有关文件精神，研究部署了近期重点工作。";
      if (c.slug == "zwdt" && i < o.planted_terms.size()) {
        body += "会议强调，要深入学习" + o.planted_terms[i] + "的重要讲话精神。";
        t.terms.push_back({c.items[i].first, o.planted_terms[i]});
      }
      body += "</p>\n</div>\n</div>\n";
      site.files_[c.items[i].first] =
          Page(c.titles[i], ColumnMetas(c) + Meta("PubDate", c.items[i].second.ToString()),
               Crumb(c) + " &gt; 正文", body, columns);
    }
  }
  for (size_t k = 0; k < messages.size(); ++k) {
    const ChecklistMessageSpec& m = messages[k];
    std::string b = "<div class=\"message\"><h1>关于办理居住证的咨询" + std::to_string(k + 1) +
                    "</h1>\n<table>\n<tr><td>留言人：</td><td>张先生</td></tr>\n"
                    "<tr><td>留言时间：</td><td>" +
                    m.asked.ToString() +
                    " 10:20</td></tr>\n<tr><td>留言内容：</td><td>请问外地户籍人员如何办理居住证？"
                    "</td></tr>\n";
    if (m.replied) {
      b += "<tr><td>答复单位：</td><td>县公安局</td></tr>\n<tr><td>回复时间：</td><td>" +
           m.replied->ToString() +
           " 16:00</td></tr>\n<tr><td>回复内容：</td><td>您好，请携带身份证到户籍窗口办理。"
           "</td></tr>\n";
    } else {
      b += "<tr><td>办理状态：</td><td>未回复</td></tr>\n";
    }
    b += "</table>\n</div>\n";
    site.files_[t.messages[k].path] = Page("关于办理居住证的咨询" + std::to_string(k + 1),
                                           ColumnMetas(zx), Crumb(zx), b, columns);
  }
  for (size_t k = 0; k < guides.size(); ++k) {
    const ChecklistGuideSpec& g = guides[k];
    const std::string title = "个体工商户设立登记办事指南" + std::to_string(k + 1);
    std::string b = "<div class=\"guide\"><h1>" + title + "</h1>\n";
    b += "<p>表格下载：<a href=\"" + t.guides[k].form + "\">个体工商户登记申请书.docx</a></p>\n";
    for (const auto& [label, value] : Elements()) {
      if (std::find(g.missing.begin(), g.missing.end(), label) != g.missing.end()) continue;
      if (label == "办理材料") {
        b += "<h3>申请材料：</h3>\n<p>1. 个体工商户登记申请书原件1份；</p>\n"
             "<p>2. 经营者身份证复印件1份；</p>\n";
        if (g.unspecified) b += "<p>3. 经营场所使用证明；</p>\n";
        if (g.vague) b += "<p>4. 其他相关材料复印件1份。</p>\n";
        continue;
      }
      b += "<p>" + label + "：" + value + "</p>\n";
    }
    b += "</div>\n";
    site.files_[t.guides[k].path] = Page(title, ColumnMetas(bs), Crumb(bs), b, columns);
    if (!g.broken_form) site.files_[t.guides[k].form] = "PK\x03\x04 form " + std::to_string(k);
  }
  // Homepage: the newest 政务动态 items, every column, the entries.
  std::string b = "<div class=\"home\">\n<h2>政务动态</h2>\n<ul class=\"list-items\">\n";
  for (size_t i = 0; i < news.items.size(); ++i)
    b += "<li><a href=\"" + news.items[i].first + "\">" + HtmlEscape(news.titles[i]) +
         "</a><span class=\"date\">" + news.items[i].second.ToString() + "</span></li>\n";
  b += "</ul>\n<p><a href=\"/zwzx/\">政务咨询</a> <a href=\"/bszn/\">办事服务</a></p>\n</div>\n";
  site.files_["/index.html"] =
      Page(kName, Meta("ColumnName", "首页") + Meta("ColumnType", "首页"), "", b, columns);
  return site;
}

struct StaticSiteServer::Impl {
  httplib::Server http;
  std::thread thread;
  int port = 0;
  std::map<std::string, std::string> files;
};

StaticSiteServer::StaticSiteServer(std::map<std::string, std::string> files)
    : impl_(std::make_unique<Impl>()) {
  impl_->files = std::move(files);
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    std::string path = req.path;
    if (!path.empty() && path.back() == '/') path += "index.html";
    auto it = impl_->files.find(path);
    if (it == impl_->files.end()) {
      res.status = 404;
      res.set_content("<html><body>404 Not Found</body></html>", "text/html");
      return;
    }
    const bool html = path.size() > 5 && path.compare(path.size() - 5, 5, ".html") == 0;
    res.set_content(it->second, html ? "text/html; charset=utf-8"
                                     : "application/vnd.openxmlformats-officedocument."
                                       "wordprocessingml.document");
  };
  impl_->http.Get(".*", handler);
  impl_->port = impl_->http.bind_to_any_port("127.0.0.1");
  if (impl_->port <= 0) throw Error("cannot listen on 127.0.0.1", "checklist sample server");
  impl_->thread = std::thread([this] { impl_->http.listen_after_bind(); });
  for (int i = 0; i < 5000 && !impl_->http.is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

StaticSiteServer::~StaticSiteServer() { Stop(); }

std::string StaticSiteServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(impl_->port);
}

void StaticSiteServer::Stop() {
  if (!impl_->thread.joinable()) return;
  impl_->http.stop();
  impl_->thread.join();
}

}  // namespace govscore::sample
