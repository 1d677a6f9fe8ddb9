#include "store/reextract_write.h"

namespace newscrawl {

std::string_view ReextractOutcomeName(ReextractOutcome outcome) {
  switch (outcome) {
    case ReextractOutcome::kUnchanged: return "unchanged";
    case ReextractOutcome::kMetadata: return "metadata";
    case ReextractOutcome::kChanged: return "changed";
    case ReextractOutcome::kNewlyEmpty: return "newly-empty";
    case ReextractOutcome::kStale: return "stale";
  }
  return "unknown";
}

}  // namespace newscrawl
