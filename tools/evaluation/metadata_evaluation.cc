#include "evaluation/metadata_evaluation.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

#include "text/folding.h"
#include "text/tsv.h"

namespace grappe {
namespace {

std::vector<std::string> split(const std::string& line, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = line.find(sep, start);
        out.push_back(line.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) return out;
        start = end + 1;
    }
}

std::string trim(const std::string& s) {
    const std::size_t b = s.find_first_not_of(' ');
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(' ') - b + 1);
}

// Folded, letters and digits only, single spaces: "L’interclustering :" = "l interclustering".
std::string comparable(const std::string& text) {
    const std::string f = fold_text(text);
    const auto* s = reinterpret_cast<const uint8_t*>(f.data());
    const auto n = static_cast<int32_t>(f.size());
    std::string out;
    for (int32_t i = 0; i < n;) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c >= 0 && u_isalnum(c)) out.append(f, static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
        else if (!out.empty() && out.back() != ' ') out += ' ';
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::set<std::string> family_set(const std::vector<std::string>& families) {
    std::set<std::string> out;
    for (const auto& f : families) out.insert(comparable(f));
    return out;
}

std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : "; ") + s;
    return out;
}

}  // namespace

std::vector<MetadataAnnotation> read_metadata_annotations(const std::string& path) {
    std::vector<MetadataAnnotation> out;
    for (const TsvRow& row : read_tsv(path, 5)) {
        const auto& f = row.fields;
        MetadataAnnotation a{f[0], f[1], {}, f[3], f[4]};
        if (!f[2].empty())
            for (const std::string& person : split(f[2], ';')) a.authors.push_back(trim(split(person, ',')[0]));
        out.push_back(std::move(a));
    }
    return out;
}

const char* field_name(MetadataField field) {
    switch (field) {
        case MetadataField::Title: return "title";
        case MetadataField::Authors: return "authors";
        case MetadataField::Year: return "year";
        case MetadataField::Type: return "type";
    }
    return "";
}

FieldOutcome compare_field(MetadataField field, const MetadataAnnotation& truth, const Metadata& read) {
    FieldOutcome o;
    switch (field) {
        case MetadataField::Title:
            o.expected = truth.title;
            o.read = read.title.value;
            o.source = read.title.source;
            o.right = comparable(o.expected) == comparable(o.read);
            break;
        case MetadataField::Authors: {
            std::vector<std::string> families;
            for (const Author& a : read.authors) families.push_back(a.family);
            o.expected = joined(truth.authors);
            o.read = joined(families);
            o.source = read.authors_source;
            o.right = family_set(truth.authors) == family_set(families);
            break;
        }
        case MetadataField::Year:
            o.expected = truth.year;
            o.read = read.year.value;
            o.source = read.year.source;
            o.right = o.expected == o.read;
            break;
        case MetadataField::Type:
            o.expected = truth.type;
            o.read = read.type.value;
            o.source = read.type.source;
            o.right = o.expected == o.read;
            break;
    }
    o.given = !o.read.empty();
    o.right = o.right && o.given;
    return o;
}

const Metadata* annotated_document(const MetadataAnnotation& truth, const std::vector<std::pair<std::string, Metadata>>& documents) {
    const std::string suffix = "/" + truth.file;
    for (const auto& [path, m] : documents)
        if (path.size() > suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) return &m;
    return nullptr;
}

MetadataEvaluation evaluate_metadata(const std::vector<MetadataAnnotation>& truth, const std::vector<std::pair<std::string, Metadata>>& documents) {
    MetadataEvaluation e;
    for (const MetadataAnnotation& a : truth) {
        const Metadata* m = annotated_document(a, documents);
        if (!m) {
            e.unmatched.push_back(a.file);
            continue;
        }
        for (MetadataField f : kMetadataFields) {
            const FieldOutcome o = compare_field(f, a, *m);
            FieldScore& s = e.fields[static_cast<std::size_t>(f)];
            ++s.documents;
            const bool have = !o.expected.empty();
            s.have += have;
            s.given += o.given;
            s.right += o.right;
            s.given_where_have += o.given && have;
        }
    }
    return e;
}

}  // namespace grappe
