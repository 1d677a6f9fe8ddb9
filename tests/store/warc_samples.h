// Helpers shared by the WARC, import and dump tests: hand-written WARC
// records around small Vietnamese news pages, and a tiny stand-in extractor
// (title from <title>, date from <meta name="date">, body from the <p>
// elements) so that importer tests do not depend on the real extractor's
// heuristics.
#ifndef NEWSCRAWL_TESTS_STORE_WARC_SAMPLES_H_
#define NEWSCRAWL_TESTS_STORE_WARC_SAMPLES_H_

#include <string>
#include <string_view>
#include <vector>

#include "store/warc_importer.h"

namespace newscrawl::testing {

inline std::string ArticleHtml(std::string_view title, std::string_view date,
                               const std::vector<std::string>& paragraphs) {
  std::string html = "<html><head><title>" + std::string(title) + "</title>";
  if (!date.empty()) html += "<meta name=\"date\" content=\"" + std::string(date) + "\">";
  html += "</head><body><nav>Trang chủ | Thời sự</nav>";
  for (const std::string& p : paragraphs) html += "<p>" + p + "</p>";
  html += "</body></html>";
  return html;
}

// A WARC/1.0 response record as wget writes it.
inline std::string ResponseRecord(std::string_view url, std::string_view warc_date,
                                  std::string_view http_message) {
  std::string r = "WARC/1.0\r\nWARC-Type: response\r\n";
  r += "WARC-Record-ID: <urn:uuid:6c1d1f0e-2a3b-4c5d-8e9f-0a1b2c3d4e5f>\r\n";
  r += "WARC-Date: " + std::string(warc_date) + "\r\n";
  r += "WARC-Target-URI: " + std::string(url) + "\r\n";
  r += "Content-Type: application/http;msgtype=response\r\n";
  r += "Content-Length: " + std::to_string(http_message.size()) + "\r\n\r\n";
  r += http_message;
  r += "\r\n\r\n";
  return r;
}

inline std::string HttpMessage(std::string_view body, int status = 200,
                               std::string_view content_type = "text/html; charset=UTF-8") {
  return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: " +
         std::string(content_type) + "\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + std::string(body);
}

inline std::string Between(std::string_view text, std::string_view open,
                           std::string_view close, std::size_t* from) {
  const std::size_t a = text.find(open, *from);
  if (a == std::string_view::npos) {
    *from = std::string_view::npos;
    return "";
  }
  const std::size_t b = text.find(close, a + open.size());
  if (b == std::string_view::npos) {
    *from = std::string_view::npos;
    return "";
  }
  *from = b + close.size();
  return std::string(text.substr(a + open.size(), b - a - open.size()));
}

inline Result<ExtractedPage> FakeExtract(const SiteConfig* /*site*/, const std::string& url,
                                         std::string_view html,
                                         std::string_view /*content_type*/) {
  ExtractedPage page;
  page.fingerprint = "fake-1";
  Article a;
  a.url = url;
  std::size_t pos = 0;
  a.title = Between(html, "<title>", "</title>", &pos);
  pos = 0;
  a.published = Between(html, "<meta name=\"date\" content=\"", "\"", &pos);
  pos = 0;
  while (pos != std::string_view::npos) {
    const std::string p = Between(html, "<p>", "</p>", &pos);
    if (pos == std::string_view::npos) break;
    if (!a.body.empty()) a.body += "\n\n";
    a.body += p;
  }
  page.article = std::move(a);
  return page;
}

}  // namespace newscrawl::testing

#endif  // NEWSCRAWL_TESTS_STORE_WARC_SAMPLES_H_
