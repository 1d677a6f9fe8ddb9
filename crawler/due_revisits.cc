#include "crawler/due_revisits.h"

#include <string>

namespace newscrawl {

Status ForEachDueArticle(
    Store& store, const RevisitPolicy& policy, std::int64_t now,
    std::size_t chunk,
    const std::function<void(std::string_view, const UrlState&)>& fn,
    const std::function<Status()>& after_chunk) {
  std::string resume;
  for (bool more = true; more;) {
    NEWSCRAWL_ASSIGN_OR_RETURN(
        more, store.ScanDueRevisits(
                  policy.DueUntil(now), chunk, &resume,
                  [&](std::string_view url, const UrlState& state) {
                    // The index holds article URLs by due time: this only
                    // restates the policy for what it read.
                    if (policy.Due(state, now)) fn(url, state);
                  }));
    if (after_chunk) NEWSCRAWL_RETURN_IF_ERROR(after_chunk());
  }
  return Status::Ok();
}

}  // namespace newscrawl
