// PageBlocks: the block elements of a parsed page, each with its structural
// signature and the text it owns.  The raw material of site profiles.
//
// A block is an element of a block-level tag (div, p, ul, li, table, td,
// section, article, aside, header, footer, nav, figure, form, h1-h6, ...).
// Its signature is the chain of steps from the root, one per element, where
// a step is the tag, then "#id" and ".class" tokens (sorted, at most four),
// with digits removed so that positional and per-article noise ("item-12",
// "post-8841") does not split one template position into many:
//   html>body>div.container>div.col-main>div.tin-khac
// The text a block owns is the text of the descendants that are not inside
// a nested block, whitespace-folded; link text is counted separately.
//
// Compute() walks the tree iteratively; signatures deeper than kMaxDepth
// steps are not recorded (their text goes to the deepest recorded block), so
// hostile nesting costs time linear in the input and bounded memory.
#ifndef NEWSCRAWL_EXTRACTOR_PAGE_BLOCKS_H_
#define NEWSCRAWL_EXTRACTOR_PAGE_BLOCKS_H_

#include <gumbo.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace newscrawl {

struct PageBlock {
  const GumboNode* node = nullptr;
  std::uint32_t signature = 0;  // index into PageBlocks::signatures()
  std::int32_t parent = -1;     // index of the enclosing block, -1: none
  std::string own_text;         // folded, at most kMaxOwnText bytes
  std::size_t own_chars = 0;    // non-space code points (uncapped)
  std::size_t own_link_chars = 0;  // of which inside <a>
};

class PageBlocks {
 public:
  static constexpr int kMaxDepth = 48;
  static constexpr std::size_t kMaxOwnText = 4096;

  static PageBlocks Compute(const GumboNode* root);

  // Sets every block's node to nullptr, for blocks kept after their
  // document is freed (the profile learner reads only signatures and text).
  void ForgetNodes();

  // Blocks in document order (a parent comes before its children).
  const std::vector<PageBlock>& blocks() const { return blocks_; }
  const std::vector<std::string>& signatures() const { return signatures_; }
  const std::string& signature(const PageBlock& b) const {
    return signatures_[b.signature];
  }
  // Index of a signature string, -1 when the page has no such block.
  std::int32_t FindSignature(std::string_view signature) const;

 private:
  std::vector<PageBlock> blocks_;
  std::vector<std::string> signatures_;
  std::unordered_map<std::string, std::uint32_t> signature_index_;
};

// The step of one element: "div#main.article-content".  Exposed for tests
// and for turning signatures into selectors.
std::string SignatureStep(const GumboElement& element);

// A CSS selector (extractor/selector.h syntax) that matches the elements of
// `signature`: child combinators between steps; a class or id token that
// lost digits becomes a prefix match ([class*=item-]).
std::string SignatureToSelector(std::string_view signature);

// The last `steps` steps of a signature ("div.col-main>div.tin-khac").
std::string SignatureSuffix(std::string_view signature, int steps);

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTOR_PAGE_BLOCKS_H_
