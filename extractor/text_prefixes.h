// Source markers that Vietnamese news sites put before a lead or a first
// paragraph: "(LĐTĐ) ", "(Dân trí) - ", "LĐO - ", "(NLĐO)-", "VOV.VN - ",
// "Chinhphu.vn - ".  Datelines in normal case ("Hà Nội - ") are kept.
//
// Thread safety: pure functions.
#ifndef NEWSCRAWL_EXTRACTOR_TEXT_PREFIXES_H_
#define NEWSCRAWL_EXTRACTOR_TEXT_PREFIXES_H_

#include <string_view>

namespace newscrawl {

// `text` without a leading source marker (and the separator and spaces
// after it); `text` itself when there is none or nothing would remain.
// Matches a short parenthesised name starting with a capital ("(LĐTĐ)",
// "(Dân trí)") optionally followed by '-', '–', '—' or ':', or a short
// capitalised / domain-like token followed by a dash ("LĐO -", "TPO –",
// "VOV.VN -", "VTV.vn -").
std::string_view StripSourcePrefix(std::string_view text);

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTOR_TEXT_PREFIXES_H_
