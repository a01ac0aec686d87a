// A PDF 1.4 file written by the tests: the given objects numbered from 1
// (the first is the catalog), with an exact cross-reference table.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace grappe::testing {

inline std::string pdf_file(const std::vector<std::string>& objects, const std::string& trailer_entries = "") {
    std::string pdf = "%PDF-1.4\n";
    std::vector<size_t> offsets;
    for (size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(pdf.size());
        pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const size_t xref = pdf.size();
    pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (size_t offset : offsets) {
        char entry[32];
        std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", offset);
        pdf += entry;
    }
    pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R " + trailer_entries + " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return pdf;
}

// A stream object's text: its dictionary entries, the length, the bytes.
inline std::string pdf_stream(const std::string& dict, const std::string& bytes) {
    return "<< " + dict + " /Length " + std::to_string(bytes.size()) + " >>\nstream\n" + bytes + "\nendstream";
}

}  // namespace grappe::testing
