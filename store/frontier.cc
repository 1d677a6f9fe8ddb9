#include "store/frontier.h"

#include "store/store_env.h"

namespace newscrawl {

namespace {
Status NotYet() { return Status::Unsupported("frontier: not implemented yet"); }
}  // namespace

Result<bool> Frontier::Push(const FrontierEntry&) { return NotYet(); }
Result<std::size_t> Frontier::PushAll(const std::vector<FrontierEntry>&) {
  return NotYet();
}
Result<std::optional<FrontierEntry>> Frontier::Pop(std::string_view,
                                                   std::int64_t) {
  return NotYet();
}
Result<std::optional<FrontierEntry>> Frontier::PopNext(std::int64_t,
                                                       std::string_view) {
  return NotYet();
}
Status Frontier::Done(std::string_view) { return NotYet(); }
Result<std::vector<std::string>> Frontier::Hosts() { return NotYet(); }
Result<bool> Frontier::IsQueued(std::string_view) { return NotYet(); }
Result<std::size_t> Frontier::QueuedCount() { return NotYet(); }
Result<std::size_t> Frontier::InFlightCount() { return NotYet(); }
Result<std::size_t> Frontier::RequeueInFlight() { return NotYet(); }
Result<bool> Frontier::PushInTxn(LmdbTxn&, const FrontierEntry&) {
  return NotYet();
}
Status Frontier::DoneInTxn(LmdbTxn&, std::string_view) { return NotYet(); }
Result<std::optional<FrontierEntry>> Frontier::PopInTxn(LmdbTxn&,
                                                        std::string_view,
                                                        std::int64_t) {
  return NotYet();
}

}  // namespace newscrawl
