#include "extractor/profile_learner.h"

#include <algorithm>

#include "extractor/unicode_text.h"

namespace newscrawl {
namespace {

constexpr std::size_t kMaxClusters = 16;
constexpr std::size_t kMaxTextsPerSignature = 256;
// Blocks with less kept text than this do not vote for the container.
constexpr std::uint64_t kMinKeptForVote = 200;

std::uint64_t Fnv(std::string_view s, std::uint64_t h) {
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

// Start of the UTF-8 character at or after `i`.
std::size_t CharBoundary(std::string_view s, std::size_t i) {
  while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  return i;
}

std::string Percent(std::uint64_t part, std::uint64_t whole) {
  return std::to_string(whole == 0 ? 0 : part * 100 / whole) + "%";
}

}  // namespace

bool TextKept(std::string_view text, std::string_view body) {
  if (text.empty()) return false;
  constexpr std::size_t kWindow = 48;
  if (text.size() <= 2 * kWindow) {
    return body.find(text) != std::string_view::npos;
  }
  // Two windows, at a third and at two thirds: one common phrase shared
  // with the body is not enough.
  for (std::size_t at : {text.size() / 3, text.size() * 2 / 3}) {
    const std::size_t start = CharBoundary(text, std::min(at, text.size() - kWindow));
    const std::size_t end = CharBoundary(text, std::min(text.size(), start + kWindow));
    if (body.find(text.substr(start, end - start)) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

ProfileLearner::ProfileLearner(ProfileOptions options) : options_(options) {}

void ProfileLearner::AddPage(const PageBlocks& page, std::string_view body) {
  const std::vector<PageBlock>& blocks = page.blocks();
  if (blocks.empty()) return;
  ++pages_;
  std::vector<std::string> structure = StructureOf(page);

  // The template this page follows.
  Cluster* cluster = nullptr;
  double best = -1;
  for (Cluster& c : clusters_) {
    const double s = Similarity(structure, c.representative);
    if (s > best) {
      best = s;
      cluster = &c;
    }
  }
  if (cluster == nullptr ||
      (best < SiteProfile::kMinSimilarity && clusters_.size() < kMaxClusters)) {
    clusters_.emplace_back();
    cluster = &clusters_.back();
    cluster->representative = structure;
  }
  ++cluster->pages;
  for (const std::string& sig : structure) ++cluster->structure_counts[sig];

  // Per block: own and kept characters; per signature: the same summed,
  // and a hash of its texts on this page.
  const std::size_t n = blocks.size();
  std::vector<std::uint64_t> kept(n, 0);
  struct PageSig {
    std::uint64_t own = 0, kept = 0, hash = 1469598103934665603ULL;
  };
  std::vector<PageSig> sigs(page.signatures().size());
  std::vector<bool> present(page.signatures().size(), false);
  for (std::size_t i = 0; i < n; ++i) {
    const PageBlock& b = blocks[i];
    PageSig& s = sigs[b.signature];
    present[b.signature] = true;
    if (b.own_chars == 0) continue;
    const std::string text = ToNfc(b.own_text);
    if (TextKept(text, body)) kept[i] = b.own_chars;
    s.own += b.own_chars;
    s.kept += kept[i];
    s.hash = Fnv(text, s.hash) * 31 + 7;
  }
  for (std::size_t sig = 0; sig < sigs.size(); ++sig) {
    if (!present[sig]) continue;
    SignatureStats& st = cluster->stats[page.signatures()[sig]];
    ++st.pages;
    st.own_chars += sigs[sig].own;
    st.kept_chars += sigs[sig].kept;
    if (sigs[sig].own > 0) {
      auto it = st.texts.find(sigs[sig].hash);
      if (it != st.texts.end()) {
        ++it->second;
      } else if (st.texts.size() < kMaxTextsPerSignature) {
        st.texts.emplace(sigs[sig].hash, 1);
      } else {
        ++st.distinct_overflow;
      }
    }
  }

  // The container vote: the deepest block holding 98% of the kept text
  // (a lead outside the paragraphs' block is a tenth of it).
  std::vector<std::uint64_t> subtree(kept);
  for (std::size_t i = n; i-- > 0;) {
    if (blocks[i].parent >= 0) {
      subtree[static_cast<std::size_t>(blocks[i].parent)] += subtree[i];
    }
  }
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (blocks[i].parent < 0) total += subtree[i];
  }
  if (total < kMinKeptForVote) return;
  std::int32_t at = -1;
  for (std::size_t i = 0; i < n; ++i) {
    if (blocks[i].parent == at && subtree[i] * 50 >= total * 49) {
      at = static_cast<std::int32_t>(i);  // descend: children follow parents
    }
  }
  if (at >= 0) {
    ++cluster->stats[page.signature(blocks[static_cast<std::size_t>(at)])]
          .container_votes;
  }
}

SiteProfile ProfileLearner::Finish(const std::string& site) const {
  SiteProfile profile;
  profile.site = site;
  profile.pages = pages_;
  for (const Cluster& c : clusters_) {
    if (c.pages < static_cast<std::uint32_t>(std::max(1, options_.min_pages))) {
      continue;
    }
    ProfileTemplate tpl;
    tpl.pages = c.pages;
    const double n = static_cast<double>(c.pages);

    // Subtree sums: a signature's text plus that of every signature below.
    std::unordered_map<std::string, std::pair<std::uint64_t, std::uint64_t>>
        subtree;
    for (const auto& [sig, st] : c.stats) {
      std::string_view s = sig;
      while (true) {
        auto it = c.stats.find(std::string(s));
        if (it != c.stats.end()) {
          auto& sum = subtree[std::string(s)];
          sum.first += st.own_chars;
          sum.second += st.kept_chars;
        }
        const std::size_t gt = s.rfind('>');
        if (gt == std::string_view::npos) break;
        s = s.substr(0, gt);
      }
    }

    // The container: most votes, on at least half of the pages.
    std::uint32_t votes = 0;
    for (const auto& [sig, st] : c.stats) {
      if (st.container_votes > votes ||
          (st.container_votes == votes && votes > 0 && sig < tpl.container)) {
        votes = st.container_votes;
        tpl.container = sig;
      }
    }
    if (static_cast<double>(votes) < 0.5 * n) tpl.container.clear();
    tpl.container_pages = tpl.container.empty() ? 0 : votes;
    auto is_container_or_above = [&](const std::string& sig) {
      return !tpl.container.empty() &&
             (tpl.container == sig ||
              tpl.container.compare(0, sig.size() + 1, sig + ">") == 0);
    };

    // Template blocks.
    std::vector<ProfileBlock> candidates;
    for (const auto& [sig, st] : c.stats) {
      if (static_cast<double>(st.pages) < options_.presence * n) continue;
      if (is_container_or_above(sig)) continue;
      const auto& [own, kept] = subtree[sig];
      if (own == 0) continue;
      const double kept_share =
          static_cast<double>(kept) / static_cast<double>(own);
      if (kept_share < options_.kept_below) {
        candidates.push_back({sig, st.pages,
                              "kept " + Percent(kept, own) +
                                  " of its text by the generic extractor"});
        continue;
      }
      // Same text on nearly every page, and no text below it: boilerplate.
      std::uint32_t top = 0;
      for (const auto& [hash, count] : st.texts) top = std::max(top, count);
      const bool leaf = own == st.own_chars;
      if (leaf && st.own_chars > 0 &&
          static_cast<double>(top) >= options_.static_share * st.pages) {
        candidates.push_back({sig, st.pages,
                              "same text on " + std::to_string(top) + " of " +
                                  std::to_string(st.pages) + " pages"});
      }
    }
    std::sort(candidates.begin(), candidates.end(),
              [](const ProfileBlock& a, const ProfileBlock& b) {
                return a.signature < b.signature;
              });
    // Keep the outermost candidates only.
    for (ProfileBlock& b : candidates) {
      const bool inside = std::any_of(
          tpl.drop.begin(), tpl.drop.end(), [&](const ProfileBlock& outer) {
            return b.signature.compare(0, outer.signature.size() + 1,
                                       outer.signature + ">") == 0;
          });
      if (!inside) tpl.drop.push_back(std::move(b));
    }
    for (const auto& [sig, count] : c.structure_counts) {
      if (2.0 * count >= n) tpl.structure.push_back(sig);
    }
    std::sort(tpl.structure.begin(), tpl.structure.end());
    profile.templates.push_back(std::move(tpl));
  }
  return profile;
}

}  // namespace newscrawl
