#include "store/write_batch.h"

namespace newscrawl {

std::string_view WriteOutcomeName(WriteOutcome outcome) {
  switch (outcome) {
    case WriteOutcome::kNewArticle:
      return "new";
    case WriteOutcome::kSameArticleNewUrl:
      return "same_article_new_url";
    case WriteOutcome::kNearDuplicate:
      return "near_duplicate";
    case WriteOutcome::kEdited:
      return "edited";
    case WriteOutcome::kUnchanged:
      return "unchanged";
    case WriteOutcome::kNoArticle:
      break;
  }
  return "no_article";
}

}  // namespace newscrawl
