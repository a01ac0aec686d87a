#include "snippets/snippet.h"

#include <algorithm>
#include <string_view>
#include <unordered_set>

#include "text/utf8.h"
#include "store/schema.h"

namespace grappe {

namespace {

// What one query item's marks match: keys as they are, and the lemmas of
// its Z terms; looked up per token rather than compared one by one (a
// word's marks may list hundreds of keys, Highlight::by_keys).
struct Marks {
    std::unordered_set<std::string_view> keys, lemmas;
    explicit Marks(const std::vector<std::string>& terms) {
        for (const std::string& term : terms) {
            if (term.size() > schema::kPrefixLemma.size() && term.compare(0, schema::kPrefixLemma.size(), schema::kPrefixLemma) == 0)
                lemmas.insert(std::string_view(term).substr(schema::kPrefixLemma.size()));
            else
                keys.insert(term);
        }
    }
    // The index terms a token was indexed under: its key and its Z lemmas.
    [[nodiscard]] bool match(const Token& t) const {
        if (keys.count(t.key)) return true;
        for (const std::string& lemma : t.lemmas)
            if (lemmas.count(lemma)) return true;
        return false;
    }
};

// Token indices of the matches, each with its query item.
std::vector<std::pair<std::size_t, std::size_t>> matched_tokens(const std::vector<Token>& tokens, const Highlight& query) {
    std::vector<std::pair<std::size_t, std::size_t>> out;  // token, item
    std::vector<char> taken(tokens.size(), 0);
    const std::size_t words = query.words.size();
    std::vector<Marks> word_marks;
    for (const auto& w : query.words) word_marks.emplace_back(w);
    std::vector<std::vector<Marks>> phrase_marks(query.phrases.size());
    for (std::size_t p = 0; p < query.phrases.size(); ++p)
        for (const auto& w : query.phrases[p]) phrase_marks[p].emplace_back(w);
    // Phrases first: their words are marked where the phrase stands.
    for (std::size_t p = 0; p < query.phrases.size(); ++p) {
        const auto& phrase = query.phrases[p];
        for (std::size_t i = 0; i + phrase.size() <= tokens.size(); ++i) {
            bool all = true;
            for (std::size_t k = 0; k < phrase.size() && all; ++k) all = phrase_marks[p][k].match(tokens[i + k]);
            if (!all) continue;
            for (std::size_t k = 0; k < phrase.size(); ++k)
                if (!taken[i + k]) {
                    taken[i + k] = 1;
                    out.emplace_back(i + k, words + p);
                }
        }
    }
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (taken[i]) continue;
        for (std::size_t w = 0; w < words && !taken[i]; ++w)
            if (word_marks[w].match(tokens[i])) {
                taken[i] = 1;
                out.emplace_back(i, w);
            }
        for (std::size_t k = 0; k < query.prefixes.size() && !taken[i]; ++k)
            if (tokens[i].key.compare(0, query.prefixes[k].size(), query.prefixes[k]) == 0) {
                taken[i] = 1;
                out.emplace_back(i, words + query.phrases.size() + k);
            }
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

std::vector<Token> tokens_to_mark(const Analyzer& analyzer, std::string_view text, Language language, const Highlight& query) {
    return analyzer.analyze(text, language, !query.by_keys);
}

std::vector<std::pair<std::size_t, std::size_t>> query_matches(const std::vector<Token>& tokens, const Highlight& query,
                                                               std::vector<std::size_t>* which) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (const auto& [i, item] : matched_tokens(tokens, query)) {
        out.emplace_back(tokens[i].begin, tokens[i].end);
        if (which) which->push_back(item);
    }
    return out;
}

namespace {

// The bytes [begin, end) of a window of about `width` bytes that starts a
// little before byte `anchor`, on word boundaries, with the closing
// punctuation of its last word.
std::pair<std::size_t, std::size_t> window_at(const std::string& text, const std::vector<Token>& tokens, std::size_t anchor,
                                              std::size_t width) {
    // Some context before: back up a fifth of the window, to a token start.
    const std::size_t want = anchor > width / 5 ? anchor - width / 5 : 0;
    std::size_t begin = 0;
    for (const Token& t : tokens) {
        if (t.begin > want) break;
        begin = t.begin;
    }
    std::size_t end = begin;
    for (const Token& t : tokens) {
        if (t.begin < begin) continue;
        if (t.end > begin + width) break;
        end = t.end;
    }
    // Keep closing punctuation next to the last word, a whole character at
    // a time ("»" is two bytes, and so is the no-break space whose first
    // byte it shares).
    for (bool more = true; more && end < text.size();) {
        more = false;
        for (std::string_view closing : {".", ",", ";", ":", "!", "?", ")", "»", "”", "…"})
            if (text.compare(end, closing.size(), closing) == 0) {
                end += closing.size();
                more = true;
                break;
            }
    }
    // One word longer than the window: cut it between two characters.
    if (end <= begin) end = char_start(text, std::min(text.size(), begin + width));
    if (end <= begin) end = char_end(text, begin + 1);
    return {begin, end};
}

// The matched token from which `width` bytes hold the most query items not
// in `covered`, then the most matches; its index in `matched`, and the items.
std::pair<std::size_t, std::vector<std::size_t>> best_start(const std::vector<Token>& tokens, const std::vector<std::size_t>& matched,
                                                            const std::vector<std::size_t>& items, std::size_t width,
                                                            const std::vector<std::size_t>& covered) {
    auto contains = [](const std::vector<std::size_t>& v, std::size_t x) { return std::find(v.begin(), v.end(), x) != v.end(); };
    std::size_t best = 0, best_count = 0;
    std::vector<std::size_t> best_items;
    for (std::size_t a = 0; a < matched.size(); ++a) {
        if (contains(covered, items[a])) continue;
        std::vector<std::size_t> distinct;
        std::size_t count = 0;
        for (std::size_t b = a; b < matched.size() && tokens[matched[b]].end <= tokens[matched[a]].begin + width; ++b) {
            ++count;
            if (!contains(distinct, items[b]) && !contains(covered, items[b])) distinct.push_back(items[b]);
        }
        if (distinct.size() > best_items.size() || (distinct.size() == best_items.size() && count > best_count)) {
            best_items = std::move(distinct);
            best_count = count;
            best = a;
        }
    }
    return {best, best_items};
}

}  // namespace

Snippet make_snippet(const std::string& passage_text, const Highlight& query, const Analyzer& analyzer, std::size_t width,
                     const std::vector<ConceptMention>& mentions, Language language) {
    const std::vector<Token> tokens = tokens_to_mark(analyzer, passage_text, language, query);
    std::vector<std::size_t> matched, items;  // token indices, and the query item each matches
    for (const auto& [i, item] : matched_tokens(tokens, query)) {
        matched.push_back(i);
        items.push_back(item);
    }

    // The window: the `width` bytes from the matched token that gathers the
    // most distinct query words, then the most matches (the first concept
    // mention, or the start, when nothing matched). When the query's words
    // lie further apart than a window, two half windows, one for the words
    // the first leaves out: "… coopération … Prato …".
    std::vector<std::pair<std::size_t, std::size_t>> fragments;
    if (passage_text.size() <= width || tokens.empty()) {
        fragments.emplace_back(0, passage_text.size());
    } else if (matched.empty()) {
        fragments.push_back(window_at(passage_text, tokens, mentions.empty() ? 0 : mentions.front().begin, width));
    } else {
        std::vector<std::size_t> all = items;
        std::sort(all.begin(), all.end());
        all.erase(std::unique(all.begin(), all.end()), all.end());
        auto [first, first_items] = best_start(tokens, matched, items, width, {});
        if (first_items.size() == all.size()) {
            fragments.push_back(window_at(passage_text, tokens, tokens[matched[first]].begin, width));
        } else {
            std::tie(first, first_items) = best_start(tokens, matched, items, width / 2, {});
            const auto [second, second_items] = best_start(tokens, matched, items, width / 2, first_items);
            fragments.push_back(window_at(passage_text, tokens, tokens[matched[first]].begin, width / 2));
            const auto other = window_at(passage_text, tokens, tokens[matched[second]].begin, width / 2);
            // Two windows that meet are one.
            if (other.first <= fragments.back().second && other.second >= fragments.back().first) {
                fragments.back() = {std::min(other.first, fragments.back().first), std::max(other.second, fragments.back().second)};
            } else {
                fragments.push_back(other);
                std::sort(fragments.begin(), fragments.end());
            }
        }
    }

    Snippet s;
    s.starts_inside = fragments.front().first > 0;
    s.ends_inside = fragments.back().second < passage_text.size();
    for (std::size_t f = 0; f < fragments.size(); ++f) {
        const auto [begin, end] = fragments[f];
        if (f > 0) s.text += " \u2026 ";  // the words left out between two fragments
        const std::size_t at = s.text.size();
        s.text.append(passage_text, begin, end - begin);
        for (std::size_t i : matched) {
            const Token& t = tokens[i];
            if (t.begin >= begin && t.end <= end) s.marks.emplace_back(at + t.begin - begin, at + t.end - begin);
        }
        for (const ConceptMention& m : mentions)
            if (m.begin >= begin && m.end <= end) s.concepts.push_back({at + m.begin - begin, at + m.end - begin, m.id});
    }
    std::replace(s.text.begin(), s.text.end(), '\n', ' ');
    return s;
}

std::string render_marked(const Snippet& snippet, const MarkStyle& style) {
    // Insertions at byte offsets; at one offset, inner marks close before
    // outer ones and outer ones open before inner ones.
    struct Insert {
        std::size_t at;
        int order;  // 0 word close, 1 concept close, 2 concept open, 3 word open
        const std::string* text;
    };
    std::vector<Insert> inserts;
    for (const auto& [b, e] : snippet.marks) {
        inserts.push_back({b, 3, &style.open});
        inserts.push_back({e, 0, &style.close});
    }
    for (const auto& c : snippet.concepts) {
        inserts.push_back({c.begin, 2, &style.concept_open});
        inserts.push_back({c.end, 1, &style.concept_close});
    }
    std::stable_sort(inserts.begin(), inserts.end(), [](const Insert& a, const Insert& b) { return a.at != b.at ? a.at < b.at : a.order < b.order; });
    std::string out;
    if (snippet.starts_inside) out += "… ";
    std::size_t at = 0;
    for (const Insert& i : inserts) {
        out.append(snippet.text, at, i.at - at);
        out += *i.text;
        at = i.at;
    }
    out.append(snippet.text, at, std::string::npos);
    if (snippet.ends_inside) out += " …";
    return out;
}

std::size_t codepoint_offset(const std::string& text, std::size_t byte_offset) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < byte_offset && i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++count;
    return count;
}

}  // namespace grappe
