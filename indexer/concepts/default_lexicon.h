// The default lexicon's TOML text, compiled in from corpus/concepts/fr.toml
// (so grappe finds it wherever it is installed).
#pragma once

#include <string_view>

namespace grappe {
[[nodiscard]] std::string_view default_lexicon_text();
}
