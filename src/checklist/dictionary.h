// Serious-error dictionaries (严重表述错误): lists that users maintain of
// misspelt leader names, wrong official titles and banned words, matched
// across all page text at once with Hyperscan (a multi-literal automaton), each
// hit reported with its context.
//
// File format (YAML, `govscore.dictionary/1`):
//   schema: govscore.dictionary/1
//   entries:
//     - {word: 习近平总书纪, level: serious, category: 领导人职务, correct: 习近平总书记}
//     - {word: 其它材料, level: general, category: 用语不规范, correct: 其他材料}
//     - {word: 中华民国, level: serious, category: 禁用词, except: [中华民国时期]}
// or CSV with the header `word,level,category,correct,note` (except not available).
// `level` is serious (严重错误, default) or general (一般错误); `except` lists
// longer phrases in which the word is not an error.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace govscore::checklist {

struct DictionaryEntry {
  std::string word;  // UTF-8, matched exactly (case-sensitive)
  bool serious = true;
  std::string category;  // 领导人姓名, 领导人职务, 禁用词, 错别字 …
  std::string correct;   // the right form, "" when none
  std::string note;
  std::vector<std::string> except;  // phrases containing `word` that are not errors
};

struct Dictionary {
  std::vector<DictionaryEntry> entries;
  // Reads YAML (.yaml/.yml) or CSV. Throws govscore::Error naming the file
  // (and row) for malformed input, an empty word or an unknown level.
  static Dictionary LoadFile(const std::string& path);
  static Dictionary ParseYaml(std::string_view text, const std::string& where);
  static Dictionary ParseCsv(std::string_view text, const std::string& where);
  void Merge(const Dictionary& other);
};

struct DictionaryHit {
  size_t entry = 0;  // index into Dictionary::entries
  size_t begin = 0;  // byte range in the searched text
  size_t end = 0;
  std::string context;  // up to kContextChars code points either side, the hit in 【】
};

constexpr size_t kContextChars = 20;

// Compiled once, then used from any number of threads. Hits come ordered by
// begin, then entry; a hit inside one of its entry's `except` phrases is dropped.
class DictionaryMatcher {
 public:
  // Throws govscore::Error when Hyperscan rejects the set. An empty dictionary
  // gives a matcher that finds nothing.
  explicit DictionaryMatcher(Dictionary dictionary);
  ~DictionaryMatcher();
  DictionaryMatcher(const DictionaryMatcher&) = delete;
  DictionaryMatcher& operator=(const DictionaryMatcher&) = delete;

  std::vector<DictionaryHit> Find(std::string_view utf8_text) const;
  // Which entries occur at all (indices, ascending, each once): no contexts,
  // no `except` filtering — a cheap one-pass prefilter for label sets.
  std::vector<size_t> EntriesPresent(std::string_view utf8_text) const;
  const Dictionary& dictionary() const { return dictionary_; }

 private:
  struct Impl;
  Dictionary dictionary_;
  std::unique_ptr<Impl> impl_;
};

// The dictionaries of `paths` merged and compiled (`--dictionary FILE`,
// repeatable, of scan, worker and serve); null when `paths` is empty. Throws
// govscore::Error naming a file that does not load.
std::shared_ptr<const DictionaryMatcher> LoadDictionaryMatcher(
    const std::vector<std::string>& paths);

// The same result as DictionaryMatcher::Find by a plain loop over the entries
// (std::string_view::find): the reference for tests and the benchmark.
std::vector<DictionaryHit> FindNaive(const Dictionary& dictionary, std::string_view utf8_text);

// `text` around [begin, end): up to `chars` code points either side, the range
// itself in 【】. Never splits a UTF-8 sequence.
std::string HitContext(std::string_view text, size_t begin, size_t end,
                       size_t chars = kContextChars);

}  // namespace govscore::checklist
