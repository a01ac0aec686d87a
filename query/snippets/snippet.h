// Snippets: a window of a passage's exact stored text around the words the
// query matched, with those words marked. Marking re-analyses the stored text
// with the same Analyzer, so every form that matched ("pôles", "Pôle",
// "l'écosystème") is marked, and nothing else: a phrase's words only where
// they stand as the phrase ("pôle de compétitivité", not a lone "pôle").
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "analyze/analyzer.h"
#include "concepts/tagger.h"
#include "parse/query_parser.h"

namespace grappe {

struct Snippet {
    // Exact original words; line breaks shown as spaces. When the query's
    // words lie further apart than one window, two windows joined by " … ".
    std::string text;
    std::vector<std::pair<std::size_t, std::size_t>> marks;  // byte ranges in text, sorted
    struct ConceptMark {
        std::size_t begin = 0, end = 0;  // byte range in text
        std::string id;
    };
    std::vector<ConceptMark> concepts;  // concept mentions inside the window, sorted
    bool starts_inside = false;  // text begins mid-passage (shown with "…")
    bool ends_inside = false;
};

// `width` is the window's target size in bytes; a passage no longer than it is shown whole.
// `mentions` (the passage's concepts) are marked too; when no query word
// matched (a query of concept: filters), the window goes to the first one.
// `language` is the passage's (its words' lemmas are read in it).
[[nodiscard]] Snippet make_snippet(const std::string& passage_text, const Highlight& query, const Analyzer& analyzer,
                                   std::size_t width = 300, const std::vector<ConceptMention>& mentions = {},
                                   Language language = Language::French);

// A text's tokens as the query's marks need them: without lemmas when the
// marks list the index's keys (Highlight::by_keys), which spares reading
// each word's lemmas.
[[nodiscard]] std::vector<Token> tokens_to_mark(const Analyzer& analyzer, std::string_view text, Language language, const Highlight& query);

// The byte ranges of `text` the query matches (a phrase's words where the
// phrase stands, a word alone anywhere), sorted; what snippets and
// concordances mark. `which` gets, for each range, the query item it
// matches (a word's or a phrase's index, in Highlight's order, words
// first), so that a window can count distinct items.
[[nodiscard]] std::vector<std::pair<std::size_t, std::size_t>> query_matches(const std::vector<Token>& tokens, const Highlight& query,
                                                                             std::vector<std::size_t>* which = nullptr);

// How marks are written: query words between `open` and `close` (e.g.
// "\033[1;33m" and "\033[22;39m", or "**"), concept mentions between
// `concept_open` and `concept_close`; a word marked inside a mention nests.
struct MarkStyle {
    std::string open, close, concept_open, concept_close;
};
[[nodiscard]] std::string render_marked(const Snippet& snippet, const MarkStyle& style);

// Byte offset -> Unicode code point offset in `text` (for JSON consumers).
[[nodiscard]] std::size_t codepoint_offset(const std::string& text, std::size_t byte_offset);

}  // namespace grappe
