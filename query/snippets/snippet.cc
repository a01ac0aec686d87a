#include "snippets/snippet.h"

#include <algorithm>

#include "analyze/utf8.h"
#include "store/schema.h"

namespace grappe {

Snippet make_snippet(const std::string& passage_text, const SnippetQuery& query, const Analyzer& analyzer, std::size_t width,
                     const std::vector<ConceptMention>& mentions) {
    const std::vector<Token> tokens = analyzer.analyze(passage_text);
    auto contains = [](const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); };
    std::vector<char> hit(tokens.size(), 0), glue(tokens.size(), 0);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        const std::string z = std::string(schema::kPrefixStem) + t.stem;
        hit[i] = contains(query.stems, z);
        for (const auto& p : query.prefixes)
            if (!hit[i] && t.key.compare(0, p.size(), p) == 0) hit[i] = 1;
        glue[i] = !hit[i] && contains(query.phrase_stopwords, z);
    }
    std::vector<std::size_t> matched;  // token indices
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        // "pôles **de** compétitivité": a phrase's stopword between two marked words.
        const bool glued = glue[i] && i > 0 && i + 1 < tokens.size() && hit[i - 1] && hit[i + 1];
        if (hit[i] || glued) matched.push_back(i);
    }

    // The window: the `width` bytes starting at the matched token that
    // gathers the most distinct query words after it, then the most matches
    // (the start of the text if nothing matched).
    std::size_t begin = 0, end = passage_text.size();
    if (passage_text.size() > width && !tokens.empty()) {
        std::size_t best_start = 0, best_distinct = 0, best_count = 0;
        for (std::size_t a = 0; a < matched.size(); ++a) {
            std::vector<std::string> distinct;
            std::size_t count = 0;
            for (std::size_t b = a; b < matched.size() && tokens[matched[b]].end <= tokens[matched[a]].begin + width; ++b) {
                ++count;
                if (!contains(distinct, tokens[matched[b]].stem)) distinct.push_back(tokens[matched[b]].stem);
            }
            if (distinct.size() > best_distinct || (distinct.size() == best_distinct && count > best_count)) {
                best_distinct = distinct.size();
                best_count = count;
                best_start = tokens[matched[a]].begin;
            }
        }
        // Some context before the first match: back up a fifth of the window, to a token start.
        std::size_t want = best_start > width / 5 ? best_start - width / 5 : 0;
        begin = 0;
        for (const Token& t : tokens) {
            if (t.begin > want) break;
            begin = t.begin;
        }
        if (matched.empty() && !mentions.empty()) {
            want = mentions.front().begin > width / 5 ? mentions.front().begin - width / 5 : 0;
            for (const Token& t : tokens) {
                if (t.begin > want) break;
                begin = t.begin;
            }
        }
        end = begin;
        for (const Token& t : tokens) {
            if (t.begin < begin) continue;
            if (t.end > begin + width) break;
            end = t.end;
        }
        // Keep closing punctuation next to the last word, a whole character
        // at a time ("»" is two bytes, and so is the no-break space whose
        // first byte it shares).
        for (bool more = true; more && end < passage_text.size();) {
            more = false;
            for (std::string_view closing : {".", ",", ";", ":", "!", "?", ")", "»", "”", "…"})
                if (passage_text.compare(end, closing.size(), closing) == 0) {
                    end += closing.size();
                    more = true;
                    break;
                }
        }
        // One word longer than the window: cut it between two characters.
        if (end <= begin) end = char_start(passage_text, std::min(passage_text.size(), begin + width));
        if (end <= begin) end = char_end(passage_text, begin + 1);
    }

    Snippet s;
    s.starts_inside = begin > 0;
    s.ends_inside = end < passage_text.size();
    s.text = passage_text.substr(begin, end - begin);
    std::replace(s.text.begin(), s.text.end(), '\n', ' ');
    for (std::size_t i : matched) {
        const Token& t = tokens[i];
        if (t.begin >= begin && t.end <= end) s.marks.emplace_back(t.begin - begin, t.end - begin);
    }
    for (const ConceptMention& m : mentions)
        if (m.begin >= begin && m.end <= end) s.concepts.push_back({m.begin - begin, m.end - begin, m.id});
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
