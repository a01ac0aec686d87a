// The search page served at / (query/server/web/: HTML, CSS and plain
// JavaScript, compiled into the program by web/embed.cmake: no build step,
// no network, works offline).
#pragma once

#include <string_view>
#include <vector>

namespace grappe::web {

struct Asset {
    std::string_view path;     // "/index.html", "/grappe.css", "/grappe.js"
    std::string_view content;
};

[[nodiscard]] const std::vector<Asset>& assets();

}  // namespace grappe::web
