#include "extract/glyph_fonts.h"

#include <cctype>
#include <string>

namespace grappe {
namespace {

std::string lowered(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// TeX's math symbol fonts (OMS encoding: cmsy, lmsy, txsys...) hold the
// angle brackets at the slots of 'h' and 'i', under glyph names no Unicode
// table knows, so Poppler (and pdftotext) hand out "hcode i". A letter can
// only come out of such a font that way: in these fonts it is a bracket.
bool is_tex_symbol_font(std::string_view name) {
    if (const size_t plus = name.find('+'); plus != std::string_view::npos) name.remove_prefix(plus + 1);
    const std::string font = lowered(name);
    auto starts = [&](std::string_view prefix) { return font.compare(0, prefix.size(), prefix) == 0; };
    if (starts("cmsy") || starts("cmbsy") || starts("lmmathsymbols")) return true;
    for (std::string_view family : {"tx", "px", "ntx", "npx", "zx"})
        if (starts(family) && (font.compare(family.size(), 2, "sy") == 0 || font.compare(family.size(), 3, "bsy") == 0))
            return true;
    return false;
}

// Icon fonts (Font Awesome, Academicons, Material Icons...) draw pictures,
// and their ToUnicode tables give each one its name: LaTeX's fontawesome5
// prints "Lightbulb", "PUZZLE-PIECE" or "Arrow-Alt-Circle-Right" before a
// box's title. Their glyphs are no words of the author's.
bool is_icon_font(std::string_view name) {
    const std::string font = lowered(name);
    for (std::string_view family : {"awesome", "academicons", "materialicons", "materialsymbols", "octicons", "ionicons",
                                    "typicons", "bootstrap-icons", "bootstrapicons"})
        if (font.find(family) != std::string::npos) return true;
    return false;
}

}  // namespace

GlyphFont glyph_font_of(std::string_view font_name) {
    if (is_icon_font(font_name)) return GlyphFont::Icon;
    if (is_tex_symbol_font(font_name)) return GlyphFont::TexSymbol;
    return GlyphFont::Text;
}

}  // namespace grappe
