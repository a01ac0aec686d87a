// The fidelity benchmark's "truth" side: what a LaTeX or Texinfo source
// typesets. Its figures are only as good as this reading of the markup.
#include "source_text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

using grappe::bench::latex_text;
using grappe::bench::texinfo_text;

namespace {

// The words of a text, in order (markup residue, punctuation and layout gone).
std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out;
    std::string word;
    for (char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80) || c == '\\' || c == '%') word.push_back(c);
        else if (!word.empty()) out.push_back(std::exchange(word, ""));
    }
    if (!word.empty()) out.push_back(word);
    return out;
}

size_t count(const std::vector<std::string>& ws, const std::string& w) { return static_cast<size_t>(std::count(ws.begin(), ws.end(), w)); }

std::vector<std::string> latex_words(const std::string& body, const std::string& preamble = "") {
    return words(latex_text("\\documentclass{article}\n" + preamble + "\\begin{document}\n" + body + "\\end{document}\n", false, false));
}

TEST(LatexText, DropsPreambleCommentsAndCommandsKeepsText) {
    const auto ws = latex_words("Le \\emph{district} industriel % pas ceci\n\\section{Milieux}\\label{sec:m}\n",
                                "\\usepackage{babel} Préambule\n");
    EXPECT_EQ(ws, (std::vector<std::string>{"Le", "district", "industriel", "Milieux"}));
}

TEST(LatexText, VerbatimKeepsCommentsAndCommandsAndDoesNotEndTheDocument) {
    const auto ws = latex_words("Avant\n\\begin{verbatim}\n\\end{document} % montré\n\\end{verbatim}\nAprès \\verb|50%| fin\n");
    EXPECT_EQ(ws, (std::vector<std::string>{"Avant", "\\end", "document", "%", "montré", "Après", "50%", "fin"}));
}

// "Apprendre à programmer en TeX" writes each rule to regles.txt and reads
// the file back in an appendix: the rules are printed twice.
TEST(LatexText, BodiesWrittenToAFileAndReadBackArePrintedTwice) {
    const std::string preamble =
        "\\newwrite\\reglewrite\n\\immediate\\openout\\reglewrite=regles.txt\n"
        "\\immediate\\write\\reglewrite{\\string\\newcount\\string\\recapreglecnt}\n"
        "\\newenvironment{regle}[1][Règle]{\\captureregle}{}\n"
        "\\def\\captureregle#1\\end{\\immediate\\write\\reglewrite{%\n\t\\string\\begin{recapregle}#1\\string\\end{recapregle}}}\n";
    const auto ws = latex_words("Texte \\begin{regle}[Titre] Un groupe est local.\\end{regle} suite\n"
                                "\\chapter{Recueil}\n\\input regles.txt\n",
                                preamble);
    EXPECT_EQ(count(ws, "groupe"), 2u);
    EXPECT_EQ(count(ws, "Titre"), 0u) << "the title argument is not part of the body";
    EXPECT_EQ(count(ws, "regles"), 0u);
    // Without the \input, nothing is read back.
    const auto once = latex_words("Texte \\begin{regle} Un groupe est local.\\end{regle} suite\n", preamble);
    EXPECT_EQ(count(once, "groupe"), 1u);
}

TEST(LatexText, MacrosWithParametersPrintTheirBodyWithTheArguments) {
    const auto ws = latex_words("Le paquet \\Paket{booktabs} et \\Paket{array}, \\Cite[p. 3]{Becattini} \\Cite{Porter} \\mac{bb}\n",
                                "\\newcommand{\\Paket}[1]{\\textsf{#1.sty}}\n"
                                "\\newcommand{\\Cite}[2][s.p.]{(#2, #1)}\n"
                                "\\def\\inner#1{\\def\\x##1{#1}}\n"
                                "\\def\\mac#1{\\item[\\hbox to 4em{#1}]}\n");
    EXPECT_EQ(ws, (std::vector<std::string>{"Le", "paquet", "booktabs", "sty", "et", "array", "sty", "Becattini", "p", "3", "Porter",
                                            "s", "p", "bb"}));
}

TEST(LatexText, ShortVerbsOfAnyCharacterAreVerbatim) {
    const auto ws = latex_words("La commande =\\cmidrule= et =\\toprule=.\n", "\\usepackage{shortvrb}\\MakeShortVerb{\\=}\n");
    EXPECT_EQ(ws, (std::vector<std::string>{"La", "commande", "\\cmidrule", "et", "\\toprule"}));
}

TEST(LatexText, LogosAndColouredTextArePrinted) {
    const auto ws = latex_words("\\LaTeX{} et \\TeX\\ avec \\textcolor{red}{rouge} et \\colorbox{blue}{bleu}, \\no 5 \\TikZ\n");
    EXPECT_EQ(ws, (std::vector<std::string>{"LaTeX", "et", "TeX", "avec", "rouge", "et", "bleu", "no", "5", "TikZ"}));
}

TEST(LatexText, DeclaredTcolorboxListingIsShownAndTypesetUnlessListingOnly) {
    const std::string preamble = "\\newtcblisting{codetex}[1][]{colback=white,#1}\n";
    const auto both = latex_words("\\begin{codetex}\n\\textbf{Gras} % note\n\\end{codetex}\n", preamble);
    EXPECT_EQ(count(both, "Gras"), 2u);   // the listing, then its result
    EXPECT_EQ(count(both, "note"), 1u);   // a comment is shown, not typeset
    EXPECT_EQ(count(both, "\\textbf"), 1u);
    const auto shown = latex_words("\\begin{codetex}[listing only]\n\\textbf{Gras}\n\\end{codetex}\n", preamble);
    EXPECT_EQ(count(shown, "Gras"), 1u);
    const auto lst = latex_words("\\begin{code}\nx = 1 % un\n\\end{code}\n", "\\lstnewenvironment{code}{}{}\n");
    EXPECT_EQ(lst, (std::vector<std::string>{"x", "1", "%", "un"}));
}

// A tcolorbox's title is printed above each box, a listing's too; the
// fontawesome icon in it is no word, nor its [regular] option.
TEST(LatexText, BoxTitlesArePrintedAboveEachBox) {
    const std::string preamble =
        "\\newtcblisting{codetex}[1][]{colback=white,title={\\small \\faCode} Code \\LaTeX,fonttitle=\\bfseries,#1}\n"
        "\\newtcolorbox{codeidee}[1][]{colframe=red,coltitle=white,title={\\small \\faLightbulb[regular]} Idée(s),#1}\n"
        "\\NewTColorBox{note}{O{}}{title=Note,#1}\n"
        "\\newtcolorbox{titled}[1]{title=#1}\n";
    const auto ws = latex_words("\\begin{codeidee}[breakable]Une idée.\\end{codeidee}\n"
                                "\\begin{codetex}\nx\n\\end{codetex}\n"
                                "\\begin{note}Texte\\end{note} \\begin{titled}{Mon titre}Fin\\end{titled}\n",
                                preamble);
    EXPECT_EQ(ws, (std::vector<std::string>{"Idée", "s", "Une", "idée", "Code", "LaTeX", "x", "x", "Note", "Texte", "Fin"}));
}

// A float's caption prints its label, LaTeX's or as the preamble renames
// it; a subfigure's caption and \caption* print none.
TEST(LatexText, CaptionsPrintTheirFloatsLabel) {
    const std::string body =
        "\\begin{figure}\\includegraphics{a}\\caption{Carte}\\end{figure}\n"
        "\\begin{table}\\caption[court]{Chiffres}\\begin{tabular}{l}x\\end{tabular}\\end{table}\n"
        "\\begin{figure}\\begin{subfigure}{.5\\linewidth}\\caption{Gauche}\\end{subfigure}\\caption*{Paire}\\end{figure}\n"
        "\\begin{listing}\\caption{Code}\\end{listing} Puis \\captionof{figure}{Libre}\n";
    EXPECT_EQ(latex_words(body, "\\usepackage[english]{babel}\n"),
              (std::vector<std::string>{"Figure", "Carte", "Table", "Chiffres", "x", "Gauche", "Paire", "Listing", "Code", "Puis",
                                        "Figure", "Libre"}));
    // babel-french keeps LaTeX's labels; a preamble may rename them.
    const auto french = latex_words(body, "\\usepackage[utf8]{inputenc}\n\\usepackage[english,french]{babel}\n"
                                          "\\renewcommand{\\tablename}{Tableau}\n");
    EXPECT_EQ(count(french, "Tableau"), 1u);
    EXPECT_EQ(count(french, "Table"), 0u);
    const auto renamed = latex_words(body, "\\usepackage[ngerman,frenchb]{babel}\n"
                                           "\\addto{\\captionsfrench}{\\renewcommand{\\figurename}{Fig.}}\n");
    EXPECT_EQ(count(renamed, "Fig"), 2u);
    EXPECT_EQ(count(renamed, "Figure"), 0u);
}

// "MiK\TeX" is one word as printed; alltt runs its commands; biblatex's
// documentation class shows code in ltxexample.
TEST(LatexText, GluedLogosAllttAndLtxexample) {
    const auto ws = latex_words("MiK\\TeX et Lua\\LaTeX{}\n\\begin{alltt}\n> \\Ucom{\\texttt{gras}}\n\\end{alltt}\n"
                                "\\begin{ltxexample}\n\\defbibheading{x}\n\\end{ltxexample}\n");
    EXPECT_EQ(ws, (std::vector<std::string>{"MiKTeX", "et", "LuaLaTeX", "gras", "\\defbibheading", "x"}));
}

TEST(LatexText, ShowcodeIsFramedShownAndRunWithoutItsHiddenMarks) {
    const std::string preamble = "\\newcommand*\\showcode{\\showcode@i}\n";
    const auto ws = latex_words("Voici\n\\showcode/Du \\bf texte¤\\idx*\\bf¤/\nfin\n", preamble);
    EXPECT_EQ(ws, (std::vector<std::string>{"Voici", "Code", "no", "Du", "\\bf", "texte", "Du", "texte", "fin"}));
    // Another document's \showcode (not defined with that name) is a command.
    const auto other = latex_words("Voici \\showcode/Du texte/ fin\n");
    EXPECT_EQ(count(other, "Code"), 0u);
    // A \verb naming the macro shows no listing.
    EXPECT_EQ(latex_words("La macro \\verb|\\showcode| montre\n", preamble),
              (std::vector<std::string>{"La", "macro", "\\showcode", "montre"}));
}

TEST(LatexText, TikzPicturePrintsOnlyItsNodes) {
    const auto ws = latex_words("\\begin{tikzpicture}\n\\draw[line width=1pt,gray] (0,0) node[below,font=\\sffamily] {Origine} -- (1,1);\n"
                                "\\node (a) at (2,2) {Cluster};\n\\end{tikzpicture}\nTexte\n");
    EXPECT_EQ(ws, (std::vector<std::string>{"Origine", "Cluster", "Texte"}));
}

TEST(LatexText, TextMacrosPrintTheirBodyWhereUsedNotWhereDefined) {
    const auto ws = latex_words("\\def\\dummy{Du texte. }\\dummy\\dummy \\pole{} et \\verb|\\pole|\n",
                                "\\newcommand{\\pole}{pôle}\n\\newcommand\\cmd[1]{#1 !}\n");
    EXPECT_EQ(ws, (std::vector<std::string>{"Du", "texte", "Du", "texte", "pôle", "et", "\\pole"}));
}

TEST(LatexText, PlainTexWithoutBeginDocumentIsAllDocument) {
    EXPECT_EQ(words(latex_text("\\parindent=0pt\nDu texte brut \\bye\n", false, false)),
              (std::vector<std::string>{"0pt", "Du", "texte", "brut"}));
}

TEST(TexinfoText, PrintsTheTexSideAndItsCrossReferences) {
    const std::string source =
        "\\input texinfo\n@setfilename x.info\n@set UPDATED Août 2022\n"
        "@iftex\n@macro BES {utf8,math}\n@math{\\math\\}\n@end macro\n@end iftex\n"
        "@ifnottex\n@macro BES {utf8,math}\n\\utf8\\\n@end macro\nTexte Info seulement\n@end ifnottex\n"
        "@node Top\n@top Manuel\n@menu\n* Overview:: Vue d'ensemble.\n@end menu\n"
        "@node Overview\n@chapter Vue d'ensemble\n@cindex entrée d'index\n"
        "@LaTeX{} (@pxref{Overview}) date de @value{UPDATED}. @c commentaire\n"
        "Guillemet @BES{«,\\guillemotleft} @xref{Overview}.\n@bye\n";
    const auto ws = words(texinfo_text(source));
    EXPECT_EQ(ws, (std::vector<std::string>{"Manuel", "Vue", "d", "ensemble", "LaTeX", "voir", "Chapitre", "Overview", "page", "date",
                                             "de", "Août", "2022", "Guillemet", "Voir", "Chapitre", "Overview", "page"}));
}

}  // namespace
