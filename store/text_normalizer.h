// NormalizeBody: the same result as NormalizeText() (extractor/unicode_text.h:
// white space folded to single spaces, trimmed, invalid UTF-8 replaced by
// U+FFFD, then NFC), written for the store's write path: ASCII is handled
// without ICU, the NFC check runs on UTF-8 directly (no UTF-16 copy), and
// the output buffer is reused.  Article keys and SimHashes are computed on
// this form.
#ifndef NEWSCRAWL_STORE_TEXT_NORMALIZER_H_
#define NEWSCRAWL_STORE_TEXT_NORMALIZER_H_

#include <string>
#include <string_view>

namespace newscrawl {

// Replaces *out with the normalised form of `text`.
void NormalizeBody(std::string_view text, std::string* out);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_TEXT_NORMALIZER_H_
