#include "crawler/feed_parser.h"

#include <utility>

#include "config/ascii.h"
#include "extractor/date_parser.h"
#include "store/gzip.h"

namespace newscrawl {
namespace {

constexpr std::string_view kAtomNs = "http://www.w3.org/2005/Atom";
constexpr std::string_view kRss1Ns = "http://purl.org/rss/1.0/";
constexpr std::string_view kRdfNs =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view kDcNs = "http://purl.org/dc/elements/1.1/";

std::string Trim(std::string_view s) { return std::string(TrimAsciiSpace(s)); }

class FeedHandler : public XmlHandler {
 public:
  explicit FeedHandler(std::size_t max_items) : max_items_(max_items) {}

  void OnStart(std::string_view ns, std::string_view local,
               const std::vector<XmlAttribute>& attributes) override {
    ++depth_;
    if (depth_ == 1) {
      if (local == "rss" && ns.empty()) {
        recognised_ = true;
        feed_.format = FeedFormat::kRss2;
      } else if (local == "feed" && ns == kAtomNs) {
        recognised_ = true;
        feed_.format = FeedFormat::kAtom;
      } else if (local == "RDF" && ns == kRdfNs) {
        recognised_ = true;
        feed_.format = FeedFormat::kRss1;
      }
      return;
    }
    if (!recognised_) return;
    if (!in_item_ && IsItem(ns, local)) {
      in_item_ = true;
      item_depth_ = depth_;
      item_ = FeedItem();
      if (feed_.format == FeedFormat::kRss1) {
        item_.link = Trim(FindAttribute(attributes, "about"));
      }
      return;
    }
    if (feed_.format == FeedFormat::kAtom && local == "link" && ns == kAtomNs) {
      const std::string_view rel = FindAttribute(attributes, "rel");
      const std::string href = Trim(FindAttribute(attributes, "href"));
      if (href.empty() || !(rel.empty() || rel == "alternate")) return;
      if (in_item_ && depth_ == item_depth_ + 1) {
        if (!have_alternate_ || rel == "alternate") item_.link = href;
        have_alternate_ = have_alternate_ || rel == "alternate";
      } else if (!in_item_ && depth_ == 2 && feed_.link.empty()) {
        feed_.link = href;
      }
    }
  }

  void OnEnd(std::string_view ns, std::string_view local,
             std::string_view text) override {
    const int depth = depth_--;
    if (!recognised_) return;
    if (in_item_ && depth == item_depth_) {
      in_item_ = false;
      have_alternate_ = false;
      if (item_.link.empty() && guid_is_link_) item_.link = item_.id;
      guid_is_link_ = false;
      if (!item_.link.empty()) {
        feed_.items.push_back(std::move(item_));
        if (feed_.items.size() >= max_items_) {
          feed_.truncated = true;
          done_ = true;
        }
      }
      return;
    }
    if (in_item_ && depth == item_depth_ + 1) {
      ItemField(ns, local, text);
    } else if (!in_item_ && depth == ChannelFieldDepth()) {
      if (local == "title" && feed_.title.empty()) feed_.title = Trim(text);
      if (local == "link" && feed_.link.empty() &&
          feed_.format != FeedFormat::kAtom) {
        feed_.link = Trim(text);
      }
    }
  }

  bool Done() const override { return done_; }

  bool recognised() const { return recognised_; }
  Feed& feed() { return feed_; }

 private:
  bool IsItem(std::string_view ns, std::string_view local) const {
    switch (feed_.format) {
      case FeedFormat::kRss2:
        return local == "item" && ns.empty();
      case FeedFormat::kAtom:
        return local == "entry" && ns == kAtomNs;
      case FeedFormat::kRss1:
        return local == "item" && ns == kRss1Ns;
    }
    return false;
  }

  // Depth of <title>/<link> of the channel: rss > channel > title (3);
  // atom feed > title (2); rdf > channel > title (3).
  int ChannelFieldDepth() const {
    return feed_.format == FeedFormat::kAtom ? 2 : 3;
  }

  void ItemField(std::string_view ns, std::string_view local,
                 std::string_view text) {
    const bool plain = ns.empty() || ns == kAtomNs || ns == kRss1Ns;
    if (local == "title" && plain) {
      item_.title = Trim(text);
    } else if (local == "link" && plain && feed_.format != FeedFormat::kAtom) {
      const std::string link = Trim(text);
      if (!link.empty()) item_.link = link;
    } else if (local == "guid" && ns.empty()) {
      item_.id = Trim(text);
      guid_is_link_ = item_.id.rfind("http://", 0) == 0 ||
                      item_.id.rfind("https://", 0) == 0;
    } else if (local == "id" && ns == kAtomNs) {
      item_.id = Trim(text);
    } else if ((local == "pubDate" && ns.empty()) ||
               (local == "published" && ns == kAtomNs) ||
               (local == "date" && ns == kDcNs) ||
               (local == "issued" && ns == kAtomNs)) {
      if (!item_.published) item_.published = ParseFeedDate(text);
    } else if ((local == "updated" || local == "modified") && ns == kAtomNs) {
      item_.updated = ParseFeedDate(text);
    }
  }

  const std::size_t max_items_;
  Feed feed_;
  FeedItem item_;
  int depth_ = 0;
  int item_depth_ = 0;
  bool recognised_ = false;
  bool in_item_ = false;
  bool have_alternate_ = false;
  bool guid_is_link_ = false;
  bool done_ = false;
};

}  // namespace

Result<Feed> ParseFeed(std::string_view bytes, const FeedLimits& limits) {
  std::string inflated;
  NEWSCRAWL_RETURN_IF_ERROR(
      InflateIfGzipped("feed", limits.max_bytes, &bytes, &inflated));
  XmlLimits xml = limits.xml;
  xml.max_bytes = limits.max_bytes;
  FeedHandler handler(limits.max_items);
  const Status status = ReadXml(bytes, &handler, xml);
  if (!status.ok()) {
    if (handler.feed().items.empty()) return status.WithContext("feed");
    handler.feed().truncated = true;
  } else if (!handler.recognised()) {
    return Status::Unsupported("not an RSS or Atom feed");
  }
  return std::move(handler.feed());
}

}  // namespace newscrawl
