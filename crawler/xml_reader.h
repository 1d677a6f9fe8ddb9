// ReadXml: a hardened, event-driven XML reader over expat for feeds and
// sitemaps (untrusted input).
//   - No DTD processing of any kind: parameter entities are never parsed,
//     external entities are never loaded, and a document that declares an
//     entity is rejected (so billion-laughs and quadratic-blowup documents
//     fail fast, whatever expat's own protections).
//   - Lenient about the usual feed sloppiness (when `lenient`): a bare '&'
//     becomes "&amp;" and common HTML named entities (&nbsp; &hellip; ...)
//     become characters before expat sees them (outside CDATA and comments).
//   - Bounded: input size, element depth and the text kept per element.
// Names are namespace-resolved: an element is reported as (namespace URI,
// local name), e.g. ("http://www.w3.org/2005/Atom", "entry").
//
// Thread safety: ReadXml() keeps no global state.
#ifndef NEWSCRAWL_CRAWLER_XML_READER_H_
#define NEWSCRAWL_CRAWLER_XML_READER_H_

#include <cstddef>
#include <string_view>
#include <vector>

#include "config/status.h"

namespace newscrawl {

struct XmlLimits {
  std::size_t max_bytes = 64 * 1024 * 1024;  // larger input: TooLarge
  int max_depth = 128;                       // deeper: Corruption
  std::size_t max_text_bytes = 64 * 1024;    // per element; the rest dropped
  bool lenient = true;                       // repair '&' and HTML entities
};

struct XmlAttribute {
  std::string_view ns;  // "" when not in a namespace
  std::string_view local;
  std::string_view value;
};

// Receives parse events.  The string_views are valid during the call only.
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void OnStart(std::string_view ns, std::string_view local,
                       const std::vector<XmlAttribute>& attributes) = 0;
  // `text` is the character data directly inside the element (children's
  // text excluded), truncated at XmlLimits::max_text_bytes.
  virtual void OnEnd(std::string_view ns, std::string_view local,
                     std::string_view text) = 0;
  // Return true to stop reading early (ReadXml then returns OK).
  virtual bool Done() const { return false; }
};

// Reads `xml`, calling `handler`.  Errors: TooLarge (input), Corruption
// (malformed XML, too deep, entity declarations) with expat's message and
// the line number.  Events already delivered stay delivered.
Status ReadXml(std::string_view xml, XmlHandler* handler,
               const XmlLimits& limits = XmlLimits());

// The first value of the attribute `local` (any namespace), or "".
std::string_view FindAttribute(const std::vector<XmlAttribute>& attributes,
                               std::string_view local);

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_XML_READER_H_
