// Dates of works. A year plotted on a timeline must be the work's own, so
// a year is taken only where a text states its date: a declared date
// (front matter, meta tags, a sidecar), a HAL citation, or a cover's date
// line. A year inside a sentence, a citation "(Porter, 1990)", a law's
// number "loi n° 2004-1484" or a "20e anniversaire en 2018" is never one.
#pragma once

#include <string>
#include <string_view>

namespace grappe {

// The first year between 1900 and 2099 standing as a word in `text`, or "".
[[nodiscard]] std::string find_year(std::string_view text);

// The year of a date as a file or a record declares it: "2019-06-14",
// "11-03-2022", "14/06/2019", "2019", "June 2016", "1er octobre 2016",
// "2011-07-27 14:33:27 +0100", "Tue, 03 Jun 2008 11:05:30 GMT". "" when
// the text holds no date (two different years, a sentence, a number).
[[nodiscard]] std::string year_of_declared_date(std::string_view date);

// The year of a cover's or a title page's date line, or "" when the
// paragraph is anything else. A date line is short and holds a date and
// little more:
//   "Juin 2008", "6 décembre 2024", "Paris, le 12 mars 2015", "2015",
//   "Publié le 12 janvier 2017", "Date de publication : mars 2019",
//   "Mémoire de master, 2015", "Rapport final – juin 2012",
//   "Année universitaire 2014-2015" (the year it ends),
//   "Rémi Vasseur, 2020" (names and a year), "© 2015 Éditions Belin".
// Not: "(Porter, 1990)", "loi n° 2004-1484 du 30 décembre 2004",
// "Les années 1980", "en 2018 le cluster fêtera...", a table row of years.
[[nodiscard]] std::string cover_date_year(std::string_view paragraph);

// "2016-10-01-recontre-tiers-lieux.md": a blog export's or a note's file
// name that begins with its full date (YYYY-MM-DD, a valid day), as Jekyll
// posts and dated notes are named; also after the last "__" of a name that
// flattens its folders. The year, or "". Read for text and Markdown only: a
// PDF's name is the downloader's.
[[nodiscard]] std::string file_name_date_year(std::string_view file_name);

}  // namespace grappe
