// ForEachDueArticle: the article URLs whose revisit is due at a run's
// start, read from the store's revisit index (store/revisit_index.h): only
// the entries due by RevisitPolicy::DueUntil(now) are read, however many
// URL states the store holds, a chunk per read transaction.
//
// Thread safety: as Store.
#ifndef NEWSCRAWL_CRAWLER_DUE_REVISITS_H_
#define NEWSCRAWL_CRAWLER_DUE_REVISITS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

#include "config/status.h"
#include "crawler/revisit_policy.h"
#include "store/store.h"

namespace newscrawl {

// Calls fn(url, state) for every article URL of `store` that `policy`
// says is due at `now`, in due-time order, reading `chunk` index entries
// per read transaction; after each chunk calls `after_chunk` (if set),
// outside the transaction: a caller may write there (the crawl pushes what
// it collected to the frontier), and its error stops the walk.
Status ForEachDueArticle(
    Store& store, const RevisitPolicy& policy, std::int64_t now,
    std::size_t chunk,
    const std::function<void(std::string_view, const UrlState&)>& fn,
    const std::function<Status()>& after_chunk = {});

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_DUE_REVISITS_H_
