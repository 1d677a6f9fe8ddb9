// ProfileLearner: learns a SiteProfile from a site's article pages and what
// the generic extractor kept of each.
//
// Feed it every stored article page of one site (AddPage with the page's
// blocks and the body the extractor produced), then Finish().  Pages are
// grouped into templates by the structure they share (old and new layouts
// of a site become two templates).  Per template and per block signature it
// counts on how many pages the block occurs, how much of its text the
// extractor kept, and how often its text is the same from page to page.
// A block that the extractor dropped on most pages, or whose text is the
// same on nearly every page, is a template block: the profile drops it on
// every page, which fixes the pages where the heuristics let it through.
// The article container is the block that holds the kept text on most
// pages.
//
// Memory grows with the number of distinct signatures, not with pages.
// Thread safety: none (one learner per site).
#ifndef NEWSCRAWL_EXTRACTOR_PROFILE_LEARNER_H_
#define NEWSCRAWL_EXTRACTOR_PROFILE_LEARNER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "extractor/page_blocks.h"
#include "extractor/site_profile.h"

namespace newscrawl {

struct ProfileOptions {
  int min_pages = 20;        // a template needs this many pages
  double presence = 0.5;     // share of pages a template block occurs on
  double kept_below = 0.5;   // dropped: kept share of its text below this
  double static_share = 0.9; // same text on this share of its pages
};

class ProfileLearner {
 public:
  explicit ProfileLearner(ProfileOptions options = {});

  // `body` is what the generic extractor kept of the page (Article::body).
  void AddPage(const PageBlocks& page, std::string_view body);

  std::uint32_t pages() const { return pages_; }

  // The profile; templates with fewer than min_pages pages are left out,
  // so a site with too few pages gets an empty profile.
  SiteProfile Finish(const std::string& site) const;

 private:
  struct SignatureStats {
    std::uint32_t pages = 0;
    std::uint64_t own_chars = 0;
    std::uint64_t kept_chars = 0;
    std::uint32_t container_votes = 0;
    std::unordered_map<std::uint64_t, std::uint32_t> texts;  // hash -> pages
    std::uint32_t distinct_overflow = 0;  // pages beyond the texts cap
  };
  struct Cluster {
    std::vector<std::string> representative;  // structure of its first page
    std::uint32_t pages = 0;
    std::unordered_map<std::string, std::uint32_t> structure_counts;
    std::unordered_map<std::string, SignatureStats> stats;
  };

  ProfileOptions options_;
  std::uint32_t pages_ = 0;
  std::vector<Cluster> clusters_;
};

// Whether the extractor kept `text` (a block's own text) in `body`: a short
// text must be found whole; of a longer one, two windows from its middle,
// so prefixes the extractor strips ("(LĐTĐ)") and trimmed tails do not
// count as dropped.
bool TextKept(std::string_view text, std::string_view body);

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTOR_PROFILE_LEARNER_H_
