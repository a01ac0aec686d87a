#include "parse/query_parser.h"

#include <unicode/utf8.h>

#include <algorithm>

#include "concepts/lexicon.h"
#include "segment/kinds.h"
#include "store/schema.h"
#include "text/folding.h"

namespace grappe {
namespace {

using Kind = QueryNode::Kind;

struct Lexeme {
    enum class Type { Word, Phrase, Field, Open, Close, Or, And, End };
    Type type = Type::End;
    std::string text;   // Field: the value
    std::string field;  // Field: its name
    bool minus = false;
    bool star = false;
    bool exact = false;  // "=porter", ="a phrase"
    std::size_t column = 0;  // 1-based character column
};

class Lexer {
  public:
    explicit Lexer(const std::string& q) : q_(q) {}

    std::vector<Lexeme> run() {
        std::vector<Lexeme> out;
        while (true) {
            skip_space();
            if (at_ >= q_.size()) break;
            Lexeme lx;
            lx.column = column();
            const char c = q_[at_];
            if (c == '(' || c == ')') {
                lx.type = c == '(' ? Lexeme::Type::Open : Lexeme::Type::Close;
                ++at_;
                out.push_back(lx);
                continue;
            }
            if (c == '-' || c == '+') {
                lx.minus = c == '-';
                ++at_;
                if (at_ >= q_.size() || is_space(q_[at_]) || q_[at_] == ')')
                    throw QueryError(std::string("\"") + c + "\" must be followed by a word or a phrase", lx.column);
            }
            if (at_ < q_.size() && q_[at_] == '=') {
                lx.exact = true;
                ++at_;
                if (at_ >= q_.size() || is_space(q_[at_]) || q_[at_] == ')')
                    throw QueryError("\"=\" must be followed by a word or a phrase, as in =porter", column() - 1);
            }
            if (starts_quote()) {
                const std::size_t open_column = column();
                const std::size_t close = find_closing_quote();
                if (close == std::string::npos)
                    throw QueryError("unclosed quote: the phrase opened here has no closing quote", open_column);
                lx.type = Lexeme::Type::Phrase;
                lx.text = q_.substr(at_, close - at_);
                at_ = close;
                skip_quote();
                out.push_back(lx);
                continue;
            }
            const std::size_t start = at_;
            while (at_ < q_.size() && !is_space(q_[at_]) && q_[at_] != '(' && q_[at_] != ')' && !starts_quote()) {
                // "cites:" with nothing after it is a field missing its
                // value, not the word "cites".
                if (q_[at_] == ':' && at_ > start && is_field_name(start, at_) && known_field(q_.substr(start, at_ - start)) &&
                    (at_ + 1 == q_.size() || is_space(q_[at_ + 1]) || q_[at_ + 1] == ')'))
                    throw QueryError(q_.substr(start, at_ - start + 1) + " needs a value right after the colon, as in " +
                                         field_example(q_.substr(start, at_ - start)),
                                     column());
                // name:value (value a word or a "phrase")
                if (q_[at_] == ':' && at_ > start && at_ + 1 < q_.size() && !is_space(q_[at_ + 1]) && is_field_name(start, at_) &&
                    q_.compare(at_ + 1, 2, "//") != 0) {
                    lx.type = Lexeme::Type::Field;
                    lx.field = q_.substr(start, at_ - start);
                    ++at_;
                    if (starts_quote()) {
                        const std::size_t close = find_closing_quote();
                        if (close == std::string::npos)
                            throw QueryError("unclosed quote: the phrase opened here has no closing quote", column());
                        lx.text = q_.substr(at_, close - at_);
                        at_ = close;
                        skip_quote();
                    } else {
                        const std::size_t value = at_;
                        while (at_ < q_.size() && !is_space(q_[at_]) && q_[at_] != '(' && q_[at_] != ')') ++at_;
                        lx.text = q_.substr(value, at_ - value);
                    }
                    break;
                }
                ++at_;
            }
            if (lx.type == Lexeme::Type::Field) {
                out.push_back(lx);
                continue;
            }
            lx.text = q_.substr(start, at_ - start);
            if (!lx.minus && lx.text == "OR") lx.type = Lexeme::Type::Or;
            else if (!lx.minus && lx.text == "AND") lx.type = Lexeme::Type::And;
            else {
                lx.type = Lexeme::Type::Word;
                if (!lx.text.empty() && lx.text.back() == '*') {
                    lx.star = true;
                    lx.text.pop_back();
                }
            }
            out.push_back(lx);
        }
        Lexeme end;
        end.column = column();
        out.push_back(end);
        return out;
    }

  private:
    static bool known_field(const std::string& name) { return !field_example(name).empty(); }
    static std::string field_example(const std::string& name) {
        static const std::map<std::string, std::string> examples = {
            {"author", "author:torre"}, {"title", "title:\"écosystèmes industriels\""}, {"year", "year:2005..2012"},
            {"type", "type:thesis"}, {"lang", "lang:fr"}, {"kind", "kind:quote"}, {"cites", "cites:porter"},
            {"cited", "cited:1990..1999"}, {"concept", "concept:cluster"}, {"family", "family:ecosysteme"},
            {"hal", "hal:hal-01603657"}, {"doi", "doi:10.3917/reru.113.0405"}};
        const auto it = examples.find(name);
        return it == examples.end() ? "" : it->second;
    }
    bool is_field_name(std::size_t from, std::size_t to) const {
        for (std::size_t i = from; i < to; ++i)
            if (q_[i] < 'a' || q_[i] > 'z') return false;
        return true;
    }
    static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
    void skip_space() {
        while (at_ < q_.size()) {
            if (is_space(q_[at_])) ++at_;
            else if (q_.compare(at_, 2, "\xC2\xA0") == 0) at_ += 2;  // no-break space
            else if (q_.compare(at_, 3, "\xE2\x80\xAF") == 0) at_ += 3;  // narrow no-break space
            else break;
        }
    }
    // Straight quotes and « » / “ ” all delimit phrases.
    bool starts_quote() const {
        return q_[at_] == '"' || q_.compare(at_, 2, "\xC2\xAB") == 0 || q_.compare(at_, 3, "\xE2\x80\x9C") == 0;
    }
    void skip_quote() {
        if (q_[at_] == '"') ++at_;
        else if (q_.compare(at_, 2, "\xC2\xAB") == 0 || q_.compare(at_, 2, "\xC2\xBB") == 0) at_ += 2;
        else at_ += 3;
    }
    std::size_t find_closing_quote() {
        skip_quote();
        for (std::size_t i = at_; i < q_.size(); ++i) {
            if (q_[i] == '"' || q_.compare(i, 2, "\xC2\xBB") == 0 || q_.compare(i, 3, "\xE2\x80\x9D") == 0) return i;
        }
        return std::string::npos;
    }
    std::size_t column() const {
        std::size_t chars = 0;
        for (std::size_t i = 0; i < at_ && i < q_.size(); ++i)
            if ((static_cast<unsigned char>(q_[i]) & 0xC0) != 0x80) ++chars;
        return chars + 1;
    }

    const std::string& q_;
    std::size_t at_ = 0;
};

// What a snippet marks for a word: its lemmas, or its key for =word.
std::vector<std::string> marks_of(const QueryNode& n) {
    if (n.kind == Kind::Exact) return {n.term};
    std::vector<std::string> out;
    for (const std::string& lemma : n.lemmas) out.push_back(std::string(schema::kPrefixLemma) + lemma);
    // The keys the word stands for in the index (Highlight::by_keys).
    out.insert(out.end(), n.terms.begin(), n.terms.end());
    return out;
}

class Parser {
  public:
    Parser(std::vector<Lexeme> lexemes, const Analyzer& analyzer, const ConceptVocabulary& vocabulary, const QueryVocabulary& words,
           ParsedQuery& out)
        : lx_(std::move(lexemes)), analyzer_(analyzer), vocabulary_(vocabulary), words_(words), out_(out) {}

    QueryNode parse() {
        if (peek().type == Lexeme::Type::End) throw QueryError("empty query: type some words to search for", 1);
        QueryNode root = and_expr();
        if (peek().type == Lexeme::Type::Close)
            throw QueryError("\")\" has no matching \"(\"", peek().column);
        return root;
    }

  private:
    const Lexeme& peek() const { return lx_[pos_]; }
    const Lexeme& take() { return lx_[pos_++]; }

    QueryNode and_expr() {
        QueryNode node;
        node.kind = Kind::And;
        while (true) {
            const Lexeme& next = peek();
            if (next.type == Lexeme::Type::End || next.type == Lexeme::Type::Close) break;
            if (next.type == Lexeme::Type::Or)
                throw QueryError("OR needs a word or a group on each side", next.column);
            if (next.type == Lexeme::Type::And) {
                const Lexeme& op = take();
                const auto t = peek().type;
                if (node.children.empty() || t == Lexeme::Type::End || t == Lexeme::Type::Close || t == Lexeme::Type::Or || t == Lexeme::Type::And)
                    throw QueryError("AND needs a word or a group on each side", op.column);
                continue;
            }
            add(node, or_expr());
        }
        return node;
    }

    QueryNode or_expr() {
        QueryNode first = unary();
        if (peek().type != Lexeme::Type::Or) return first;
        QueryNode node;
        node.kind = Kind::Or;
        add(node, std::move(first));
        while (peek().type == Lexeme::Type::Or) {
            const Lexeme& op = take();
            const auto t = peek().type;
            if (t == Lexeme::Type::End || t == Lexeme::Type::Close || t == Lexeme::Type::Or || t == Lexeme::Type::And)
                throw QueryError("OR needs a word or a group on each side", op.column);
            add(node, unary());
        }
        for (const auto& child : node.children)
            if (child.excluded) throw QueryError("an excluded word (-word) cannot be one side of OR", lx_[pos_ - 1].column);
        return node;
    }

    QueryNode unary() {
        const Lexeme& lx = take();
        switch (lx.type) {
            case Lexeme::Type::Open: {
                QueryNode inner = and_expr();
                if (peek().type != Lexeme::Type::Close)
                    throw QueryError("\"(\" is never closed", lx.column);
                take();
                if (inner.children.empty()) throw QueryError("empty parentheses", lx.column);
                return inner.children.size() == 1 ? std::move(inner.children[0]) : inner;
            }
            case Lexeme::Type::Phrase: {
                QueryNode node = words(lx.text, lx.column, true, lx.exact);
                node.excluded = lx.minus;
                return node;
            }
            case Lexeme::Type::Word: {
                QueryNode node = lx.star ? prefix(lx) : words(lx.text, lx.column, false, lx.exact);
                node.excluded = lx.minus;
                return node;
            }
            case Lexeme::Type::Field: {
                QueryNode node = field(lx);
                node.excluded = lx.minus;
                return node;
            }
            default:
                throw QueryError("unexpected \"" + lx.text + "\"", lx.column);
        }
    }

    // The lemmas a word stands for: as the index's vocabulary has them, else
    // as the dictionaries give them.
    std::vector<std::string> lemmas_of(const Token& t) const {
        std::vector<std::string> lemmas = words_.lemmas_of ? words_.lemmas_of(t.key) : std::vector<std::string>{};
        if (lemmas.empty()) lemmas = analyzer_.lemmatizer().both_languages(t.exact, t.key);
        return lemmas;
    }

    QueryNode term_node(const Token& t, bool exact) {
        QueryNode n;
        n.word = t.key;
        n.stopword = t.stopword;
        if (exact) {
            n.kind = Kind::Exact;
            n.term = t.key;
            return n;
        }
        n.kind = Kind::Term;
        n.lemmas = lemmas_of(t);
        // Every form of the index with one of its lemmas, and itself.
        n.terms.push_back(t.key);
        for (const std::string& lemma : n.lemmas)
            for (std::string& key : words_.keys_of ? words_.keys_of(lemma) : std::vector<std::string>{lemma})
                if (std::find(n.terms.begin(), n.terms.end(), key) == n.terms.end()) n.terms.push_back(std::move(key));
        return n;
    }



    // A word or a quoted phrase: one token is a term, several are a phrase.
    // `exact` ("=porter", ="...") asks for every word as written; inside a
    // phrase, "=" before a word asks it for that word.
    QueryNode words(const std::string& text, std::size_t column, bool quoted, bool exact) {
        const std::string prepared = Analyzer::prepare(text);
        // Without the analyser's lemmas: lemmas_of asks the index's
        // vocabulary first (through remote shards the analyser has none, and
        // loaded the dictionaries, 0.1 s, for every search).
        const std::vector<Token> tokens = analyzer_.analyze(prepared, Language::French, false);
        if (tokens.empty()) {
            if (quoted) throw QueryError("empty phrase: nothing to search between the quotes", column);
            throw QueryError("\"" + text + "\" has no letters or digits to search for", column);
        }
        auto exact_at = [&](const Token& t) { return exact || (t.begin > 0 && prepared[t.begin - 1] == '='); };
        if (tokens.size() == 1) {
            QueryNode n = term_node(tokens[0], exact_at(tokens[0]));
            if (!n.stopword) out_.highlight.words.push_back(marks_of(n));
            return n;
        }
        QueryNode phrase;
        phrase.kind = Kind::Phrase;
        std::vector<std::vector<std::string>> marks;
        for (const Token& t : tokens) {
            phrase.children.push_back(term_node(t, exact_at(t)));
            marks.push_back(marks_of(phrase.children.back()));
        }
        out_.highlight.phrases.push_back(std::move(marks));
        return phrase;
    }

    QueryNode prefix(const Lexeme& lx) {
        // Its key alone: a stem's lemmas mean nothing, and looking for them
        // loaded the dictionaries (0.1 s) for every prefix query.
        const std::vector<Token> tokens = analyzer_.analyze(Analyzer::prepare(lx.text), Language::French, false);
        if (tokens.size() != 1 || tokens[0].key.size() < 2)
            throw QueryError("\"" + lx.text + "*\": a prefix needs at least two letters of one word before the *", lx.column);
        QueryNode n;
        n.kind = Kind::Prefix;
        n.term = tokens[0].key;
        if (words_.keys_starting) {
            n.terms = words_.keys_starting(n.term);
            n.expanded = true;
        }
        out_.highlight.prefixes.push_back(n.term);
        return n;
    }

    static QueryNode filter(std::string term) {
        QueryNode n;
        n.kind = Kind::Filter;
        n.term = std::move(term);
        return n;
    }

    // Several words in one field value must all be there: an And of filters.
    static QueryNode all_of(std::vector<QueryNode> parts) {
        if (parts.size() == 1) return std::move(parts[0]);
        QueryNode n;
        n.kind = Kind::And;
        n.children = std::move(parts);
        return n;
    }

    QueryNode field(const Lexeme& lx) {
        const std::string& name = lx.field;
        const std::string value = lower_text(lx.text);
        if (name == "author" || name == "title") {
            // An author's name as written (folded); a title's words by their lemmas.
            std::vector<QueryNode> parts;
            for (const Token& t : analyzer_.analyze(Analyzer::prepare(lx.text), Language::French, false)) {
                if (name == "author") {
                    parts.push_back(filter(std::string(schema::kPrefixAuthor) + t.key));
                    continue;
                }
                QueryNode any;
                any.kind = Kind::Or;
                for (const std::string& lemma : lemmas_of(t)) any.children.push_back(filter(std::string(schema::kPrefixTitle) + lemma));
                parts.push_back(any.children.size() == 1 ? std::move(any.children.front()) : std::move(any));
            }
            if (parts.empty()) throw QueryError(name + ": needs a word", lx.column);
            return all_of(std::move(parts));
        }
        if (name == "year") return year(lx);
        if (name == "type") {
            static const std::vector<std::string> types = {"article", "conference-paper", "thesis", "report", "book", "chapter", "web-page"};
            const std::string t = schema::type_term(value);
            if (std::find(types.begin(), types.end(), t) == types.end())
                throw QueryError("type: is one of article, conference-paper, thesis, report, book, chapter, web-page", lx.column);
            return filter(std::string(schema::kPrefixType) + t);
        }
        if (name == "lang") {
            if (value != "fr" && value != "en" && value != "other") throw QueryError("lang: is fr, en or other", lx.column);
            return filter(std::string(schema::kPrefixLanguage) + value);
        }
        if (name == "cites") {
            std::vector<QueryNode> parts;
            for (const Token& t : analyzer_.analyze(Analyzer::prepare(lx.text), Language::French, false))
                if (!t.stopword) parts.push_back(filter(std::string(schema::kPrefixCitedAuthor) + t.key));
            if (parts.empty()) throw QueryError("cites: needs an author's name", lx.column);
            return all_of(std::move(parts));
        }
        if (name == "cited") {
            // Any of the years: cited:1990..1999 is an OR of ten filters.
            const auto [from, to] = years(lx, "cited");
            QueryNode n;
            n.kind = Kind::Or;
            for (int y = std::max(from, 1500); y <= std::min(to, 2099); ++y)
                n.children.push_back(filter(std::string(schema::kPrefixCitedYear) + std::to_string(y)));
            return n;
        }
        if (name == "kind") {
            const auto& kinds = kind_names();
            if (std::find(kinds.begin(), kinds.end(), value) == kinds.end())
                throw QueryError("kind: is one of body, heading, footnote, quote, caption, table, reference, toc", lx.column);
            return filter(std::string(schema::kPrefixKind) + value);
        }
        if (name == "concept" || name == "family") return concept_field(lx, name == "family");
        if (name == "hal") return filter(std::string(schema::kPrefixHal) + value);
        if (name == "doi") return filter(std::string(schema::kPrefixDoi) + value);
        throw QueryError("unknown field \"" + name + ":\" (fields: author, title, year, type, lang, kind, cites, cited, concept, family, hal, doi)", lx.column);
    }

    // 2005, 2005..2012, ..2000, 2010.. -> [from, to]; 0 and 9999 for open ends.
    static std::pair<int, int> years(const Lexeme& lx, const std::string& field) {
        const std::string& v = lx.text;
        auto is_year = [](const std::string& y) {
            return y.size() == 4 && std::all_of(y.begin(), y.end(), [](char c) { return c >= '0' && c <= '9'; });
        };
        const size_t dots = v.find("..");
        if (dots == std::string::npos) {
            if (!is_year(v)) throw QueryError(field + ": expects a year (2005) or a range (2005..2012)", lx.column);
            return {std::stoi(v), std::stoi(v)};
        }
        const std::string from = v.substr(0, dots), to = v.substr(dots + 2);
        if ((!from.empty() && !is_year(from)) || (!to.empty() && !is_year(to)) || (from.empty() && to.empty()) ||
            (!from.empty() && !to.empty() && from > to))
            throw QueryError(field + ": expects a range such as 2005..2012, ..2000 or 2010..", lx.column);
        return {from.empty() ? 0 : std::stoi(from), to.empty() ? 9999 : std::stoi(to)};
    }

    // year:2005, year:2005..2012, year:..2000, year:2010..
    static QueryNode year(const Lexeme& lx) {
        const auto [from, to] = years(lx, "year");
        if (from == to) return filter(std::string(schema::kPrefixYear) + std::to_string(from));
        QueryNode n;
        n.kind = Kind::YearRange;
        n.low = from;
        n.high = to;
        return n;
    }

    static void add(QueryNode& parent, QueryNode child) { parent.children.push_back(std::move(child)); }

    // concept:ID and family:ID, checked against the index's lexicon.
    QueryNode concept_field(const Lexeme& lx, bool family) {
        const std::string id = lower_text(lx.text);
        const char* what = family ? "family" : "concept";
        std::vector<std::string> known;
        if (family) {
            for (const auto& [c, f] : vocabulary_.family_of)
                if (std::find(known.begin(), known.end(), f) == known.end()) known.push_back(f);
        } else {
            for (const auto& [c, f] : vocabulary_.family_of) known.push_back(c);
        }
        if (!known.empty() && std::find(known.begin(), known.end(), id) == known.end()) {
            std::string message = std::string("unknown ") + what + " \"" + lx.text + "\"";
            if (family) {
                if (const std::string near = closest_to(id, known); !near.empty()) message += "; did you mean family:" + near + "?";
            } else if (const std::string near = suggest_concept(id, vocabulary_); !near.empty()) {
                message += "; did you mean " + (near.rfind("family:", 0) == 0 ? near : "concept:" + near) + "?";
            }
            message += family ? " (families: " : " (grappe concepts lists them";
            if (family)
                for (std::size_t i = 0; i < known.size(); ++i) message += (i ? ", " : "") + known[i];
            throw QueryError(message + ")", lx.column);
        }
        out_.concept_filters = true;
        QueryNode n = filter(std::string(family ? schema::kPrefixFamily : schema::kPrefixConcept) + id);
        n.ranks_alone = true;
        return n;
    }

    std::vector<Lexeme> lx_;
    std::size_t pos_ = 0;
    const Analyzer& analyzer_;
    const ConceptVocabulary& vocabulary_;
    const QueryVocabulary& words_;
    ParsedQuery& out_;
};

bool is_filter(const QueryNode& n) {
    if (n.kind == Kind::Filter || n.kind == Kind::YearRange) return true;
    if (n.kind != Kind::And && n.kind != Kind::Or) return false;
    return !n.children.empty() && std::all_of(n.children.begin(), n.children.end(), is_filter);
}

// In an AND, stopwords are not required, unless the AND has nothing else.
bool only_stopwords(const QueryNode& and_node) {
    return std::all_of(and_node.children.begin(), and_node.children.end(),
                       [](const QueryNode& c) { return c.excluded || (c.kind == Kind::Term && c.stopword); });
}

bool required(const QueryNode& child, bool all_stopwords) {
    const bool word = child.kind == Kind::Term || child.kind == Kind::Exact;
    return !child.excluded && (!(word && child.stopword) || all_stopwords);
}

// A word's lemmas as one term for the weighting; inside a phrase, where
// Xapian takes no synonym, as alternatives.
Xapian::Query word_query(const QueryNode& n, bool in_phrase) {
    if (n.kind == Kind::Exact) return Xapian::Query(n.term);
    if (n.terms.size() == 1) return Xapian::Query(n.terms.front());
    return Xapian::Query(in_phrase ? Xapian::Query::OP_OR : Xapian::Query::OP_SYNONYM, n.terms.begin(), n.terms.end());
}

Xapian::Query build(const QueryNode& n) {
    switch (n.kind) {
        case Kind::Term:
        case Kind::Exact:
            return word_query(n, false);
        case Kind::Prefix:
            // On the keys: every word as written (schema.h).
            if (n.expanded) {
                if (n.terms.empty()) return Xapian::Query::MatchNothing;
                return Xapian::Query(Xapian::Query::OP_SYNONYM, n.terms.begin(), n.terms.end());
            }
            return Xapian::Query(Xapian::Query::OP_WILDCARD, n.term, 1000, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
        case Kind::Filter:
            return Xapian::Query(n.term);
        case Kind::YearRange:
            return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotYear, Xapian::sortable_serialise(n.low),
                                 Xapian::sortable_serialise(n.high));
        case Kind::Phrase: {
            std::vector<Xapian::Query> parts;
            for (const auto& c : n.children) parts.push_back(word_query(c, true));
            return Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(), static_cast<Xapian::termcount>(parts.size()));
        }
        case Kind::Or: {
            std::vector<Xapian::Query> parts;
            for (const auto& c : n.children) parts.push_back(build(c));
            return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
        }
        case Kind::And: {
            std::vector<Xapian::Query> musts, filters, excluded;
            const bool all_stopwords = only_stopwords(n);
            std::vector<Xapian::Query> concepts;
            for (const auto& c : n.children) {
                if (c.excluded) excluded.push_back(build(c));
                else if (c.kind == Kind::Filter && c.ranks_alone) concepts.push_back(build(c));
                else if (is_filter(c)) filters.push_back(build(c));
                else if (required(c, all_stopwords)) musts.push_back(build(c));
            }
            // Concept terms carry their mention counts: with no word to rank
            // by, they rank (the passages most about the concept first);
            // beside words they only filter, like other fields.
            if (musts.empty()) musts.swap(concepts);
            filters.insert(filters.end(), concepts.begin(), concepts.end());
            // Fields filter, they never rank; alone they select everything they match.
            Xapian::Query q = musts.empty() ? Xapian::Query::MatchAll : Xapian::Query(Xapian::Query::OP_AND, musts.begin(), musts.end());
            if (!filters.empty())
                q = Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
            if (!excluded.empty())
                q = Xapian::Query(Xapian::Query::OP_AND_NOT, q, Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end()));
            return q;
        }
    }
    return Xapian::Query();
}

void describe_node(const QueryNode& n, std::string& out) {
    if (n.excluded) out += '-';
    switch (n.kind) {
        case Kind::Term: {
            for (std::size_t i = 0; i < n.lemmas.size(); ++i) out += (i ? "|" : "") + n.lemmas[i];
            return;
        }
        case Kind::Exact: out += "=" + n.term; return;
        case Kind::Prefix: out += n.term + "*"; return;
        case Kind::Filter: out += "[" + n.term + "]"; return;
        case Kind::YearRange: out += "[year " + std::to_string(static_cast<int>(n.low)) + ".." + std::to_string(static_cast<int>(n.high)) + "]"; return;
        case Kind::Phrase:
        case Kind::Or:
        case Kind::And: {
            const char* sep = n.kind == Kind::Phrase ? " " : n.kind == Kind::Or ? " OR " : " AND ";
            out += n.kind == Kind::Phrase ? "\"" : "(";
            for (size_t i = 0; i < n.children.size(); ++i) {
                if (i) out += sep;
                describe_node(n.children[i], out);
            }
            out += n.kind == Kind::Phrase ? "\"" : ")";
        }
    }
}

bool has_required(const QueryNode& root) {
    for (const auto& c : root.children)
        if (!c.excluded) return true;
    return false;
}

}  // namespace

ParsedQuery parse_query(const std::string& query, const Analyzer& analyzer, const ConceptVocabulary& vocabulary, const QueryVocabulary& words) {
    ParsedQuery parsed;
    Lexer lexer(query);
    Parser parser(lexer.run(), analyzer, vocabulary, words, parsed);
    parsed.root = parser.parse();
    parsed.highlight.by_keys = static_cast<bool>(words.keys_of);
    if (!has_required(parsed.root))
        throw QueryError("only excluded words: add at least one word to search for", 1);
    // A query of stopwords only ("de la") searches them: then they are worth marking.
    Highlight& h = parsed.highlight;
    if (h.words.empty() && h.prefixes.empty() && h.phrases.empty())
        for (const auto& c : parsed.root.children)
            if (!c.excluded && (c.kind == Kind::Term || c.kind == Kind::Exact)) h.words.push_back(marks_of(c));
    return parsed;
}

Xapian::Query ParsedQuery::to_xapian() const { return build(root); }

std::string suggest_concept(const std::string& unknown, const ConceptVocabulary& vocabulary) {
    // A family's id typed as a concept's.
    for (const auto& [id, family] : vocabulary.family_of)
        if (family == unknown) return "family:" + family;
    // "Milieu innovateur" -> "milieu-innovateur": names compared as ids are written.
    auto as_id = [](const std::string& name) {
        std::string out = fold_text(name);
        for (char& c : out)
            if (c == ' ' || c == '\'' || c == '_') c = '-';
        return out;
    };
    const std::string typed = as_id(unknown);
    std::string best;
    double best_share = 0.34;  // edits per character: "milieu-innovant" is 4 of 17 from milieu-innovateur
    auto consider = [&](const std::string& name, const std::string& id) {
        const std::string written = as_id(name);
        const double share = static_cast<double>(edit_distance(typed, written)) / static_cast<double>(std::max(typed.size(), written.size()));
        if (share < best_share) best_share = share, best = id;
    };
    for (const auto& [id, family] : vocabulary.family_of) consider(id, id);
    if (vocabulary.names)
        for (const auto& [name, id] : vocabulary.names())
            if (vocabulary.family_of.count(id)) consider(name, id);
    return best;
}

ParsedQuery::Scoped ParsedQuery::scoped() const {
    Scoped out;
    const bool all_stopwords = only_stopwords(root);
    std::vector<Xapian::Query> filters, excluded_filters, excluded_words;
    for (const auto& c : root.children) {
        if (c.excluded) {
            QueryNode positive = c;
            positive.excluded = false;
            (is_filter(positive) ? excluded_filters : excluded_words).push_back(build(positive));
        } else if (is_filter(c)) {
            filters.push_back(build(c));
        } else if (required(c, all_stopwords)) {
            out.words.push_back(build(c));
        }
    }
    if (!excluded_words.empty()) out.excluded_words = Xapian::Query(Xapian::Query::OP_OR, excluded_words.begin(), excluded_words.end());
    if (!filters.empty() || !excluded_filters.empty()) {
        out.passage_filter = filters.empty() ? Xapian::Query::MatchAll : Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end());
        if (!excluded_filters.empty())
            out.passage_filter = Xapian::Query(Xapian::Query::OP_AND_NOT, out.passage_filter,
                                               Xapian::Query(Xapian::Query::OP_OR, excluded_filters.begin(), excluded_filters.end()));
    }
    return out;
}

std::string ParsedQuery::describe() const {
    std::string out;
    describe_node(root, out);
    return out;
}

}  // namespace grappe
