#include "crawler/xml_reader.h"

#include <expat.h>
#include <unicode/ucnv.h>

#include <climits>
#include <memory>
#include <string>

namespace newscrawl {
namespace {

constexpr char kNamespaceSeparator = '|';

struct ParserDeleter {
  void operator()(XML_Parser p) const { XML_ParserFree(p); }
};
using ParserPtr = std::unique_ptr<XML_ParserStruct, ParserDeleter>;

struct Context {
  XML_Parser parser = nullptr;
  XmlHandler* handler = nullptr;
  const XmlLimits* limits = nullptr;
  std::vector<std::string> text;  // one per open element
  Status error;                   // why we stopped, if not Done()
  bool stopped = false;
};

void Split(const XML_Char* name, std::string_view* ns,
           std::string_view* local) {
  const std::string_view full(name);
  const std::size_t sep = full.rfind(kNamespaceSeparator);
  if (sep == std::string_view::npos) {
    *ns = {};
    *local = full;
  } else {
    *ns = full.substr(0, sep);
    *local = full.substr(sep + 1);
  }
}

void Stop(Context* ctx, Status error) {
  if (ctx->stopped) return;
  ctx->stopped = true;
  ctx->error = std::move(error);
  XML_StopParser(ctx->parser, XML_FALSE);
}

void XMLCALL OnStartElement(void* data, const XML_Char* name,
                            const XML_Char** atts) {
  auto* ctx = static_cast<Context*>(data);
  if (ctx->stopped) return;
  if (ctx->text.size() >= static_cast<std::size_t>(ctx->limits->max_depth)) {
    Stop(ctx, Status::Corruption("XML nested deeper than " +
                                 std::to_string(ctx->limits->max_depth)));
    return;
  }
  ctx->text.emplace_back();
  std::vector<XmlAttribute> attributes;
  for (int i = 0; atts[i] != nullptr && atts[i + 1] != nullptr; i += 2) {
    XmlAttribute a;
    Split(atts[i], &a.ns, &a.local);
    a.value = atts[i + 1];
    attributes.push_back(a);
  }
  std::string_view ns;
  std::string_view local;
  Split(name, &ns, &local);
  ctx->handler->OnStart(ns, local, attributes);
  if (ctx->handler->Done()) Stop(ctx, Status::Ok());
}

void XMLCALL OnEndElement(void* data, const XML_Char* name) {
  auto* ctx = static_cast<Context*>(data);
  if (ctx->stopped || ctx->text.empty()) return;
  const std::string text = std::move(ctx->text.back());
  ctx->text.pop_back();
  std::string_view ns;
  std::string_view local;
  Split(name, &ns, &local);
  ctx->handler->OnEnd(ns, local, text);
  if (ctx->handler->Done()) Stop(ctx, Status::Ok());
}

void XMLCALL OnCharacterData(void* data, const XML_Char* s, int len) {
  auto* ctx = static_cast<Context*>(data);
  if (ctx->stopped || ctx->text.empty() || len <= 0) return;
  std::string& text = ctx->text.back();
  const std::size_t room = ctx->limits->max_text_bytes -
                           std::min(ctx->limits->max_text_bytes, text.size());
  text.append(s, std::min(room, static_cast<std::size_t>(len)));
}

void XMLCALL OnEntityDecl(void* data, const XML_Char* name, int,
                          const XML_Char*, int, const XML_Char*,
                          const XML_Char*, const XML_Char*, const XML_Char*) {
  auto* ctx = static_cast<Context*>(data);
  Stop(ctx, Status::Corruption(std::string("XML entity declarations are not "
                                           "allowed (entity \"") +
                               name + "\")"));
}

// Single-byte encodings expat does not know (windows-1258, windows-1252,
// ...) are mapped through ICU.
int XMLCALL OnUnknownEncoding(void*, const XML_Char* name, XML_Encoding* info) {
  UErrorCode error = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(name, &error);
  if (U_FAILURE(error) || conv == nullptr) return XML_STATUS_ERROR;
  const bool single_byte = ucnv_getMaxCharSize(conv) == 1;
  for (int b = 0; single_byte && b < 256; ++b) {
    const char byte = static_cast<char>(b);
    UChar out[2];
    error = U_ZERO_ERROR;
    ucnv_reset(conv);
    const int32_t n = ucnv_toUChars(conv, out, 2, &byte, 1, &error);
    info->map[b] = (U_SUCCESS(error) && n == 1) ? out[0] : -1;
    if (b < 0x80 && info->map[b] != b) info->map[b] = b;
  }
  ucnv_close(conv);
  if (!single_byte) return XML_STATUS_ERROR;
  info->data = nullptr;
  info->convert = nullptr;
  info->release = nullptr;
  return XML_STATUS_OK;
}

struct NamedEntity {
  std::string_view name;
  int code;
};
constexpr NamedEntity kHtmlEntities[] = {
    {"nbsp", 160},   {"copy", 169},    {"reg", 174},    {"laquo", 171},
    {"raquo", 187},  {"hellip", 8230}, {"ndash", 8211}, {"mdash", 8212},
    {"lsquo", 8216}, {"rsquo", 8217},  {"ldquo", 8220}, {"rdquo", 8221},
    {"bull", 8226},  {"middot", 183},  {"deg", 176},    {"trade", 8482},
    {"euro", 8364},  {"times", 215},   {"agrave", 224}, {"aacute", 225},
    {"eacute", 233}, {"oacute", 243},  {"ocirc", 244},  {"ecirc", 234}};

bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Length of a valid character reference or XML entity at `s` ("&amp;",
// "&#39;", "&#x1F;"), or 0; sets *html_code for a known HTML entity.
std::size_t ReferenceLength(std::string_view s, int* html_code) {
  *html_code = 0;
  std::size_t i = 1;
  if (i < s.size() && s[i] == '#') {
    ++i;
    const bool hex = i < s.size() && (s[i] == 'x' || s[i] == 'X');
    if (hex) ++i;
    const std::size_t start = i;
    while (i < s.size() && i - start < 8 && (hex ? IsHex(s[i]) : IsDigit(s[i])))
      ++i;
    return (i > start && i < s.size() && s[i] == ';') ? i + 1 : 0;
  }
  const std::size_t start = i;
  while (i < s.size() && i - start < 32 &&
         (IsAlpha(s[i]) || (i > start && IsDigit(s[i])))) {
    ++i;
  }
  if (i == start || i >= s.size() || s[i] != ';') return 0;
  const std::string_view name = s.substr(start, i - start);
  if (name == "amp" || name == "lt" || name == "gt" || name == "quot" ||
      name == "apos") {
    return i + 1;
  }
  for (const NamedEntity& e : kHtmlEntities) {
    if (e.name == name) {
      *html_code = e.code;
      return i + 1;
    }
  }
  return 0;
}

// Escapes bare '&' and replaces known HTML entities, outside CDATA
// sections and comments.
std::string Repair(std::string_view in) {
  std::string out;
  out.reserve(in.size() + in.size() / 16);
  std::size_t i = 0;
  while (i < in.size()) {
    const char c = in[i];
    if (c == '<') {
      std::string_view close;
      if (in.substr(i, 9) == "<![CDATA[") close = "]]>";
      if (in.substr(i, 4) == "<!--") close = "-->";
      if (!close.empty()) {
        const std::size_t end = in.find(close, i);
        const std::size_t stop =
            end == std::string_view::npos ? in.size() : end + close.size();
        out.append(in.substr(i, stop - i));
        i = stop;
        continue;
      }
    }
    if (c == '&') {
      int code = 0;
      const std::size_t len = ReferenceLength(in.substr(i, 48), &code);
      if (len == 0) {
        out += "&amp;";
        ++i;
      } else if (code != 0) {
        out += "&#" + std::to_string(code) + ";";
        i += len;
      } else {
        out.append(in.substr(i, len));
        i += len;
      }
      continue;
    }
    out.push_back(c);
    ++i;
  }
  return out;
}

}  // namespace

Status ReadXml(std::string_view xml, XmlHandler* handler,
               const XmlLimits& limits) {
  if (xml.size() > limits.max_bytes) {
    return Status::TooLarge("XML document of " + std::to_string(xml.size()) +
                            " bytes exceeds the limit of " +
                            std::to_string(limits.max_bytes));
  }
  if (xml.size() > static_cast<std::size_t>(INT_MAX)) {
    return Status::TooLarge("XML document too large");
  }
  std::string repaired;
  if (limits.lenient && xml.find('&') != std::string_view::npos) {
    repaired = Repair(xml);
    if (repaired.size() > static_cast<std::size_t>(INT_MAX)) {
      return Status::TooLarge("XML document too large");
    }
    xml = repaired;
  }
  ParserPtr parser(XML_ParserCreateNS(nullptr, kNamespaceSeparator));
  if (!parser) return Status::Internal("XML_ParserCreateNS: out of memory");
  Context ctx;
  ctx.parser = parser.get();
  ctx.handler = handler;
  ctx.limits = &limits;
  XML_SetUserData(parser.get(), &ctx);
  XML_SetParamEntityParsing(parser.get(), XML_PARAM_ENTITY_PARSING_NEVER);
  XML_SetElementHandler(parser.get(), OnStartElement, OnEndElement);
  XML_SetCharacterDataHandler(parser.get(), OnCharacterData);
  XML_SetEntityDeclHandler(parser.get(), OnEntityDecl);
  XML_SetUnknownEncodingHandler(parser.get(), OnUnknownEncoding, nullptr);

  const XML_Status status = XML_Parse(parser.get(), xml.data(),
                                      static_cast<int>(xml.size()), XML_TRUE);
  if (ctx.stopped) return ctx.error;
  if (status != XML_STATUS_OK) {
    return Status::Corruption(
        std::string("XML error at line ") +
        std::to_string(XML_GetCurrentLineNumber(parser.get())) + ": " +
        XML_ErrorString(XML_GetErrorCode(parser.get())));
  }
  return Status::Ok();
}

std::string_view FindAttribute(const std::vector<XmlAttribute>& attributes,
                               std::string_view local) {
  for (const XmlAttribute& a : attributes) {
    if (a.local == local) return a.value;
  }
  return {};
}

}  // namespace newscrawl
