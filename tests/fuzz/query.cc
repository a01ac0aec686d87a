// The query parser (parse/query_parser.h): whatever a user types, either a
// parsed query that Xapian accepts, or a QueryError whose column points
// inside what was typed. Nothing else may come out.
#include <xapian.h>

#include "analyze/analyzer.h"
#include "concepts/lexicon.h"
#include "fuzz.h"
#include "parse/query_parser.h"
#include "text/utf8.h"

namespace {

// Characters in the query, counting as the parser's columns do (a
// malformed byte counts as one).
std::size_t characters(std::string_view text) {
    std::size_t n = 0;
    for (unsigned char c : text) n += (c & 0xC0) != 0x80;
    return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace grappe;
    static const Analyzer analyzer;
    static const ConceptVocabulary concepts = [] {
        ConceptVocabulary v;
        const Lexicon lexicon = Lexicon::default_lexicon();
        for (const Concept& c : lexicon.concepts()) v.family_of[c.id] = c.family;
        return v;
    }();
    // The first byte: with the default lexicon's concepts or with any id.
    const fuzz::Choice in = fuzz::choose(data, size, 2);
    const std::string query(in.rest);
    try {
        const ParsedQuery parsed = parse_query(query, analyzer, in.which == 0 ? concepts : ConceptVocabulary{});
        const Xapian::Query q = parsed.to_xapian();
        (void)q.serialise();  // what a remote shard receives
        (void)parsed.scoped();
        fuzz::require(is_valid_utf8(parsed.describe()) || !is_valid_utf8(query), "describe() made invalid UTF-8 of valid input", query);
    } catch (const QueryError& e) {
        // Column 1 is the first character; one past the last is the end of the query.
        fuzz::require(e.column() >= 1 && e.column() <= characters(query) + 1, "QueryError column outside the query", e.what());
    }
    return 0;
}
