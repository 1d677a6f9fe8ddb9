#include "extractor/html_document.h"

#include <doctest/doctest.h>

#include <string>

namespace newscrawl {
namespace {

TEST_CASE("a page parses into a tree that outlives a move") {
  Result<HtmlDocument> r = HtmlDocument::Parse(
      "<html><head><title>Tin</title></head><body><p>Xin chào</p></body></html>");
  REQUIRE(r.ok());
  HtmlDocument doc = std::move(*r);
  const GumboNode* root = doc.root();
  REQUIRE(root != nullptr);
  CHECK(root->type == GUMBO_NODE_ELEMENT);
  CHECK(root->v.element.tag == GUMBO_TAG_HTML);
  CHECK(doc.html().find("Xin chào") != std::string::npos);
}

TEST_CASE("pages over the size limit are refused, not parsed") {
  HtmlDocument::Limits limits;
  limits.max_bytes = 100;
  Result<HtmlDocument> r = HtmlDocument::Parse(std::string(101, 'a'), {}, limits);
  CHECK(r.status().IsTooLarge());
}

TEST_CASE("empty and binary input still give a document") {
  CHECK(HtmlDocument::Parse("").ok());
  std::string binary;
  for (int i = 0; i < 4096; ++i) binary += static_cast<char>(i * 7);
  CHECK(HtmlDocument::Parse(binary).ok());
}

}  // namespace
}  // namespace newscrawl
