#include "concepts/tagger.h"

#include <algorithm>
#include <optional>

namespace grappe {
namespace {

// What lies between two words of a mention: the letters of elided words
// ("d" for " d’"), or nothing when something there ends the phrase
// (sentence punctuation, brackets, quotes, a paragraph break).
std::optional<std::string> gap_letters(std::string_view gap) {
    std::string letters;
    for (std::size_t i = 0; i < gap.size(); ++i) {
        const auto c = static_cast<unsigned char>(gap[i]);
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
            letters.push_back(static_cast<char>(c | 0x20));
            continue;
        }
        switch (c) {
            case '.': case ',': case ';': case ':': case '!': case '?': case '(': case ')': case '[': case ']':
            case '{': case '}': case '"': case '\n': case '/': case '|':
                return std::nullopt;
            case 0xC2:  // « and »
                if (i + 1 < gap.size() && (static_cast<unsigned char>(gap[i + 1]) == 0xAB || static_cast<unsigned char>(gap[i + 1]) == 0xBB))
                    return std::nullopt;
                break;
            default:
                break;
        }
    }
    return letters;
}

std::string_view slice(std::string_view text, const Token& t) { return text.substr(t.begin, t.end - t.begin); }

// The token has one of the lemmas a form's word meets.
bool meets(const Token& t, const std::vector<std::string>& word) {
    for (const std::string& lemma : t.lemmas)
        if (std::find(word.begin(), word.end(), lemma) != word.end()) return true;
    return false;
}

bool phrase_at(const std::vector<std::vector<std::string>>& phrase, const std::vector<Token>& tokens, std::size_t at) {
    if (at + phrase.size() > tokens.size()) return false;
    for (std::size_t k = 0; k < phrase.size(); ++k)
        if (!meets(tokens[at + k], phrase[k])) return false;
    return true;
}

}  // namespace

ConceptTagger::Phrase ConceptTagger::phrase(const std::string& words) const {
    Phrase out;
    for (const Token& t : analyzer_.analyze(Analyzer::prepare(words))) out.push_back(analyzer_.lemmatizer().both_languages(t.exact, t.key));
    return out;
}

ConceptTagger::ConceptTagger(const Lexicon& lexicon, const Analyzer& analyzer) : analyzer_(analyzer) {
    for (const Concept& c : lexicon.concepts()) {
        const std::size_t index = concept_ids_.size();
        concept_ids_.push_back(c.id);
        family_[c.id] = c.family;
        for (const SurfaceForm& f : c.forms) {
            const std::string text = Analyzer::prepare(f.text);
            const std::vector<Token> tokens = analyzer_.analyze(text);
            if (tokens.empty()) throw LexiconError(f.origin + ": the form \"" + f.text + "\" of concept '" + c.id + "' has no word to match");
            Pattern p;
            p.concept_index = index;
            p.window = f.window;
            for (std::size_t k = 0; k < tokens.size(); ++k) {
                p.words.push_back(analyzer_.lemmatizer().both_languages(tokens[k].exact, tokens[k].key));
                p.gaps.push_back(k == 0 ? "" : gap_letters(text.substr(tokens[k - 1].end, tokens[k].begin - tokens[k - 1].end)).value_or(""));
                p.cased.push_back(f.case_sensitive ? std::string(slice(text, tokens[k])) : "");
            }
            auto phrases = [&](const std::vector<std::string>& list) {
                std::vector<Phrase> out;
                for (const auto& words : list)
                    if (Phrase ph = phrase(words); !ph.empty()) out.push_back(std::move(ph));
                return out;
            };
            p.not_preceded_by = phrases(f.not_preceded_by);
            p.not_followed_by = phrases(f.not_followed_by);
            p.unless_near = phrases(f.unless_near);
            p.only_near = phrases(f.only_near);
            patterns_.push_back(std::move(p));
        }
    }
    for (std::size_t i = 0; i < patterns_.size(); ++i)
        for (const std::string& lemma : patterns_[i].words.front()) by_first_lemma_[lemma].push_back(i);
    for (auto& [lemma, list] : by_first_lemma_)
        std::stable_sort(list.begin(), list.end(),
                         [&](std::size_t a, std::size_t b) { return patterns_[a].words.size() > patterns_[b].words.size(); });
}

bool ConceptTagger::matches(const Pattern& p, std::string_view text, const std::vector<Token>& tokens, std::size_t at) const {
    const std::size_t n = p.words.size();
    if (at + n > tokens.size()) return false;
    for (std::size_t k = 0; k < n; ++k) {
        const Token& t = tokens[at + k];
        if (!meets(t, p.words[k])) return false;
        if (!p.cased[k].empty() && slice(text, t) != p.cased[k]) return false;
        if (k > 0) {
            const Token& before = tokens[at + k - 1];
            const auto letters = gap_letters(text.substr(before.end, t.begin - before.end));
            if (!letters || *letters != p.gaps[k]) return false;
        }
    }
    const std::size_t after = at + n;
    for (const Phrase& ph : p.not_preceded_by)
        if (ph.size() <= at && phrase_at(ph, tokens, at - ph.size())) return false;
    for (const Phrase& ph : p.not_followed_by)
        if (phrase_at(ph, tokens, after)) return false;
    if (p.unless_near.empty() && p.only_near.empty()) return true;
    // The window: `window` words either side of the mention.
    const std::size_t from = at > p.window ? at - p.window : 0;
    const std::size_t to = std::min(tokens.size(), after + p.window);
    auto near = [&](const std::vector<Phrase>& list) {
        for (std::size_t i = from; i < to; ++i) {
            if (i >= at && i < after) continue;
            for (const Phrase& ph : list)
                if (i + ph.size() <= to && phrase_at(ph, tokens, i)) return true;
        }
        return false;
    };
    if (near(p.unless_near)) return false;
    return p.only_near.empty() || near(p.only_near);
}

namespace {

// "pôle(s)", "technopole(s)", "labellisateur(s)": a plural written as a
// bracketed ending glued to the word. The analyzer makes the ending a word
// of its own; the tagger folds it back into the word before it, so that the
// form still matches and the mention covers "pôle(s)".
std::vector<Token> fold_bracketed_endings(std::string_view text, const std::vector<Token>& tokens) {
    std::vector<Token> out;
    out.reserve(tokens.size());
    for (const Token& t : tokens) {
        const std::string_view word = text.substr(t.begin, t.end - t.begin);
        const bool ending = (word == "s" || word == "x" || word == "es" || word == "e") && !out.empty() && t.begin >= 1 &&
                            out.back().end == t.begin - 1 && text[t.begin - 1] == '(' && t.end < text.size() && text[t.end] == ')';
        if (ending) out.back().end = t.end + 1;
        else out.push_back(t);
    }
    return out;
}

bool has_bracketed_ending(std::string_view text) {
    for (std::size_t at = text.find('('); at != std::string_view::npos; at = text.find('(', at + 1))
        if (at > 0 && at + 2 < text.size() && text[at + 1] != ' ' && (text[at + 2] == ')' || (at + 3 < text.size() && text[at + 3] == ')')))
            return true;
    return false;
}

}  // namespace

std::vector<ConceptMention> ConceptTagger::tag(std::string_view text, const std::vector<Token>& analysed) const {
    // The common case copies nothing.
    std::vector<Token> folded;
    if (has_bracketed_ending(text)) folded = fold_bracketed_endings(text, analysed);
    const std::vector<Token>& tokens = folded.empty() ? analysed : folded;
    std::vector<ConceptMention> out;
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < tokens.size();) {
        std::size_t length = 0;
        // The forms whose first word the token meets, longest first.
        candidates.clear();
        for (const std::string& lemma : tokens[i].lemmas)
            if (auto it = by_first_lemma_.find(lemma); it != by_first_lemma_.end())
                candidates.insert(candidates.end(), it->second.begin(), it->second.end());
        if (tokens[i].lemmas.size() > 1) {
            std::sort(candidates.begin(), candidates.end());
            candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
            std::stable_sort(candidates.begin(), candidates.end(),
                             [&](std::size_t a, std::size_t b) { return patterns_[a].words.size() > patterns_[b].words.size(); });
        }
        {
            for (std::size_t index : candidates) {
                const Pattern& p = patterns_[index];
                if (length > p.words.size()) break;  // only forms as long as the winner may share it
                if (!matches(p, text, tokens, i)) continue;
                length = p.words.size();
                const std::string& id = concept_ids_[p.concept_index];
                const bool again = std::any_of(out.rbegin(), out.rend(), [&](const ConceptMention& m) {
                    return m.begin == tokens[i].begin && m.id == id;
                });
                if (!again) out.push_back({id, tokens[i].begin, tokens[i + length - 1].end});
            }
        }
        i += length ? length : 1;
    }
    return out;
}

std::vector<ConceptMention> ConceptTagger::tag(std::string_view prepared) const {
    return tag(prepared, analyzer_.analyze(prepared));
}

std::vector<std::vector<ConceptTagger::Word>> ConceptTagger::form_lemmas() const {
    std::vector<std::vector<Word>> out;
    for (const Pattern& p : patterns_) {
        std::vector<Word> words = p.words;
        std::sort(words.begin(), words.end());
        words.erase(std::unique(words.begin(), words.end()), words.end());
        out.push_back(std::move(words));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

const std::string& ConceptTagger::family_of(std::string_view concept_id) const {
    static const std::string none;
    auto it = family_.find(std::string(concept_id));
    return it == family_.end() ? none : it->second;
}

}  // namespace grappe
