// RFC 3986 section 5.2 reference resolution, for canonical links, image
// sources and <base href>.  Deliberately minimal: no normalisation beyond
// removing dot segments, no IDNA, no percent-encoding changes (the
// crawler's URL class does those).
//
// Thread safety: pure function.
#ifndef NEWSCRAWL_EXTRACTOR_URL_REFERENCE_H_
#define NEWSCRAWL_EXTRACTOR_URL_REFERENCE_H_

#include <string>
#include <string_view>

namespace newscrawl {

// `reference` resolved against the absolute URL `base`.  Leading and
// trailing white space and embedded tabs/newlines of `reference` are
// removed first, as browsers do.  An absolute `reference` is returned with
// its dot segments removed.  Returns "" when the result would not be
// absolute (relative reference and no usable base) or for an empty
// reference.
std::string ResolveUrlReference(std::string_view base,
                                std::string_view reference);

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTOR_URL_REFERENCE_H_
