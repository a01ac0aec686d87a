// The query language, first part:
//   words            all required, on one page (or another scope: search/scope.h)
//   "exact phrase"   words in this order, inflection still folded
//   -word  -"phrase" excluded
//   a OR b           alternatives; OR binds tighter than the implicit AND:
//                    `cluster pôle OR district` = cluster AND (pôle OR district)
//   AND              optional, for readability
//   ( ... )          grouping
//   écosys*          prefix of a word (accents and case folded)
//   =porter          the word as written, case and accents folded but no
//                    other form ("porter", "Porter", not "porté", "portes");
//                    ="pôle de compétitivité" for every word of a phrase, or
//                    "=pôles de compétitivité" for one of them
//   fields           author:torre  title:"écosystèmes industriels"  year:2005
//                    year:2005..2012 (or ..2000, 2010..)  type:report  lang:en
//                    hal:hal-01603657  doi:10.1016/...  concept:cluster
//                    family:ecosysteme; they filter (never rank),
//                    can be excluded (-lang:en) and stand alone (author:torre)
// Every word goes through the same Analyzer as the documents, so "l'écosystème",
// "ÉCOSYSTÈMES" and "ecosysteme" are the same query: a word stands for its
// lemmas (lemmatizer.h), as the index's vocabulary recorded them, and
// searches every form of the index that has one of them (QueryVocabulary),
// so that its inflections meet and nothing else does. A word
// the analyzer splits ("sous-traitance") is searched as a phrase of its
// parts. Stopwords are dropped from the required words, kept in phrases
// (positions make them count there).
#pragma once

#include <xapian.h>

#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "analyze/analyzer.h"

namespace grappe {

// A malformed query: the message says what is wrong, column says where
// (1-based, in characters).
class QueryError : public std::runtime_error {
  public:
    QueryError(const std::string& message, std::size_t column)
        : std::runtime_error(message + " (column " + std::to_string(column) + ")"), column_(column) {}
    [[nodiscard]] std::size_t column() const { return column_; }

  private:
    std::size_t column_;
};

struct QueryNode {
    enum class Kind { And, Or, Phrase, Term, Exact, Prefix, Filter, YearRange };
    Kind kind = Kind::Term;
    bool excluded = false;
    std::string term;               // Exact: the key; Prefix: folded key prefix; Filter: boolean term
    std::vector<std::string> lemmas;  // Term: its folded lemmas
    std::vector<std::string> terms;   // Term: the keys it searches (the forms of its lemmas), itself included; Prefix: its keys when expanded here
    bool expanded = false;            // Prefix: `terms` are its keys (QueryVocabulary::keys_starting)
    std::string word;               // Term, Exact: the word as typed, folded ("zimmerman"), for suggestions
    double low = 0, high = 0;       // YearRange, inclusive
    bool stopword = false;          // Term only
    bool ranks_alone = false;       // Filter: a concept:/family: term, which ranks when no word does
    std::vector<QueryNode> children;  // And/Or: operands; Phrase: Terms in order
};

// The concepts a query may name, id -> family id (the index's lexicon,
// store/index_writer.h). Empty: any id is accepted.
struct ConceptVocabulary {
    std::map<std::string, std::string> family_of;
    // The names a concept goes by (its label and forms, as the lexicon
    // writes them) -> its id, asked only to suggest an id for an unknown one
    // ("milieu-innovant" -> milieu-innovateur); may be empty.
    std::function<std::vector<std::pair<std::string, std::string>>()> names;
};

// The id of `vocabulary` nearest an unknown one: ids and names compared
// folded, spaces as hyphens, by edits per character; "family:x" when the
// unknown concept id is a family's; "" when nothing is near.
[[nodiscard]] std::string suggest_concept(const std::string& unknown, const ConceptVocabulary& vocabulary);

// What a snippet marks (snippet.h): each word standing alone (its Z-prefixed
// lemmas, or its key for =word), each phrase as a whole (the same for each
// of its words in order), and key prefixes.
struct Highlight {
    std::vector<std::vector<std::string>> words;
    std::vector<std::vector<std::vector<std::string>>> phrases;
    std::vector<std::string> prefixes;
    // Each word's marks list, besides its Z lemmas, every key of the index
    // that has one of them (the index's vocabulary knew them): a passage's
    // words are then matched by their keys, without reading their lemmas.
    bool by_keys = false;
};

// The index's vocabulary, as a query sees it (store/schema.h synonyms): the
// lemmas a key was indexed with (empty: unknown, ask the dictionaries), and
// the keys that have a lemma. Without one (tests), a word's lemmas are the
// dictionaries' in both languages and a lemma's keys are itself.
struct QueryVocabulary {
    std::function<std::vector<std::string>(const std::string& key)> lemmas_of;
    std::function<std::vector<std::string>(const std::string& lemma)> keys_of;
    // The keys a prefix stands for (the most frequent first, at most a
    // thousand). Unset: Xapian expands it in each database, which weighs
    // the words of each shard apart (a sharded index would rank otherwise
    // than the same documents in one).
    std::function<std::vector<std::string>(const std::string& prefix)> keys_starting;
};

struct ParsedQuery {
    QueryNode root;  // an And whose children are the required clauses (and exclusions)
    bool concept_filters = false;  // uses concept: or family:
    Highlight highlight;

    [[nodiscard]] Xapian::Query to_xapian() const;

    // The query for a scope wider than a passage (search/scope.h): the
    // clauses of words that must each match a passage of the window, page
    // or document; the words none of its passages may hold; and what each
    // passage must be, the fields, which stay with the passage ("kind:quote
    // innovation territoire": quotes, on a page that holds both words).
    struct Scoped {
        std::vector<Xapian::Query> words;
        Xapian::Query excluded_words = Xapian::Query::MatchNothing;
        Xapian::Query passage_filter;  // empty: none
    };
    [[nodiscard]] Scoped scoped() const;
    // Compact form for tests, e.g. "(Zcluster AND (Zpol OR Zdistrict))".
    [[nodiscard]] std::string describe() const;
};

// Throws QueryError.
[[nodiscard]] ParsedQuery parse_query(const std::string& query, const Analyzer& analyzer, const ConceptVocabulary& vocabulary = {},
                                      const QueryVocabulary& words = {});

}  // namespace grappe
