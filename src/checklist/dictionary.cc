#include "checklist/dictionary.h"

#include <hs/hs.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <sstream>

#include "checklist/csv_line.h"
#include "core/error.h"

namespace govscore::checklist {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read dictionary file", path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool ParseLevel(const std::string& level, const std::string& where) {
  if (level.empty() || level == "serious" || level == "严重" || level == "严重错误") return true;
  if (level == "general" || level == "一般" || level == "一般错误") return false;
  throw Error("unknown level '" + level + "' (serious|general)", where);
}

void Validate(const DictionaryEntry& e, const std::string& where) {
  if (e.word.empty()) throw Error("empty word", where);
  for (const std::string& x : e.except)
    if (x.find(e.word) == std::string::npos)
      throw Error("except phrase '" + x + "' does not contain the word '" + e.word + "'", where);
}

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

Dictionary Dictionary::ParseYaml(std::string_view text, const std::string& where) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    throw Error(std::string("YAML: ") + e.what(), where);
  }
  if (!root.IsMap()) throw Error("expected a map with schema and entries", where);
  if (!root["schema"] || root["schema"].as<std::string>() != "govscore.dictionary/1")
    throw Error("schema must be govscore.dictionary/1", where);
  Dictionary d;
  const YAML::Node entries = root["entries"];
  if (!entries || !entries.IsSequence()) throw Error("'entries' must be a list", where);
  for (const YAML::Node& n : entries) {
    const std::string at = where + ":" + std::to_string(n.Mark().line + 1);
    if (!n.IsMap()) throw Error("entry must be a map", at);
    for (const auto& kv : n) {
      static const std::vector<std::string> kKeys = {"word",    "level", "category",
                                                     "correct", "note",  "except"};
      if (std::find(kKeys.begin(), kKeys.end(), kv.first.as<std::string>()) == kKeys.end())
        throw Error("unknown key '" + kv.first.as<std::string>() + "'", at);
    }
    DictionaryEntry e;
    try {
      e.word = n["word"] ? n["word"].as<std::string>() : "";
      e.serious = ParseLevel(n["level"] ? n["level"].as<std::string>() : "", at);
      if (n["category"]) e.category = n["category"].as<std::string>();
      if (n["correct"]) e.correct = n["correct"].as<std::string>();
      if (n["note"]) e.note = n["note"].as<std::string>();
      if (const YAML::Node x = n["except"]) {
        if (x.IsScalar()) {
          e.except.push_back(x.as<std::string>());
        } else {
          for (const YAML::Node& s : x) e.except.push_back(s.as<std::string>());
        }
      }
    } catch (const YAML::Exception& ex) {
      throw Error(std::string("bad entry: ") + ex.what(), at);
    }
    Validate(e, at);
    d.entries.push_back(std::move(e));
  }
  return d;
}

Dictionary Dictionary::ParseCsv(std::string_view text, const std::string& where) {
  Dictionary d;
  std::vector<std::string> header;
  for (CsvRecord& record : ReadCsvRecords(text)) {
    const std::vector<std::string>& cells = record.cells;
    const std::string at = where + ":" + std::to_string(record.line);
    if (header.empty()) {
      header = cells;
      if (std::find(header.begin(), header.end(), "word") == header.end())
        throw Error("CSV header needs a 'word' column (word,level,category,correct,note)", at);
      continue;
    }
    DictionaryEntry e;
    std::string level;
    for (size_t i = 0; i < header.size() && i < cells.size(); ++i) {
      if (header[i] == "word")
        e.word = cells[i];
      else if (header[i] == "level")
        level = cells[i];
      else if (header[i] == "category")
        e.category = cells[i];
      else if (header[i] == "correct")
        e.correct = cells[i];
      else if (header[i] == "note")
        e.note = cells[i];
      else
        throw Error("unknown column '" + header[i] + "'", where + ":1");
    }
    e.serious = ParseLevel(level, at);
    Validate(e, at);
    d.entries.push_back(std::move(e));
  }
  return d;
}

Dictionary Dictionary::LoadFile(const std::string& path) {
  std::string text = ReadFile(path);
  if (EndsWith(path, ".csv")) return ParseCsv(text, path);
  return ParseYaml(text, path);
}

void Dictionary::Merge(const Dictionary& other) {
  entries.insert(entries.end(), other.entries.begin(), other.entries.end());
}

std::string HitContext(std::string_view text, size_t begin, size_t end, size_t chars) {
  size_t from = begin;
  for (size_t n = 0; n < chars && from > 0;) {
    --from;
    if (!IsContinuation(static_cast<unsigned char>(text[from]))) ++n;
  }
  size_t to = end;
  for (size_t n = 0; n < chars && to < text.size();) {
    ++to;
    while (to < text.size() && IsContinuation(static_cast<unsigned char>(text[to]))) ++to;
    ++n;
  }
  std::string out;
  out.reserve(to - from + 8);
  out.append(text.substr(from, begin - from));
  out.append("【");
  out.append(text.substr(begin, end - begin));
  out.append("】");
  out.append(text.substr(end, to - end));
  return out;
}

namespace {

// Whether the hit [begin, end) lies inside one of the entry's except phrases.
bool Excepted(const DictionaryEntry& e, std::string_view text, size_t begin, size_t end) {
  for (const std::string& x : e.except) {
    // The phrase must start no later than `begin` and no earlier than end - |x|.
    size_t lo = end >= x.size() ? end - x.size() : 0;
    for (size_t p = lo; p <= begin; ++p) {
      if (p + x.size() <= text.size() && text.compare(p, x.size(), x) == 0) return true;
    }
  }
  return false;
}

void Finish(const Dictionary& d, std::string_view text, std::vector<DictionaryHit>& hits) {
  std::sort(hits.begin(), hits.end(), [](const DictionaryHit& a, const DictionaryHit& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.entry < b.entry;
  });
  std::vector<DictionaryHit> kept;
  kept.reserve(hits.size());
  for (DictionaryHit& h : hits) {
    if (Excepted(d.entries[h.entry], text, h.begin, h.end)) continue;
    h.context = HitContext(text, h.begin, h.end);
    kept.push_back(std::move(h));
  }
  hits.swap(kept);
}

}  // namespace

std::vector<DictionaryHit> FindNaive(const Dictionary& dictionary, std::string_view text) {
  std::vector<DictionaryHit> hits;
  for (size_t i = 0; i < dictionary.entries.size(); ++i) {
    const std::string& w = dictionary.entries[i].word;
    for (size_t p = text.find(w); p != std::string_view::npos; p = text.find(w, p + 1)) {
      // Only starts on a code point boundary (a UTF-8 word never starts mid-sequence).
      hits.push_back({i, p, p + w.size(), {}});
    }
  }
  Finish(dictionary, text, hits);
  return hits;
}

struct DictionaryMatcher::Impl {
  hs_database_t* db = nullptr;
  hs_scratch_t* prototype = nullptr;
  mutable std::mutex mu;
  mutable std::vector<hs_scratch_t*> pool;  // idle scratch spaces

  ~Impl() {
    for (hs_scratch_t* s : pool) hs_free_scratch(s);
    if (prototype) hs_free_scratch(prototype);
    if (db) hs_free_database(db);
  }
  hs_scratch_t* Acquire() const {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (!pool.empty()) {
        hs_scratch_t* s = pool.back();
        pool.pop_back();
        return s;
      }
    }
    hs_scratch_t* s = nullptr;
    if (hs_clone_scratch(prototype, &s) != HS_SUCCESS) throw Error("hs_clone_scratch failed");
    return s;
  }
  void Release(hs_scratch_t* s) const {
    std::lock_guard<std::mutex> lock(mu);
    pool.push_back(s);
  }
};

DictionaryMatcher::DictionaryMatcher(Dictionary dictionary)
    : dictionary_(std::move(dictionary)), impl_(std::make_unique<Impl>()) {
  if (dictionary_.entries.empty()) return;
  std::vector<const char*> exprs;
  std::vector<size_t> lens;
  std::vector<unsigned> flags, ids;
  for (size_t i = 0; i < dictionary_.entries.size(); ++i) {
    exprs.push_back(dictionary_.entries[i].word.data());
    lens.push_back(dictionary_.entries[i].word.size());
    flags.push_back(0);
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_compile_error_t* err = nullptr;
  if (hs_compile_lit_multi(exprs.data(), flags.data(), ids.data(), lens.data(),
                           static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK, nullptr, &impl_->db,
                           &err) != HS_SUCCESS) {
    std::string msg = err && err->message ? err->message : "unknown error";
    int at = err ? err->expression : -1;
    hs_free_compile_error(err);
    throw Error("Hyperscan cannot compile the dictionary: " + msg,
                at >= 0 ? dictionary_.entries[static_cast<size_t>(at)].word : std::string());
  }
  if (hs_alloc_scratch(impl_->db, &impl_->prototype) != HS_SUCCESS)
    throw Error("hs_alloc_scratch failed");
}

DictionaryMatcher::~DictionaryMatcher() = default;

std::vector<DictionaryHit> DictionaryMatcher::Find(std::string_view text) const {
  std::vector<DictionaryHit> hits;
  if (!impl_->db || text.empty()) return hits;
  struct Ctx {
    const Dictionary* d;
    std::vector<DictionaryHit>* hits;
  } ctx{&dictionary_, &hits};
  auto on_match = [](unsigned id, unsigned long long /*from*/, unsigned long long to,
                     unsigned /*flags*/, void* user) -> int {
    auto* c = static_cast<Ctx*>(user);
    const size_t len = c->d->entries[id].word.size();
    const size_t end = static_cast<size_t>(to);
    c->hits->push_back({id, end - len, end, {}});
    return 0;
  };
  hs_scratch_t* scratch = impl_->Acquire();
  hs_error_t rc = hs_scan(impl_->db, text.data(), static_cast<unsigned>(text.size()), 0, scratch,
                          on_match, &ctx);
  impl_->Release(scratch);
  if (rc != HS_SUCCESS) throw Error("hs_scan failed (" + std::to_string(rc) + ")");
  Finish(dictionary_, text, hits);
  return hits;
}

std::vector<size_t> DictionaryMatcher::EntriesPresent(std::string_view text) const {
  std::vector<size_t> out;
  if (!impl_->db || text.empty()) return out;
  std::vector<char> seen(dictionary_.entries.size(), 0);
  auto on_match = [](unsigned id, unsigned long long /*from*/, unsigned long long /*to*/,
                     unsigned /*flags*/, void* user) -> int {
    (*static_cast<std::vector<char>*>(user))[id] = 1;
    return 0;
  };
  hs_scratch_t* scratch = impl_->Acquire();
  hs_error_t rc = hs_scan(impl_->db, text.data(), static_cast<unsigned>(text.size()), 0, scratch,
                          on_match, &seen);
  impl_->Release(scratch);
  if (rc != HS_SUCCESS) throw Error("hs_scan failed (" + std::to_string(rc) + ")");
  for (size_t i = 0; i < seen.size(); ++i)
    if (seen[i]) out.push_back(i);
  return out;
}

std::shared_ptr<const DictionaryMatcher> LoadDictionaryMatcher(
    const std::vector<std::string>& paths) {
  if (paths.empty()) return nullptr;
  Dictionary d;
  for (const std::string& path : paths) d.Merge(Dictionary::LoadFile(path));
  return std::make_shared<const DictionaryMatcher>(std::move(d));
}

}  // namespace govscore::checklist
