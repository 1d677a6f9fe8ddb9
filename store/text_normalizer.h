// NormalizeBody: the same result as NormalizeText() (extractor/unicode_text.h:
// white space folded to single spaces, trimmed, invalid UTF-8 replaced by
// U+FFFD, then NFC), written for the store's write path: ASCII is handled
// without ICU, the NFC check runs on UTF-8 directly (no UTF-16 copy), and
// the output buffer is reused; text made only of NFC-inert code points
// (below) skips ICU altogether.  Article keys and SimHashes are computed on
// this form.
#ifndef NEWSCRAWL_STORE_TEXT_NORMALIZER_H_
#define NEWSCRAWL_STORE_TEXT_NORMALIZER_H_

#include <string>
#include <string_view>

namespace newscrawl {

// Replaces *out with the normalised form of `text`.
void NormalizeBody(std::string_view text, std::string* out);

// True for the code points NormalizeBody knows to be NFC without asking
// ICU: NFC_Quick_Check=Yes and canonical combining class 0, so a text made
// only of them is already NFC (ASCII and Latin up to U+02FF, Vietnamese
// letters U+1E00-U+1EFF, punctuation and currency signs U+2010-U+20CF,
// U+FFFD).
// Checked against ICU by tests/store/text_normalizer_test.cc.
bool IsNfcInert(char32_t c);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_TEXT_NORMALIZER_H_
