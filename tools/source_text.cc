// What a PDF's source typesets: see source_text.h.
#include "source_text.h"

#include "segment/kinds.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <set>
#include <sstream>
#include <string_view>
#include <vector>

#include "extract/extractors.h"

namespace grappe::bench {
namespace {

void replace_all(std::string& s, std::string_view from, std::string_view to) {
    size_t at = 0;
    while ((at = s.find(from, at)) != std::string::npos) {
        s.replace(at, from.size(), to);
        at += to.size();
    }
}

bool is_letter(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

// The contents of the balanced group opening at `open` (s[open] is '{' or
// '['), and the position after it; `escape` skips the character after it.
std::pair<std::string, size_t> group_at(const std::string& s, size_t open, char escape) {
    const char opener = s[open], closer = opener == '{' ? '}' : ']';
    int depth = 0;
    for (size_t j = open; j < s.size(); ++j) {
        if (s[j] == escape) {
            ++j;
            continue;
        }
        if (s[j] == opener) ++depth;
        if (s[j] == closer && --depth == 0) return {s.substr(open + 1, j - open - 1), j + 1};
    }
    return {s.substr(open + 1), s.size()};
}

// ---------------------------------------------------------------- LaTeX

// TeX accent macros -> letters, so "comp\'etitivit\'e" reads as a word.
std::string untex_accents(std::string s) {
    const std::pair<const char*, const char*> map[] = {
        {"\\'e", "é"}, {"\\'{e}", "é"}, {"\\`e", "è"}, {"\\`{e}", "è"}, {"\\`a", "à"}, {"\\`{a}", "à"}, {"\\^e", "ê"},
        {"\\^{e}", "ê"}, {"\\^o", "ô"}, {"\\^{o}", "ô"}, {"\\^i", "î"}, {"\\^{\\i}", "î"}, {"\\^a", "â"}, {"\\^u", "û"},
        {"\\\"e", "ë"}, {"\\\"i", "ï"}, {"\\\"{\\i}", "ï"}, {"\\c{c}", "ç"}, {"\\c c", "ç"}, {"\\oe{}", "œ"}, {"\\oe ", "œ"},
        {"\\`u", "ù"}, {"\\'E", "É"}, {"\\'{E}", "É"}, {"\\`A", "À"}, {"\\-", ""}};
    for (const auto& [from, to] : map) replace_all(s, from, to);
    return s;
}

// Commands whose arguments are not typeset text.
const std::set<std::string> kDropArguments = {
    "label", "ref", "pageref", "eqref", "autoref", "cref", "Cref", "cite", "citep", "citet", "nocite", "begin", "end",
    "usepackage", "RequirePackage", "documentclass", "includegraphics", "input", "include", "vspace", "hspace",
    "setlength", "addtolength", "newcommand", "renewcommand", "providecommand", "newenvironment", "renewenvironment",
    "bibliographystyle", "bibliography", "hypersetup", "pagestyle", "thispagestyle", "setcounter", "addtocounter",
    "addcontentsline", "definecolor", "color", "pagecolor", "newlength", "newcounter", "DeclareOption", "setkeys",
    "geometry", "index", "glossary", "hyperref", "hyperlink", "hypertarget", "selectlanguage",
    "fontsize", "fontfamily", "rule", "raisebox", "makebox", "framebox", "resizebox", "scalebox", "setbeamertemplate",
    "usetheme", "usecolortheme", "setbeamercolor", "setbeamerfont", "graphicspath", "lstset", "tikzset", "pgfplotsset",
    "sisetup", "captionsetup", "newtheorem", "theoremstyle", "frenchsetup", "frenchbsetup", "def", "let", "gdef",
    "edef", "xdef", "DeclareRobustCommand", "NewDocumentCommand", "ExplSyntaxOn", "ExplSyntaxOff", "makeatletter",
    "makeatother", "numberwithin"};

// Commands whose first argument is a colour and whose last is typeset text.
const std::set<std::string> kColourFirst = {"textcolor", "colorbox", "fcolorbox"};

// Commands that print words: logos, abbreviations.
const std::map<std::string, std::string> kLogos = {
    {"TeX", "TeX"},         {"LaTeX", "LaTeX"},       {"LaTeXe", "LaTeX 2e"},  {"XeTeX", "XeTeX"},
    {"XeLaTeX", "XeLaTeX"}, {"LuaTeX", "LuaTeX"},     {"LuaLaTeX", "LuaLaTeX"}, {"pdfTeX", "pdfTeX"},
    {"pdfLaTeX", "pdfLaTeX"}, {"BibTeX", "BibTeX"},   {"ConTeXt", "ConTeXt"},   {"MF", "METAFONT"},
    {"MP", "MetaPost"},     {"AmS", "AMS"},           {"AmSTeX", "AMS-TeX"},    {"eTeX", "e-TeX"},
    {"TikZ", "TikZ"},       {"SliTeX", "SliTeX"},     // tikz's and LaTeX's own
    // babel-french's abbreviations
    {"no", "no"},           {"No", "No"},             {"nos", "nos"},           {"Nos", "Nos"}};

// Skips spaces, then optional [..] and mandatory {..} groups; returns the
// position after them.
size_t skip_arguments(const std::string& s, size_t i) {
    for (;;) {
        size_t j = i;
        while (j < s.size() && (s[j] == ' ' || s[j] == '*')) ++j;
        if (j >= s.size() || (s[j] != '{' && s[j] != '[')) return i;
        i = group_at(s, j, '\\').second;
    }
}

// Where the comment of a line starts (an unescaped %), or npos. A \verb's
// text is not searched: \verb|%| is typeset.
size_t comment_start(const std::string& s, size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
        if (s[i] == '%') return i;
        if (s[i] != '\\') continue;
        if (s.compare(i, 5, "\\verb") == 0 && i + 5 < to && !is_letter(s[i + 5])) {
            const size_t d = i + 5 + (s[i + 5] == '*' ? 1 : 0);
            if (d >= to) return std::string::npos;
            const size_t close = s.find(s[d], d + 1);
            i = close == std::string::npos || close >= to ? to : close;
            continue;
        }
        ++i;
    }
    return std::string::npos;
}

// A listing: how it is shown and whether its code is run (typeset) too.
struct Listing {
    std::string end;          // what closes it: "\end{name}" or a delimiter
    bool typeset_too = false; // tcolorbox's default "listing and text"
    bool hidden_marks = false;  // "¤...¤" spans run but not shown
    std::string title;          // a tcolorbox's, printed above it
};

// tcolorbox listings print the listing and then typeset it, unless told
// "listing only" (or "text only").
bool tcb_typesets(const std::string& options, bool otherwise) {
    if (options.find("listing only") != std::string::npos) return false;
    if (options.find("text only") != std::string::npos || options.find("listing and text") != std::string::npos ||
        options.find("side") != std::string::npos || options.find("lower") != std::string::npos)
        return true;
    return otherwise;
}

// Each "\declarer{name}..." of the text: the name (braced, or a control
// sequence: \lstnewenvironment\code) and the groups that follow it, up to
// `mandatory` braced ones ([..] groups among them kept too).
struct Declaration {
    std::string name;
    std::vector<std::string> groups;
};
std::vector<Declaration> declarations(const std::string& text, const char* declarer, int mandatory) {
    std::vector<Declaration> found;
    for (size_t at = 0; (at = text.find(declarer, at)) != std::string::npos;) {
        at += std::strlen(declarer);
        size_t j = at;
        while (j < text.size() && (text[j] == ' ' || text[j] == '[')) j = text[j] == '[' ? group_at(text, j, '\\').second : j + 1;
        if (j >= text.size() || (text[j] != '{' && text[j] != '\\')) continue;  // \newmintedfile, \newtcblistingX...
        Declaration d;
        if (text[j] == '{') std::tie(d.name, j) = group_at(text, j, '\\');
        else {
            size_t k = j + 1;
            while (k < text.size() && is_letter(text[k])) ++k;
            d.name = text.substr(j + 1, k - j - 1);
            j = k;
        }
        for (int braced = 0; braced < mandatory && j < text.size();) {
            while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j]))) ++j;
            if (j >= text.size() || (text[j] != '{' && text[j] != '[')) break;
            auto [content, after] = group_at(text, j, '\\');
            d.groups.push_back(std::move(content));
            j = after;
            if (text[j - 1] == '}') ++braced;
        }
        found.push_back(std::move(d));
    }
    return found;
}

// The listing environments a document declares itself (tcolorbox,
// listings, fancyvrb, minted), name -> whether their code is typeset too.
std::map<std::string, bool> declared_listings(const std::string& text) {
    std::map<std::string, bool> found;
    const std::pair<const char*, bool> declarers[] = {
        {"\\newtcblisting", true},       {"\\renewtcblisting", true},      {"\\NewTCBListing", true},
        {"\\DeclareTCBListing", true},   {"\\lstnewenvironment", false},   {"\\DefineVerbatimEnvironment", false},
        {"\\RecustomVerbatimEnvironment", false}, {"\\newminted", false}};
    for (const auto& [declarer, tcb] : declarers)
        for (const Declaration& d : declarations(text, declarer, 3)) {
            const std::string name = std::strcmp(declarer, "\\newminted") == 0 ? d.name + "code" : d.name;
            // The options: the rest of the declaration's groups.
            std::string options;
            for (const std::string& group : d.groups) options += group + ",";
            found[name] = tcb && tcb_typesets(options, true);
        }
    return found;
}

// Whether the document defines \name itself (so a macro of the same name in
// another document is not taken for it).
bool defines(const std::string& text, const std::string& name) {
    for (const char* how : {"\\newcommand*\\", "\\newcommand\\", "\\def\\", "\\newcommand*{\\", "\\newcommand{\\"}) {
        std::string form = how;
        form.append(name);
        for (size_t at = 0; (at = text.find(form, at)) != std::string::npos; at += form.size())
            if (at + form.size() < text.size() && !is_letter(text[at + form.size()])) return true;
    }
    return false;
}

std::string without_hidden_marks(std::string s) {
    const std::string mark = "\xC2\xA4";  // ¤, Latin-1 0xA4 read as UTF-8
    for (size_t at; (at = s.find(mark)) != std::string::npos;) {
        const size_t close = s.find(mark, at + mark.size());
        s.erase(at, (close == std::string::npos ? s.size() : close + mark.size()) - at);
    }
    return s;
}

std::string without_comments(const std::string& s) {
    std::string out;
    size_t i = 0;
    while (i < s.size()) {
        size_t eol = s.find('\n', i);
        if (eol == std::string::npos) eol = s.size();
        const size_t c = comment_start(s, i, eol);
        out.append(s, i, (c == std::string::npos ? eol : c) - i);
        out.push_back('\n');
        i = eol + 1;
    }
    return out;
}

// A TikZ picture prints only its nodes' text: "\draw (0,0) node[below] {1}".
std::string tikz_nodes(const std::string& picture) {
    std::string out;
    for (size_t at = 0; (at = picture.find("node", at)) != std::string::npos;) {
        size_t j = at + 4;
        if ((at > 0 && is_letter(picture[at - 1])) || (j < picture.size() && is_letter(picture[j]))) {
            at = j;
            continue;
        }
        for (;;) {  // [options], (name), at (x,y)
            while (j < picture.size() && std::isspace(static_cast<unsigned char>(picture[j]))) ++j;
            if (j < picture.size() && picture[j] == '[') j = group_at(picture, j, '\\').second;
            else if (j < picture.size() && picture[j] == '(') j = std::min(picture.find(')', j), picture.size() - 1) + 1;
            else if (picture.compare(j, 2, "at") == 0 && j + 2 < picture.size() && !is_letter(picture[j + 2])) j += 2;
            else break;
        }
        if (j < picture.size() && picture[j] == '{') {
            auto [label, after] = group_at(picture, j, '\\');
            out.append(label).push_back('\n');
            j = after;
        }
        at = j;
    }
    return out;
}

std::string without_tikz_drawings(std::string body) {
    for (size_t at = 0; (at = body.find("\\begin{tikzpicture}", at)) != std::string::npos;) {
        const size_t end = body.find("\\end{tikzpicture}", at);
        const size_t stop = end == std::string::npos ? body.size() : end + 17;
        const std::string nodes = tikz_nodes(body.substr(at, stop - at));
        body.replace(at, stop - at, nodes);
        at += nodes.size();
    }
    return body;
}

// Macros whose body is text, with or without parameters: "\def\dummytext{Voici
// un texte...}", "\newcommand{\pole}{pôle de compétitivité}",
// "\newcommand{\Paket}[1]{\textsf{#1.sty}}". Each use prints the body, its
// arguments put in; the definition prints nothing. Internals ("@") and
// macros that use themselves are left alone.
struct TextMacro {
    std::string body;
    int parameters = 0;
    bool first_optional = false;  // \newcommand{\x}[2][default]{...}
    std::string first_default;
};
using TextMacros = std::map<std::string, TextMacro>;

const std::set<std::string> kDefiners = {"def", "gdef", "edef", "xdef", "newcommand", "renewcommand", "providecommand"};

// One argument of a macro's use at `i`: a group, a control word or a
// character; npos at the end of the text.
std::pair<std::string, size_t> macro_argument(const std::string& s, size_t i) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n')) ++i;
    if (i >= s.size()) return {"", std::string::npos};
    if (s[i] == '{') return group_at(s, i, '\\');
    if (s[i] == '\x01') {  // a listing set aside: one token
        const size_t close = s.find('\x01', i + 1);
        const size_t end = close == std::string::npos ? s.size() : close + 1;
        return {s.substr(i, end - i), end};
    }
    if (s[i] == '\\') {
        size_t j = i + 1;
        while (j < s.size() && is_letter(s[j])) ++j;
        if (j == i + 1 && j < s.size()) ++j;
        return {s.substr(i, j - i), j};
    }
    return {s.substr(i, 1), i + 1};
}

bool styles_text_only(const std::string& body) {
    static const std::set<std::string> kStyles = {"textsf", "texttt", "textbf", "textit", "textsl", "textsc", "emph", "textrm",
                                                  "textup", "textmd", "mbox", "xspace", "ldots", "dots", "nobreakspace"};
    if (body.find_first_of("[]$&") != std::string::npos) return false;
    for (size_t at = body.find('\\'); at != std::string::npos; at = body.find('\\', at + 1)) {
        size_t k = at + 1;
        while (k < body.size() && is_letter(body[k])) ++k;
        if (k > at + 1 && !kStyles.count(body.substr(at + 1, k - at - 1))) return false;
    }
    return true;
}

std::string expand_text_macros(const std::string& body, TextMacros& macros, int depth = 0) {
    std::string out;
    for (size_t i = 0; i < body.size();) {
        if (body[i] != '\\') {
            out.push_back(body[i++]);
            continue;
        }
        size_t j = i + 1;
        while (j < body.size() && is_letter(body[j])) ++j;
        if (j == i + 1) {  // "\\", "\%": a character, not a name
            out.append(body, i, std::min(j + 1, body.size()) - i);
            i = j + 1;
            continue;
        }
        const std::string name = body.substr(i + 1, j - i - 1);
        if (name == "verb" && j < body.size()) {  // \verb|\dummytext| names it
            const size_t close = body.find(body[j], j + 1);
            const size_t end = close == std::string::npos ? body.size() : close + 1;
            out.append(body, i, end - i);
            i = end;
            continue;
        }
        if (kDefiners.count(name)) {
            // \def\name{..}, \def\name#1#2{..}, \newcommand*{\name}[2][d]{..}, \newcommand\name{..}
            size_t k = j;
            while (k < body.size() && (body[k] == ' ' || body[k] == '*')) ++k;
            const bool braced = k < body.size() && body[k] == '{';
            if (braced) ++k;
            size_t e = k + 1;
            while (k < body.size() && body[k] == '\\' && e < body.size() && is_letter(body[e])) ++e;
            const std::string defined = k < body.size() && body[k] == '\\' ? body.substr(k + 1, e - k - 1) : "";
            size_t after = e;
            if (braced && after < body.size() && body[after] == '}') ++after;
            while (after < body.size() && body[after] == ' ') ++after;
            TextMacro macro;
            if (name == "def" || name == "gdef" || name == "edef" || name == "xdef") {
                // Undelimited parameters only: #1#2...
                while (after + 1 < body.size() && body[after] == '#' && body[after + 1] == '1' + macro.parameters) {
                    ++macro.parameters;
                    after += 2;
                }
            } else if (after < body.size() && body[after] == '[') {
                auto [count, next] = group_at(body, after, '\\');
                macro.parameters = count.size() == 1 && count[0] >= '1' && count[0] <= '9' ? count[0] - '0' : -1;
                after = next;
                if (after < body.size() && body[after] == '[') {
                    std::tie(macro.first_default, after) = group_at(body, after, '\\');
                    macro.first_optional = true;
                }
            }
            if (!defined.empty() && macro.parameters >= 0 && after < body.size() && body[after] == '{') {
                auto [text, end] = group_at(body, after, '\\');
                bool simple = text.find('@') == std::string::npos && text.find("\\" + defined) == std::string::npos;
                // Its own parameters only (a "##1" defines an inner macro).
                for (size_t h = text.find('#'); simple && h != std::string::npos; h = text.find('#', h + 1))
                    simple = h + 1 < text.size() && text[h + 1] >= '1' && text[h + 1] < '1' + macro.parameters;
                // With parameters, only a body of text in type styles: others
                // ("\hbox to 4em{#1}", "\begin{tcolorbox}[#1]") print their
                // arguments in ways this reading cannot follow.
                if (macro.parameters > 0) simple = simple && styles_text_only(text);
                if (simple) {
                    macro.body = text;
                    macros[defined] = macro;
                    out.push_back(' ');
                    i = end;
                    continue;
                }
            }
        } else if (const auto it = macros.find(name); it != macros.end() && depth < 8) {
            const TextMacro& macro = it->second;
            std::string text = macro.body;
            size_t next = j;
            for (int p = 0; p < macro.parameters && next != std::string::npos; ++p) {
                std::string argument;
                if (p == 0 && macro.first_optional) {
                    size_t k = next;
                    while (k < body.size() && body[k] == ' ') ++k;
                    if (k < body.size() && body[k] == '[') std::tie(argument, next) = group_at(body, k, '\\');
                    else argument = macro.first_default;
                } else {
                    std::tie(argument, next) = macro_argument(body, next);
                }
                const std::string slot = {'#', static_cast<char>('1' + p)};
                replace_all(text, slot, argument);
            }
            if (next != std::string::npos) {
                TextMacros inner = macros;
                out.append(" ").append(expand_text_macros(text, inner, depth + 1)).append(" ");
                i = next;
                if (macro.parameters == 0 && body.compare(i, 2, "{}") == 0) i += 2;
                continue;
            }
        }
        out.append(body, i, j - i);
        i = j;
    }
    return out;
}

// The value of a key=value list's top-level `key` ("title={\small \faCode}
// Code \LaTeX" in tcolorbox options), or "" (not "fonttitle=").
std::string key_value(const std::string& options, const std::string& key) {
    int depth = 0;
    for (size_t i = 0; i < options.size(); ++i) {
        const char c = options[i];
        if (c == '{') ++depth;
        else if (c == '}') --depth;
        if (depth != 0 || options.compare(i, key.size() + 1, key + "=") != 0) continue;
        if (i > 0 && options[i - 1] != ',' && !std::isspace(static_cast<unsigned char>(options[i - 1]))) continue;
        size_t end = i + key.size() + 1;
        for (int d = 0; end < options.size() && (d > 0 || options[end] != ','); ++end) d += options[end] == '{' ? 1 : options[end] == '}' ? -1 : 0;
        return options.substr(i + key.size() + 1, end - i - key.size() - 1);
    }
    return "";
}

// The titles of the boxes a document declares with tcolorbox: name -> the
// title printed at the top of every such box ("Code LaTeX", "Idée(s)").
// A title that takes the box's arguments (#1) is left out.
std::map<std::string, std::string> declared_box_titles(const std::string& text) {
    std::map<std::string, std::string> titles;
    for (const char* declarer : {"\\newtcolorbox", "\\renewtcolorbox", "\\newtcblisting", "\\renewtcblisting",
                                 "\\NewTColorBox", "\\DeclareTColorBox", "\\NewTCBListing", "\\DeclareTCBListing"}) {
        // \newtcolorbox{name}[N][default]{options}; the xparse forms have an
        // argument specification first: {name}{O{}}{options}.
        const bool xparse = declarer[1] == 'N' || declarer[1] == 'D';
        for (const Declaration& d : declarations(text, declarer, xparse ? 2 : 1)) {
            const std::string title = d.groups.empty() ? "" : key_value(d.groups.back(), "title");
            if (!title.empty() && title.find('#') == std::string::npos) titles[d.name] = title;
        }
    }
    return titles;
}

// What the preamble renames a caption label to (\renewcommand{\figurename}{Fig.},
// babel's \addto\captionsfrench{...} too), or "".
std::string renamed_label(const std::string& preamble, const std::string& macro) {
    std::string label;
    for (const std::string& form : {"\\renewcommand{\\" + macro + "}", "\\renewcommand*{\\" + macro + "}",
                                    "\\renewcommand\\" + macro, "\\def\\" + macro})
        for (size_t at = preamble.find(form); at != std::string::npos; at = preamble.find(form, at + 1)) {
            size_t j = at + form.size();
            if (j < preamble.size() && is_letter(preamble[j])) continue;  // \figurenamefont
            while (j < preamble.size() && preamble[j] == ' ') ++j;
            if (j < preamble.size() && preamble[j] == '{') label = group_at(preamble, j, '\\').first;
        }
    return label;
}

// A float's caption prints its label before its text ("Figure 3 – ...",
// "Listing 2: ..."): the label is put before every \caption, by the float it
// is in; a subfigure's caption and \caption* have none. The labels are
// LaTeX's, which babel-french keeps ("Figure", "Table"; minted's "Listing"),
// unless the preamble renames them.
std::string with_caption_labels(const std::string& preamble, std::string body) {
    auto label = [&](const std::string& macro, const char* standard) {
        const std::string renamed = renamed_label(preamble, macro);
        return !renamed.empty() ? renamed : std::string(standard);
    };
    const std::string figure = label("figurename", "Figure"), table = label("tablename", "Table"),
                      listing = label("listingscaption", "Listing");
    const std::pair<const char*, const std::string*> floats[] = {
        {"figure", &figure},   {"table", &table},       {"listing", &listing}, {"wrapfigure", &figure},
        {"wraptable", &table}, {"longtable", &table},   {"SCfigure", &figure}, {"sidewaysfigure", &figure},
        {"sidewaystable", &table}, {"subfigure", nullptr}, {"subtable", nullptr}};
    std::string out;
    size_t from = 0;
    for (size_t at = body.find("\\caption"); at != std::string::npos; at = body.find("\\caption", at + 1)) {
        const size_t after = at + 8;
        std::string printed;
        if (body.compare(after, 3, "of{") == 0) {  // \captionof{figure}{...}
            const std::string type = group_at(body, after + 2, '\\').first;
            printed = type == "figure" ? figure : type == "table" ? table : "";
        } else if (after < body.size() && (body[after] == '{' || body[after] == '[' || body[after] == ' ')) {
            size_t nearest = 0;
            const std::string* found = nullptr;
            for (const auto& [env, text] : floats) {
                const std::string begin = "\\begin{" + std::string(env);
                const size_t b = body.rfind(begin, at);
                if (b == std::string::npos || (nearest != 0 && b < nearest)) continue;
                const char next = body[b + begin.size()];
                if (next != '}' && next != '*') continue;
                const size_t e = body.find("\\end{" + std::string(env), b);
                if (e != std::string::npos && e < at) continue;
                nearest = b;
                found = text;
            }
            if (found != nullptr) printed = *found;
        }
        if (printed.empty()) continue;
        out.append(body, from, at - from).append(" ").append(printed).append(" \\caption");
        // The short caption (for the list of figures) and \captionof's
        // float type are not printed here.
        from = body[after] == 'o' ? group_at(body, after + 2, '\\').second : after;
        while (from < body.size() && body[from] == ' ') ++from;
        if (from < body.size() && body[from] == '[') from = group_at(body, from, '\\').second;
    }
    out.append(body, from, std::string::npos);
    return out;
}

}  // namespace

// An environment whose bodies the document writes to a file and reads back
// later (a book's rules gathered in an appendix, exercises' answers at the
// end): every body is printed twice, in place and where the file is \input.
// Found by the preamble's "\openout\W=FILE", a "\write\W{...\string\begin"
// of the recap, and the last \newenvironment before that \write: the one
// whose bodies are captured. Returns the body with the \input replaced.
std::string with_collected_environments(const std::string& preamble, std::string body) {
    for (size_t open = preamble.find("\\openout\\"); open != std::string::npos; open = preamble.find("\\openout\\", open + 1)) {
        size_t k = open + 9;
        while (k < preamble.size() && is_letter(preamble[k])) ++k;
        const std::string stream = preamble.substr(open + 9, k - open - 9);
        while (k < preamble.size() && (preamble[k] == '=' || preamble[k] == ' ')) ++k;
        size_t f = k;
        while (f < preamble.size() && (is_letter(preamble[f]) || preamble[f] == '.' || preamble[f] == '-' || preamble[f] == '_')) ++f;
        std::string file = preamble.substr(k, f - k);
        if (stream.empty() || file.empty()) continue;
        // The \write that records an environment (others may write a header).
        const std::string write_to = "\\write\\" + stream + "{";
        size_t write = preamble.find(write_to, f);
        while (write != std::string::npos &&
               preamble.compare(preamble.find_first_not_of(" \t\n", write + write_to.size()), 14, "\\string\\begin{") != 0)
            write = preamble.find(write_to, write + 1);
        if (write == std::string::npos) continue;
        const size_t defined = preamble.rfind("\\newenvironment{", write);
        if (defined == std::string::npos || defined < open) continue;
        const std::string env = group_at(preamble, defined + 15, '\\').first;
        // The \input of the file, with or without its extension and braces.
        std::string stem = file;
        if (const size_t dot = stem.rfind('.'); dot != std::string::npos) stem.erase(dot);
        size_t input = std::string::npos, input_end = 0;
        for (const std::string& form : {"\\input " + file, "\\input{" + file + "}", "\\input " + stem, "\\input{" + stem + "}"})
            if ((input = body.find(form)) != std::string::npos) {
                input_end = input + form.size();
                break;
            }
        if (input == std::string::npos) continue;
        std::string gathered;
        const std::string begin = "\\begin{" + env + "}", end = "\\end{" + env + "}";
        for (size_t at = body.find(begin); at != std::string::npos; at = body.find(begin, at + 1)) {
            size_t from = at + begin.size();
            if (from < body.size() && body[from] == '[') from = group_at(body, from, '\\').second;  // its title
            const size_t to = body.find(end, from);
            if (to == std::string::npos) break;
            gathered.append(body, from, to - from).append("\n\n");
        }
        body.replace(input, input_end - input, gathered);
    }
    return body;
}

// LaTeX to the words it typesets, roughly: comments, the preamble and non-text
// commands go; verbatim stays verbatim, comments and all; a listing that is
// typeset as well as shown (tcolorbox's "listing and text", the \showcode of
// "Apprendre à programmer en TeX") counts twice, shown and typeset.
std::string latex_text(const std::string& source, bool dtx, bool body_only) {
    std::string text;
    {
        std::istringstream in(source);
        std::string line;
        while (std::getline(in, line)) {
            if (dtx) {
                if (line.rfind("%<", 0) == 0) continue;  // docstrip guards
                if (!line.empty() && line[0] == '%') line.erase(0, 1);
                if (const size_t a = line.find("^^A"); a != std::string::npos) line.erase(a);
            }
            text += line;
            text.push_back('\n');
        }
    }
    std::map<std::string, bool> environments = declared_listings(text);
    // (ltxexample: ltxdockit's, biblatex's documentation class. alltt is
    // no listing: its commands run, \Ucom{\texttt{gras}} prints "gras".)
    for (const char* v : {"verbatim", "Verbatim", "lstlisting", "minted", "macrocode", "codeexample", "ltxexample"}) {
        environments[v] = false;
        environments[std::string(v) + "*"] = false;
    }
    // Macros that show a delimited listing in a frame titled "Code no N" and
    // then run it (\showcode/.../), or show it with the error it raises
    // (\errcode/.../{message}): "Apprendre à programmer en TeX"'s own.
    std::map<std::string, bool> show_macros;
    for (const auto& [name, runs] : {std::pair<const char*, bool>{"showcode", true}, {"errcode", false}})
        if (defines(text, name)) show_macros[name] = runs;
    const std::string show_title = "Code no ";
    const std::map<std::string, std::string> box_titles = declared_box_titles(text);

    // One walk: comments go outside listings, listings are set aside (so that
    // a tutorial's "\end{document}" does not end the document), the preamble
    // is skipped (a .dtx typesets from its start: its driver comes first;
    // plain TeX, without \begin{document}, too).
    std::vector<std::string> shown;
    std::string body, preamble;
    bool in_document = dtx || text.find("\\begin{document}") == std::string::npos;
    size_t i = 0;
    while (i < text.size()) {
        size_t eol = text.find('\n', i);
        if (eol == std::string::npos) eol = text.size();
        size_t stop = comment_start(text, i, eol);
        if (stop == std::string::npos) stop = eol;
        if (!in_document) {
            const size_t b = text.find("\\begin{document}", i);
            preamble.append(text, i, std::min(b, stop) - i).push_back('\n');
            if (b != std::string::npos && b < stop) {
                in_document = true;
                i = b + 16;
            } else {
                i = eol + 1;
            }
            continue;
        }
        // The first listing opened on this line's text, if any.
        size_t open = std::string::npos, content = 0;
        Listing listing;
        for (size_t at = text.find('\\', i); at != std::string::npos && at < stop; at = text.find('\\', at + 1)) {
            size_t k = at + 1;
            while (k < stop && is_letter(text[k])) ++k;
            const std::string name = text.substr(at + 1, k - at - 1);
            if (name == "begin" && k < stop && text[k] == '{') {
                auto [env, after] = group_at(text, k, '\\');
                const auto it = environments.find(env);
                if (it == environments.end()) continue;
                listing.end = "\\end{" + env;
                listing.end.push_back('}');
                std::string options;
                if (after < stop && text[after] == '[') std::tie(options, after) = group_at(text, after, '\\');
                listing.typeset_too = it->second && tcb_typesets(options, true);
                if (const auto title = box_titles.find(env); title != box_titles.end()) listing.title = title->second;
                open = at;
                content = after;
                break;
            }
            if (const auto it = show_macros.find(name); it != show_macros.end() && k < eol) {
                size_t d = k;
                if (text[d] == '[') d = group_at(text, d, '\0').second;  // code run before, not shown
                if (d >= text.size()) continue;
                listing.end = std::string(1, text[d]);
                listing.typeset_too = it->second;
                listing.hidden_marks = true;
                open = at;
                content = d + 1;
                break;
            }
            if (name == "verb" && k < stop) {  // \verb|\showcode| names a macro, shows no listing
                if (text[k] == '*') ++k;
                at = text.find(text[k], k + 1);
                if (at == std::string::npos || at >= stop) break;
                continue;
            }
            if (name.empty()) ++at;  // "\\", "\%": the next character is not a command's start
        }
        if (open == std::string::npos) {
            if (!dtx) {
                const size_t e = text.find("\\end{document}", i);
                if (e != std::string::npos && e < stop) {
                    body.append(text, i, e - i);
                    break;
                }
            }
            body.append(text, i, stop - i);
            body.push_back('\n');
            i = eol + 1;
            continue;
        }
        body.append(text, i, open - i);
        if (!listing.title.empty()) body.append(" ").append(listing.title).append(" ");
        const size_t close = text.find(listing.end, content);
        std::string code = text.substr(content, (close == std::string::npos ? text.size() : close) - content);
        i = close == std::string::npos ? text.size() : close + listing.end.size();
        if (listing.hidden_marks) code = without_hidden_marks(code);
        shown.push_back(listing.hidden_marks ? show_title + code : code);
        body.append("\n\x01").append(std::to_string(shown.size() - 1)).append("\x01\n");
        if (listing.typeset_too) body.append(without_comments(code)).push_back('\n');
    }
    // Out of listings (where a tutorial may show one), a bibliography.
    if (body_only)
        for (size_t at = 0; (at = body.find("\\begin{thebibliography}", at)) != std::string::npos;) {
            const size_t end = body.find("\\end{thebibliography}", at);
            if (end == std::string::npos) break;
            body.erase(at, end + 21 - at);
        }
    body = with_collected_environments(preamble, std::move(body));
    // The other boxes' titles, before their \begin (its options follow it).
    for (const auto& [env, title] : box_titles) {
        if (environments.count(env)) continue;  // listings: done in the walk
        const std::string begin = "\\begin{" + env + "}";
        for (size_t at = body.find(begin); at != std::string::npos; at = body.find(begin, at + title.size() + begin.size() + 2)) {
            body.insert(at, " " + title + " ");
        }
    }
    body = with_caption_labels(preamble, std::move(body));
    TextMacros macros;
    (void)expand_text_macros(preamble, macros);
    body = untex_accents(without_tikz_drawings(expand_text_macros(body, macros)));

    std::string out;
    // |\cmd| is \verb|\cmd| in a .dtx (ltxdoc); \MakeShortVerb{\=} makes
    // =\cmd= one too.
    std::string short_verbs = dtx ? "|" : "";
    for (size_t at = text.find("\\MakeShortVerb"); at != std::string::npos; at = text.find("\\MakeShortVerb", at + 1)) {
        size_t k = at + 15;
        if (k < text.size() && text[k] == '*') ++k;
        if (k < text.size() && text[k] == '{') ++k;
        if (k + 1 < text.size() && text[k] == '\\' && !is_letter(text[k + 1])) short_verbs.push_back(text[k + 1]);
    }
    for (size_t i = 0; i < body.size();) {
        const char c = body[i];
        if (c != '\\' && short_verbs.find(c) != std::string::npos) {
            const size_t close = body.find_first_of(std::string(1, c) + "\n", i + 1);
            if (close != std::string::npos && body[close] == c) {
                out += body.substr(i + 1, close - i - 1);
                i = close + 1;
                continue;
            }
        }
        if (c == '\x01') {  // a listing set aside, "\x01N\x01"
            size_t k = i + 1, index = 0;
            while (k < body.size() && body[k] >= '0' && body[k] <= '9') index = index * 10 + static_cast<size_t>(body[k++] - '0');
            if (k > i + 1 && k < body.size() && body[k] == '\x01' && index < shown.size()) {
                out += shown[index];
                i = k + 1;
            } else {
                ++i;
            }
            continue;
        }
        if (c != '\\') {
            out.push_back(c == '{' || c == '}' || c == '~' || c == '$' || c == '&' || c == '_' || c == '^' ? ' ' : c);
            ++i;
            continue;
        }
        size_t j = i + 1;
        while (j < body.size() && is_letter(body[j])) ++j;
        const std::string name = body.substr(i + 1, j - i - 1);
        if (name.empty()) {  // \%, \&, \\, \, ...
            if (j < body.size() && std::strchr("%&#_{}$", body[j])) out.push_back(body[j]);
            else out.push_back(' ');
            i = j + 1;
            continue;
        }
        if (name == "verb" && j < body.size()) {
            const size_t d = j + (body[j] == '*' ? 1 : 0);
            const size_t close = body.find(body[d], d + 1);
            out += body.substr(d + 1, (close == std::string::npos ? body.size() : close) - d - 1);
            i = close == std::string::npos ? body.size() : close + 1;
            continue;
        }
        // An address is typeset as it is; \href prints its text, not its target.
        if ((name == "url" || name == "path") && j < body.size() && body[j] == '{') {
            const size_t close = body.find('}', j);
            out += body.substr(j + 1, (close == std::string::npos ? body.size() : close) - j - 1);
            i = close == std::string::npos ? body.size() : close + 1;
            continue;
        }
        if ((name == "href" || kColourFirst.count(name)) && j < body.size() && (body[j] == '{' || body[j] == '[')) {
            // \href{target}, \textcolor[model]{colour}, \fcolorbox{frame}{back}: not text; the last group is.
            size_t k = j;
            if (body[k] == '[') k = group_at(body, k, '\\').second;
            if (k < body.size() && body[k] == '{') k = group_at(body, k, '\\').second;
            if (name == "fcolorbox" && k < body.size() && body[k] == '{') k = group_at(body, k, '\\').second;
            i = k;
            out.push_back(' ');
            continue;
        }
        if (const auto logo = kLogos.find(name); logo != kLogos.end()) {
            // Glued to the word before, it is part of it: "MiK\TeX", "Lua\TeX".
            if (out.empty() || !is_letter(out.back())) out.push_back(' ');
            out.append(logo->second).append(" ");
            i = j;
            if (i + 1 < body.size() && body[i] == '{' && body[i + 1] == '}') i += 2;
            continue;
        }
        // fontawesome's \faLightbulb[regular] draws an icon: no word.
        if (name.size() > 2 && name.compare(0, 2, "fa") == 0 && std::isupper(static_cast<unsigned char>(name[2])) &&
            j < body.size() && body[j] == '[') {
            i = group_at(body, j, '\\').second;
            out.push_back(' ');
            continue;
        }
        i = kDropArguments.count(name) ? skip_arguments(body, j) : j;
        out.push_back(' ');
    }
    return out;
}

// -------------------------------------------------------------- Texinfo

namespace {

// Blocks texinfo.tex does not print: the Info, HTML... sides of
// conditionals, menus, macros' definitions, ignored text, raw TeX.
const std::set<std::string> kUnprinted = {"menu", "ignore", "ifinfo", "ifnottex", "ifhtml", "ifplaintext", "ifdocbook",
                                          "ifxml", "iflatex", "html", "docbook", "xml", "latex", "direntry", "macro",
                                          "rmacro", "tex", "detailmenu"};

// Line commands whose line prints nothing (sectioning prints its title).
const std::set<std::string> kSilentLines = {
    "c", "comment", "node", "set", "clear", "include", "cindex", "findex", "kindex", "vindex", "pindex", "tindex",
    "setfilename", "settitle", "documentlanguage", "documentencoding", "printindex", "syncodeindex", "synindex",
    "defindex", "defcodeindex", "contents", "shortcontents", "summarycontents", "page", "need", "vskip", "headings",
    "setchapternewpage", "finalout", "dircategory", "paragraphindent", "firstparagraphindent", "exampleindent",
    "frenchspacing", "allowcodebreaks", "end", "bye", "evenheading", "oddheading", "evenfooting", "oddfooting",
    "everyheading", "everyfooting", "smallbook", "afourpaper", "setcontentsaftertitlepage", "documentdescription",
    "alias", "definfoenclose", "columnfractions", "multitable", "raisesections", "lowersections", "anchor",
    "xrefautomaticsectiontitle", "codequoteundirected", "codequotebacktick", "deftypefnnewline", "urefbreakstyle",
    "kbdinputstyle", "footnotestyle", "errormsg", "sp", "ifset", "ifclear", "iftex", "ifnotinfo", "ifnothtml",
    "ifnotplaintext", "ifnotdocbook", "ifnotxml"};

const std::map<std::string, std::string> kTexinfoGlyphs = {
    {"LaTeX", "LaTeX"}, {"TeX", "TeX"},     {"dots", "..."}, {"enddots", "..."}, {"copyright", "©"},
    {"registeredsymbol", "®"}, {"bullet", "•"}, {"tie", " "}, {"comma", ","}, {"atchar", "@"},
    {"lbracechar", "{"}, {"rbracechar", "}"}, {"backslashchar", "\\"}, {"hashchar", "#"}, {"result", "⇒"},
    {"expansion", "→"}, {"equiv", "≡"}, {"error", "error"}, {"print", "-|"}, {"minus", "-"}, {"point", "*"},
    {"euro", "€"}, {"pounds", "£"}, {"textdegree", "°"}, {"guillemetleft", "«"}, {"guillemetright", "»"},
    {"guillemotleft", "«"}, {"guillemotright", "»"}, {"quotedblleft", "“"}, {"quotedblright", "”"},
    {"quoteleft", "‘"}, {"quoteright", "’"}, {"exclamdown", "¡"}, {"questiondown", "¿"}, {"ss", "ß"},
    {"oe", "œ"}, {"OE", "Œ"}, {"ae", "æ"}, {"AE", "Æ"}, {"i", "i"}, {"dotless", "i"}};

const std::map<std::string, std::string> kTexinfoAccents = {
    {"'e", "é"}, {"`e", "è"}, {"^e", "ê"}, {"\"e", "ë"}, {"`a", "à"}, {"^a", "â"}, {"^i", "î"}, {"\"i", "ï"},
    {"^o", "ô"}, {"`u", "ù"}, {"^u", "û"}, {"\"u", "ü"}, {",c", "ç"}, {"'E", "É"}, {"`A", "À"}, {"'a", "á"},
    {"'o", "ó"}, {"'i", "í"}, {"'u", "ú"}, {"~n", "ñ"}, {"\"o", "ö"}, {"\"a", "ä"}};

struct TexinfoMacro {
    std::vector<std::string> parameters;
    std::string body;
};

std::string trim(const std::string& s) {
    const size_t a = s.find_first_not_of(" \t\n");
    if (a == std::string::npos) return "";
    return s.substr(a, s.find_last_not_of(" \t\n") - a + 1);
}

std::vector<std::string> split_arguments(const std::string& s) {
    std::vector<std::string> parts(1);
    int depth = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '@' && i + 1 < s.size()) {
            parts.back() += s.substr(i, 2);
            ++i;
            continue;
        }
        if (s[i] == '{') ++depth;
        if (s[i] == '}') --depth;
        if (s[i] == ',' && depth == 0) parts.emplace_back();
        else parts.back().push_back(s[i]);
    }
    for (std::string& p : parts) p = trim(p);
    return parts;
}

// The @-commands of a text, expanded to what they print.
class TexinfoPrinter {
public:
    std::map<std::string, std::string> values;       // @set
    std::map<std::string, TexinfoMacro> macros;      // @macro (the @iftex side)
    std::map<std::string, std::string> node_kinds;   // node -> "Chapitre", "Section", "Annexe"

    std::string print(const std::string& s, int depth = 0) const {
        std::string out;
        for (size_t i = 0; i < s.size();) {
            const char c = s[i];
            if (c == '{' || c == '}') {
                ++i;
                continue;
            }
            if (c != '@' || i + 1 >= s.size()) {
                out.push_back(c);
                ++i;
                continue;
            }
            size_t j = i + 1;
            while (j < s.size() && is_letter(s[j])) ++j;
            if (j == i + 1) {  // @@ @{ @} @. @: @* @- @' ...
                const char x = s[i + 1];
                if (x == '@' || x == '{' || x == '}' || x == '.' || x == '!' || x == '?') out.push_back(x);
                else if (std::strchr("'`^\"~,", x)) {
                    size_t k = i + 2;
                    if (k < s.size() && s[k] == '{') ++k;
                    if (k < s.size()) {
                        const auto it = kTexinfoAccents.find(std::string{x, s[k]});
                        out += it == kTexinfoAccents.end() ? std::string(1, s[k]) : it->second;
                        i = k + 1 + (k < s.size() && k + 1 < s.size() && s[k + 1] == '}' ? 1 : 0);
                        continue;
                    }
                } else out.push_back(' ');
                i += 2;
                continue;
            }
            const std::string name = s.substr(i + 1, j - i - 1);
            std::string argument;
            bool braced = j < s.size() && s[j] == '{';
            if (braced) std::tie(argument, j) = group_at(s, j, '@');
            i = j;
            out += command(name, argument, braced, depth);
        }
        return out;
    }

private:
    std::string command(const std::string& name, const std::string& argument, bool braced, int depth) const {
        if (depth > 20) return " ";
        if (const auto it = kTexinfoGlyphs.find(name); it != kTexinfoGlyphs.end()) return it->second;
        if (name == "value") {
            const auto it = values.find(trim(argument));
            return it == values.end() ? " " : print(it->second, depth + 1);
        }
        if (const auto it = macros.find(name); it != macros.end()) {
            std::string body = it->second.body;
            const std::vector<std::string> args = split_arguments(argument);
            for (size_t k = 0; k < it->second.parameters.size(); ++k)
                replace_all(body, "\\" + it->second.parameters[k] + "\\", k < args.size() ? args[k] : "");
            return print(body, depth + 1);
        }
        if (!braced) return " ";
        if (name == "xref" || name == "pxref" || name == "ref") {
            // texinfo.tex in French: "voir Section 2.3 [Nœud], page 12".
            const std::vector<std::string> args = split_arguments(argument);
            const std::string label = args.size() > 2 && !args[2].empty() ? args[2] : args[0];
            const auto kind = node_kinds.find(args[0]);
            std::string printed = name == "xref" ? "Voir " : name == "pxref" ? "voir " : "";
            printed += (kind == node_kinds.end() ? "Section" : kind->second) + " [" + print(label, depth + 1) + "], page ";
            return printed;
        }
        if (name == "email" || name == "uref" || name == "url") {
            const std::vector<std::string> args = split_arguments(argument);
            if (args.size() > 2 && !args[2].empty()) return print(args[2], depth + 1);
            if (args.size() > 1 && !args[1].empty()) return print(args[1], depth + 1) + " (" + print(args[0], depth + 1) + ")";
            return print(args[0], depth + 1);
        }
        if (name == "acronym" || name == "abbr") {
            const std::vector<std::string> args = split_arguments(argument);
            return print(args[0], depth + 1) + (args.size() > 1 ? " (" + print(args[1], depth + 1) + ")" : "");
        }
        if (name == "math") {  // TeX's math: "\alpha" prints α, not "alpha"
            std::string plain;
            for (size_t k = 0; k < argument.size(); ++k) {
                if (argument[k] == '\\' && k + 1 < argument.size() && is_letter(argument[k + 1])) {
                    while (k + 1 < argument.size() && is_letter(argument[k + 1])) ++k;
                    plain.push_back(' ');
                } else plain.push_back(argument[k]);
            }
            return print(plain, depth + 1);
        }
        if (name == "anchor" || name == "image" || name == "footnotestyle" || name == "indicateurl" ||
            name == "inlinefmt" || name == "inlineraw" || name == "hyphenation" || name == "sortas")
            return " ";
        return print(argument, depth + 1);  // @code, @var, @emph, @footnote...: their text
    }
};

std::string line_command(const std::string& line) {
    if (line.empty() || line[0] != '@') return "";
    size_t j = 1;
    while (j < line.size() && is_letter(line[j])) ++j;
    return line.substr(1, j - 1);
}

const std::map<std::string, std::string> kSectionKinds = {
    {"chapter", "Chapitre"},        {"appendix", "Annexe"},        {"section", "Section"},
    {"subsection", "Section"},      {"subsubsection", "Section"},  {"appendixsec", "Section"},
    {"appendixsubsec", "Section"},  {"unnumbered", "Section"},     {"unnumberedsec", "Section"},
    {"unnumberedsubsec", "Section"}, {"top", "Section"},           {"majorheading", "Section"},
    {"chapheading", "Section"},     {"heading", "Section"},        {"subheading", "Section"}};

}  // namespace

std::string texinfo_text(const std::string& source) {
    std::vector<std::string> lines;
    {
        std::istringstream in(source);
        std::string line;
        while (std::getline(in, line)) lines.push_back(line);
    }
    TexinfoPrinter printer;
    // First the definitions: @set values, macros (outside unprinted
    // conditionals: the @iftex side), and what kind of section each node is.
    std::vector<bool> printed(lines.size(), false);
    std::string skipping, node;
    for (size_t n = 0; n < lines.size(); ++n) {
        const std::string& line = lines[n];
        const std::string cmd = line_command(line);
        if (!skipping.empty()) {
            if (cmd == "end" && trim(line.substr(4)) == skipping) skipping.clear();
            continue;
        }
        if (cmd == "macro" || cmd == "rmacro") {
            std::istringstream head(line.substr(cmd.size() + 1));
            std::string name, rest;
            head >> name;
            std::getline(head, rest);
            TexinfoMacro macro;
            if (const size_t a = rest.find('{'); a != std::string::npos)
                macro.parameters = split_arguments(rest.substr(a + 1, rest.find('}', a) - a - 1));
            for (++n; n < lines.size() && trim(lines[n]) != "@end " + cmd; ++n) macro.body += lines[n] + "\n";
            if (!macro.body.empty()) macro.body.pop_back();
            printer.macros[name] = macro;
            continue;
        }
        if (kUnprinted.count(cmd) && trim(line) == "@" + cmd) {
            skipping = cmd;
            continue;
        }
        if (cmd == "set") {
            std::istringstream head(line.substr(4));
            std::string name, value;
            head >> name;
            std::getline(head, value);
            printer.values[name] = trim(value);
        }
        if (cmd == "node") node = trim(split_arguments(line.substr(5))[0]);
        if (const auto kind = kSectionKinds.find(cmd); kind != kSectionKinds.end() && !node.empty()) {
            printer.node_kinds[node] = kind->second;
            node.clear();
        }
        printed[n] = !kSilentLines.count(cmd) && line.rfind("\\input", 0) != 0;  // "\input texinfo" is TeX's
    }
    std::string text;
    for (size_t n = 0; n < lines.size(); ++n) {
        if (!printed[n]) continue;
        // "@c" and "@comment" comment out the rest of a line anywhere.
        std::string& line = lines[n];
        for (size_t at = 0; (at = line.find("@c", at)) != std::string::npos; at += 2) {
            const size_t after = line.compare(at, 8, "@comment") == 0 ? at + 8 : at + 2;
            if ((at == 0 || line[at - 1] != '@') && (after == line.size() || line[after] == ' ' || line[after] == '\t')) {
                line.erase(at);
                break;
            }
        }
        const std::string cmd = line_command(lines[n]);
        // "@chapter Title", "@item text", "@table @code": the command goes.
        text += cmd.empty() || (lines[n].size() > cmd.size() + 1 && lines[n][cmd.size() + 1] == '{')
                    ? lines[n]
                    : lines[n].substr(1 + cmd.size());
        text.push_back('\n');
    }
    return printer.print(text);
}

std::string source_text(const std::filesystem::path& path, bool body_only) {
    const std::string ext = path.extension().string();
    if (ext == ".tex" || ext == ".dtx") return latex_text(to_utf8(read_file(path.string())), ext == ".dtx", body_only);
    if (ext == ".texi") return texinfo_text(to_utf8(read_file(path.string())));
    // A text's reference list is its last part, from its heading on (what
    // the body-text measure leaves out, as thebibliography in LaTeX).
    std::string text;
    for (const RawPage& page : extract_file(path.string()).pages)
        for (const TextLine& line : page.lines) {
            if (body_only && is_references_heading(line.text)) return text;
            text += line.text + "\n";
        }
    return text;
}

}  // namespace grappe::bench
