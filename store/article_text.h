// The text dump format: one UTF-8 file per article at
//
//   SITE/YYYY/MM/DD/ID.txt   (the published date's calendar day)
//   SITE/undated/ID.txt      (articles without a published date)
//
// holding the title, the published time and the author on the first three
// lines (a line is empty when the value is unknown), a blank line, then the
// body (paragraphs separated by blank lines) and a final newline.
#ifndef NEWSCRAWL_STORE_ARTICLE_TEXT_H_
#define NEWSCRAWL_STORE_ARTICLE_TEXT_H_

#include <string>
#include <string_view>

#include "store/store_records.h"

namespace newscrawl {

// The relative path of the record's file ("thanhnien/2025/10/22/<id>.txt").
// A site name that is not a safe path component ("", "..", "a/b") is
// rewritten ("_", "a_b") so that a file never lands outside the dump.
std::string ArticleTextPath(const ArticleRecord& record);

// The file's content.
std::string ArticleText(const ArticleRecord& record);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_ARTICLE_TEXT_H_
