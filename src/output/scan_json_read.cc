// ScanFromJson: the govscore.scan/1 document back into a ScanReport (the
// inverse of scan_json.cc; keep the two in step — output_test round-trips).
#include <map>
#include <string>

#include "core/error.h"
#include "output/scan_json.h"
#include "output/site_facts_json.h"

namespace govscore {
namespace {

using nlohmann::json;

// Field access with a path for error messages.
class Reader {
 public:
  Reader(const json& j, std::string path) : j_(j), path_(std::move(path)) {}

  const json& Need(const char* key, json::value_t type) const {
    if (!j_.is_object()) Fail(path_, "is not an object");
    auto it = j_.find(key);
    if (it == j_.end()) Fail(At(key), "missing");
    const bool ok =
        it->type() == type ||
        (type == json::value_t::number_integer && it->type() == json::value_t::number_unsigned) ||
        (type == json::value_t::number_float && it->is_number());
    if (!ok) Fail(At(key), std::string("must be ") + Name(type));
    return *it;
  }
  const json* Optional(const char* key) const {
    auto it = j_.find(key);
    return it == j_.end() || it->is_null() ? nullptr : &*it;
  }
  std::string Text(const char* key) const { return Need(key, json::value_t::string); }
  std::string TextOr(const char* key, const std::string& fallback = {}) const {
    const json* v = Optional(key);
    if (!v) return fallback;
    if (!v->is_string()) Fail(At(key), "must be text");
    return *v;
  }
  int64_t Int(const char* key) const {
    return Need(key, json::value_t::number_integer).get<int64_t>();
  }
  int64_t IntOr(const char* key, int64_t fallback) const {
    const json* v = Optional(key);
    if (!v) return fallback;
    if (!v->is_number_integer()) Fail(At(key), "must be an integer");
    return v->get<int64_t>();
  }
  double Real(const char* key) const { return Need(key, json::value_t::number_float); }
  bool Bool(const char* key) const { return Need(key, json::value_t::boolean); }
  bool BoolOr(const char* key, bool fallback) const {
    const json* v = Optional(key);
    if (!v) return fallback;
    if (!v->is_boolean()) Fail(At(key), "must be true or false");
    return *v;
  }
  std::optional<Date> DateOr(const char* key) const {
    const json* v = Optional(key);
    if (!v) return std::nullopt;
    if (!v->is_string()) Fail(At(key), "must be a YYYY-MM-DD date");
    auto d = Date::Parse(v->get<std::string>());
    if (!d) Fail(At(key), "is not a YYYY-MM-DD date");
    return d;
  }
  const json& Array(const char* key) const { return Need(key, json::value_t::array); }
  const json& Object(const char* key) const { return Need(key, json::value_t::object); }
  std::vector<std::string> Strings(const char* key) const {
    std::vector<std::string> out;
    const json* v = Optional(key);
    if (!v) return out;
    if (!v->is_array()) Fail(At(key), "must be a list of texts");
    for (const json& s : *v) {
      if (!s.is_string()) Fail(At(key), "must be a list of texts");
      out.push_back(s);
    }
    return out;
  }
  Reader Child(const char* key, json::value_t type = json::value_t::object) const {
    return Reader(Need(key, type), At(key));
  }
  std::string At(const std::string& key) const { return path_ + "." + key; }
  const std::string& path() const { return path_; }

  [[noreturn]] static void Fail(const std::string& where, const std::string& what) {
    throw Error(where + " " + what, "scan document");
  }

 private:
  static const char* Name(json::value_t t) {
    switch (t) {
      case json::value_t::string:
        return "text";
      case json::value_t::boolean:
        return "true or false";
      case json::value_t::array:
        return "a list";
      case json::value_t::object:
        return "an object";
      case json::value_t::number_integer:
        return "an integer";
      default:
        return "a number";
    }
  }
  const json& j_;
  std::string path_;
};

// Elements of an array field, each with its path.
template <typename F>
void Each(const Reader& parent, const char* key, F f) {
  const json& a = parent.Array(key);
  for (size_t i = 0; i < a.size(); ++i)
    f(Reader(a[i], parent.At(key) + "[" + std::to_string(i) + "]"));
}

PageKind ParsePageKind(const Reader& r) {
  const std::string k = r.Text("kind");
  for (PageKind kind :
       {PageKind::kHome, PageKind::kColumnList, PageKind::kArticle, PageKind::kOther})
    if (PageKindName(kind) == k) return kind;
  Reader::Fail(r.At("kind"), "unknown page kind '" + k + "'");
}

TrapKind ParseTrapKind(const Reader& r) {
  const std::string k = r.Text("kind");
  for (TrapKind kind : {TrapKind::kDepth, TrapKind::kRepeatedSegments, TrapKind::kQueryExplosion,
                        TrapKind::kCalendar})
    if (TrapKindName(kind) == k) return kind;
  Reader::Fail(r.At("kind"), "unknown trap kind '" + k + "'");
}

size_t Count(const Reader& r, const char* key) {
  const int64_t n = r.Int(key);
  if (n < 0) Reader::Fail(r.At(key), "must not be negative");
  return static_cast<size_t>(n);
}

void ReadSummary(const Reader& s, ScanSummary& out) {
  out.pages = Count(s, "pages");
  out.links_checked = Count(s, "links_checked");
  out.link_occurrences = Count(s, "link_occurrences");
  out.broken_links = Count(s, "broken_links");
  for (const auto& [name, n] : s.Object("by_result").items()) {
    if (!n.is_number_integer() || n.get<int64_t>() < 0)
      Reader::Fail(s.At("by_result." + name), "must be a count");
    out.by_result[name] = n.get<size_t>();
  }
  out.not_links = Count(s, "not_links");
  out.attachments_scanned = Count(s, "attachments_scanned");
  out.empty_columns = Count(s, "empty_columns");
  out.stale_columns = Count(s, "stale_columns");
  out.privacy_hits = Count(s, "privacy_hits");
  out.trapped_urls = Count(s, "trapped_urls");
  out.page_limit_refusals = Count(s, "page_limit_refusals");
  out.requests = Count(s, "requests");
  out.bytes = static_cast<uint64_t>(s.Int("bytes"));
  out.seconds = s.Real("seconds");
  out.pages_per_second = s.Real("pages_per_second");
}

void ReadLinks(const Reader& doc, ScanReport& r) {
  // One entry per (source, target): entries of one target are folded back into
  // one record with its sources in order; a null source is the start URL itself.
  std::map<std::string, size_t> index;
  Each(doc, "links", [&](const Reader& l) {
    const std::string target = l.Text("target");
    auto [it, fresh] = index.try_emplace(target, r.links.size());
    if (fresh) {
      LinkRecord rec;
      rec.target = target;
      const std::string result = l.Text("result");
      auto parsed = LinkResultFromName(result);
      if (!parsed) Reader::Fail(l.At("result"), "unknown link result '" + result + "'");
      rec.result = *parsed;
      rec.status = static_cast<int>(l.Int("status"));
      rec.external = l.BoolOr("external", false);
      rec.detail = l.TextOr("detail");
      rec.via = l.Strings("via");
      r.links.push_back(std::move(rec));
    }
    if (const json* source = l.Optional("source")) {
      if (!source->is_string()) Reader::Fail(l.At("source"), "must be text or null");
      r.links[it->second].sources.push_back(*source);
    }
  });
}

void ReadColumns(const Reader& doc, ScanReport& r) {
  Each(doc, "columns", [&](const Reader& c) {
    ColumnStats s;
    s.name = c.Text("name");
    s.url = c.Text("url");
    s.items = static_cast<int>(c.Int("items"));
    s.newest = c.DateOr("newest");
    s.empty = c.Bool("empty");
    s.stale = c.Bool("stale");
    s.category = c.TextOr("category");
    s.limit = c.TextOr("limit");
    s.oldest = c.DateOr("oldest");
    s.undated = static_cast<int>(c.IntOr("undated", 0));
    s.days_since_newest = static_cast<int>(c.IntOr("days_since_newest", -1));
    s.within_14_days = static_cast<int>(c.IntOr("within_14_days", 0));
    s.within_6_months = static_cast<int>(c.IntOr("within_6_months", 0));
    s.within_1_year = static_cast<int>(c.IntOr("within_1_year", 0));
    s.items_this_year = static_cast<int>(c.IntOr("items_this_year", 0));
    if (const json* dates = c.Optional("dates")) {
      if (!dates->is_object()) Reader::Fail(c.At("dates"), "must be an object");
      for (const auto& [day, n] : dates->items()) {
        auto d = Date::Parse(day);
        if (!d || !n.is_number_integer())
          Reader::Fail(c.At("dates." + day), "must map a YYYY-MM-DD date to a count");
        s.item_dates[*d] = n.get<int>();
      }
    }
    if (const json* m = c.Optional("mean_interval_days")) {
      if (!m->is_number()) Reader::Fail(c.At("mean_interval_days"), "must be a number");
      s.mean_interval_days = m->get<double>();
    }
    r.columns.push_back(std::move(s));
  });
}

void ReadFindings(const Reader& f, ScanReport& r) {
  Each(f, "traps", [&](const Reader& t) {
    r.traps.push_back({ParseTrapKind(t), t.Text("pattern"), t.Text("example"),
                       static_cast<uint64_t>(t.Int("stopped"))});
  });
  Each(f, "tls", [&](const Reader& t) {
    r.tls.push_back({t.Text("host"), t.Text("kind"), t.TextOr("detail")});
  });
  Each(f, "robots", [&](const Reader& b) {
    RobotsRecord rec;
    rec.host = b.Text("host");
    rec.status = static_cast<int>(b.Int("status"));
    rec.respected = b.Bool("respected");
    rec.rules = static_cast<size_t>(b.Int("rules"));
    rec.refused = static_cast<size_t>(b.Int("refused"));
    rec.examples = b.Strings("examples");
    r.robots.push_back(std::move(rec));
  });
  const Reader site = f.Child("site");
  r.accessibility_toolbar = site.Bool("accessibility_toolbar");
  r.privacy_policy_url = site.TextOr("privacy_policy");
  if (const json* meta = site.Optional("meta")) {
    if (!meta->is_object()) Reader::Fail(site.At("meta"), "must be an object");
    for (const auto& [k, v] : meta->items()) {
      if (!v.is_string()) Reader::Fail(site.At("meta." + k), "must be text");
      r.home_meta[k] = v;
    }
  }
  if (const json* search = site.Optional("search")) {
    const Reader s(*search, site.At("search"));
    r.search = SearchForm{s.TextOr("action"), s.TextOr("method"), s.TextOr("query_param")};
  }
  r.warnings = f.Strings("warnings");
}

}  // namespace

ScanReport ScanFromJson(const json& document) {
  const Reader doc(document, "scan");
  const std::string schema = doc.Text("schema");
  if (schema != kScanSchema)
    Reader::Fail("scan.schema", "is '" + schema + "', expected " + kScanSchema);
  ScanReport r;
  r.site = doc.Text("site");
  auto as_of = Date::Parse(doc.Text("as_of"));
  if (!as_of) Reader::Fail("scan.as_of", "is not a YYYY-MM-DD date");
  r.as_of = *as_of;
  r.started_at = doc.TextOr("started_at");
  r.user_agent = doc.TextOr("user_agent");
  Each(doc, "pages", [&](const Reader& p) {
    PageRecord rec;
    rec.url = p.Text("url");
    rec.final_url = p.TextOr("final_url");
    rec.title = p.TextOr("title");
    rec.charset = p.TextOr("charset");
    rec.status = static_cast<int>(p.Int("status"));
    rec.depth = static_cast<int>(p.Int("depth"));
    rec.kind = ParsePageKind(p);
    rec.soft_404 = p.BoolOr("soft_404", false);
    r.pages.push_back(std::move(rec));
  });
  ReadLinks(doc, r);
  ReadColumns(doc, r);
  const Reader footer = doc.Child("footer");
  FooterIdentity& f = r.footer;
  f.site_code = footer.TextOr("site_code");
  f.icp = footer.TextOr("icp");
  f.police_record = footer.TextOr("police_record");
  f.sponsor = footer.TextOr("sponsor");
  f.error_report_href = footer.TextOr("error_report_link");
  f.party_gov_label_href = footer.TextOr("party_gov_label");
  f.organizer = footer.TextOr("organizer");
  f.contact = footer.TextOr("contact");
  f.error_report_site_code = footer.TextOr("error_report_site_code");
  Each(doc, "privacy", [&](const Reader& p) {
    r.privacy.push_back({p.Text("url"), p.Text("kind"), p.Text("masked"), p.TextOr("context"),
                         p.BoolOr("attachment", false)});
  });
  ReadSummary(doc.Child("summary"), r.summary);
  ReadFindings(doc.Child("findings"), r);
  if (document.contains("site_facts") && document["site_facts"].is_object())
    r.site_facts = SiteFactsFromJson(document["site_facts"]);
  return r;
}

}  // namespace govscore
