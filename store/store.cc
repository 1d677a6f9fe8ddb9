#include "store/store.h"

#include "store/store_env.h"

namespace newscrawl {

namespace {
Status NotYet() { return Status::Unsupported("store: not implemented yet"); }
}  // namespace

Result<std::unique_ptr<Store>> Store::Open(const std::string& dir,
                                           const StoreOptions& options) {
  NEWSCRAWL_ASSIGN_OR_RETURN(std::unique_ptr<StoreEnv> env,
                             StoreEnv::Open(dir, options));
  return std::unique_ptr<Store>(new Store(std::move(env)));
}

Store::Store(std::unique_ptr<StoreEnv> env)
    : env_(std::move(env)), frontier_(std::make_unique<Frontier>(env_.get())) {}
Store::~Store() = default;

const std::string& Store::dir() const { return env_->dir(); }
bool Store::read_only() const { return env_->options().read_only; }
void Store::SetArticleIndexHook(ArticleIndexHook* hook) { hook_ = hook; }
Frontier& Store::frontier() { return *frontier_; }
Status Store::Sync() { return env_->env().Sync(); }

Result<std::vector<PageWriteResult>> Store::Write(const WriteBatch&) {
  return NotYet();
}
Result<PageRecord> Store::GetPage(std::uint64_t) { return NotYet(); }
Result<ArticleRecord> Store::GetArticle(const ArticleKey&) { return NotYet(); }
Result<UrlState> Store::GetUrlState(std::string_view) { return NotYet(); }
Result<ArticleRecord> Store::GetArticleByUrl(std::string_view) {
  return NotYet();
}
Status Store::ForEachArticle(const ArticleFilter&,
                             const std::function<Status(const ArticleRecord&)>&) {
  return NotYet();
}
Status Store::ForEachPage(
    bool, const std::function<Status(std::uint64_t, const PageRecord&)>&) {
  return NotYet();
}
Result<StoreStats> Store::Stats() { return NotYet(); }

}  // namespace newscrawl
