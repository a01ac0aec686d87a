// What a glyph's font says about the text Poppler gives for it.
//
// Some fonts print characters that their Unicode tables misname: TeX's math
// symbol fonts keep the angle brackets of "⟨code⟩" at the slots of 'h' and
// 'i', and icon fonts name their pictures ("Lightbulb", "Arrow-Alt-Circle-
// Right") in words a search would find. The reader (pdf_reading.cc) looks
// up each glyph's font once per page and applies these rules; kept apart
// so that they hold whatever Poppler version reads the glyphs.
#pragma once

#include <string_view>

namespace grappe {

enum class GlyphFont {
    Text,       // its glyphs are what Unicode says
    TexSymbol,  // a letter from it is an angle bracket: 'h' is ⟨, 'i' is ⟩
    Icon,       // its glyphs are pictures, not words: dropped
};

// By the font's name, with or without a subset prefix ("IFCJUT+txsys").
[[nodiscard]] GlyphFont glyph_font_of(std::string_view font_name);

}  // namespace grappe
