#include "store/search_command.h"

#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>

#include "store/search_index.h"
#include "store/search_snippet.h"
#include "store/search_time.h"
#include "store/store.h"
#include "store/text_tokenizer.h"

namespace newscrawl {
namespace {

int Fail(int code, const std::string& message) {
  std::fprintf(stderr, "newscrawl search: %s\n", message.c_str());
  return code;
}

// --since/--until: a day, inclusive.
std::optional<int64_t> Day(const std::string& day, bool end_of_day) {
  if (day.size() != 10) return std::nullopt;
  const std::optional<int64_t> start = ParseSearchTime(day);
  if (!start) return std::nullopt;
  return end_of_day ? *start + 86399 : *start;
}

}  // namespace

int RunSearchCommand(const GlobalOptions& global, const Config& /*config*/,
                     const SearchOptions& options) {
  SearchRequest request;
  request.query = options.query;
  request.sites = options.sites;
  if (options.limit <= 0) return Fail(kExitUsage, "--limit must be positive");
  request.limit = static_cast<size_t>(options.limit);
  if (!options.since.empty()) {
    const auto since = Day(options.since, false);
    if (!since) return Fail(kExitUsage, "--since wants YYYY-MM-DD");
    request.since = *since;
  }
  if (!options.until.empty()) {
    const auto until = Day(options.until, true);
    if (!until) return Fail(kExitUsage, "--until wants YYYY-MM-DD");
    request.until = *until;
  }
  const bool jsonl = options.format == "jsonl";
  if (!jsonl && options.format != "text") {
    return Fail(kExitUsage, "--format is text or jsonl");
  }

  StoreOptions store_options;
  store_options.read_only = true;
  auto store = Store::Open(global.store_dir, store_options);
  if (!store.ok()) return Fail(kExitFailure, store.status().ToString());

  SearchResult result;
  const Status status = (*store)->ReadTransaction([&](MDB_txn* txn) -> Status {
    NEWSCRAWL_ASSIGN_OR_RETURN(std::unique_ptr<SearchIndex> index,
                               SearchIndex::Open(txn, false));
    NEWSCRAWL_ASSIGN_OR_RETURN(result, index->Search(txn, request));
    return Status::Ok();
  });
  if (status.IsInvalidArgument()) return Fail(kExitUsage, status.message());
  if (!status.ok()) return Fail(kExitFailure, status.ToString());

  auto tokenizer = TextTokenizer::Create();
  if (!tokenizer.ok()) return Fail(kExitFailure, tokenizer.status().ToString());
  SnippetOptions snippet;
  if (!jsonl && isatty(STDOUT_FILENO)) {
    snippet.open = "\x1b[1m";
    snippet.close = "\x1b[0m";
  }
  size_t rank = 0;
  for (const SearchHit& hit : result.hits) {
    auto key = ArticleKey::FromBytes(hit.article_key);
    if (!key.ok()) return Fail(kExitFailure, key.status().ToString());
    auto record = (*store)->GetArticle(*key);
    if (record.status().IsNotFound()) continue;  // removed since the query
    if (!record.ok()) return Fail(kExitFailure, record.status().ToString());
    const Article& article = record->article;
    const std::string url =
        !article.canonical_url.empty()
            ? article.canonical_url
            : (record->urls.empty() ? article.url : record->urls.front());
    const std::string text =
        article.body.empty() ? article.lead : article.body;
    const std::string snip =
        MakeSnippet(**tokenizer, text, result.terms, snippet);
    const std::string date = article.published.empty()
                                 ? FormatSearchDate(hit.published)
                                 : article.published.substr(0, 10);
    ++rank;
    if (jsonl) {
      nlohmann::json line = {{"rank", rank},
                             {"key", key->ToHex()},
                             {"title", article.title},
                             {"published", article.published},
                             {"date", date},
                             {"site", record->site},
                             {"url", url},
                             {"score", hit.score},
                             {"snippet", snip}};
      std::printf("%s\n", line.dump(-1, ' ', false,
                                    nlohmann::json::error_handler_t::replace)
                              .c_str());
    } else {
      std::printf("%zu. %s\n   %s  %s  %s\n   %s\n\n", rank,
                  article.title.c_str(), date.c_str(), record->site.c_str(),
                  url.c_str(), snip.c_str());
    }
  }
  if (!jsonl) {
    std::printf("%zu matching article%s, %zu shown\n", result.matched,
                result.matched == 1 ? "" : "s", rank);
  }
  return kExitOk;
}

}  // namespace newscrawl
